//! An open policy: the parsed document, where it came from, and its undo history.
//!
//! `Buffer` holds a document, its path, encoding, undo `History` and `base` (`baseline`: the
//! outline as loaded or saved, packed at ~5 bytes a tag; the base of a merge with the file on disk;
//! `edits_toward` turns one annotation into another as edits). `Buffer::open(path, &scheme,
//! &LoadOptions)`; `Buffer::open_lazily` + `Loading` (`loading`): a big file's first piece is parsed
//! before the first frame, the rest on every core behind it at lower priority, each `Piece` with
//! what its tags teach, joined in order a millisecond at a time between keys.
//! `Buffer::apply(&[Edit], OnRefusal, …)` is the one way annotations change (one undo step, rolled
//! back on refusal); `rewrite` is for text fixes and reloads; `replay` for journal steps (validated:
//! untrusted input).

mod baseline;
pub mod find;
mod history;
mod loading;
#[cfg(test)]
mod loading_tests;
mod open;
#[cfg(test)]
mod open_tests;
mod save;
#[cfg(test)]
mod save_tests;

pub use baseline::{Baseline, edits_toward};
pub use history::{Change, Event, History, Step};
pub use loading::{Loading, Piece};
pub use open::{LoadOptions, OpenError};
pub use save::{SaveError, Written};

use crate::markup::{
    Document, EditError, SerializeError, Splice, SpliceRecord, line_reads_back, parse, serialize,
};
use crate::scheme::{RoleId, Scheme};
use crate::store::{DiskStamp, TextEncoding};
use std::path::PathBuf;

/// One change to a document's annotations, the unit `Buffer::apply` takes. Item indices refer to
/// the document as it is when the edit is applied (after the edits before it in the same group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Tag {
        role: RoleId,
        start: usize,
        end: usize,
    },
    Retag {
        item: usize,
        role: RoleId,
    },
    Untag {
        item: usize,
    },
    AddNote {
        pos: usize,
        text: String,
    },
    /// Changes a note's text; an empty text removes it.
    SetNote {
        item: usize,
        text: String,
    },
}

impl Edit {
    fn apply_to(&self, doc: &mut Document) -> Result<Splice, EditError> {
        match self {
            Edit::Tag { role, start, end } => doc.tag(*role, *start, *end),
            Edit::Retag { item, role } => doc.retag(*item, *role),
            Edit::Untag { item } => doc.untag(*item),
            Edit::AddNote { pos, text } => doc.add_note(*pos, text),
            Edit::SetNote { item, text } => doc.set_note(*item, text),
        }
    }
}

/// A step as the recovery journal stores it.
#[derive(Debug, Clone)]
pub enum Replayed {
    Splices(Vec<SpliceRecord>),
    Rewrite { before: String, after: String },
}

/// What to do when one edit of a group is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRefusal {
    /// Undo the group's earlier edits and report the refusal: all or nothing.
    RollBack,
    /// Leave the refused edit out and go on (tag every match: some may cross a tag).
    Skip,
}

/// A document open in the editor.
#[derive(Debug, Clone)]
pub struct Buffer {
    pub doc: Document,
    /// Where saves go; `None` for the bundled sample until the user names a file.
    pub path: Option<PathBuf>,
    /// What to call it on screen.
    pub name: String,
    pub history: History,
    /// Bumped on every change; layout caches key on it.
    pub revision: u64,
    /// Bumped only when the text itself changes (fixes, reloads, their undo and redo).
    pub text_revision: u64,
    saved_id: u64,
    /// Changes not yet written to the recovery journal (the app drains these after each key).
    pub pending: Vec<Event>,
    /// The file on disk as we last read or wrote it.
    pub disk: Option<DiskStamp>,
    /// Why the buffer may not be changed, if so.
    pub read_only: Option<ReadOnly>,
    pub encoding: TextEncoding,
    /// The annotations as last loaded or saved: the base of a merge with a changed file.
    pub base: Baseline,
}

/// Why a buffer may not be changed: each has its own way out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another annotator holds the file (their lock, described): `:takeover` edits anyway.
    Locked(String),
    /// The file's permissions forbid writing it: a copy saved elsewhere can be edited.
    OnDisk(String),
}

