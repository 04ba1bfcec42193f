//! One open file: its buffer, where the user is in it, its recovery journal and its lock, kept
//! together and addressed by an id (helix's `DocumentId`), so nothing has to be pushed in step.

use super::View;
use crate::doc::Buffer;
use crate::lock::Lock;
use crate::recovery::Journal;

/// Names an open file for as long as the editor runs (ids are never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub usize);

/// Everything the editor keeps about one open file.
pub struct OpenFile {
    pub id: FileId,
    pub buffer: Buffer,
    pub view: View,
    /// The recovery journal, from the first unsaved change until the save.
    pub journal: Option<Journal>,
    /// The advisory lock we hold on the file (none: read-only, no path, or no lock folder).
    pub lock: Option<Lock>,
    /// The session file (index into `Session::files`) this is, when opened from a session.
    pub session_index: Option<usize>,
    /// The parsing of the file's end, while it goes on behind the screen.
    pub loading: Option<crate::doc::Loading>,
}

impl OpenFile {
    pub fn new(id: FileId, buffer: Buffer) -> OpenFile {
        OpenFile {
            id,
            buffer,
            view: View::default(),
            journal: None,
            lock: None,
            session_index: None,
            loading: None,
        }
    }
}
