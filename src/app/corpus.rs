//! Corpus sessions: the file list, statuses, resume, and suggestions learned from the tags.

use super::{App, FileId, Mode};
use crate::doc::Buffer;
use crate::keymap::{Action, Code, Key, Simple};
use crate::scheme::RoleId;
use crate::session::{self, Resume};
use crate::suggest::Lexicon;
use std::ops::Range;

pub fn perform(app: &mut App, s: Simple) {
    use Simple::*;
    match s {
        FileList => {
            let shown = app.file(app.current).session_index;
            if let Some(sess) = app.session.as_mut() {
                if let Some(i) = shown {
                    sess.selected = i;
                }
                app.mode = Mode::FileList;
            } else {
                app.info("no session: open a folder (ptag FOLDER) or several files");
            }
        }
        NextUndoneFile => {
            let Some(sess) = &app.session else {
                app.info("no session");
                return;
            };
            let here = current_file(app).unwrap_or(sess.files.len().saturating_sub(1));
            match sess.next_undone(here) {
                Some(i) => open_file(app, i),
                None => app.info("every file is done"),
            }
        }
        CycleStatus => {
            let target = if app.mode == Mode::FileList {
                app.session.as_ref().map(|s| s.selected)
            } else {
                current_file(app)
            };
            let Some(i) = target else {
                app.info("no session: statuses belong to a folder's files");
                return;
            };
            let sess = app.session.as_mut().expect("checked");
            sess.files[i].status = sess.files[i].status.next();
            let (label, progress) = (sess.files[i].status.label(), sess.progress());
            match sess.save_statuses() {
                Ok(()) => app.info(format!("{label} — {progress}")),
                Err(e) => app.error(format!("status not saved: {e}")),
            }
        }
        OpenFile => {
            if app.mode == Mode::FileList
                && let Some(i) = app.session.as_ref().map(|s| s.selected)
            {
                open_file(app, i);
            }
        }
        SuggestionNext | SuggestionPrev => {
            let cur = app.view().cursor;
            let all = app.suggestions(0..usize::MAX);
            let found = if s == SuggestionNext {
                all.iter().find(|x| x.range.start > cur)
            } else {
                all.iter().rev().find(|x| x.range.start < cur)
            };
            match found {
                Some(x) => {
                    let n = all.len();
                    let k = 1 + all.iter().position(|y| y.range == x.range).unwrap_or(0);
                    let text = app.buf().doc.text.slice(x.range.clone()).to_string();
                    let mut label = app.suggestion_label(x);
                    if label.is_empty() {
                        let r = app.scheme.role(x.role);
                        label = format!("{} {}", r.name, r.zh);
                    }
                    let accept = app.key(Simple::AcceptSuggestion);
                    app.view_mut().cursor = x.range.start;
                    app.view_mut().anchor = None;
                    app.info(format!(
                        "suggestion {k}/{n}: “{text}” as {label} — {accept} accepts"
                    ));
                }
                None => app.info("no more suggestions that way"),
            }
        }
        AcceptSuggestion => match app.suggestion_at(app.view().cursor) {
            Some(x) => {
                // Accepting is tagging: the cursor goes where a role key would leave it.
                let text = app.buf().doc.text.slice(x.range.clone()).to_string();
                if accept(app, vec![(x.range.clone(), x.role)], "accepted") > 0 {
                    // An accepted suggestion is a tag like any other: it teaches the lexicon
                    // (and undo takes that back).
                    app.learn(&text, x.role);
                    let to = super::tagging::after_tag(app, &x.range);
                    super::navigate::move_to(app, to, false);
                    // The next suggestion, when the cursor landed on one, says more than
                    // "accepted" (its own line names it and its keys).
                    if app.suggestion_at(to).is_some() {
                        app.message = None;
                    }
                }
            }
            None => app.error("no suggestion under the cursor"),
        },
        RejectSuggestion => match app.suggestion_at(app.view().cursor) {
            Some(x) => {
                app.view_mut().rejected.push((x.range.start, x.range.end));
                remember(app);
                app.info("suggestion rejected here");
            }
            None => app.error("no suggestion under the cursor"),
        },
        AcceptAllText | AcceptAllRole => {
            let Some(here) = app.suggestion_at(app.view().cursor) else {
                app.error("put the cursor on a suggestion first");
                return;
            };
            let text_of = |r: &Range<usize>| app.buf().doc.text.slice(r.clone()).to_string();
            let lex_text = text_of(&here.range);
            let all: Vec<(Range<usize>, RoleId)> = app
                .suggestions(0..usize::MAX)
                .into_iter()
                .filter(|x| {
                    if s == AcceptAllText {
                        text_of(&x.range) == lex_text
                    } else {
                        x.role == here.role
                    }
                })
                .map(|x| (x.range, x.role))
                .collect();
            let what = if s == AcceptAllText {
                format!("“{lex_text}”")
            } else {
                let r = app.scheme.role(here.role);
                format!("{} {}", r.name, r.zh)
            };
            app.info(format!(
                "accept {} suggestions of {what}? (y)es, any other key cancels — one undo step",
                all.len()
            ));
            app.mode = Mode::ConfirmAccept { list: all };
        }
        _ => {}
    }
}