impl ReadOnly {
    /// What the status line and messages say about it.
    pub fn why(&self) -> &str {
        match self {
            ReadOnly::Locked(why) | ReadOnly::OnDisk(why) => why,
        }
    }
}

impl Buffer {
    pub fn new(doc: Document, path: Option<PathBuf>, name: String) -> Buffer {
        let base = Baseline::of(&doc, 0);
        Buffer {
            base,
            doc,
            path,
            name,
            history: History::new(),
            revision: 0,
            text_revision: 0,
            saved_id: 0,
            pending: Vec::new(),
            disk: None,
            read_only: None,
            encoding: TextEncoding::Utf8,
        }
    }

    pub fn from_markup(src: &str, scheme: &Scheme, path: Option<PathBuf>, name: String) -> Buffer {
        Buffer::new(parse(src, scheme), path, name)
    }

    /// Unsaved changes? (Undoing back to the saved state counts as unmodified.)
    pub fn is_modified(&self) -> bool {
        self.history.current_id() != self.saved_id
    }

    /// The file on disk no longer matches any state in the history (a merge took the other
    /// side's file as the base): every state counts as modified until the next save.
    pub fn mark_diverged(&mut self) {
        self.saved_id = u64::MAX;
    }

    pub fn mark_saved(&mut self) {
        self.saved_id = self.history.current_id();
        self.base = Baseline::of(&self.doc, self.text_revision);
        self.pending.push(Event::Saved);
    }

    /// The one way annotations change: applies `edits` in order as one undo step, the lines
    /// they touch re-diagnosed. A refused edit rolls the group back (`OnRefusal::RollBack`,
    /// returning the refusal) or is left out (`OnRefusal::Skip`). Returns how many edits were
    /// applied and how many refused; nothing is recorded when none applied.
    pub fn apply(
        &mut self,
        edits: &[Edit],
        on_refusal: OnRefusal,
        cursor_before: usize,
        cursor_after: usize,
    ) -> Result<(usize, usize), EditError> {
        let mut splices = Vec::with_capacity(edits.len());
        let mut refused = 0;
        for edit in edits {
            match edit.apply_to(&mut self.doc) {
                Ok(s) => splices.push(s),
                Err(e) if on_refusal == OnRefusal::RollBack => {
                    splices.iter().rev().for_each(|s| s.revert(&mut self.doc));
                    return Err(e);
                }
                Err(_) => refused += 1,
            }
        }
        let applied = splices.len();
        if applied > 0 {
            self.record(Change::Splices(splices), cursor_before, cursor_after);
        }
        Ok((applied, refused))
    }

    /// Replaces the whole document with `markup` (a text fix, a reload) as one undo step.
    pub fn rewrite(&mut self, markup: String, cursor_before: usize, cursor_after: usize) {
        let before = crate::markup::serialize_unchecked(&self.doc);
        let new = parse(&markup, &self.doc.scheme);
        self.doc.replace_with(new);
        self.record(
            Change::Rewrite {
                before,
                after: markup,
            },
            cursor_before,
            cursor_after,
        );
    }

    /// Re-applies a step read back from the recovery journal as one undo step: outline splice
    /// records (checked against this document; on refusal the step is rolled back) or a rewrite.
    pub fn replay(
        &mut self,
        step: Replayed,
        cursor_before: usize,
        cursor_after: usize,
    ) -> Result<(), EditError> {
        let change = match step {
            Replayed::Splices(records) => {
                let mut applied: Vec<Splice> = Vec::with_capacity(records.len());
                for r in &records {
                    let step = Splice::from_record(r, &mut self.doc).and_then(|s| {
                        s.apply(&mut self.doc);
                        // Every line it touched must read back as it now stands, like any edit.
                        let lines = s.removed.iter().chain(&s.inserted).map(|it| {
                            let pos = (it.start as usize).min(self.doc.text.len_chars());
                            self.doc.text.char_to_line(pos)
                        });
                        let lines: std::collections::BTreeSet<usize> = lines.collect();
                        if lines.into_iter().all(|l| line_reads_back(&self.doc, l)) {
                            Ok(s)
                        } else {
                            s.revert(&mut self.doc);
                            Err(EditError::WouldNotReadBack)
                        }
                    });
                    match step {
                        Ok(s) => applied.push(s),
                        Err(e) => {
                            applied.iter().rev().for_each(|s| s.revert(&mut self.doc));
                            return Err(e);
                        }
                    }
                }
                Change::Splices(applied)
            }
            Replayed::Rewrite { before, after } => {
                let new = parse(&after, &self.doc.scheme);
                // A rewrite may move markup, never the policy text (fixes only retype brackets).
                if new.text != self.doc.text {
                    return Err(EditError::TextWouldChange);
                }
                self.doc.replace_with(new);
                Change::Rewrite { before, after }
            }
        };
        self.record(change, cursor_before, cursor_after);
        Ok(())
    }

