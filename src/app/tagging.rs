//! Tagging: role keys, untag, resizing a tag, notes, fixes, tag every match. Every change goes
//! through `Buffer::apply` (or `rewrite`) as one undo step.

use super::navigate::{clear_selection, innermost_tag, move_to};
use super::{App, Mode, Prompt, PromptKind};
use crate::doc::{Edit, OnRefusal};
use crate::keymap::{CursorAfterTag, Simple};
use crate::markup::{apply_fixes, parse, serialize_unchecked};
use crate::motion;
use crate::scheme::{Extent, RoleId};
use std::ops::Range;

/// Applies `edits` to the current buffer as one undo step (all or nothing), moves the cursor and
/// says `done`; or shows why not. True when applied.
pub(super) fn commit(app: &mut App, edits: &[Edit], cursor_after: usize, done: String) -> bool {
    let before = app.view().cursor;
    match app
        .buf_mut()
        .apply(edits, OnRefusal::RollBack, before, cursor_after)
    {
        Ok((0, _)) => false,
        Ok(_) => {
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

pub(super) fn role_label(app: &App, role: RoleId) -> String {
    let r = app.scheme.role(role);
    format!("{} {}", r.name, r.zh)
}

/// A role key: tag the selection (resizing a same-role tag it overlaps), else retag the tag under
/// the cursor, else tag the word under the cursor.
pub(super) fn tag_with(app: &mut App, role: RoleId) {
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
        let text = doc.text.slice(sel.clone()).to_string();
        let edits = match same {
            Some(i) if doc.items()[i].role() == Some(role) => {
                app.info(format!("already {label}"));
                return;
            }
            Some(item) => vec![Edit::Retag { item, role }],
            None => match same_role_overlap(app, &sel, role) {
                // Never a same-role tag inside a same-role tag: the selection is its new extent.
                Some(item) => vec![
                    Edit::Untag { item },
                    Edit::Tag {
                        role,
                        start: sel.start,
                        end: sel.end,
                    },
                ],
                None => vec![Edit::Tag {
                    role,
                    start: sel.start,
                    end: sel.end,
                }],
            },
        };
        let resized = edits.len() == 2;
        let done = if resized {
            format!("{label} tag is now “{text}”")
        } else {
            format!("tagged “{text}” as {label}")
        };
        if commit(app, &edits, after_tag(app, &sel), done) {
            app.remember_tagging(&text, role);
            app.learn(&text, role);
        }
        return;
    }
    // On a tag (whatever its length in words): change its role.
    if let Some(t) = innermost_tag(app, cur) {
        let it = app.buf().doc.items()[t];
        if it.role() == Some(role) {
            app.info(format!("already {label}"));
            return;
        }
        commit(
            app,
            &[Edit::Retag { item: t, role }],
            cur,
            format!("retagged as {label}"),
        );
        return;
    }
    match untagged_target(app, role, cur) {
        Some(w) => {
            let doc = &app.buf().doc;
            let text = doc.text.slice(w.clone()).to_string();
            let edit = Edit::Tag {
                role,
                start: w.start,
                end: w.end,
            };
            let done = format!("tagged “{text}” as {label}");
            if commit(app, &[edit], after_tag(app, &w), done) {
                app.remember_tagging(&text, role);
                app.learn(&text, role);
            }
        }
        None => {
            let select = app.key(Simple::SelectToggle);
            app.error(format!(
                "nothing to tag here: no word under the cursor or after it (select with {select})"
            ));
        }
    }
}

/// What `role`'s key tags from `cur` with nothing selected, off any tag: from `tag_start` the
/// suggestion shown starting there (what is highlighted is what the key tags), else the word
/// there, or to the phrase end for a phrase role (`scheme::Extent`).
pub fn untagged_target(app: &App, role: RoleId, cur: usize) -> Option<Range<usize>> {
    let doc = &app.buf().doc;
    let start = tag_start(app, cur)?;
    // A suggestion shown from there: its span, whatever role it suggests.
    if let Some(x) = app.suggestion_at(start).filter(|x| x.range.start == start) {
        return Some(x.range);
    }
    match app.scheme.role(role).extent {
        Extent::Word => motion::word_at(doc, start),
        Extent::Phrase => crate::phrase::phrase_from(doc, start, &app.scheme.lead_in),
    }
}

/// Selects what a count before a role key tags (`3d`, `tagging::counted_target`). False
/// (nothing selected) when there is no word to start from.
pub(super) fn select_words(app: &mut App, n: usize) -> bool {
    match counted_target(app, app.view().cursor, n) {
        Some(r) => {
            super::navigate::select_range(app, r);
            true
        }
        None => false,
    }
}

/// What a count before a role key tags from `cur` (`3d`): `n` words (`motion::words_from`)
/// from `tag_start`, or from the cursor on a tag (resizing it).
pub fn counted_target(app: &App, cur: usize, n: usize) -> Option<Range<usize>> {
    let from = tag_start(app, cur).unwrap_or(cur);
    motion::words_from(&app.buf().doc, from, n)
}

/// Where a tag made by a role key without a selection starts (bare or with a count), off any
/// tag: the word under the cursor, or on punctuation or a blank (where the cursor lands after
/// tagging a list item) the next word on the line if no tag holds it; then past the scheme's
/// lead-in words (`您的`, `会`), so the cursor left after one tag is where the next one starts.
pub(super) fn tag_start(app: &App, cur: usize) -> Option<usize> {
    let doc = &app.buf().doc;
    if !doc.covering(cur).is_empty() {
        return None;
    }
    let start = match motion::word_at(doc, cur) {
        Some(w) => w.start,
        None => {
            let next = motion::word_next(doc, cur);
            let line_end = doc.line_range_of(cur).end;
            (next < line_end && doc.covering(next).is_empty()).then_some(next)?
        }
    };
    Some(crate::phrase::skip_lead_in(doc, start, &app.scheme.lead_in))
}

/// Where the cursor goes after tagging `range`: the first char after it (so the next motion
/// starts on untagged text), or its start, as the options say.
pub(super) fn after_tag(app: &App, range: &Range<usize>) -> usize {
    match app.keymap.options.cursor_after_tag {
        CursorAfterTag::Next => range.end,
        CursorAfterTag::Start => range.start,
    }
}

/// The innermost tag of `role` that `sel` overlaps (starts, ends inside or contains it).
fn same_role_overlap(app: &App, sel: &Range<usize>, role: RoleId) -> Option<usize> {
    let doc = &app.buf().doc;
    let is_role = |i: &usize| doc.items()[*i].role() == Some(role);
    let last = sel.end.saturating_sub(1).max(sel.start);
    if let Some(i) = doc.covering(sel.start).into_iter().rev().find(is_role) {
        return Some(i);
    }
    if let Some(i) = doc.covering(last).into_iter().rev().find(is_role) {
        return Some(i);
    }
    let first = doc.first_item_at_or_after(sel.start);
    doc.items()[first..]
        .iter()
        .take_while(|it| (it.start as usize) < sel.end)
        .position(|it| it.role() == Some(role) && (it.end as usize) <= sel.end)
        .map(|k| first + k)
}

pub(super) fn untag(app: &mut App) {
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
            commit(app, &[Edit::Untag { item: i }], cur, "tag removed".into());
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
                    let edit = Edit::SetNote {
                        item: i,
                        text: String::new(),
                    };
                    commit(app, &[edit], cur, "note removed".into());
                }
                None => app.error("no tag or note under the cursor"),
            }
        }
    }
}

