//! What each tagging taught the lexicon, by undo step, so that undo unteaches it and redo
//! teaches it again: a suggestion must never come from a tag the annotator took back.

use super::{App, FileId};
use crate::scheme::RoleId;

/// One text the lexicon learned from one undo step of one file.
#[derive(Debug, Clone)]
struct Lesson {
    file: FileId,
    /// The file's undo depth right after the step that taught it.
    depth: usize,
    text: String,
    role: RoleId,
}

/// Lessons of steps still done (`done`) and of steps undone, waiting for a redo (`undone`).
#[derive(Debug, Default)]
pub struct Taught {
    done: Vec<Lesson>,
    undone: Vec<Lesson>,
}

impl App {
    /// Records that the step just committed on the current file taught `text` as `role`. A new
    /// step ends that file's redo history, and with it the lessons waiting for a redo.
    pub(super) fn record_lesson(&mut self, text: &str, role: RoleId) {
        let file = self.current;
        let depth = self.buf().undo_depth();
        self.taught.undone.retain(|l| l.file != file);
        self.taught.done.push(Lesson {
            file,
            depth,
            text: text.to_string(),
            role,
        });
    }

    /// After an undo that took the current file from `depth_before`: forgets what that step
    /// taught.
    pub(super) fn unteach_undone(&mut self, depth_before: usize) {
        let file = self.current;
        let (gone, kept): (Vec<Lesson>, Vec<Lesson>) = std::mem::take(&mut self.taught.done)
            .into_iter()
            .partition(|l| l.file == file && l.depth == depth_before);
        self.taught.done = kept;
        for l in gone {
            self.lexicon_mut().forget(&l.text, l.role, 1);
            self.taught.undone.push(l);
        }
    }

    /// After a redo that took the current file to `depth_after`: teaches again what that step
    /// taught.
    pub(super) fn reteach_redone(&mut self, depth_after: usize) {
        let file = self.current;
        let (back, kept): (Vec<Lesson>, Vec<Lesson>) = std::mem::take(&mut self.taught.undone)
            .into_iter()
            .partition(|l| l.file == file && l.depth == depth_after);
        self.taught.undone = kept;
        for l in back {
            if self.lexicon_mut().add(&l.text, l.role, 1) {
                self.lexicon_version += 1;
            }
            self.taught.done.push(l);
        }
    }

    /// Drops the lessons of the current file's steps above `depth`, for a caller that undoes
    /// steps and restores the lexicon itself (the keystroke search trying key sequences).
    pub fn drop_lessons_above(&mut self, depth: usize) {
        let file = self.current;
        self.taught
            .done
            .retain(|l| l.file != file || l.depth <= depth);
    }
}
