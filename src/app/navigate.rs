//! Moving the cursor and the selection: the motions that need no screen layout, tag and
//! diagnostic jumps, go to line.

use super::App;
use crate::keymap::RoleRef;
use crate::motion;
use std::ops::Range;

/// Moves the cursor; extends the selection in selection mode, else drops it.
pub(super) fn move_to(app: &mut App, pos: usize, keep_goal: bool) {
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

pub(super) fn goto_line(app: &mut App, n: usize) {
    let doc = &app.buf().doc;
    let lines = doc.text.len_lines();
    let line = n.clamp(1, lines) - 1;
    let pos = doc.text.line_to_char(line);
    move_to(app, pos, false);
}
