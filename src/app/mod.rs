//! The editor's state machine: keys become named actions, actions become model changes.
//! Nothing here draws; `ui` reads this state to draw it.

mod actions;
mod corpus;
mod prompt;
mod run;
mod safety;
mod view;

pub use prompt::{Prompt, PromptKind};
pub use run::{build_app, run, run_script};
pub use safety::Conflict;
pub use view::View;

use crate::doc::Buffer;
use crate::keymap::{Action, Key, Keymap};
use crate::layout::{SegmentLayout, layout_segment};
use crate::scheme::Scheme;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
    /// `NO_COLOR`: roles are told apart by bold/underline/reverse and visible delimiters.
    None,
}

impl ColorDepth {
    /// From the environment: `NO_COLOR`, then `COLORTERM`, then `TERM`.
    pub fn detect(env: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        if let Some(ct) = env("COLORTERM")
            && (ct.contains("truecolor") || ct.contains("24bit"))
        {
            return ColorDepth::TrueColor;
        }
        match env("TERM") {
            Some(t) if t.contains("256") || t.contains("direct") => ColorDepth::Ansi256,
            _ => ColorDepth::Ansi16,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    Help {
        scroll: u16,
    },
    /// Quitting with unsaved changes: save, discard or stay?
    ConfirmQuit,
    /// "Tag every match": the count is shown, waiting for a role key.
    PickRole {
        matches: Vec<Range<usize>>,
    },
    /// Unsaved work from an earlier session was found: restore or discard?
    Recover,
    /// The file changed on disk behind our back: reload, save as, or merge?
    ChangedOnDisk,
    /// Settling merge conflicts one by one.
    Conflicts {
        list: Vec<Conflict>,
        at: usize,
    },
    /// The session's file list.
    FileList,
    /// "Accept N suggestions?": waiting for y.
    ConfirmAccept {
        list: Vec<(Range<usize>, crate::scheme::RoleId)>,
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

/// Segment layouts, valid for one (buffer, revision, width, delimiters) at a time.
#[derive(Default)]
pub struct LayoutCache {
    key: (usize, u64, u16, bool),
    map: HashMap<usize, Rc<SegmentLayout>>,
}

/// Tag counts per role for (buffer, revision).
type CountsCache = (usize, u64, Rc<Vec<usize>>);

pub struct App {
    pub scheme: Scheme,
    pub keymap: Keymap,
    pub buffers: Vec<Buffer>,
    pub views: Vec<View>,
    pub current: usize,
    pub mode: Mode,
    pub show_delimiters: bool,
    pub show_gutter: bool,
    pub colors: ColorDepth,
    pub message: Option<Message>,
    pub search: Option<Search>,
    /// Terminal size (columns, rows), set before each key so motions know the screen.
    pub size: (u16, u16),
    pub should_quit: bool,
    /// Recovery journals, one slot per buffer.
    pub journals: Vec<Option<crate::recovery::Journal>>,
    /// Locks we hold, one slot per buffer.
    pub locks: Vec<Option<crate::lock::Lock>>,
    /// Journals found at start-up, waiting for "restore or discard".
    pub recoveries: Vec<(usize, crate::recovery::Found)>,
    /// A folder or several files opened together.
    pub session: Option<crate::session::Session>,
    /// Bumped when the lexicon learns; the matcher is rebuilt lazily.
    pub lexicon_version: u64,
    matcher: RefCell<Option<(u64, crate::suggest::Matcher)>>,
    /// Remember and restore where each file was left (off for scripted runs: reproducible).
    pub resume: bool,
    /// Ctrl-Z: the terminal loop gives the terminal back and stops the process.
    pub suspend_requested: bool,
    layouts: RefCell<LayoutCache>,
    /// The plain text as one string for searching, with the revision it was made at.
    search_text: RefCell<Option<(usize, u64, Rc<String>)>>,
    counts: RefCell<Option<CountsCache>>,
}

impl App {
    pub fn new(scheme: Scheme, keymap: Keymap, buffers: Vec<Buffer>, colors: ColorDepth) -> App {
        let views = buffers.iter().map(|_| View::default()).collect();
        let journals = buffers.iter().map(|_| None).collect();
        let locks = buffers.iter().map(|_| None).collect();
        App {
            scheme,
            keymap,
            buffers,
            views,
            current: 0,
            mode: Mode::Normal,
            show_delimiters: true,
            show_gutter: true,
            colors,
            message: None,
            search: None,
            size: (80, 24),
            should_quit: false,
            journals,
            locks,
            recoveries: Vec::new(),
            session: None,
            lexicon_version: 0,
            matcher: RefCell::new(None),
            resume: true,
            suspend_requested: false,
            layouts: RefCell::new(LayoutCache::default()),
            search_text: RefCell::new(None),
            counts: RefCell::new(None),
        }
    }

    pub fn buf(&self) -> &Buffer {
        &self.buffers[self.current]
    }

    pub fn buf_mut(&mut self) -> &mut Buffer {
        &mut self.buffers[self.current]
    }

    pub fn view(&self) -> &View {
        &self.views[self.current]
    }

    pub fn view_mut(&mut self) -> &mut View {
        &mut self.views[self.current]
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
        let lines = self.buf().doc.text.len_lines();
        let w = lines.to_string().len() as u16 + 1;
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

    fn searchable_text(&self) -> Rc<String> {
        // Tag edits never change the text: only a rewrite (a fix, a reload) does.
        let key = (self.current, self.buf().text_revision);
        if let Some((b, r, t)) = &*self.search_text.borrow()
            && (*b, *r) == key
        {
            return t.clone();
        }
        let t = Rc::new(self.buf().doc.text.to_string());
        *self.search_text.borrow_mut() = Some((key.0, key.1, t.clone()));
        t
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

    /// Handles one key press.
    pub fn handle_key(&mut self, key: &Key) {
        self.message = None;
        match self.mode.clone() {
            Mode::Prompt(p) => self.prompt_key(p, key),
            Mode::Help { scroll } => self.help_key(scroll, key),
            Mode::ConfirmQuit => self.confirm_quit_key(key),
            Mode::PickRole { matches } => self.pick_role_key(matches, key),
            Mode::Recover => self.recover_key(key),
            Mode::ChangedOnDisk => self.changed_on_disk_key(key),
            Mode::Conflicts { .. } => self.conflict_key(key),
            Mode::FileList => corpus::list_key(self, key),
            Mode::ConfirmAccept { list } => corpus::confirm_accept_key(self, list, key),
            Mode::Normal => match self.keymap.action(key).cloned() {
                Some(action) => self.perform(&action),
                None => self.error(format!("{key} is not bound (? shows the keys)")),
            },
        }
        self.sync_journals();
        self.clamp_views();
        self.scroll_to_cursor();
    }

    /// Keeps every cursor and anchor inside its text (a fix or a reload can shorten it).
    fn clamp_views(&mut self) {
        for (v, b) in self.views.iter_mut().zip(&self.buffers) {
            let len = b.doc.text.len_chars();
            v.cursor = v.cursor.min(len);
            v.anchor = v.anchor.map(|a| a.min(len));
            v.top_seg = v.top_seg.min(len);
        }
    }

    /// Text pasted by the terminal (bracketed paste): goes into an open prompt.
    pub fn handle_paste(&mut self, text: &str) {
        if let Mode::Prompt(mut p) = self.mode.clone() {
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            p.insert(&clean);
            self.mode = Mode::Prompt(p);
        }
    }

    pub fn perform(&mut self, action: &Action) {
        if let Some(why) = self.buf().read_only.clone()
            && actions::is_edit(action)
        {
            self.error(format!("read-only: {why} — :takeover to edit anyway"));
            return;
        }
        actions::perform(self, action);
    }

    fn help_key(&mut self, scroll: u16, key: &Key) {
        use crate::keymap::{Code, Simple};
        let act = self.keymap.action(key).cloned();
        self.mode = match (key.code, act) {
            (Code::Char('j') | Code::Down, _) | (_, Some(Action::Simple(Simple::Down))) => {
                Mode::Help {
                    scroll: scroll.saturating_add(1),
                }
            }
            (Code::Char('k') | Code::Up, _) | (_, Some(Action::Simple(Simple::Up))) => Mode::Help {
                scroll: scroll.saturating_sub(1),
            },
            (Code::PageDown, _) => Mode::Help {
                scroll: scroll.saturating_add(10),
            },
            (Code::PageUp, _) => Mode::Help {
                scroll: scroll.saturating_sub(10),
            },
            _ => Mode::Normal,
        };
    }

    fn confirm_quit_key(&mut self, key: &Key) {
        use crate::keymap::Code;
        match key.code {
            Code::Char('y') => {
                self.mode = Mode::Normal;
                if self.save_all() {
                    self.should_quit = true;
                }
            }
            Code::Char('n') => {
                self.discard_journals();
                self.should_quit = true;
            }
            _ => {
                self.mode = Mode::Normal;
                self.info("quit cancelled");
            }
        }
    }

    fn pick_role_key(&mut self, matches: Vec<Range<usize>>, key: &Key) {
        self.mode = Mode::Normal;
        match self.keymap.action(key).cloned() {
            Some(Action::Tag(r)) => match r.resolve(&self.scheme) {
                Some(role) => actions::tag_all(self, &matches, role),
                None => self.error("no such role in this scheme"),
            },
            _ => self.info("tagging matches cancelled"),
        }
    }
}

#[cfg(test)]
mod tests;
