//! Undo history: the steps applied to a buffer, and the events the recovery journal hears of.

use crate::markup::Splice;

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

/// A step in the history: the change and where the cursor was around it.
#[derive(Debug, Clone)]
pub struct Step {
    pub change: Change,
    pub cursor_before: usize,
    pub cursor_after: usize,
    pub(super) id: u64,
}

/// Unlimited undo/redo within the session.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub(super) undo: Vec<Step>,
    pub(super) redo: Vec<Step>,
    pub(super) next_id: u64,
    /// Steps below this depth cannot be undone: they made the document the user starts from
    /// (the disagreement marks of `ptag review`), though they are recorded like any step so
    /// the recovery journal replays them.
    pub(super) floor: usize,
}

impl History {
    pub(super) fn new() -> History {
        History {
            next_id: 1,
            ..History::default()
        }
    }

    /// The id of the step the buffer is at (0: the state it was loaded in).
    pub(super) fn current_id(&self) -> u64 {
        self.undo.last().map_or(0, |t| t.id)
    }

    /// Pushes a new step (clearing redo); returns its id.
    pub(super) fn push(&mut self, change: Change, cursor_before: usize, cursor_after: usize) {
        let id = self.next_id;
        self.next_id += 1;
        self.undo.push(Step {
            change,
            cursor_before,
            cursor_after,
            id,
        });
        self.redo.clear();
    }

    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }
}
