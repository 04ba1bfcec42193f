//! The file changed on disk behind our back: refuse to overwrite it, then reload theirs, save
//! ours elsewhere, or merge the two annotations three-way (conflicts become conflict notes).

use super::{App, Mode, Prompt, PromptKind};
use crate::doc::{Baseline, OnRefusal, edits_toward};
use crate::keymap::{Code, Key, Simple};
use crate::markup::{parse, serialize_unchecked};
use crate::merge::{MergeError, merge};
use crate::store::DiskStamp;

impl App {
    /// Is the current buffer's file still what we loaded? If not, asks what to do and says false.
    pub(super) fn check_disk_before_save(&mut self, path: &std::path::Path) -> bool {
        let buf = self.buf();
        if buf.path.as_deref() != Some(path) {
            return true;
        }
        let Some(stamp) = buf.disk else {
            // New file: only refuse if someone created it meanwhile.
            if path.exists() {
                self.mode = Mode::ChangedOnDisk;
                self.error(format!(
                    "(r)eload theirs, (s)ave as…, (m)erge, Esc cancels — {} was created on disk by someone else",
                    path.display()
                ));
                return false;
            }
            return true;
        };
        match stamp.still_matches(path) {
            Ok(true) => true,
            Ok(false) | Err(_) => {
                self.mode = Mode::ChangedOnDisk;
                self.error(format!(
                    "(r)eload theirs (losing yours), (s)ave as…, (m)erge, Esc cancels — {} changed on disk since you opened it, not overwritten",
                    path.display()
                ));
                false
            }
        }
    }

    pub(super) fn changed_on_disk_key(&mut self, key: &Key) {
        self.mode = Mode::Normal;
        match key.code {
            Code::Char('r') => self.reload_from_disk(),
            Code::Char('s') => self.mode = Mode::Prompt(Prompt::new(PromptKind::SaveAs, "")),
            Code::Char('m') => self.merge_from_disk(),
            _ => self.info("not saved; your changes are still here"),
        }
    }

    fn read_disk(&mut self) -> Option<(String, DiskStamp)> {
        let path = self.buf().path.clone()?;
        let bytes = match crate::store::read_regular(&path) {
            Ok(b) => b,
            Err(e) => {
                self.error(format!("cannot read {}: {e}", path.display()));
                return None;
            }
        };
        let stamp = DiskStamp::of(&path, &bytes);
        match crate::store::decode_as(&path, bytes, self.buf().encoding) {
            Ok(t) => Some((t, stamp)),
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    /// Takes the disk version, as one undoable step.
    fn reload_from_disk(&mut self) {
        let Some((theirs, stamp)) = self.read_disk() else {
            return;
        };
        let cur = self.view().cursor;
        let buf = self.buf_mut();
        buf.rewrite(theirs, cur, cur);
        buf.disk = Some(stamp);
        buf.mark_saved();
        let len = self.buf().doc.text.len_chars();
        self.view_mut().cursor = cur.min(len);
        self.info("reloaded from disk (u brings your version back)");
    }

    /// The three-way merge of `crate::merge` with the version last loaded or saved as the base:
    /// a change only one side made is taken (their deletion stays deleted), conflicts stay in
    /// the buffer as conflict notes to resolve one by one. One undo step.
    fn merge_from_disk(&mut self) {
        let Some((theirs_src, stamp)) = self.read_disk() else {
            return;
        };
        let buf = self.buf();
        if !buf.base.fits(buf.text_revision) {
            self.error("the policy text was changed here since it was loaded (a text fix): there is no base to merge from — (r)eload theirs or (s)ave as");
            self.mode = Mode::ChangedOnDisk;
            return;
        }
        let base = buf.base.markup(&buf.doc);
        let ours = serialize_unchecked(&buf.doc);
        let mut out = String::new();
        let report = match merge(&base, &ours, &theirs_src, &self.scheme, &mut out) {
            Ok(r) => r,
            Err(e) => {
                let why = match e {
                    MergeError::TextDiffers { at, .. } => format!(
                        "the policy text itself differs on disk (line {}:{} here, {}:{} on disk): tags cannot be merged",
                        at.a.0, at.a.1, at.b.0, at.b.1
                    ),
                    other => other.to_string(),
                };
                self.error(format!("{why} — (r)eload or (s)ave as"));
                self.mode = Mode::ChangedOnDisk;
                return;
            }
        };
        drop((base, ours));
        let merged = parse(&out, &self.scheme);
        drop(out);
        let edits = edits_toward(&self.buf().doc, &merged);
        drop(merged);
        let cur = self.view().cursor;
        if let Err(e) = self.buf_mut().apply(&edits, OnRefusal::RollBack, cur, cur) {
            self.error(format!(
                "the merge could not be applied ({e}); nothing changed"
            ));
            return;
        }
        let theirs = parse(&theirs_src, &self.scheme);
        let buf = self.buf_mut();
        buf.disk = Some(stamp);
        // What is on disk now is theirs: the base of the next merge, and no state of this
        // buffer (undo included) is what is saved until the next save.
        buf.base = Baseline::of(&theirs, buf.text_revision);
        buf.mark_diverged();
        let summary = format!(
            "merged: {} changes taken from disk, {} kept from yours, {} alike",
            report.from_theirs, report.from_ours, report.from_both
        );
        if report.conflicts.is_empty() {
            let save = self.key(Simple::Save);
            self.info(format!("{summary}; {save} saves the merge"));
        } else {
            let at = report.conflicts[0].line;
            let line_start = self.buf().doc.text.line_to_char(at - 1);
            self.view_mut().cursor = line_start;
            self.goto_conflict_from(true, true);
            let hint = self.conflict_hint();
            self.error(format!(
                "{summary}; {} left as conflict notes — {hint}",
                self.conflicts_named(report.conflicts.len())
            ));
        }
    }
}
