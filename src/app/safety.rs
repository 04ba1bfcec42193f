//! Not losing work: the recovery journal and the locks (files changed behind our back: `disk`).

use super::{App, FileId, Mode, corpus};
use crate::doc::{Event, ReadOnly};
use crate::keymap::{Code, Key, Simple};
use crate::recovery::{self, Found, Header, Journal};

impl App {
    /// Writes what changed since the last key to each buffer's journal (creating it on the first
    /// unsaved change; removing it once the buffer is saved).
    pub fn sync_journals(&mut self) {
        for i in 0..self.files.len() {
            let events = std::mem::take(&mut self.files[i].buffer.pending);
            for ev in events {
                if matches!(ev, Event::Saved) {
                    if let Some(j) = self.files[i].journal.take() {
                        j.remove();
                    }
                    continue;
                }
                if self.files[i].journal.is_none() {
                    self.files[i].journal = self.start_journal(i);
                }
                self.notice_lost_lock(i);
                let Some(rec) = recovery::record_of(&self.files[i].buffer, &ev) else {
                    continue;
                };
                let failed = self.files[i].journal.as_mut().and_then(|j| {
                    j.write(&rec)
                        .err()
                        .map(|e| format!("recovery journal {}: {e}", j.path.display()))
                });
                if let Some(msg) = failed {
                    self.error(msg);
                }
            }
        }
    }

    fn start_journal(&mut self, i: usize) -> Option<Journal> {
        let buf = &self.files[i].buffer;
        let path = buf.path.as_ref()?;
        let jpath = recovery::journal_path(self.data_dir.as_deref()?, path)?;
        let header = Header {
            v: 1,
            file: path.display().to_string(),
            base_hash: buf.disk.map_or(crate::store::content_hash(b""), |d| d.hash),
            base_len: buf.disk.map_or(0, |d| d.len),
            started: recovery::now_secs(),
            pid: std::process::id(),
            user: recovery::user_name(),
        };
        // The journal at `jpath` is the lock holder's: one who lost the lock keeps its work
        // aside, never moving the new holder's live journal out of the way.
        let displaced = self.files[i]
            .lock
            .as_ref()
            .is_some_and(|l| l.still_ours().is_err());
        let created = if displaced {
            Journal::create_aside(&jpath, &header)
        } else {
            Journal::create(&jpath, &header)
        };
        match created {
            Ok(j) => Some(j),
            Err(e) => {
                self.error(format!(
                    "cannot keep a recovery journal at {}: {e} (save often)",
                    jpath.display()
                ));
                None
            }
        }
    }

    /// Has file `i`'s lock been taken from us (or its lock file removed, and another opener
    /// got it first)? Then the buffer turns read-only, and what was lost is returned.
    pub(super) fn lock_lost(&mut self, i: usize) -> Option<String> {
        let path = self.files[i].buffer.path.clone()?;
        let lost = self.files[i].lock.as_ref()?.still_ours().err()?;
        if matches!(lost, crate::lock::Lost::Gone(_))
            && let crate::lock::Outcome::Acquired(l) = crate::lock::acquire(&path)
        {
            self.files[i].lock = Some(l);
            return None;
        }
        let why = format!("{}: {}", path.display(), lost.describe());
        self.files[i].buffer.read_only = Some(ReadOnly::Locked(why.clone()));
        Some(why)
    }

    /// What someone whose lock was taken can still do with their work.
    pub(super) fn lost_lock_advice(&self) -> String {
        format!(
            "your changes are still here: {} saves them to another file (ptag merge can combine the two), {} takes the file back",
            self.command_hint("w OTHER_PATH"),
            self.command_hint("takeover")
        )
    }

    /// Tells at once, on the first edit after it, that file `i`'s lock was taken over.
    fn notice_lost_lock(&mut self, i: usize) {
        if matches!(self.files[i].buffer.read_only, Some(ReadOnly::Locked(_))) {
            return;
        }
        if let Some(why) = self.lock_lost(i) {
            let advice = self.lost_lock_advice();
            self.error(format!("read-only now — {why}; {advice}"));
        }
    }

