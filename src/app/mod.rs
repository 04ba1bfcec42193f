//! The editor's state machine: keys become named actions, actions become model changes.
//! Nothing here draws; `ui` reads this state to draw it.
//!
//! `App` holds one `OpenFile` (buffer, view, journal, lock) per `FileId`, the `LoadOptions` and the
//! data folder. `dispatch` routes a key by mode; `actions` maps each `Simple` to its concept's file:
//! `navigate` (with the one-step selection targets `t`/`r`/`E`), `tagging`, `span` (tag ends to the
//! cursor, `.` repeat, list tagging), `jump` (jump labels), `search`, `files` (save/quit), `corpus`
//! (sessions, suggestions), `safety` (journals, locks), `disk` (changed on disk: reload, save as,
//! or the three-way merge of `merge/` with `Buffer::base` as its base), `conflicts` (step through,
//! resolve with one key), `prompt`, `offers` (what is suggested: model predictions per block of
//! lines, cached, else the lexicon; `matcher_cache` rebuilds the lexicon's matcher only for a new
//! text, on a thread when it is big), `learning` (when a training job is wanted, the `ModelJob`
//! handed to the wiring, its result applied), `active` (least-sure jump, file list by expected
//! work), `loading` (a key runs on the loaded part of a big file when that part decides it as the
//! whole file would; else it waits in line, `waiting_keys`). No terminal, no drawing. A new editor
//! action: a line in the `actions!` table (`keymap/action.rs`), a default key in
//! `keymaps/default.json`, the code in the `app/` file of its concept, called from `actions.rs`.

mod actions;
mod active;
mod backend_fetch;
mod conflicts;
mod corpus;
mod disk;
mod dispatch;
mod files;
mod help;
mod jump;
mod learning;
mod loading;
mod matcher_cache;
mod navigate;
mod offers;
mod open_file;
mod prompt;
mod safety;
mod search;
mod span;
mod tagging;
mod taught;
mod view;

pub use backend_fetch::{BackendDone, BackendFetch, BackendJob, RETRY_AFTER};
pub use conflicts::{Resolution, is_conflict_note};
pub use corpus::{remember, restore_position};
pub use help::{help_box, help_lines, role_keys};
pub use jump::{JUMP_LETTERS, JUMP_MAX, jump_label};
pub use learning::{
    JobDone, JobFile, Learning, ModelJob, ModelOrigin, RETRAIN_EVERY, Trained, work_of,
};
pub use offers::{Offer, Origin};
pub use open_file::{FileId, OpenFile};
pub use prompt::{Prompt, PromptKind};
pub use span::{LIST_SEPARATORS, list_items};
pub use tagging::{counted_target, untagged_target};
pub use taught::Taught;
pub use view::View;

use crate::color::ColorDepth;
use crate::doc::{Buffer, LoadOptions};
use crate::keymap::Keymap;
use crate::layout::{SegmentLayout, layout_segment};
use crate::scheme::Scheme;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    Help {
        scroll: u16,
    },
    /// Quitting with unsaved changes: save, discard or stay?
    ConfirmQuit,
    /// "Tag every match" or a list's items (`list`): shown, waiting for a role key.
    PickRole {
        matches: Vec<Range<usize>>,
        list: bool,
    },
    /// Unsaved work from an earlier session was found: restore or discard?
    Recover,
    /// The file changed on disk behind our back: reload, save as, or merge?
    ChangedOnDisk,
    /// The session's file list.
    FileList,
    /// "Accept N suggestions?": waiting for y.
    /// A fix that would change the policy text itself: waiting for y.
    ConfirmFix {
        fix: crate::markup::Fix,
    },
    ConfirmAccept {
        list: Vec<(Range<usize>, crate::scheme::RoleId)>,
    },
    /// `t`/`r` was pressed: waiting for the character to select to (`count`-th occurrence).
    FindChar {
        till: bool,
        count: usize,
    },
    /// Jump labels are on screen: waiting for a label (`prefix`: its first letter, typed).
    Jump {
        targets: Vec<usize>,
        prefix: Option<char>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub level: Level,
}

/// A compiled search.
#[derive(Debug, Clone)]
pub struct Search {
    pub pattern: String,
    pub regex: bool,
    pub re: regex::Regex,
}

/// Segment layouts, valid for one (file, revision, width, delimiters) at a time.
#[derive(Default)]
pub struct LayoutCache {
    key: (FileId, u64, u16, bool),
    map: HashMap<usize, Rc<SegmentLayout>>,
}

/// Tag counts per role for (file, revision).
type CountsCache = (FileId, u64, Rc<Vec<usize>>);

