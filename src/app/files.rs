//! Saving (atomic, checked by reading back, in the file's encoding), writing a copy, quitting.

use super::{App, Mode, Prompt, PromptKind};
use crate::doc::ReadOnly;
use std::path::PathBuf;

impl App {
    /// Saves the current buffer; asks for a name when it has none. True when saved.
    pub fn save(&mut self) -> bool {
        match self.buf().path.clone() {
            Some(p) => self.save_to(p),
            None => {
                self.mode = Mode::Prompt(Prompt::new(PromptKind::SaveAs, ""));
                false
            }
        }
    }

    /// Writes the current buffer to `path` (atomically) and makes it the buffer's file.
    pub fn save_to(&mut self, path: PathBuf) -> bool {
        if let Some(ro) = self.buf().read_only.clone()
            && self.buf().path.as_deref() == Some(path.as_path())
        {
            let msg = match ro {
                ReadOnly::Locked(why) => format!(
                    "not saved ({} to edit anyway, or {}) — read-only: {why}",
                    self.command_hint("takeover"),
                    self.command_hint("w OTHER_PATH")
                ),
                ReadOnly::OnDisk(why) => format!(
                    "not saved — {why}: {} saves a copy",
                    self.command_hint("w OTHER_PATH")
                ),
            };
            self.error(msg);
            return false;
        }
        // After a takeover the file is the new holder's to write.
        if self.buf().path.as_deref() == Some(path.as_path())
            && let Some(i) = self.index_of(self.current)
            && let Some(why) = self.lock_lost(i)
        {
            let advice = self.lost_lock_advice();
            self.error(format!("NOT saved — {why}; {advice}"));
            return false;
        }
        if !self.check_disk_before_save(&path) {
            return false;
        }
        let saving = self.buf().path.as_deref() == Some(path.as_path());
        let committed = match self.verified_write(&path) {
            None => return false,
            Some(Err(e)) => Err(e),
            Some(Ok(written)) => {
                if saving {
                    self.journal_saving(written.hash);
                }
                let (len, hash) = (written.len, written.hash);
                written.commit().map(|()| (len, hash))
            }
        };
        match committed {
            Ok((len, hash)) => {
                let name = path.display().to_string();
                let buf = self.buf_mut();
                buf.disk = Some(crate::store::DiskStamp::written(&path, len, hash));
                buf.path = Some(path);
                buf.name = name.clone();
                buf.mark_saved();
                // The copy was written, so it is writable: editing goes on there.
                if matches!(buf.read_only, Some(ReadOnly::OnDisk(_))) {
                    buf.read_only = None;
                }
                let left = self.conflicts_left();
                if left > 0 {
                    // Valid markup, but not finished: say so as loudly as a refusal.
                    self.error(format!(
                        "saved {name} with {} unresolved: they stay as conflict notes, which `ptag check` reports as errors ({} goes to the next)",
                        self.conflicts_named(left),
                        self.key(crate::keymap::Simple::ConflictNext)
                    ));
                } else {
                    self.info(format!("saved {name} ({len} bytes)"));
                }
                true
            }
            Err(e) => {
                self.failed_saves += 1;
                self.error(format!(
                    "NOT saved: {}: {e} — your changes are still here; try {}",
                    path.display(),
                    self.command_hint("w OTHER_PATH")
                ));
                false
            }
        }
    }

    /// The buffer written in the file's encoding to a temp file in place of `path` and checked
    /// by reading it back, in pieces (`Buffer::write_verified`), ready to be committed; the file
    /// is untouched until then. On refusal the reason is shown and `None` returned.
    fn verified_write(
        &mut self,
        path: &std::path::Path,
    ) -> Option<std::io::Result<crate::doc::Written>> {
        match self.buf().write_verified(path) {
            Ok(w) => Some(Ok(w)),
            Err(crate::doc::SaveError::Io(e)) => Some(Err(e)),
            Err(crate::doc::SaveError::Refused(e)) => {
                self.error(e.to_string());
                None
            }
        }
    }

    /// `:w PATH`: writes a copy; the buffer stays on its own file (and stays modified).
    pub fn write_copy(&mut self, path: PathBuf) -> bool {
        if self.buf().path.as_deref() == Some(path.as_path()) {
            return self.save();
        }
        let committed = match self.verified_write(&path) {
            None => return false,
            Some(written) => written.and_then(|w| {
                let len = w.len;
                w.commit().map(|()| len)
            }),
        };
        match committed {
            Ok(len) => {
                self.info(format!("wrote a copy to {} ({len} bytes)", path.display()));
                true
            }
            Err(e) => {
                self.failed_saves += 1;
                self.error(format!("NOT written: {}: {e}", path.display()));
                false
            }
        }
    }

    /// Saves every modified buffer; true when all are saved.
    pub fn save_all(&mut self) -> bool {
        let keep = self.current;
        let modified: Vec<_> = self
            .files
            .iter()
            .filter(|f| f.buffer.is_modified())
            .map(|f| f.id)
            .collect();
        for id in modified {
            self.current = id;
            if !self.save() {
                return false;
            }
        }
        self.current = keep;
        true
    }

    /// Quits, or asks first when anything is unsaved.
    pub fn quit_request(&mut self, _from_key: bool) {
        let unsaved: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.buffer.is_modified())
            .map(|f| f.buffer.name.clone())
            .collect();
        if unsaved.is_empty() {
            self.should_quit = true;
        } else {
            self.mode = Mode::ConfirmQuit;
            self.info(format!(
                "save before quitting? (y)es (n)o, any other key cancels — unsaved changes in {}",
                unsaved.join(", ")
            ));
        }
    }
}
