//! What each named action does to the model.

use super::{App, Mode, Prompt, PromptKind};
use crate::doc::Change;
use crate::keymap::{Action, RoleRef, Simple};
use crate::markup::{EditError, Splice, apply_fixes, parse, serialize_unchecked};
use crate::motion;
use crate::scheme::RoleId;
use std::ops::Range;
use std::path::PathBuf;

/// Does this action change the document (and so need a writable buffer)?
pub fn is_edit(action: &Action) -> bool {
    use Simple::*;
    match action {
        Action::Tag(_) => true,
        Action::Simple(s) => matches!(
            s,
            ApplyFix
                | Untag
                | GrowStart
                | ShrinkStart
                | GrowEnd
                | ShrinkEnd
                | GrowStartWord
                | ShrinkStartWord
                | GrowEndWord
                | ShrinkEndWord
                | Note
                | TagAllMatches
                | Undo
                | Redo
                | AcceptSuggestion
                | AcceptAllText
                | AcceptAllRole
        ),
        _ => false,
    }
}

pub fn perform(app: &mut App, action: &Action) {
    match action {
        Action::Simple(s) => simple(app, *s),
        Action::Tag(r) => match r.resolve(&app.scheme) {
            Some(role) => tag_with(app, role),
            None => app.error(format!("{}: this scheme has no such role", action.name())),
        },
        Action::NextTagOf(r) => jump_tag(app, true, Some(r)),
        Action::PrevTagOf(r) => jump_tag(app, false, Some(r)),
    }
}

/// Moves the cursor; extends the selection in selection mode, else drops it.
fn move_to(app: &mut App, pos: usize, keep_goal: bool) {
    let len = app.buf().doc.text.len_chars();
    let v = app.view_mut();
    if !v.selecting {
        v.anchor = None;
    }
    v.cursor = pos.min(len);
    if !keep_goal {
        v.goal_col = None;
    }
}

/// Moves while extending the selection (Shift+arrows).
fn select_to(app: &mut App, f: impl FnOnce(&mut App)) {
    let cur = app.view().cursor;
    if app.view().anchor.is_none() {
        app.view_mut().anchor = Some(cur);
    }
    let was = app.view().selecting;
    app.view_mut().selecting = true;
    f(app);
    app.view_mut().selecting = was;
}

