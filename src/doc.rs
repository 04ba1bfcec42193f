//! An open policy: the parsed document, where it came from, and its undo history.

use crate::markup::{Document, SerializeError, Splice, parse, serialize};
use crate::scheme::Scheme;
use crate::store::{DiskStamp, TextEncoding};
use std::path::PathBuf;

/// A change to the buffer as the recovery journal must hear of it.
#[derive(Debug, Clone)]
pub enum Event {
    Do {
        change: Change,
        cursor_before: usize,
        cursor_after: usize,
    },
    Undo,
    Redo,
    Saved,
}

/// One undoable step.
#[derive(Debug, Clone)]
pub enum Change {
    /// Tag edits: splices of the outline, applied in order.
    Splices(Vec<Splice>),
    /// A text fix from a diagnostic: the whole markup before and after (rare, so kept whole).
    Rewrite { before: String, after: String },
}

#[derive(Debug, Clone)]
pub struct Transaction {
    pub change: Change,
    pub cursor_before: usize,
    pub cursor_after: usize,
    id: u64,
}

/// Unlimited undo/redo within the session.
#[derive(Debug, Default, Clone)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
    next_id: u64,
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
    /// Why the buffer may not be changed (another annotator holds the file), if so.
    pub read_only: Option<String>,
    pub encoding: TextEncoding,
}

impl Buffer {
    pub fn new(doc: Document, path: Option<PathBuf>, name: String) -> Buffer {
        Buffer {
            doc,
            path,
            name,
            history: History {
                next_id: 1,
                ..History::default()
            },
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

    fn current_id(&self) -> u64 {
        self.history.undo.last().map_or(0, |t| t.id)
    }

    /// Unsaved changes? (Undoing back to the saved state counts as unmodified.)
    pub fn is_modified(&self) -> bool {
        self.current_id() != self.saved_id
    }

    pub fn mark_saved(&mut self) {
        self.saved_id = self.current_id();
        self.pending.push(Event::Saved);
    }

    /// Records a change that has already been applied to `doc`.
    pub fn record(&mut self, change: Change, cursor_before: usize, cursor_after: usize) {
        let id = self.history.next_id;
        self.history.next_id += 1;
        self.pending.push(Event::Do {
            change: change.clone(),
            cursor_before,
            cursor_after,
        });
        self.history.undo.push(Transaction {
            change,
            cursor_before,
            cursor_after,
            id,
        });
        self.history.redo.clear();
        self.revision += 1;
        if matches!(
            self.history.undo.last().map(|t| &t.change),
            Some(Change::Rewrite { .. })
        ) {
            self.text_revision += 1;
        }
    }

    /// Undoes the last change; returns where the cursor should go.
    pub fn undo(&mut self) -> Option<usize> {
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
        self.history.undo.len()
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
        let sp = b.doc.tag(2, 5, 9).unwrap();
        b.record(Change::Splices(vec![sp]), 5, 5);
        let sp = b.doc.tag(0, 0, 2).unwrap();
        b.record(Change::Splices(vec![sp]), 0, 0);
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
        let before = serialize_unchecked(&b.doc);
        let after = "(我们)会".to_string();
        b.doc = parse(&after, &s);
        b.record(Change::Rewrite { before, after }, 0, 0);
        assert_eq!(b.doc.span_count(), 1);
        b.undo();
        assert_eq!(serialize_unchecked(&b.doc), "（我们)会");
    }
}