/// Grows or shrinks the innermost tag under the cursor by a grapheme or a word.
/// The innermost tag (not a note) that ends exactly at `pos`.
fn tag_ending_at(app: &App, pos: usize) -> Option<usize> {
    let pos = pos.checked_sub(1)?;
    let doc = &app.buf().doc;
    doc.covering(pos)
        .into_iter()
        .rev()
        .find(|&i| !doc.items()[i].is_note() && doc.items()[i].end as usize == pos + 1)
}

pub(super) fn resize(app: &mut App, s: Simple) {
    use Simple::*;
    let cur = app.view().cursor;
    // Right after tagging the cursor has left the tag (it waits after it): the tag that ends
    // at the cursor is the one to resize, so a tag just made is fixed without stepping back.
    let Some(i) = innermost_tag(app, cur).or_else(|| tag_ending_at(app, cur)) else {
        app.error("no tag under the cursor or just before it");
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
        let untag = app.key(Simple::Untag);
        app.error(format!(
            "a tag cannot shrink to nothing ({untag} removes it)"
        ));
        return;
    }
    if (na, nb) == (a, b) {
        app.info("the tag is already there");
        return;
    }
    // Untag and tag again as one step: if the new range is refused, the old tag comes back.
    let edits = [
        Edit::Untag { item: i },
        Edit::Tag {
            role,
            start: na,
            end: nb,
        },
    ];
    let cursor = cur.clamp(na, nb.saturating_sub(1).max(na));
    commit(app, &edits, cursor, "tag boundary moved".into());
}