fn simple(app: &mut App, s: Simple) {
    use Simple::*;
    let doc = &app.buf().doc;
    let cur = app.view().cursor;
    match s {
        Left => move_to(app, motion::prev_grapheme(doc, cur), false),
        Right => {
            let line_end = app.layout(crate::layout::segment_of(doc, cur)).line_end();
            let next = motion::next_grapheme(doc, cur);
            // Stop at the end of the line: the line break is not a place to stand on.
            let to = if cur < line_end {
                next.min(line_end.max(cur))
            } else {
                next
            };
            move_to(app, to, false)
        }
        Up => {
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            app.move_rows(false, 1)
        }
        Down => {
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            app.move_rows(true, 1)
        }
        WordNext => move_to(app, motion::word_next(doc, cur), false),
        WordPrev => move_to(app, motion::word_prev(doc, cur), false),
        WordEnd => move_to(app, motion::word_end(doc, cur), false),
        ClauseNext => move_to(app, motion::clause_next(doc, cur), false),
        ClausePrev => move_to(app, motion::clause_prev(doc, cur), false),
        SentenceNext => move_to(app, motion::sentence_next(doc, cur), false),
        SentencePrev => move_to(app, motion::sentence_prev(doc, cur), false),
        LineStart => move_to(app, doc.line_range_of(cur).start, false),
        LineEnd => {
            let end = app.layout(crate::layout::segment_of(doc, cur)).line_end();
            move_to(app, end, false)
        }
        PageDown | PageUp | HalfPageDown | HalfPageUp => {
            let h = app.text_area().1 as usize;
            let n = if matches!(s, PageDown | PageUp) {
                h.saturating_sub(1).max(1)
            } else {
                (h / 2).max(1)
            };
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            app.move_rows(matches!(s, PageDown | HalfPageDown), n);
        }
        FileStart => move_to(app, 0, false),
        FileEnd => {
            let len = doc.text.len_chars();
            let last_line = doc.line_range_of(len).start;
            move_to(app, last_line, false)
        }
        TagNext => jump_tag(app, true, None),
        TagPrev => jump_tag(app, false, None),
        DiagNext => jump_diagnostic(app, true),
        DiagPrev => jump_diagnostic(app, false),
        ApplyFix => apply_fix(app),
        SelectToggle => {
            let v = app.view_mut();
            if v.selecting {
                v.selecting = false;
                v.anchor = None;
            } else {
                v.selecting = true;
                v.anchor = Some(v.cursor);
            }
        }
        SelectLeft => select_to(app, |a| simple(a, Left)),
        SelectRight => select_to(app, |a| simple(a, Right)),
        SelectUp => select_to(app, |a| a.move_rows(false, 1)),
        SelectDown => select_to(app, |a| a.move_rows(true, 1)),
        SelectWord => match motion::word_at(doc, cur) {
            Some(r) => select_range(app, r),
            None => app.error("no word under the cursor"),
        },
        SelectClause => match motion::clause_at(doc, cur) {
            Some(r) => select_range(app, r),
            None => app.error("no clause under the cursor"),
        },
        SelectTag => match innermost_tag(app, cur) {
            Some(i) => {
                let r = app.buf().doc.items()[i].range();
                select_range(app, r)
            }
            None => app.error("no tag under the cursor"),
        },
        Cancel => {
            let v = app.view_mut();
            v.anchor = None;
            v.selecting = false;
        }
        Untag => untag(app),
        GrowStart | ShrinkStart | GrowEnd | ShrinkEnd | GrowStartWord | ShrinkStartWord
        | GrowEndWord | ShrinkEndWord => resize(app, s),
        Note => start_note(app),
        Search => app.mode = Mode::Prompt(Prompt::new(PromptKind::Search { regex: false }, "")),
        SearchRegex => app.mode = Mode::Prompt(Prompt::new(PromptKind::Search { regex: true }, "")),
        SearchNext => search_step(app, true),
        SearchPrev => search_step(app, false),
        TagAllMatches => tag_all_prompt(app),
        Undo => match app.buf_mut().undo() {
            Some(c) => {
                move_to(app, c, false);
                app.info(format!("undone ({} more to undo)", app.buf().undo_depth()));
            }
            None => app.info("nothing to undo"),
        },
        Redo => match app.buf_mut().redo() {
            Some(c) => {
                move_to(app, c, false);
                app.info("redone");
            }
            None => app.info("nothing to redo"),
        },
        Save => {
            app.save();
        }
        Command => app.mode = Mode::Prompt(Prompt::new(PromptKind::Command, "")),
        GotoLine => app.mode = Mode::Prompt(Prompt::new(PromptKind::GotoLine, "")),
        Quit => app.quit_request(true),
        Suspend => app.suspend_requested = true,
        Help => app.mode = Mode::Help { scroll: 0 },
        ToggleDelimiters => {
            app.show_delimiters = !app.show_delimiters;
            app.info(if app.delimiters_visible() {
                "delimiters shown"
            } else {
                "delimiters hidden"
            });
        }
        ToggleGutter => app.show_gutter = !app.show_gutter,
        FileList | NextUndoneFile | CycleStatus | OpenFile | SuggestionNext | SuggestionPrev
        | AcceptSuggestion | RejectSuggestion | AcceptAllText | AcceptAllRole => {
            super::corpus::perform(app, s)
        }
        NextFile | PrevFile if app.session.is_some() => {
            super::corpus::step_file(app, s == NextFile)
        }
        NextFile | PrevFile => {
            let n = app.buffers.len();
            if n < 2 {
                app.info("only one file is open");
            } else {
                app.current = if s == NextFile {
                    (app.current + 1) % n
                } else {
                    (app.current + n - 1) % n
                };
                let (i, name) = (app.current + 1, app.buf().name.clone());
                app.info(format!("file {i}/{n}: {name}"));
            }
        }
    }
}