/// The session file shown in the current buffer.
fn current_file(app: &App) -> Option<usize> {
    app.session.as_ref()?;
    app.file(app.current).session_index
}

/// Tags `list` as one undo step, teaching the lexicon as it goes.
/// Returns how many were tagged.
fn accept(app: &mut App, list: Vec<(Range<usize>, RoleId)>, verb: &str) -> usize {
    let (n, refused) = super::tagging::tag_ranges(app, list);
    if n == 0 {
        app.error(format!("nothing could be tagged ({refused} refused)"));
        return 0;
    }
    let extra = if refused > 0 {
        format!(", {refused} refused")
    } else {
        String::new()
    };
    app.info(format!(
        "{verb} {n} suggestion{}{extra}",
        if n == 1 { "" } else { "s" }
    ));
    n
}

pub(super) fn confirm_accept_key(app: &mut App, list: Vec<(Range<usize>, RoleId)>, key: &Key) {
    app.mode = Mode::Normal;
    if key.code == Code::Char('y') {
        accept(app, list, "accepted");
    } else {
        app.info("nothing accepted");
    }
}

/// Keys in the file list: movement actions move the highlight; open, status and quit work.
pub(super) fn list_key(app: &mut App, key: &Key) {
    let action = app.keymap.action(key).cloned();
    let n = app.session.as_ref().map_or(0, |s| s.files.len());
    let page = app.text_area().1.saturating_sub(2).max(1) as usize;
    let Some(sess) = app.session.as_mut() else {
        app.mode = Mode::Normal;
        return;
    };
    let sel = sess.selected;
    use Simple::*;
    match action {
        Some(Action::Simple(Down | SelectDown)) => {
            sess.selected = (sel + 1).min(n.saturating_sub(1))
        }
        Some(Action::Simple(Up | SelectUp)) => sess.selected = sel.saturating_sub(1),
        Some(Action::Simple(PageDown | HalfPageDown)) => {
            sess.selected = (sel + page).min(n.saturating_sub(1))
        }
        Some(Action::Simple(PageUp | HalfPageUp)) => sess.selected = sel.saturating_sub(page),
        Some(Action::Simple(FileStart)) => sess.selected = 0,
        Some(Action::Simple(FileEnd)) => sess.selected = n.saturating_sub(1),
        Some(Action::Simple(OpenFile)) => open_file(app, sel),
        Some(Action::Simple(
            CycleStatus | NextUndoneFile | Help | Quit | OrderByWork | TrainModel,
        ))
        | Some(Action::Simple(Save)) => {
            if let Some(a) = action {
                app.perform(&a)
            }
        }
        Some(Action::Simple(Cancel | FileList)) => app.mode = Mode::Normal,
        _ if key.code == Code::Enter => open_file(app, sel),
        _ => {
            let hint = app.file_list_hint();
            app.info(format!("file list: {hint}"))
        }
    }
}

/// Opens session file `i` (loading it the first time) and makes it current.
pub fn open_file(app: &mut App, i: usize) {
    let Some(sess) = app.session.as_ref() else {
        return;
    };
    if let Some(id) = app.open_file_of(i).map(|f| f.id) {
        switch_to(app, id);
    } else {
        let path = sess.files[i].path.clone();
        match Buffer::open(&path, &app.scheme, &app.options) {
            Ok(buf) => {
                let id = app.add_buffer(buf);
                app.file_mut(id).session_index = Some(i);
                switch_to(app, id);
            }
            Err(e) => {
                app.error(e.to_string());
                return;
            }
        }
    }
    if let Some(s) = app.session.as_mut() {
        s.selected = i;
    }
    app.mode = if app.recoveries.is_empty() {
        Mode::Normal
    } else {
        Mode::Recover
    };
    let (name, progress) = {
        let s = app.session.as_ref().expect("checked");
        (s.files[i].rel.clone(), s.progress())
    };
    if app.recoveries.is_empty() {
        app.info(format!(
            "{name} ({}) — {progress}",
            app.session
                .as_ref()
                .map_or("", |s| s.files[i].status.label())
        ));
    } else {
        app.next_recovery();
    }
}

