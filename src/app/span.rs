//! Editing a span in few keys: set a tag's start or end to the cursor, repeat the last tagging on
//! the next match of its text, and tag each item of a selected list. Every change is one undo
//! step through `tagging::commit` (list items through `tagging::tag_all`).

use super::navigate::{clear_selection, innermost_tag};
use super::tagging::{after_tag, commit, role_label};
use super::{App, Mode};
use crate::doc::Edit;
use crate::keymap::Simple;
use crate::motion;
use crate::scheme::RoleId;
use std::ops::Range;

/// Where a list splits into items (longest first: `以及` before `及`).
pub const LIST_SEPARATORS: &[&str] = &["以及", "、", "，", ",", "和", "及", "或", "/", "／"];

/// The tag whose start (`start`) or end moves to the cursor: the innermost one under the
/// cursor; else on the cursor's line the nearest tag after it (start) or before it (end).
fn tag_near(app: &App, cur: usize, start: bool) -> Option<usize> {
    if let Some(i) = innermost_tag(app, cur) {
        return Some(i);
    }
    let doc = &app.buf().doc;
    let line = doc.line_range_of(cur);
    let tags = |it: &&crate::markup::Item| !it.is_note();
    if start {
        let first = doc.first_item_at_or_after(cur);
        doc.items()[first..]
            .iter()
            .take_while(|it| (it.start as usize) < line.end)
            .position(|it| tags(&it))
            .map(|k| first + k)
    } else {
        let upto = doc.first_item_at_or_after(cur);
        (0..upto).rev().find(|&i| {
            let it = &doc.items()[i];
            !it.is_note() && it.start as usize >= line.start && it.end as usize <= cur
        })
    }
}

/// Moves the start (or the end) of the tag under or near the cursor to the cursor: the
/// keyboard form of dragging a boundary. The end includes the cursor's character.
pub(super) fn set_edge(app: &mut App, start: bool) {
    clear_selection(app);
    let cur = app.view().cursor;
    let Some(i) = tag_near(app, cur, start) else {
        app.error(if start {
            "no tag under the cursor or after it on this line"
        } else {
            "no tag under the cursor or before it on this line"
        });
        return;
    };
    let doc = &app.buf().doc;
    let it = doc.items()[i];
    let role = it.role().expect("a tag");
    let (a, b) = (it.start as usize, it.end as usize);
    let (na, nb) = if start {
        (cur, b)
    } else {
        (a, motion::next_grapheme(doc, cur))
    };
    if na >= nb {
        let untag = app.key(Simple::Untag);
        app.error(format!(
            "the tag would be empty: the cursor is on the wrong side ({untag} removes it)"
        ));
        return;
    }
    if (na, nb) == (a, b) {
        app.info("the tag is already there");
        return;
    }
    let text = doc.text.slice(na..nb).to_string();
    let edits = [
        Edit::Untag { item: i },
        Edit::Tag {
            role,
            start: na,
            end: nb,
        },
    ];
    let label = role_label(app, role);
    commit(app, &edits, cur, format!("{label} tag is now “{text}”"));
}

/// `.`: tags the next untagged match of the last tagged text, after the cursor (wrapping), with
/// the same role.
pub(super) fn repeat_tagging(app: &mut App) {
    let Some((text, role)) = app.last_tagging.clone() else {
        app.info("nothing to repeat yet: tag something first");
        return;
    };
    let rope = &app.buf().doc.text;
    let cur = app.view().cursor.min(rope.len_chars());
    let doc = &app.buf().doc;
    let mut untagged = |r: &Range<usize>| {
        !doc.covering(r.start)
            .iter()
            .any(|&i| doc.items()[i].range() == *r && doc.items()[i].role() == Some(role))
    };
    // A tag never spans lines: its text is looked for line by line, in the document's own text.
    let find = |line: &str, from: usize| {
        line[from..]
            .match_indices(text.as_str())
            .map(|(b, m)| from + b..from + b + m.len())
            .collect()
    };
    let Some((r, _)) = crate::doc::find::first_after(rope, cur, &find, &mut untagged) else {
        app.info(format!("no untagged “{text}” left in this file"));
        return;
    };
    let label = role_label(app, role);
    let edit = Edit::Tag {
        role,
        start: r.start,
        end: r.end,
    };
    let line = rope.char_to_line(r.start) + 1;
    if commit(
        app,
        &[edit],
        after_tag(app, &r),
        format!("tagged “{text}” as {label} (line {line})"),
    ) {
        app.learn(&text, role);
    }
}

/// The items of a list in `range`: split at `LIST_SEPARATORS`, edge white space and
/// punctuation trimmed, empty items dropped.
pub fn list_items(doc: &crate::markup::Document, range: Range<usize>) -> Vec<Range<usize>> {
    let chars: Vec<char> = doc.text.slice(range.clone()).chars().collect();
    let seps: Vec<Vec<char>> = LIST_SEPARATORS
        .iter()
        .map(|s| s.chars().collect())
        .collect();
    let mut items = Vec::new();
    let (mut i, mut item_start) = (0, 0);
    while i <= chars.len() {
        let sep = seps
            .iter()
            .find(|s| chars[i..].starts_with(s))
            .map(|s| s.len());
        if i == chars.len() || sep.is_some() {
            let (mut a, mut b) = (item_start, i);
            while a < b && crate::markup::is_edge_junk(chars[a]) {
                a += 1;
            }
            while b > a && crate::markup::is_edge_junk(chars[b - 1]) {
                b -= 1;
            }
            if a < b {
                items.push(range.start + a..range.start + b);
            }
            i += sep.unwrap_or(1);
            item_start = i;
        } else {
            i += 1;
        }
    }
    items
}

/// Splits the selection into list items and shows them; a role key then tags each (one step).
pub(super) fn tag_list_prompt(app: &mut App) {
    let Some(sel) = app.selection() else {
        let select = app.key(Simple::SelectToggle);
        app.error(format!(
            "select the list first ({select}), e.g. 姓名、性别和手机号码"
        ));
        return;
    };
    clear_selection(app);
    let items = list_items(&app.buf().doc, sel);
    if items.is_empty() {
        app.error("the selection holds no list items");
        return;
    }
    let rope = &app.buf().doc.text;
    let shown: Vec<String> = items
        .iter()
        .map(|r| rope.slice(r.clone()).to_string())
        .collect();
    app.info(format!(
        "{} items: {} — a role key tags each (one undo step), any other key cancels",
        items.len(),
        shown.join(" | ")
    ));
    app.mode = Mode::PickRole {
        matches: items,
        list: true,
    };
}

/// The last tagging `.` repeats.
impl App {
    pub(super) fn remember_tagging(&mut self, text: &str, role: RoleId) {
        self.last_tagging = Some((text.to_string(), role));
    }
}