fn select_range(app: &mut App, r: Range<usize>) {
    let last = motion::prev_grapheme(&app.buf().doc, r.end).max(r.start);
    let v = app.view_mut();
    v.anchor = Some(r.start);
    v.cursor = last;
    v.selecting = true;
}

/// The innermost tag covering `pos`.
pub fn innermost_tag(app: &App, pos: usize) -> Option<usize> {
    app.buf().doc.covering(pos).last().copied()
}

fn clear_selection(app: &mut App) {
    let v = app.view_mut();
    v.anchor = None;
    v.selecting = false;
}

/// Applies splices made by `f` as one undo step, or shows why not.
fn commit(
    app: &mut App,
    splices: Result<Vec<Splice>, EditError>,
    cursor_after: usize,
    done: String,
) -> bool {
    match splices {
        Ok(s) if s.is_empty() => false,
        Ok(s) => {
            let before = app.view().cursor;
            app.buf_mut()
                .record(Change::Splices(s), before, cursor_after);
            move_to(app, cursor_after, false);
            app.info(done);
            true
        }
        Err(e) => {
            app.error(e.to_string());
            false
        }
    }
}

fn role_label(app: &App, role: RoleId) -> String {
    let r = app.scheme.role(role);
    format!("{} {}", r.name, r.zh)
}

/// A role key: retag the tag under the cursor, or tag the selection / the word.
fn tag_with(app: &mut App, role: RoleId) {
    let cur = app.view().cursor;
    let label = role_label(app, role);
    if let Some(sel) = app.selection() {
        clear_selection(app);
        let doc = &app.buf().doc;
        // A selection that is exactly a tag's range retags it.
        let same = doc
            .covering(sel.start)
            .into_iter()
            .rev()
            .find(|&i| doc.items()[i].range() == sel);
        let res = match same {
            Some(i) if doc.items()[i].role() == Some(role) => {
                app.info(format!("already {label}"));
                return;
            }
            Some(i) => app.buf_mut().doc.retag(i, role).map(|s| vec![s]),
            None => app
                .buf_mut()
                .doc
                .tag(role, sel.start, sel.end)
                .map(|s| vec![s]),
        };
        let text = app.buf().doc.text.slice(sel.clone()).to_string();
        if commit(app, res, sel.start, format!("tagged “{text}” as {label}")) {
            app.learn(&text, role);
        }
        return;
    }
    let doc = &app.buf().doc;
    let word = motion::word_at(doc, cur);
    let tag = innermost_tag(app, cur);
    let nest_word = match (&word, tag) {
        (Some(w), Some(t)) => {
            let tr = doc.items()[t].range();
            tr.start <= w.start && w.end <= tr.end && tr != *w
        }
        (Some(_), None) => true,
        _ => false,
    };
    if nest_word {
        let w = word.expect("checked");
        let text = doc.text.slice(w.clone()).to_string();
        let res = app.buf_mut().doc.tag(role, w.start, w.end).map(|s| vec![s]);
        if commit(app, res, w.start, format!("tagged “{text}” as {label}")) {
            app.learn(&text, role);
        }
    } else if let Some(t) = tag {
        let it = app.buf().doc.items()[t];
        if it.role() == Some(role) {
            app.info(format!("already {label}"));
            return;
        }
        let res = app.buf_mut().doc.retag(t, role).map(|s| vec![s]);
        commit(app, res, cur, format!("retagged as {label}"));
    } else {
        app.error("nothing to tag here: no word under the cursor (select with v)");
    }
}