pub struct App {
    pub scheme: Scheme,
    pub keymap: Keymap,
    /// Every open file: buffer, view, journal and lock together, in the order opened.
    pub files: Vec<OpenFile>,
    /// The file shown.
    pub current: FileId,
    next_file_id: usize,
    /// How files are read (`--plain`, `--encoding`): every file a session opens later alike.
    pub options: LoadOptions,
    /// Where journals, positions and crash reports go (`None`: nowhere, nothing kept).
    pub data_dir: Option<PathBuf>,
    pub mode: Mode,
    pub show_delimiters: bool,
    pub show_gutter: bool,
    /// Show East-Asian-ambiguous punctuation (“ ” ‘ ’ — … ·) as narrow ASCII look-alikes, for
    /// terminals that draw them two columns wide (the text itself is unchanged).
    pub narrow_ambiguous: bool,
    pub colors: ColorDepth,
    pub message: Option<Message>,
    pub search: Option<Search>,
    /// Terminal size (columns, rows), set before each key so motions know the screen.
    pub size: (u16, u16),
    pub should_quit: bool,
    /// Quitting waits for a "save as" name (quit, y, on a buffer without a file).
    pub quit_after_save: bool,
    /// Saves (and copies) that failed this run: a `--keys` script exits 1 when there were any.
    pub failed_saves: usize,
    /// Journals found at start-up, waiting for "restore or discard".
    pub recoveries: Vec<(FileId, crate::recovery::Found)>,
    /// A folder or several files opened together.
    pub session: Option<crate::session::Session>,
    /// What the open files teach when there is no session (one file): their tags at start and
    /// every tag added since. A session's own lexicon is used instead when there is one.
    pub file_lexicon: crate::suggest::Lexicon,
    /// Bumped when the lexicon learns; the matcher is rebuilt lazily.
    pub lexicon_version: u64,
    matcher: RefCell<matcher_cache::MatcherCache>,
    /// Work too long for a key goes on behind the screen: a big lexicon's matcher is built on a
    /// thread (the loop redraws when it ends: `background_done`), and a key that needs the end
    /// of a file still being parsed waits in line (`waiting_keys`) while the screen goes on.
    /// The terminal's loop sets this; scripts and tests leave it off (the work is done at once),
    /// so what they see never depends on timing.
    pub work_behind: bool,
    /// Keys typed since one needed the end of a file still being parsed, in order: they run
    /// when the file is whole.
    pub waiting_keys: std::collections::VecDeque<crate::keymap::Key>,
    /// The suggestion model, its training and the session's expected work.
    pub learning: Learning,
    predictions: RefCell<offers::PredictionCache>,
    /// Suggestions from a Label Studio ML backend (`--backend`), fetched behind the screen.
    pub backend: BackendFetch,
    /// Remember and restore where each file was left (off for scripted runs: reproducible).
    pub resume: bool,
    /// Ctrl-Z: the terminal loop gives the terminal back and stops the process.
    pub suspend_requested: bool,
    /// A count typed before a motion (`3w`), waiting for it.
    pub count: Option<usize>,
    /// What each tagging taught the lexicon, so undo can unteach it.
    taught: Taught,
    /// The text and role of the last tagging, for `.` to repeat.
    pub last_tagging: Option<(String, crate::scheme::RoleId)>,
    layouts: RefCell<LayoutCache>,
    counts: RefCell<Option<CountsCache>>,
    /// Conflict notes in (file, revision).
    conflict_count: RefCell<Option<(FileId, u64, usize)>>,
    /// What the two sides of a conflict note are called on screen (`A`/`B` in a review).
    pub conflict_sides: [String; 2],
    /// What the status line calls them ("conflicts"; "disagreements" in a review).
    pub conflict_word: &'static str,
}

impl App {
    /// An editor on `buffers` (at least one), the first shown. No file is locked until
    /// `attach_file`, and nothing is journalled until `data_dir` is set (the editor sets it).
    pub fn new(scheme: Scheme, keymap: Keymap, buffers: Vec<Buffer>, colors: ColorDepth) -> App {
        let mut app = App {
            scheme,
            keymap,
            files: Vec::new(),
            current: FileId(0),
            next_file_id: 0,
            options: LoadOptions::default(),
            data_dir: None,
            mode: Mode::Normal,
            show_delimiters: true,
            show_gutter: true,
            narrow_ambiguous: false,
            colors,
            message: None,
            search: None,
            size: (80, 24),
            should_quit: false,
            quit_after_save: false,
            failed_saves: 0,
            recoveries: Vec::new(),
            session: None,
            file_lexicon: crate::suggest::Lexicon::new(0),
            lexicon_version: 0,
            matcher: RefCell::new(matcher_cache::MatcherCache::default()),
            work_behind: false,
            waiting_keys: std::collections::VecDeque::new(),
            learning: Learning::default(),
            predictions: RefCell::new(offers::PredictionCache::default()),
            backend: BackendFetch::default(),
            resume: true,
            suspend_requested: false,
            count: None,
            last_tagging: None,
            taught: Taught::default(),
            layouts: RefCell::new(LayoutCache::default()),
            counts: RefCell::new(None),
            conflict_count: RefCell::new(None),
            conflict_sides: ["ours".into(), "theirs".into()],
            conflict_word: "conflicts",
        };
        app.file_lexicon = crate::suggest::Lexicon::new(app.scheme.roles.len());
        for b in buffers {
            app.file_lexicon.learn(&b.doc);
            app.push_file(b);
        }
        app
    }