pub(super) fn start_note(app: &mut App) {
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

pub(super) fn finish_note(app: &mut App, pos: usize, item: Option<usize>, text: &str) {
    let edit = match item {
        Some(i) => Edit::SetNote {
            item: i,
            text: text.to_string(),
        },
        None if text.is_empty() => {
            app.info("empty note: nothing added");
            return;
        }
        None => Edit::AddNote {
            pos,
            text: text.to_string(),
        },
    };
    let done = if text.is_empty() {
        "note removed"
    } else {
        "note saved"
    };
    commit(app, &[edit], pos, done.into());
}

/// Applies the fix of the diagnostic nearest the cursor on its line (a text change, undoable).
pub(super) fn apply_fix(app: &mut App) {
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
    if !fix.safe {
        // Annotation never edits the text: a fix that would is applied only when confirmed.
        app.info(format!(
            "this fix CHANGES THE POLICY TEXT ({}): y applies it, any other key cancels",
            fix.label
        ));
        app.mode = Mode::ConfirmFix { fix };
        return;
    }
    apply_confirmed_fix(app, &fix);
}

/// Applies `fix` to the whole markup as one undo step.
fn apply_confirmed_fix(app: &mut App, fix: &crate::markup::Fix) {
    let cur = app.view().cursor;
    let before = serialize_unchecked(&app.buf().doc);
    let (after, _) = apply_fixes(&before, [fix]);
    app.buf_mut().rewrite(after, cur, cur);
    app.info(format!("fixed: {}", fix.label));
}

/// The answer to "this fix changes the policy text".
pub(super) fn confirm_fix_key(app: &mut App, fix: crate::markup::Fix, key: &crate::keymap::Key) {
    app.mode = Mode::Normal;
    if key.code == crate::keymap::Code::Char('y') {
        apply_confirmed_fix(app, &fix);
    } else {
        app.info("fix cancelled: the text is unchanged");
    }
}

/// Tags each range with its role as one undo step, leaving out those that would cross a tag or
/// not read back; returns how many were tagged and how many refused.
pub(super) fn tag_ranges(
    app: &mut App,
    ranges: impl IntoIterator<Item = (Range<usize>, RoleId)>,
) -> (usize, usize) {
    let edits: Vec<Edit> = ranges
        .into_iter()
        .map(|(r, role)| Edit::Tag {
            role,
            start: r.start,
            end: r.end,
        })
        .collect();
    let cur = app.view().cursor;
    app.buf_mut()
        .apply(&edits, OnRefusal::Skip, cur, cur)
        .unwrap_or((0, edits.len()))
}

/// Tags every range with `role` as one undo step; ranges that would cross a tag are skipped.
/// A list's items (`list`) are tagging where the annotator reads: the cursor goes where a role
/// key leaves it after the last item, as after any tagging. Search matches are spread over the
/// file: the cursor stays.
pub(super) fn tag_all(app: &mut App, ranges: &[Range<usize>], role: RoleId, list: bool) {
    let cur = app.view().cursor;
    let (n, refused) = tag_ranges(app, ranges.iter().map(|m| (m.clone(), role)));
    let label = role_label(app, role);
    let what = if list { "items" } else { "matches" };
    if n > 0 {
        let to = match ranges.last() {
            Some(last) if list => after_tag(app, last),
            _ => cur,
        };
        move_to(app, to, false);
        let refused = match refused {
            0 => String::new(),
            r => format!("; {r} refused (crossing a tag)"),
        };
        app.info(format!("tagged {n} {what} as {label}{refused}"));
    }
    if n == 0 {
        let one = if list { "item" } else { "match" };
        app.error(format!("no {one} could be tagged ({refused} refused)"));
    }
}