fn untag(app: &mut App) {
    let cur = app.view().cursor;
    let target = match app.selection() {
        Some(sel) => {
            let doc = &app.buf().doc;
            doc.covering(sel.start)
                .into_iter()
                .rev()
                .find(|&i| doc.items()[i].range() == sel)
        }
        None => innermost_tag(app, cur),
    };
    match target {
        Some(i) => {
            clear_selection(app);
            let res = app.buf_mut().doc.untag(i).map(|s| vec![s]);
            commit(app, res, cur, "tag removed".into());
        }
        None => {
            // No tag: a note at the cursor goes instead.
            let doc = &app.buf().doc;
            let first = doc.first_item_at_or_after(cur);
            let note = doc.items()[first..]
                .iter()
                .take_while(|it| it.start as usize == cur)
                .position(|it| it.is_note())
                .map(|k| first + k);
            match note {
                Some(i) => {
                    let res = app.buf_mut().doc.set_note(i, "").map(|s| vec![s]);
                    commit(app, res, cur, "note removed".into());
                }
                None => app.error("no tag or note under the cursor"),
            }
        }
    }
}

/// Grows or shrinks the innermost tag under the cursor by a grapheme or a word.
fn resize(app: &mut App, s: Simple) {
    use Simple::*;
    let cur = app.view().cursor;
    let Some(i) = innermost_tag(app, cur) else {
        app.error("no tag under the cursor");
        return;
    };
    let doc = &app.buf().doc;
    let it = doc.items()[i];
    let role = it.role().expect("a tag");
    let (a, b) = (it.start as usize, it.end as usize);
    let (na, nb) = match s {
        GrowStart => (motion::prev_grapheme(doc, a), b),
        ShrinkStart => (motion::next_grapheme(doc, a), b),
        GrowEnd => (a, motion::next_grapheme(doc, b)),
        ShrinkEnd => (a, motion::prev_grapheme(doc, b)),
        GrowStartWord => (motion::word_prev(doc, a), b),
        ShrinkStartWord => (motion::word_next(doc, a).min(b), b),
        GrowEndWord => {
            let e = motion::word_end(doc, b);
            (a, motion::next_grapheme(doc, e).max(b))
        }
        ShrinkEndWord => (a, motion::word_prev(doc, b).max(a)),
        _ => return,
    };
    if na >= nb {
        app.error("a tag cannot shrink to nothing (x removes it)");
        return;
    }
    if (na, nb) == (a, b) {
        app.info("the tag is already there");
        return;
    }
    let buf = app.buf_mut();
    let res = buf
        .doc
        .untag(i)
        .and_then(|first| match buf.doc.tag(role, na, nb) {
            Ok(second) => Ok(vec![first, second]),
            Err(e) => {
                first.revert(&mut buf.doc);
                Err(e)
            }
        });
    let cursor = cur.clamp(na, nb.saturating_sub(1).max(na));
    commit(app, res, cursor, "tag boundary moved".into());
}

fn start_note(app: &mut App) {
    let cur = app.view().cursor;
    let doc = &app.buf().doc;
    let first = doc.first_item_at_or_after(cur);
    let existing = doc.items()[first..]
        .iter()
        .take_while(|it| it.start as usize == cur)
        .position(|it| it.is_note())
        .map(|k| first + k);
    let text = existing
        .map(|i| doc.note_text(&doc.items()[i]).to_string())
        .unwrap_or_default();
    app.mode = Mode::Prompt(Prompt::new(
        PromptKind::Note {
            pos: cur,
            item: existing,
        },
        &text,
    ));
}

pub fn finish_note(app: &mut App, pos: usize, item: Option<usize>, text: &str) {
    let res = match item {
        Some(i) => app.buf_mut().doc.set_note(i, text),
        None if text.is_empty() => {
            app.info("empty note: nothing added");
            return;
        }
        None => app.buf_mut().doc.add_note(pos, text),
    };
    let done = if text.is_empty() {
        "note removed"
    } else {
        "note saved"
    };
    commit(app, res.map(|s| vec![s]), pos, done.into());
}