    /// Adds an open file (no lock, no journal yet); returns its id.
    pub fn push_file(&mut self, buffer: Buffer) -> FileId {
        let id = FileId(self.next_file_id);
        self.next_file_id += 1;
        self.files.push(OpenFile::new(id, buffer));
        id
    }

    /// Position of file `id` in `files` (ids grow in opening order, so a binary search).
    pub fn index_of(&self, id: FileId) -> Option<usize> {
        self.files.binary_search_by_key(&id, |f| f.id).ok()
    }

    pub fn file(&self, id: FileId) -> &OpenFile {
        &self.files[self.index_of(id).expect("an open file id")]
    }

    pub fn file_mut(&mut self, id: FileId) -> &mut OpenFile {
        let i = self.index_of(id).expect("an open file id");
        &mut self.files[i]
    }

    pub fn buf(&self) -> &Buffer {
        &self.file(self.current).buffer
    }

    pub fn buf_mut(&mut self) -> &mut Buffer {
        &mut self.file_mut(self.current).buffer
    }

    pub fn view(&self) -> &View {
        &self.file(self.current).view
    }

    pub fn view_mut(&mut self) -> &mut View {
        &mut self.file_mut(self.current).view
    }

    /// Delimiters are always shown without colour: they are what tells roles apart.
    pub fn delimiters_visible(&self) -> bool {
        self.show_delimiters || self.colors == ColorDepth::None
    }

    /// Width of the line-number gutter (0 when hidden).
    pub fn gutter_width(&self) -> u16 {
        if !self.show_gutter {
            return 0;
        }
        // Sized for the whole file from the start: it does not widen as its end is parsed.
        let w = self.total_lines().to_string().len() as u16 + 1;
        if w * 3 > self.size.0 { 0 } else { w }
    }

    /// The text area: (width, height).
    pub fn text_area(&self) -> (u16, u16) {
        let w = self.size.0.saturating_sub(self.gutter_width()).max(1);
        let h = self.size.1.saturating_sub(2).max(1);
        (w, h)
    }

    /// The layout of the segment starting at `seg.start`, cached.
    pub fn layout(&self, seg: Range<usize>) -> Rc<SegmentLayout> {
        let (w, _) = self.text_area();
        let key = (
            self.current,
            self.buf().revision,
            w,
            self.delimiters_visible(),
        );
        let mut cache = self.layouts.borrow_mut();
        if cache.key != key || cache.map.len() > 512 {
            cache.key = key;
            cache.map.clear();
        }
        if let Some(l) = cache.map.get(&seg.start)
            && l.range == seg
        {
            return l.clone();
        }
        let l = Rc::new(layout_segment(
            &self.buf().doc,
            seg.clone(),
            w,
            self.delimiters_visible(),
            Some(&self.conflict_sides),
        ));
        cache.map.insert(seg.start, l.clone());
        l
    }

    /// Tag counts per role, cached per revision (the status line shows them every frame).
    pub fn role_counts(&self) -> Rc<Vec<usize>> {
        let key = (self.current, self.buf().revision);
        if let Some((b, r, c)) = &*self.counts.borrow()
            && (*b, *r) == key
        {
            return c.clone();
        }
        let mut counts = vec![0; self.scheme.roles.len()];
        for s in self.buf().doc.spans() {
            if let Some(c) = counts.get_mut(s.role as usize) {
                *c += 1;
            }
        }
        let counts = Rc::new(counts);
        *self.counts.borrow_mut() = Some((key.0, key.1, counts.clone()));
        counts
    }

    /// The key for `action` in the live keymap, for a hint.
    pub fn key(&self, action: crate::keymap::Simple) -> String {
        self.keymap.hint_for(action)
    }

    /// How to run the command line's `cmd` (`:takeover`), with the live key for the command line.
    pub fn command_hint(&self, cmd: &str) -> String {
        match self.key(crate::keymap::Simple::Command).as_str() {
            ":" => format!(":{cmd}"),
            key => format!("{key} {cmd}"),
        }
    }

    /// The file list's keys, from the live keymap.
    pub fn file_list_hint(&self) -> String {
        use crate::keymap::Simple::*;
        format!(
            "{}/{} move, {} opens, {} sets the status, {} next not done, {} back",
            self.key(Down),
            self.key(Up),
            self.key(OpenFile),
            self.key(CycleStatus),
            self.key(NextUndoneFile),
            self.key(Cancel)
        )
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            level: Level::Info,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            level: Level::Error,
        });
    }

    /// Keeps every cursor and anchor inside its text (a fix or a reload can shorten it).
    fn clamp_views(&mut self) {
        for f in &mut self.files {
            let len = f.buffer.doc.text.len_chars();
            let v = &mut f.view;
            v.cursor = v.cursor.min(len);
            v.anchor = v.anchor.map(|a| a.min(len));
            v.top_seg = v.top_seg.min(len);
        }
    }
}

#[cfg(test)]
mod emacs_tests;
#[cfg(test)]
mod jump_tests;
#[cfg(test)]
mod learning_tests;
#[cfg(test)]
mod loading_tests;
#[cfg(test)]
mod merge_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_files;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_hand_trial;
#[cfg(test)]
mod tests_recovery;
#[cfg(test)]
mod tests_session;
