//! Moving the cursor and the selection: the motions that need no screen layout, tag and
//! diagnostic jumps, go to line.

use super::App;
use crate::keymap::RoleRef;
use crate::motion;
use std::ops::Range;

/// Moves the cursor; extends the selection in selection mode, else drops it.
pub(super) fn move_to(app: &mut App, pos: usize, keep_goal: bool) {
    let len = app.buf().doc.content_end();
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
pub(super) fn select_to(app: &mut App, f: impl FnOnce(&mut App)) {
    let cur = app.view().cursor;
    if app.view().anchor.is_none() {
        app.view_mut().anchor = Some(cur);
    }
    let was = app.view().selecting;
    app.view_mut().selecting = true;
    f(app);
    app.view_mut().selecting = was;
}

pub(super) fn select_range(app: &mut App, r: Range<usize>) {
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

pub(super) fn clear_selection(app: &mut App) {
    let v = app.view_mut();
    v.anchor = None;
    v.selecting = false;
}

pub(super) fn jump_tag(app: &mut App, forward: bool, role: Option<&RoleRef>) {
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

pub(super) fn jump_diagnostic(app: &mut App, forward: bool) {
    let cur = app.view().cursor;
    let doc = &app.buf().doc;
    let diags = &doc.diagnostics;
    let found = if forward {
        diags.iter().find(|d| d.offset > cur)
    } else {
        diags.iter().rev().find(|d| d.offset < cur)
    };
    match found {
        Some(d) => {
            // A finding at a close delimiter has the offset just past its tag: land on the tag's
            // last char instead, so the resize keys reach the tag the message is about.
            let starts_here = doc
                .covering(d.offset)
                .iter()
                .any(|&i| doc.items()[i].start as usize == d.offset);
            let ends_here = d.offset > 0
                && doc
                    .covering(d.offset - 1)
                    .iter()
                    .any(|&i| !doc.items()[i].is_note() && doc.items()[i].end as usize == d.offset);
            let pos = if ends_here && !starts_here {
                motion::prev_grapheme(doc, d.offset)
            } else {
                d.offset
            };
            // The column the status line shows (text, no delimiters), then the file's.
            let col = pos - doc.line_range_of(pos).start + 1;
            let msg = format!(
                "{}:{col}: {}: {} (file column {})",
                d.line, d.severity, d.message, d.column
            );
            move_to(app, pos, false);
            app.info(msg);
        }
        None => app.info("no more diagnostics that way"),
    }
}

pub(super) fn goto_line(app: &mut App, n: usize) {
    let doc = &app.buf().doc;
    let line = n.clamp(1, doc.line_count()) - 1;
    let pos = doc.text.line_to_char(line);
    move_to(app, pos, false);
}

/// Starts a selection at the cursor unless one is on, so a one-step target motion selects.
fn ensure_selecting(app: &mut App) {
    let v = app.view_mut();
    if v.anchor.is_none() {
        v.anchor = Some(v.cursor);
    }
    v.selecting = true;
}

/// The Chinese punctuation an ASCII key stands for after `t`/`r` (what a Chinese input method
/// types for it), so `t,` reaches `，` and `t\` reaches `、` on a keyboard without one.
fn cjk_twin(c: char) -> Option<char> {
    match c {
        '.' => Some('。'),
        '\\' => Some('、'),
        ',' | ';' | ':' | '?' | '!' | '(' | ')' => crate::scheme::full_width(c),
        _ => None,
    }
}

/// Selects (or extends the selection) from the cursor to the `count`-th next `c` on the line:
/// onto it, or up to just before it (`till`). `c` comes like typed text, from an input method
/// too; an ASCII punctuation key also finds its Chinese twin (`cjk_twin`), whichever is first.
pub(super) fn find_char(app: &mut App, c: char, till: bool, count: usize) {
    let doc = &app.buf().doc;
    let cur = app.view().cursor;
    let line_end = doc.line_range_of(cur).end;
    let mut found = None;
    let mut from = cur + 1;
    for _ in 0..count.max(1) {
        let hit = (from < line_end)
            .then(|| {
                doc.text
                    .chars_at(from)
                    .take(line_end - from)
                    .position(|x| x == c || cjk_twin(c) == Some(x))
            })
            .flatten();
        match hit {
            Some(k) => {
                found = Some(from + k);
                from += k + 1;
            }
            None => break,
        }
    }
    let Some(at) = found else {
        app.error(format!("no “{c}” after the cursor on this line"));
        return;
    };
    let to = if till {
        motion::prev_grapheme(doc, at).max(cur)
    } else {
        at
    };
    ensure_selecting(app);
    move_to(app, to, false);
}

/// Selects (or extends the selection) to the end of the clause, its punctuation (and closing
/// quotes or blanks before it) left out; pressed again, to the end of the next clause.
pub(super) fn select_clause_end(app: &mut App) {
    select_to_stop(app, motion::is_clause_stop);
}

/// Selects (or extends the selection) to the end of the phrase (`crate::phrase::is_phrase_stop`): like
/// `select_clause_end`, but a list's `、` does not end it and it ends before `等` or a bracket,
/// so `姓名、性别和手机号码等` is one step, and a purpose clause with a list in it too.
pub(super) fn select_phrase_end(app: &mut App) {
    select_to_stop(app, crate::phrase::is_phrase_stop);
}

/// Selects (or extends) from the cursor to just before the first `stop` after it that has
/// text before it past the cursor (`motion::last_before_stop`).
fn select_to_stop(app: &mut App, stop: fn(char) -> bool) {
    let doc = &app.buf().doc;
    let mut cur = app.view().cursor;
    // Starting on punctuation or a blank (where tagging the clause before left the cursor),
    // the selection starts on the clause's first character, not on the comma.
    if app.view().anchor.is_none() {
        cur = motion::skip_edge_junk(doc, cur);
    }
    let to = motion::last_before_stop(doc, cur, stop);
    app.view_mut().cursor = cur;
    ensure_selecting(app);
    move_to(app, to, false);
}