    /// Tells the current file's journal which bytes a save is about to put in place (fsynced),
    /// so a journal that outlives a completed save is recognised as saved work.
    pub(super) fn journal_saving(&mut self, hash: u64) {
        let id = self.current;
        if let Some(j) = self.file_mut(id).journal.as_mut() {
            let rec = recovery::Record::Saving {
                t: recovery::now_secs(),
                hash,
            };
            let _ = j.write(&rec).and_then(|_| j.sync_now());
        }
    }

    /// Called about four times a second: journal records never wait more than a second for fsync.
    pub fn tick(&mut self) {
        for j in self.files.iter_mut().filter_map(|f| f.journal.as_mut()) {
            let _ = j.sync_if_due();
        }
    }

    /// Before exiting on a signal: make sure everything written is on disk.
    pub fn flush_journals(&mut self) {
        self.sync_journals();
        for j in self.files.iter_mut().filter_map(|f| f.journal.as_mut()) {
            let _ = j.sync_now();
        }
    }

    /// A normal exit: journals of buffers with nothing unsaved go; others stay to be restored.
    /// Where the annotator was is remembered for next time.
    pub fn finish(&mut self) {
        corpus::remember(self);
        for f in &mut self.files {
            if !f.buffer.is_modified()
                && let Some(j) = f.journal.take()
            {
                j.remove();
            }
        }
        self.flush_journals();
    }

    /// The user chose to throw unsaved work away: the journals go too.
    pub fn discard_journals(&mut self) {
        for f in &mut self.files {
            if let Some(j) = f.journal.take() {
                j.remove();
            }
        }
    }

    /// Shows the next pending "unsaved work found" question, if any.
    pub fn next_recovery(&mut self) {
        if let Some((id, found)) = self.recoveries.first() {
            let name = self.file(*id).buffer.name.clone();
            self.mode = Mode::Recover;
            self.info(format!(
                "(r)estore or (d)iscard? unsaved work found for {name}: {}",
                found.summary()
            ));
        } else if self.mode == Mode::Recover {
            self.mode = Mode::Normal;
        }
    }

    pub(super) fn recover_key(&mut self, key: &Key) {
        let Some((i, found)) = self.recoveries.first().cloned() else {
            self.mode = Mode::Normal;
            return;
        };
        match key.code {
            Code::Char('r') => {
                self.recoveries.remove(0);
                self.restore(i, &found);
            }
            Code::Char('d') => {
                self.recoveries.remove(0);
                let _ = std::fs::remove_file(&found.path);
                self.info("unsaved work discarded");
            }
            _ => {
                self.info("press r to restore the unsaved work or d to discard it");
                return;
            }
        }
        self.mode = Mode::Normal;
        self.next_recovery();
    }

    fn restore(&mut self, id: FileId, found: &Found) {
        let keep = self.current;
        self.current = id;
        match recovery::replay(&mut self.file_mut(id).buffer, found) {
            Ok(cursor) => {
                // The restored work moves to a fresh journal; the old one goes only once that
                // is written, so there is no moment when the work exists in memory alone.
                let old = recovery::keep_aside(&found.path).ok();
                self.sync_journals();
                if let Some(old) = old {
                    let _ = std::fs::remove_file(old);
                }
                let f = self.file_mut(id);
                f.view.cursor = cursor.min(f.buffer.doc.text.len_chars());
                let n = found.records.len();
                self.info(format!(
                    "restored {n} unsaved changes (not saved yet: {})",
                    self.key(Simple::Save)
                ));
            }
            Err(e) => {
                // Kept under a name of its own, so the next edit's journal cannot overwrite it.
                let kept = match recovery::keep_aside(&found.path) {
                    Ok(p) => format!("the journal is kept at {}", p.display()),
                    Err(err) => format!("the journal stays at {} ({err})", found.path.display()),
                };
                self.error(format!("could not restore: {e}; {kept}"));
            }
        }
        self.current = keep;
    }