    /// Records a change that has just been applied to `doc`.
    fn record(&mut self, change: Change, cursor_before: usize, cursor_after: usize) {
        if matches!(change, Change::Rewrite { .. }) {
            self.text_revision += 1;
        }
        self.pending.push(Event::Do {
            change: change.clone(),
            cursor_before,
            cursor_after,
        });
        self.history.push(change, cursor_before, cursor_after);
        self.revision += 1;
    }

    /// Makes every step so far the starting point: undo stops here (redo is unaffected).
    pub fn seal_history(&mut self) {
        self.history.floor = self.history.undo.len();
    }

    /// Undoes the last change; returns where the cursor should go. `None` when there is
    /// nothing to undo, or only steps below the floor (`seal_history`).
    pub fn undo(&mut self) -> Option<usize> {
        if self.history.undo.len() <= self.history.floor {
            return None;
        }
        let t = self.history.undo.pop()?;
        match &t.change {
            Change::Splices(s) => s.iter().rev().for_each(|s| s.revert(&mut self.doc)),
            Change::Rewrite { before, .. } => {
                let new = parse(before, &self.doc.scheme);
                self.doc.replace_with(new);
                self.text_revision += 1;
            }
        }
        let cursor = t.cursor_before;
        self.history.redo.push(t);
        self.pending.push(Event::Undo);
        self.revision += 1;
        Some(cursor)
    }

    pub fn redo(&mut self) -> Option<usize> {
        let t = self.history.redo.pop()?;
        match &t.change {
            Change::Splices(s) => s.iter().for_each(|s| s.apply(&mut self.doc)),
            Change::Rewrite { after, .. } => {
                let new = parse(after, &self.doc.scheme);
                self.doc.replace_with(new);
                self.text_revision += 1;
            }
        }
        let cursor = t.cursor_after;
        self.history.undo.push(t);
        self.pending.push(Event::Redo);
        self.revision += 1;
        Some(cursor)
    }

    pub fn undo_depth(&self) -> usize {
        self.history.undo_depth()
    }

