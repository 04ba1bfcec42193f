//! Search: literal or regular expression, next/previous match outward from the cursor, and the
//! untagged matches that "tag every match" offers.

use super::navigate::move_to;
use super::{App, Mode};
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

/// All matches as char ranges (non-empty ones).
pub(super) fn matches(app: &App) -> Vec<Range<usize>> {
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
pub(super) const COUNT_MATCHES_UP_TO: usize = 8 << 20;

/// Jumps to the next (previous) match, searching outward from the cursor: O(distance to the
/// match), not O(file).
pub(super) fn search_step(app: &mut App, forward: bool) {
    let Some(s) = &app.search else {
        let key = app.key(Simple::Search);
        app.info(format!("no search yet ({key} starts one)"));
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
    app.mode = Mode::PickRole { matches: m };
}
