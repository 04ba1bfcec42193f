//! The file changed on disk behind our back: refuse to overwrite it, then reload theirs, save
//! ours elsewhere, or merge the two annotations (settling conflicts one by one).

use super::{App, Mode, Prompt, PromptKind};
use crate::doc::{Edit, OnRefusal};
use crate::keymap::{Code, Key, Simple};
use crate::markup::parse;
use crate::scheme::RoleId;
use crate::store::DiskStamp;
use std::ops::Range;

/// Two annotators tagged the same text differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub range: Range<usize>,
    pub ours: RoleId,
    pub theirs: RoleId,
}

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

    /// Keeps both sides' tags when the text is the same; same text tagged differently is a
    /// conflict the user settles one by one.
    fn merge_from_disk(&mut self) {
        let Some((theirs_src, stamp)) = self.read_disk() else {
            return;
        };
        let theirs = parse(&theirs_src, &self.scheme);
        if theirs.text != self.buf().doc.text {
            self.error("the policy text itself differs on disk: tags cannot be merged — (r)eload or save as");
            self.mode = Mode::ChangedOnDisk;
            return;
        }
        let mut edits: Vec<Edit> = Vec::new();
        let mut conflicts = Vec::new();
        let their_spans: Vec<_> = theirs.spans().collect();
        for t in &their_spans {
            let doc = &self.buf().doc;
            if doc.find_span(t).is_some() {
                continue;
            }
            let same_range = doc
                .covering(t.start)
                .into_iter()
                .find(|&i| doc.items()[i].range() == (t.start..t.end));
            if let Some(i) = same_range {
                let ours = doc.items()[i].role().expect("a tag");
                if !their_spans
                    .iter()
                    .any(|x| x.start == t.start && x.end == t.end && x.role == ours)
                {
                    conflicts.push(Conflict {
                        range: t.start..t.end,
                        ours,
                        theirs: t.role,
                    });
                    continue;
                }
            }
            edits.push(Edit::Tag {
                role: t.role,
                start: t.start,
                end: t.end,
            });
        }
        let our_notes: Vec<(usize, String)> = self
            .buf()
            .doc
            .notes()
            .map(|n| (n.pos, n.text.to_string()))
            .collect();
        let tags = edits.len();
        for n in theirs.notes() {
            if !our_notes.iter().any(|(p, t)| *p == n.pos && t == n.text) {
                edits.push(Edit::AddNote {
                    pos: n.pos,
                    text: n.text.to_string(),
                });
            }
        }
        let cur = self.view().cursor;
        // Their tags that cross ours are left out; a note that cannot be placed is left out too.
        let (added, skipped) = self
            .buf_mut()
            .apply(&edits, OnRefusal::Skip, cur, cur)
            .unwrap_or((0, edits.len()));
        let refused = skipped.min(tags);
        let buf = self.buf_mut();
        buf.disk = Some(stamp);
        // The file on disk is now theirs: no state of this buffer, undo included, is what is
        // saved until the next save.
        buf.mark_diverged();
        let summary = format!(
            "merged: {added} tags/notes taken from disk, {} conflicts, {refused} crossing tags skipped",
            conflicts.len()
        );
        if conflicts.is_empty() {
            let save = self.key(Simple::Save);
            self.info(format!("{summary}; {save} saves the merge"));
        } else {
            self.mode = Mode::Conflicts {
                list: conflicts,
                at: 0,
            };
            self.show_conflict(&summary);
        }
    }

    fn show_conflict(&mut self, prefix: &str) {
        let Mode::Conflicts { list, at } = self.mode.clone() else {
            return;
        };
        let Some(c) = list.get(at) else {
            self.mode = Mode::Normal;
            let save = self.key(Simple::Save);
            self.info(format!("all conflicts settled; {save} saves the merge"));
            return;
        };
        self.view_mut().cursor = c.range.start;
        let text = self.buf().doc.text.slice(c.range.clone()).to_string();
        let (o, t) = (
            self.scheme.role(c.ours).name.clone(),
            self.scheme.role(c.theirs).name.clone(),
        );
        self.info(format!(
            "keep (o)urs or take (t)heirs? conflict {}/{}: “{text}” is {o} here, {t} on disk{}{prefix}",
            at + 1,
            list.len(),
            if prefix.is_empty() { "" } else { " — " },
        ));
    }

    pub(super) fn conflict_key(&mut self, key: &Key) {
        let Mode::Conflicts { list, at } = self.mode.clone() else {
            return;
        };
        let c = &list[at];
        match key.code {
            Code::Char('o') => {}
            Code::Char('t') => {
                let doc = &self.buf().doc;
                let span = crate::markup::Span {
                    role: c.ours,
                    start: c.range.start,
                    end: c.range.end,
                };
                if let Some(item) = doc.find_span(&span) {
                    let (at, role) = (c.range.start, c.theirs);
                    let edit = Edit::Retag { item, role };
                    if let Err(e) = self.buf_mut().apply(&[edit], OnRefusal::RollBack, at, at) {
                        self.error(e.to_string());
                    }
                }
            }
            Code::Esc => {
                self.mode = Mode::Normal;
                self.info("remaining conflicts keep your version");
                return;
            }
            _ => {
                self.show_conflict("");
                return;
            }
        }
        self.mode = Mode::Conflicts { list, at: at + 1 };
        self.show_conflict("");
    }
}
