//! Search: literal or regular expression, next/previous match outward from the cursor, and the
//! untagged matches that "tag every match" offers.

use super::navigate::move_to;
use super::{App, Mode};
use crate::doc::find;
use crate::keymap::Simple;
use std::ops::Range;

pub(super) fn start_search(app: &mut App, pattern: &str, regex: bool) {
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

/// The non-empty matches of `re` in `line` that start at byte `from` or later (the line before
/// it still counts for `\b` and `^`), as byte ranges.
pub(super) fn line_matches(re: &regex::Regex, line: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = from;
    while at <= line.len() {
        let Some(m) = re.find_at(line, at) else { break };
        if m.is_empty() {
            // Step over the character after an empty match.
            at = m.end() + line[m.end()..].chars().next().map_or(1, char::len_utf8);
        } else {
            out.push(m.range());
            at = m.end();
        }
    }
    out
}

/// All matches as char ranges (non-empty ones; a match lies within a line, as a tag does).
pub(super) fn matches(app: &App) -> Vec<Range<usize>> {
    let Some(s) = &app.search else { return vec![] };
    find::all(&app.buf().doc.text, &|line, from| {
        line_matches(&s.re, line, from)
    })
}

/// Below this size every `n` also says which match of how many it is; above it, counting all
/// matches would cost more than the jump itself.
pub(super) const COUNT_MATCHES_UP_TO: usize = 8 << 20;

/// Jumps to the next (previous) match, searching outward from the cursor line by line, in the
/// document's own text: O(distance to the match), not O(file), and no copy of the file.
pub(super) fn search_step(app: &mut App, forward: bool) {
    let Some(s) = &app.search else {
        let key = app.key(Simple::Search);
        app.info(format!("no search yet ({key} starts one)"));
        return;
    };
    let (pattern, re) = (s.pattern.clone(), s.re.clone());
    let rope = &app.buf().doc.text;
    let cur = app.view().cursor.min(rope.len_chars());
    let find = |line: &str, from: usize| line_matches(&re, line, from);
    let found = if forward {
        find::first_after(rope, (cur + 1).min(rope.len_chars()), &find, &mut |_| true)
    } else {
        find::last_before(rope, cur, &find)
    };
    let Some((m, wrapped)) = found else {
        app.error(format!("not found: {pattern}"));
        return;
    };
    let pos = m.start;
    // While the file's end is still being parsed, the loaded part's count is not the file's.
    let count = (!app.is_loading() && rope.len_bytes() <= COUNT_MATCHES_UP_TO).then(|| {
        let all = find::all(rope, &find);
        (all.partition_point(|r| r.start < pos) + 1, all.len())
    });
    move_to(app, pos, false);
    let wrap = if wrapped { " (wrapped)" } else { "" };
    match count {
        Some((i, n)) => app.info(format!("match {i}/{n} for {pattern}{wrap}")),
        None => app.info(format!("match for {pattern}{wrap}")),
    }
}

/// Matches that no tag already has exactly.
pub(super) fn untagged_matches(app: &App) -> Vec<Range<usize>> {
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

pub(super) fn tag_all_prompt(app: &mut App) {
    if app.search.is_none() {
        let key = app.key(Simple::Search);
        app.error(format!("search first ({key}), then tag every match"));
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
    app.mode = Mode::PickRole {
        matches: m,
        list: false,
    };
}