    /// Locks buffer `b`'s file (or marks it read-only, naming the holder) and looks for a
    /// recovery journal left by an earlier session.
    pub fn attach_file(&mut self, id: FileId, path: &std::path::Path, take_over: bool) {
        use crate::lock::{Outcome, acquire};
        // Saves killed mid-way leave temp files beside the policy: their owners are gone.
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        crate::store::sweep_stale_saves(dir);
        let outcome = acquire(path);
        match outcome {
            Outcome::Acquired(l) => self.file_mut(id).lock = Some(l),
            Outcome::HeldBy(h) if take_over => match crate::lock::take_over(path) {
                Ok(l) => {
                    self.file_mut(id).lock = Some(l);
                    self.info(format!(
                        "took {} over from {}",
                        path.display(),
                        h.describe()
                    ));
                }
                Err(e) => self.error(format!("cannot take {} over: {e}", path.display())),
            },
            Outcome::Unreadable(why) if take_over => match crate::lock::take_over(path) {
                Ok(l) => {
                    self.file_mut(id).lock = Some(l);
                    self.info(format!("took {} over ({why})", path.display()));
                }
                Err(e) => self.error(format!("cannot take {} over: {e}", path.display())),
            },
            Outcome::HeldBy(_) | Outcome::Unreadable(_) => {
                let why = match outcome {
                    Outcome::HeldBy(h) => format!("{} is open by {}", path.display(), h.describe()),
                    Outcome::Unreadable(why) => format!(
                        "{} may be open elsewhere: {why}, so it is not cleared",
                        path.display()
                    ),
                    _ => unreachable!(),
                };
                self.info(format!(
                    "{why}: read-only ({} or --take-over to edit anyway)",
                    self.command_hint("takeover")
                ));
                self.file_mut(id).buffer.read_only = Some(ReadOnly::Locked(why));
            }
            Outcome::Unavailable(_) => {}
        }
        // Say at once what would otherwise surface only at the first save, after the work:
        // the buffer is read-only too, so no edit is made that could not be saved there.
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
            && self.file(id).buffer.read_only.is_none()
        {
            let why = format!("{} is read-only on disk", path.display());
            self.error(format!(
                "{why}: opened read-only — {} saves a copy you can edit",
                self.command_hint("w OTHER_PATH")
            ));
            self.file_mut(id).buffer.read_only = Some(ReadOnly::OnDisk(why));
        }
        // A journal is only ours to offer when we hold the file: while another instance has it
        // open, its journal is its live work (never offered, replayed or deleted from here).
        if matches!(self.file(id).buffer.read_only, Some(ReadOnly::Locked(_))) {
            return;
        }
        let Some(data_dir) = self.data_dir.clone() else {
            return;
        };
        match recovery::lookup(&data_dir, path) {
            recovery::Lookup::Offer(found) => {
                // Work undone back to what the file holds is nothing to offer: replay it on a
                // copy, and retire the journal if the result is the file as it is.
                let mut copy = self.file(id).buffer.clone();
                let same = recovery::replay(&mut copy, &found).is_ok()
                    && crate::markup::serialize_unchecked(&copy.doc)
                        == crate::markup::serialize_unchecked(&self.file(id).buffer.doc);
                if same {
                    let _ = std::fs::remove_file(&found.path);
                } else {
                    self.recoveries.push((id, found));
                }
            }
            recovery::Lookup::KeptAside { path: kept } => self.error(format!(
                "a recovery journal for {} is damaged and cannot be offered: kept at {}",
                path.display(),
                kept.display()
            )),
            recovery::Lookup::Nothing => {}
        }
    }

    /// `:takeover`: edit a file another annotator holds.
    pub fn take_over_lock(&mut self) {
        let Some(path) = self.buf().path.clone() else {
            return;
        };
        if let Some(ReadOnly::OnDisk(why)) = self.buf().read_only.clone() {
            self.error(format!(
                "{why}: no lock to take over — {} saves a copy you can edit",
                self.command_hint("w OTHER_PATH")
            ));
            return;
        }
        match crate::lock::take_over(&path) {
            Ok(lock) => {
                self.file_mut(self.current).lock = Some(lock);
                self.buf_mut().read_only = None;
                // Our journal (moved aside when the file was taken from us) goes back where
                // start-up looks: the journal there is the lock holder's.
                let reclaimed = self
                    .file_mut(self.current)
                    .journal
                    .as_mut()
                    .map_or(Ok(()), |j| j.reclaim());
                if let Err(e) = reclaimed {
                    self.error(format!("recovery journal: {e} (save often)"));
                    return;
                }
                self.info(format!(
                    "you now hold {}; the other annotator's saves will be refused",
                    path.display()
                ));
            }
            Err(e) => self.error(format!("cannot take the lock over: {e}")),
        }
    }
}