    /// The markup to save (checked by reading it back).
    pub fn markup(&self) -> Result<String, SerializeError> {
        serialize(&self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::serialize_unchecked;

    #[test]
    fn undo_redo_and_modified_flag() {
        let s = Scheme::default();
        let mut b = Buffer::from_markup("我们会收集手机号码", &s, None, "t".into());
        assert!(!b.is_modified());
        let tag = |role, start, end| Edit::Tag { role, start, end };
        b.apply(&[tag(2, 5, 9)], OnRefusal::RollBack, 5, 5).unwrap();
        b.apply(&[tag(0, 0, 2)], OnRefusal::RollBack, 0, 0).unwrap();
        assert!(b.is_modified());
        assert_eq!(serialize_unchecked(&b.doc), "(我们)会收集<手机号码>");
        b.mark_saved();
        assert!(!b.is_modified());
        assert_eq!(b.undo(), Some(0));
        assert!(b.is_modified());
        assert_eq!(b.undo(), Some(5));
        assert_eq!(serialize_unchecked(&b.doc), "我们会收集手机号码");
        assert_eq!(b.undo(), None);
        assert_eq!(b.redo(), Some(5));
        assert_eq!(b.redo(), Some(0));
        assert!(!b.is_modified(), "redo back to the saved state");
        assert_eq!(serialize_unchecked(&b.doc), "(我们)会收集<手机号码>");
    }

    #[test]
    fn rewrite_changes_undo_too() {
        let s = Scheme::default();
        let mut b = Buffer::from_markup("（我们)会", &s, None, "t".into());
        b.rewrite("(我们)会".to_string(), 0, 0);
        assert_eq!(b.doc.span_count(), 1);
        b.undo();
        assert_eq!(serialize_unchecked(&b.doc), "（我们)会");
    }

    #[test]
    fn a_refused_edit_rolls_the_group_back_or_is_skipped() {
        let s = Scheme::default();
        let mut b = Buffer::from_markup("(我们)会收集手机号码", &s, None, "t".into());
        // The second edit crosses the actor tag: the whole group is refused, nothing recorded.
        let group = [
            Edit::Tag {
                role: 2,
                start: 5,
                end: 9,
            },
            Edit::Tag {
                role: 1,
                start: 1,
                end: 4,
            },
        ];
        assert!(b.apply(&group, OnRefusal::RollBack, 0, 0).is_err());
        assert_eq!(serialize_unchecked(&b.doc), "(我们)会收集手机号码");
        assert!(!b.is_modified());
        assert_eq!(b.apply(&group, OnRefusal::Skip, 0, 0), Ok((1, 1)));
        assert_eq!(serialize_unchecked(&b.doc), "(我们)会收集<手机号码>");
        assert_eq!(b.undo_depth(), 1);
        b.undo();
        assert_eq!(serialize_unchecked(&b.doc), "(我们)会收集手机号码");
    }

    #[test]
    fn an_edit_re_diagnoses_its_line() {
        let s = Scheme::default();
        let mut b = Buffer::from_markup("一行\n收集手机号码）。\n", &s, None, "t".into());
        assert!(b.doc.diagnostics.is_empty());
        // A purpose tag ending in a stray bracket is a warning on line 2.
        let tag = Edit::Tag {
            role: 3,
            start: 5,
            end: 10,
        };
        b.apply(&[tag], OnRefusal::RollBack, 0, 0).unwrap();
        assert_eq!(b.doc.diagnostics.len(), 1, "{:?}", b.doc.diagnostics);
        assert_eq!(b.doc.diagnostics[0].line, 2);
        b.undo();
        assert!(b.doc.diagnostics.is_empty());
    }

    #[test]
    fn hostile_journal_steps_are_refused_and_change_nothing() {
        use crate::markup::{ItemRecord, SpliceRecord};
        let s = Scheme::default();
        let src = "我们会收集手机号码\n第二行";
        let mut b = Buffer::from_markup(src, &s, None, "t".into());
        let tag = |role, start, end| ItemRecord {
            start,
            end,
            depth: 0,
            role: Some(role),
            note: None,
        };
        let splice = |at, inserted| {
            Replayed::Splices(vec![SpliceRecord {
                at,
                removed: vec![],
                inserted,
            }])
        };
        let hostile = [
            ("a role the scheme lacks", splice(0, vec![tag(99, 0, 2)])),
            ("an offset that overflows", {
                let mut r = SpliceRecord {
                    at: usize::MAX,
                    removed: vec![],
                    inserted: vec![],
                };
                r.removed.push(tag(0, 0, 2));
                Replayed::Splices(vec![r])
            }),
            ("past the end of the text", splice(0, vec![tag(0, 5, 500)])),
            ("end before start", splice(0, vec![tag(0, 4, 2)])),
            ("across a line break", splice(0, vec![tag(0, 5, 12)])),
            (
                "a rewrite that replaces the text",
                Replayed::Rewrite {
                    before: src.into(),
                    after: "x".into(),
                },
            ),
        ];
        for (what, step) in hostile {
            assert!(b.replay(step, 0, 0).is_err(), "{what} was accepted");
            assert_eq!(
                serialize_unchecked(&b.doc),
                src,
                "{what} changed the document"
            );
            assert!(!b.is_modified(), "{what} was recorded");
        }
        // A rewrite that only moves markup is fine.
        let fine = Replayed::Rewrite {
            before: src.into(),
            after: "(我们)会收集手机号码\n第二行".into(),
        };
        assert!(b.replay(fine, 0, 0).is_ok());
    }
}