fn jump_tag(app: &mut App, forward: bool, role: Option<&RoleRef>) {
    let role = match role {
        Some(r) => match r.resolve(&app.scheme) {
            Some(id) => Some(id),
            None => {
                app.error("this scheme has no such role");
                return;
            }
        },
        None => None,
    };
    let cur = app.view().cursor;
    let doc = &app.buf().doc;
    let ok = |it: &crate::markup::Item| !it.is_note() && (role.is_none() || it.role() == role);
    let found = if forward {
        let from = doc.first_item_at_or_after(cur + 1);
        doc.items()[from..]
            .iter()
            .find(|it| ok(it))
            .map(|it| it.start as usize)
    } else {
        let to = doc.first_item_at_or_after(cur);
        doc.items()[..to]
            .iter()
            .rev()
            .find(|it| ok(it))
            .map(|it| it.start as usize)
    };
    match found {
        Some(p) => move_to(app, p, false),
        None => app.info(if forward {
            "no more tags after the cursor"
        } else {
            "no tags before the cursor"
        }),
    }
}

fn jump_diagnostic(app: &mut App, forward: bool) {
    let cur = app.view().cursor;
    let diags = &app.buf().doc.diagnostics;
    let found = if forward {
        diags.iter().find(|d| d.offset > cur)
    } else {
        diags.iter().rev().find(|d| d.offset < cur)
    };
    match found {
        Some(d) => {
            let (pos, msg) = (
                d.offset,
                format!("{}:{}: {}: {}", d.line, d.column, d.severity, d.message),
            );
            move_to(app, pos, false);
            app.info(msg);
        }
        None => app.info("no more diagnostics that way"),
    }
}

/// Applies the fix of the diagnostic nearest the cursor on its line (a text change, undoable).
fn apply_fix(app: &mut App) {
    let cur = app.view().cursor;
    let doc = &app.buf().doc;
    let line = doc.text.char_to_line(cur.min(doc.text.len_chars())) + 1;
    // Fixes carry byte offsets into the file as written now: derive them afresh from the markup
    // of the whole document (a rare action, so O(file) is fine).
    let before = serialize_unchecked(doc);
    let fresh = parse(&before, &app.scheme);
    let Some(d) = fresh
        .diagnostics
        .iter()
        .filter(|d| d.line == line && d.fix.is_some())
        .min_by_key(|d| d.offset.abs_diff(cur))
    else {
        app.error("no fix offered on this line");
        return;
    };
    let fix = d.fix.clone().expect("filtered");
    let (after, _) = apply_fixes(&before, [&fix]);
    let new_doc = parse(&after, &app.scheme);
    app.buf_mut().doc.replace_with(new_doc);
    app.buf_mut()
        .record(Change::Rewrite { before, after }, cur, cur);
    app.info(format!("fixed: {}", fix.label));
}

pub fn goto_line(app: &mut App, n: usize) {
    let doc = &app.buf().doc;
    let lines = doc.text.len_lines();
    let line = n.clamp(1, lines) - 1;
    let pos = doc.text.line_to_char(line);
    move_to(app, pos, false);
}

pub fn start_search(app: &mut App, pattern: &str, regex: bool) {
    if pattern.is_empty() {
        app.info("empty search");
        return;
    }
    let source = if regex {
        pattern.to_string()
    } else {
        regex::escape(pattern)
    };
    match regex::Regex::new(&source) {
        Ok(re) => {
            app.search = Some(super::Search {
                pattern: pattern.to_string(),
                regex,
                re,
            });
            search_step(app, true);
        }
        Err(e) => app.error(format!("bad regular expression: {e}")),
    }
}