/// Next/previous file of the session, in list order.
pub fn step_file(app: &mut App, forward: bool) {
    let Some(sess) = &app.session else { return };
    let n = sess.files.len();
    let here = current_file(app).unwrap_or(0);
    let to = if forward {
        (here + 1) % n
    } else {
        (here + n - 1) % n
    };
    open_file(app, to);
}

/// Makes file `id` current, remembering where we were in the old one.
fn switch_to(app: &mut App, id: FileId) {
    remember(app);
    app.current = id;
}

/// Stores the cursor, the search and the rejections of the current file in the data folder.
pub fn remember(app: &App) {
    if !app.resume {
        return;
    }
    let Some(path) = app.buf().path.clone() else {
        return;
    };
    let v = app.view();
    let r = Resume {
        cursor: v.cursor,
        search: app.search.as_ref().map(|s| s.pattern.clone()),
        regex: app.search.as_ref().is_some_and(|s| s.regex),
        rejected: v.rejected.clone(),
    };
    if let Some(dir) = &app.data_dir {
        let _ = session::store_resume(dir, &path, &r);
    }
}

/// Puts file `id` back where the annotator left it.
pub fn restore_position(app: &mut App, id: FileId) {
    if !app.resume {
        return;
    }
    let Some(path) = app.file(id).buffer.path.clone() else {
        return;
    };
    let Some(dir) = app.data_dir.clone() else {
        return;
    };
    if let Some(r) = session::load_resume(&dir, &path) {
        // Left further on than what is parsed yet: the rest first, then the place.
        if r.cursor + 1 >= app.file(id).buffer.doc.text.len_chars() {
            app.finish_loading();
        }
        let f = app.file_mut(id);
        let len = f.buffer.doc.text.len_chars();
        let v = &mut f.view;
        v.cursor = r.cursor.min(len);
        v.rejected = r.rejected;
        if let Some(p) = r.search {
            let source = if r.regex {
                p.clone()
            } else {
                regex::escape(&p)
            };
            if let Ok(re) = regex::Regex::new(&source) {
                app.search = Some(super::Search {
                    pattern: p,
                    regex: r.regex,
                    re,
                });
            }
        }
    }
}

impl App {
    /// The lexicon suggestions come from: the session's, or without one the open files'.
    pub fn lexicon(&self) -> &Lexicon {
        match &self.session {
            Some(s) => &s.lexicon,
            None => &self.file_lexicon,
        }
    }

    /// The lexicon new tags teach (see `lexicon`).
    pub(super) fn lexicon_mut(&mut self) -> &mut Lexicon {
        match self.session.as_mut() {
            Some(s) => &mut s.lexicon,
            None => &mut self.file_lexicon,
        }
    }

    /// Teaches the lexicon a text the annotator just tagged (a session's, or without one the
    /// open files').
    pub fn learn(&mut self, text: &str, role: RoleId) {
        self.count_new_tag();
        if text.chars().count() < crate::suggest::MIN_CHARS {
            return;
        }
        let new = self.lexicon_mut().add(text, role, 1);
        self.record_lesson(text, role);
        // The matcher finds the lexicon's texts (their counts are read as it finds): only a new
        // text needs it rebuilt, which on a corpus-sized lexicon is tens of milliseconds.
        if new {
            self.lexicon_version += 1;
        }
    }

    /// Opens a buffer as a new file of the editor: locked, its journal looked for, put back
    /// where the annotator left it. Returns its id.
    pub fn add_buffer(&mut self, buf: Buffer) -> FileId {
        let path = buf.path.clone();
        let id = self.push_file(buf);
        if let Some(path) = path {
            self.attach_file(id, &path, false);
        }
        restore_position(self, id);
        id
    }

    /// The open file showing session file `i`, if it has been opened.
    pub fn open_file_of(&self, i: usize) -> Option<&super::OpenFile> {
        self.files.iter().find(|f| f.session_index == Some(i))
    }
}
