//! The cheapest key sequence for the next tag (or list of tags): Dijkstra on key counts.

use crate::app::App;
use crate::keystrokes::state::{
    Options, State, Step, Tag, jump_step, run, search_step, set_state, state, step, tags_of, typed,
};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;

/// How many keys past the cheapest single tag the search goes on looking for list tagging.
const LIST_SLACK: usize = 4;

/// The resize keys that move a tag's start (a char or a word, out or in), then its end.
const START_KEYS: [&str; 4] = ["H", "J", "<A-h>", "<A-j>"];
const END_KEYS: [&str; 4] = ["L", "K", "<A-l>", "<A-k>"];

/// `y` on a near miss, then the resize keys that fix it (the tag just made is the one they
/// act on): one key on an edge, two on one edge, or one on each.
fn near_miss_finals() -> Vec<Step> {
    let mut out = Vec::new();
    for k in START_KEYS.iter().chain(&END_KEYS) {
        out.push(step(&format!("y {k}")));
        out.push(step(&format!("y {k} {k}")));
    }
    for a in START_KEYS {
        for b in END_KEYS {
            out.push(step(&format!("y {a} {b}")));
        }
    }
    out
}

/// Where the resize keys of `script` (after its `y`) take the tag `r`, computed as the editor's
/// resize does: a trial is run only when it can give the tag (each run teaches and unteaches the
/// lexicon, which rebuilds its matcher: trying every pair everywhere made big files crawl).
fn resized(doc: &crate::markup::Document, r: Range<usize>, script: &str) -> Range<usize> {
    use crate::motion::{next_grapheme, prev_grapheme, word_end, word_next, word_prev};
    let (mut a, mut b) = (r.start, r.end);
    for k in script.split(' ').skip(1) {
        (a, b) = match k {
            "H" => (prev_grapheme(doc, a), b),
            "J" => (next_grapheme(doc, a), b),
            "L" => (a, next_grapheme(doc, b)),
            "K" => (a, prev_grapheme(doc, b)),
            "<A-h>" => (word_prev(doc, a), b),
            "<A-j>" => (word_next(doc, a).min(b), b),
            "<A-l>" => (a, next_grapheme(doc, word_end(doc, b)).max(b)),
            "<A-k>" => (a, word_prev(doc, b).max(a)),
            _ => (a, b),
        };
    }
    a..b
}

/// A way found to make the next tag: its keys in total, the tags it makes (more than one with
/// list tagging), the state its last step runs from, and that step.
struct Found {
    keys: usize,
    made: Vec<Tag>,
    from: State,
    last: Step,
}

impl Found {
    /// Fewer keys per tag made (compared without division).
    fn better_than(&self, other: &Found) -> bool {
        self.keys * other.made.len() < other.keys * self.made.len()
    }
}

/// The tags list tagging (`m` + the role key) makes from the selection `sel`, when they are
/// all reference tags of `tag`'s role still to make, the first being `tag`, and at least two.
fn list_tags(app: &App, sel: std::ops::Range<usize>, tag: Tag, todo: &[Tag]) -> Option<Vec<Tag>> {
    let items = crate::app::list_items(&app.buf().doc, sel);
    let made: Vec<Tag> = items.iter().map(|r| (r.start, r.end, tag.2)).collect();
    (made.len() >= 2 && made[0] == tag && made.iter().all(|t| todo.contains(t))).then_some(made)
}