/// All matches as char ranges (non-empty ones).
fn matches(app: &App) -> Vec<Range<usize>> {
    let Some(s) = &app.search else { return vec![] };
    let text = app.searchable_text();
    let rope = &app.buf().doc.text;
    s.re.find_iter(&text)
        .filter(|m| !m.is_empty())
        .map(|m| rope.byte_to_char(m.start())..rope.byte_to_char(m.end()))
        .collect()
}

/// Below this size every `n` also says which match of how many it is; above it, counting all
/// matches would cost more than the jump itself.
const COUNT_MATCHES_UP_TO: usize = 8 << 20;

/// Jumps to the next (previous) match, searching outward from the cursor: O(distance to the
/// match), not O(file).
fn search_step(app: &mut App, forward: bool) {
    let Some(s) = &app.search else {
        app.info("no search yet (/ starts one)");
        return;
    };
    let (pattern, re) = (s.pattern.clone(), s.re.clone());
    let text = app.searchable_text();
    let rope = &app.buf().doc.text;
    let cur = app.view().cursor.min(rope.len_chars());
    let cur_byte = rope.char_to_byte(cur);
    let non_empty = |m: &regex::Match| !m.is_empty();
    let (found, wrapped) = if forward {
        let from = rope.char_to_byte((cur + 1).min(rope.len_chars()));
        match re.find_iter(&text[from..]).find(non_empty) {
            Some(m) => (Some(from + m.start()), false),
            None => (re.find_iter(&text).find(non_empty).map(|m| m.start()), true),
        }
    } else {
        // Widening windows before the cursor; the last match starting before it wins.
        let mut window = 4096usize;
        let found = loop {
            let lo_char = rope.byte_to_char(cur_byte.saturating_sub(window));
            let lo = rope.char_to_byte(lo_char);
            let last = re
                .find_iter(&text[lo..])
                .filter(non_empty)
                .map(|m| lo + m.start())
                .take_while(|&b| b < cur_byte)
                .last();
            if last.is_some() || lo == 0 {
                break last;
            }
            window *= 4;
        };
        match found {
            Some(b) => (Some(b), false),
            None => (
                re.find_iter(&text)
                    .filter(non_empty)
                    .last()
                    .map(|m| m.start()),
                true,
            ),
        }
    };
    let Some(byte) = found else {
        app.error(format!("not found: {pattern}"));
        return;
    };
    let pos = rope.byte_to_char(byte);
    let count = (text.len() <= COUNT_MATCHES_UP_TO).then(|| {
        let all: Vec<usize> = re
            .find_iter(&text)
            .filter(non_empty)
            .map(|m| m.start())
            .collect();
        (all.partition_point(|&b| b < byte) + 1, all.len())
    });
    move_to(app, pos, false);
    let wrap = if wrapped { " (wrapped)" } else { "" };
    match count {
        Some((i, n)) => app.info(format!("match {i}/{n} for {pattern}{wrap}")),
        None => app.info(format!("match for {pattern}{wrap}")),
    }
}

/// Matches that no tag already has exactly.
fn untagged_matches(app: &App) -> Vec<Range<usize>> {
    let doc = &app.buf().doc;
    matches(app)
        .into_iter()
        .filter(|m| {
            doc.covering(m.start)
                .into_iter()
                .all(|i| doc.items()[i].range() != *m)
        })
        .collect()
}

fn tag_all_prompt(app: &mut App) {
    if app.search.is_none() {
        app.error("search first (/), then tag every match");
        return;
    }
    let m = untagged_matches(app);
    if m.is_empty() {
        app.info("no untagged matches");
        return;
    }
    app.info(format!(
        "{} untagged matches of “{}”: press a role key to tag them all (one undo step), Esc cancels",
        m.len(),
        app.search.as_ref().map(|s| s.pattern.as_str()).unwrap_or("")
    ));
    app.mode = Mode::PickRole { matches: m };
}