/// The cheapest key sequence per tag made that turns the document's tags from `have` into
/// `have` + `tag` (+ more tags of `todo` with list tagging), starting in `start`; Dijkstra on key
/// counts over cursor/selection states. Returns the steps and the tags they make.
#[allow(clippy::too_many_arguments)]
pub(crate) fn cheapest(
    app: &mut App,
    start: &State,
    tag: Tag,
    have: &[Tag],
    todo: &[Tag],
    moves: &[Step],
    role_key: &Step,
    text: &[char],
    hay: &str,
    byte_of: &[usize],
    opts: &Options,
) -> Option<(Vec<Step>, Vec<Tag>)> {
    let with = |made: &[Tag]| {
        let mut w: Vec<Tag> = have.iter().chain(made).copied().collect();
        w.sort();
        w
    };
    let want = with(&[tag]);
    let (ts, te, _) = tag;
    let lo = start.cursor.min(ts).saturating_sub(40);
    let hi = start.cursor.max(te) + 40;
    let last = te.saturating_sub(1).max(ts);
    let mut extra: Vec<Step> = Vec::new();
    if !opts.before {
        if te < text.len() {
            extra.push(step(&format!("t {}", typed(text[te]))));
        }
        extra.push(step(&format!("r {}", typed(text[last]))));
        if te < text.len() {
            extra.push(step(&format!("2 t {}", typed(text[te]))));
        }
        for n in 2..=4 {
            for m in ["w", "e", "E", "D", "}"] {
                extra.push(step(&format!("{n} {m}")));
            }
        }
    }
    let saved_last = app.last_tagging.clone();
    let saved_search = app.search.clone();
    // A trial that tags teaches the lexicon; what it taught must not become a suggestion before
    // the annotator has made that tag (the real one teaches it when it is made).
    let saved_lexicon = app.file_lexicon.clone();
    let mut best: HashMap<State, usize> = HashMap::new();
    let mut prev: HashMap<State, (State, Step)> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let mut order = 0usize;
    let mut nodes: Vec<State> = vec![start.clone()];
    best.insert(start.clone(), 0);
    heap.push(Reverse((0usize, order, 0usize)));
    let mut found: Option<Found> = None;
    // The fewest keys of a way that makes this one tag: no longer sequence is worth expanding,
    // except by `slack` more keys towards list tagging when more tags of the role follow close
    // by (a list of k tags may take up to k times the keys of one and still be cheaper per tag).
    let mut bound = usize::MAX;
    let follows = todo
        .iter()
        .any(|t| t.2 == tag.2 && t.0 >= te && t.0 < te + 40);
    let slack = if follows && !opts.before && !opts.no_lists {
        LIST_SLACK
    } else {
        0
    };
    let list_key = step(&format!("m {}", role_key.script));
    let accept_all = step("Y y");
    let mut finals: Vec<Step> = vec![role_key.clone()];
    if !opts.before {
        finals.push(step("."));
        // Accepting the suggestion under the cursor (the file's own earlier tags teach them).
        finals.push(step("y"));
        // A count before the role key tags that many words.
        for n in 1..=9 {
            finals.push(step(&format!("{n} {}", role_key.script)));
        }
        finals.extend(near_miss_finals());
    }
    while let Some(Reverse((cost, _, idx))) = heap.pop() {
        if cost + 1 >= bound.saturating_add(slack) {
            break;
        }
        let s = nodes[idx].clone();
        if best.get(&s).is_some_and(|&c| c < cost) {
            continue;
        }
        // Past the bound only list tagging can do better.
        let only_lists = cost + 1 >= bound;
        // The suggestion under the cursor, looked up once a state (it is what `y`, its near
        // misses and `Y` act on).
        set_state(app, &s);
        let here = app.suggestion_at(s.cursor);
        // Does a final key produce exactly `want` from here?
        for f in finals.iter().filter(|_| !only_lists) {
            set_state(app, &s);
            // Run a final key only where it can give the tag: a role key on exactly its
            // selection or on its word, `.` after tagging the same text.
            let words = f
                .script
                .split_once(' ')
                .and_then(|(n, _)| n.parse::<usize>().ok());
            let plausible = if let Some(n) = words {
                app.selection().is_none()
                    && crate::app::counted_target(app, s.cursor, n) == Some(ts..te)
            } else if f.script == "y" {
                here.as_ref()
                    .is_some_and(|x| x.range == (ts..te) && x.role == tag.2)
            } else if f.script.starts_with("y ") {
                // A near miss: the suggestion under the cursor overlaps the tag, with its role.
                here.as_ref().is_some_and(|x| {
                    x.range != (ts..te)
                        && x.role == tag.2
                        && resized(&app.buf().doc, x.range.clone(), &f.script) == (ts..te)
                })
            } else if f.script == "." {
                app.last_tagging.as_ref().is_some_and(|(t, _)| {
                    t.chars().count() == te - ts && text[ts..te].iter().copied().eq(t.chars())
                })
            } else {
                match app.selection() {
                    Some(sel) => sel == (ts..te),
                    None => crate::app::untagged_target(app, tag.2, s.cursor) == Some(ts..te),
                }
            };
            if !plausible {
                continue;
            }
            let rev = app.buf().undo_depth();
            let taught = app.file_lexicon.taught();
            run(app, &f.keys);
            let ok = tags_of(&app.buf().doc) == want;
            // Undo every step the keys took (`y` and a resize are two).
            while app.buf().undo_depth() > rev {
                app.buf_mut().undo();
            }
            app.drop_lessons_above(rev);
            app.last_tagging = saved_last.clone();
            if app.file_lexicon.taught() != taught {
                app.file_lexicon = saved_lexicon.clone();
                // Never back to an old number: the cached matcher would look current.
                app.lexicon_version += 1;
            }
            let way = Found {
                keys: cost + f.keys.len(),
                made: vec![tag],
                from: s.clone(),
                last: f.clone(),
            };
            if ok {
                bound = bound.min(way.keys);
                if found.as_ref().is_none_or(|b| way.better_than(b)) {
                    found = Some(way);
                }
            }
        }
        // List tagging: `m` + the role key on a selection over several reference tags.
        set_state(app, &s);
        let list = match app.selection() {
            Some(sel) if !opts.before && !opts.no_lists => list_tags(app, sel, tag, todo),
            _ => None,
        };
        if let Some(made) = list {
            let rev = app.buf().undo_depth();
            run(app, &list_key.keys);
            let ok = tags_of(&app.buf().doc) == with(&made);
            // Undo every step the keys took (`y` and a resize are two).
            while app.buf().undo_depth() > rev {
                app.buf_mut().undo();
            }
            app.drop_lessons_above(rev);
            app.mode = crate::app::Mode::Normal;
            let way = Found {
                keys: cost + list_key.keys.len(),
                made,
                from: s.clone(),
                last: list_key.clone(),
            };
            if ok && found.as_ref().is_none_or(|b| way.better_than(b)) {
                found = Some(way);
            }
        }
        // `Y y`: every suggestion of the text under the cursor at once, when they are all
        // reference tags still to make, the first being this one.
        set_state(app, &s);
        if here
            .as_ref()
            .is_some_and(|x| x.range == (ts..te) && x.role == tag.2)
            && !opts.before
        {
            let rev = app.buf().undo_depth();
            let taught = app.file_lexicon.taught();
            run(app, &accept_all.keys);
            let now = tags_of(&app.buf().doc);
            let made: Vec<Tag> = now.iter().filter(|t| !have.contains(t)).copied().collect();
            // Undo every step the keys took (`y` and a resize are two).
            while app.buf().undo_depth() > rev {
                app.buf_mut().undo();
            }
            app.drop_lessons_above(rev);
            app.mode = crate::app::Mode::Normal;
            app.last_tagging = saved_last.clone();
            if app.file_lexicon.taught() != taught {
                app.file_lexicon = saved_lexicon.clone();
                app.lexicon_version += 1;
            }
            let ok = made.len() >= 2
                && made[0] == tag
                && made.iter().all(|t| todo.contains(t))
                && now.len() == have.len() + made.len();
            let way = Found {
                keys: cost + accept_all.keys.len(),
                made,
                from: s.clone(),
                last: accept_all.clone(),
            };
            if ok && found.as_ref().is_none_or(|b| way.better_than(b)) {
                found = Some(way);
            }
        }
        let mut next: Vec<Step> = moves.iter().chain(extra.iter()).cloned().collect();
        for target in [ts, last] {
            if let Some(st) = search_step(text, hay, byte_of, s.cursor, target) {
                next.push(st);
            }
        }
        if !opts.before && !opts.no_jump {
            // Labels on word starts (on word ends while selecting): onto the tag's edges.
            set_state(app, &s);
            for target in [ts, last] {
                if let Some(st) = jump_step(app, target) {
                    next.push(st);
                }
            }
        }
        for e in next {
            let c = cost + e.keys.len();
            if c + 1 >= bound.saturating_add(slack) {
                continue;
            }
            set_state(app, &s);
            run(app, &e.keys);
            if app.mode != crate::app::Mode::Normal {
                continue;
            }
            let n = state(app);
            // Only selections that start or end on the tag's edges can become it.
            let useful_anchor = n.anchor.is_none_or(|a| a == ts || a == last);
            if n.cursor < lo || n.cursor > hi || !useful_anchor {
                continue;
            }
            // Past the bound: only towards a list selection from the tag's start.
            if c + 1 >= bound && n.anchor != Some(ts) && n.cursor != ts {
                continue;
            }
            if best.get(&n).is_none_or(|&b| c < b) {
                best.insert(n.clone(), c);
                prev.insert(n.clone(), (s.clone(), e));
                order += 1;
                nodes.push(n);
                heap.push(Reverse((c, order, nodes.len() - 1)));
            }
        }
    }
    app.search = saved_search;
    app.last_tagging = saved_last;
    let Found {
        made, from, last, ..
    } = found?;
    let mut path = vec![last];
    let mut at = from;
    while let Some((p, e)) = prev.get(&at) {
        path.push(e.clone());
        at = p.clone();
    }
    path.reverse();
    Some((path, made))
}