pub fn tag_all(app: &mut App, matches: &[Range<usize>], role: RoleId) {
    let mut splices = Vec::new();
    let mut refused = 0;
    for m in matches {
        match app.buf_mut().doc.tag(role, m.start, m.end) {
            Ok(s) => splices.push(s),
            Err(_) => refused += 1,
        }
    }
    let n = splices.len();
    let label = role_label(app, role);
    let cur = app.view().cursor;
    commit(
        app,
        Ok(splices),
        cur,
        format!("tagged {n} matches as {label}; {refused} refused (crossing or unreadable)"),
    );
    if n == 0 {
        app.error(format!("no match could be tagged ({refused} refused)"));
    }
}

impl App {
    /// Saves the current buffer; asks for a name when it has none. True when saved.
    pub fn save(&mut self) -> bool {
        match self.buf().path.clone() {
            Some(p) => self.save_to(p),
            None => {
                self.mode = Mode::Prompt(Prompt::new(PromptKind::SaveAs, ""));
                false
            }
        }
    }

    /// Writes the current buffer to `path` (atomically) and makes it the buffer's file.
    pub fn save_to(&mut self, path: PathBuf) -> bool {
        if let Some(why) = self.buf().read_only.clone()
            && self.buf().path.as_deref() == Some(path.as_path())
        {
            self.error(format!(
                "read-only: {why} — not saved; :takeover, or :w OTHER_PATH"
            ));
            return false;
        }
        if !self.check_disk_before_save(&path) {
            return false;
        }
        let Some(bytes) = self.checked_bytes() else {
            return false;
        };
        match crate::store::write_atomic(&path, &bytes) {
            Ok(()) => {
                let name = path.display().to_string();
                let buf = self.buf_mut();
                buf.disk = Some(crate::store::DiskStamp::of(&path, &bytes));
                buf.path = Some(path);
                buf.name = name.clone();
                buf.mark_saved();
                self.info(format!("saved {name} ({} bytes)", bytes.len()));
                true
            }
            Err(e) => {
                self.error(format!(
                    "NOT saved: {}: {e} — your changes are still here; try :w OTHER_PATH",
                    path.display()
                ));
                false
            }
        }
    }

    /// The buffer as bytes to write: markup checked by reading it back, in the file's encoding.
    /// On refusal the reason is shown and `None` returned.
    fn checked_bytes(&mut self) -> Option<Vec<u8>> {
        match self.buf().markup() {
            Ok(m) => Some(self.buf().encoding.encode(&m)),
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    /// `:w PATH`: writes a copy; the buffer stays on its own file (and stays modified).
    pub fn write_copy(&mut self, path: PathBuf) -> bool {
        if self.buf().path.as_deref() == Some(path.as_path()) {
            return self.save();
        }
        let Some(bytes) = self.checked_bytes() else {
            return false;
        };
        match crate::store::write_atomic(&path, &bytes) {
            Ok(()) => {
                self.info(format!(
                    "wrote a copy to {} ({} bytes)",
                    path.display(),
                    bytes.len()
                ));
                true
            }
            Err(e) => {
                self.error(format!("NOT written: {}: {e}", path.display()));
                false
            }
        }
    }

    /// Saves every modified buffer; true when all are saved.
    pub fn save_all(&mut self) -> bool {
        let keep = self.current;
        let mut ok = true;
        for i in 0..self.buffers.len() {
            if self.buffers[i].is_modified() {
                self.current = i;
                ok &= self.save();
                if !ok {
                    return false;
                }
            }
        }
        self.current = keep;
        ok
    }

    /// Quits, or asks first when anything is unsaved.
    pub fn quit_request(&mut self, _from_key: bool) {
        let unsaved: Vec<String> = self
            .buffers
            .iter()
            .filter(|b| b.is_modified())
            .map(|b| b.name.clone())
            .collect();
        if unsaved.is_empty() {
            self.should_quit = true;
        } else {
            self.mode = Mode::ConfirmQuit;
            self.info(format!(
                "unsaved changes in {}: save before quitting? (y)es (n)o, any other key cancels",
                unsaved.join(", ")
            ));
        }
    }
}
