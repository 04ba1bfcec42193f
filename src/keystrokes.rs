//! The keystroke benchmark: how many keys an annotator needs, with the default keymap, to
//! reproduce a reference annotation tag by tag (`cargo run --release --example keystrokes`).
//!
//! For each reference markup file it opens the plain text in the editor (`App`, the same code
//! `--keys` runs) and, for each tag in order, from where the previous tag left the cursor, finds
//! the shortest key sequence that produces exactly that tag: a uniform-cost (breadth-first by
//! keys) search over cursor/selection states, each step one of the editor's own keys run through
//! `App::handle_key`; search is `/` + the fewest leading chars that reach the place + Enter.
//! Then the whole file's sequence is replayed as one `--keys` script on a fresh editor and the
//! result must equal the reference file, byte for byte. It prints keys per tag per role and
//! overall (target: ≤ 3.0 overall, ≤ 4 for data and purpose).
//!
//! `--before` restricts the search to the keys ptag had before issue 12 (no counts, `t`/`r`,
//! `E`, `I`/`A`, `.`, no count before a role key) and puts the cursor back on the tag's start
//! after tagging, as it did then.

use crate::app::App;
use crate::color::ColorDepth;
use crate::doc::{Buffer, Edit, OnRefusal};
use crate::keymap::{CursorAfterTag, Key, Keymap, parse_key_script};
use crate::markup::{Document, parse, serialize_unchecked};
use crate::scheme::Scheme;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

/// How the benchmark runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Only the keys ptag had before issue 12, and the cursor back on the tag's start.
    pub before: bool,
    /// The screen (rows matter to `j`/`k`).
    pub size: (u16, u16),
    /// Leave list tagging (`m` + a role key) out of the search.
    pub no_lists: bool,
}

/// Where the cursor and selection are: what a key sequence changes between two tags.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct State {
    cursor: usize,
    anchor: Option<usize>,
    selecting: bool,
    goal_col: Option<u16>,
}

/// A tag of the reference: (start, end, role).
type Tag = (usize, usize, u16);

fn tags_of(doc: &Document) -> Vec<Tag> {
    let mut t: Vec<Tag> = doc
        .items()
        .iter()
        .filter(|it| !it.is_note())
        .map(|it| (it.start as usize, it.end as usize, it.role().unwrap_or(0)))
        .collect();
    t.sort();
    t
}

fn state(app: &App) -> State {
    let v = app.view();
    State {
        cursor: v.cursor,
        anchor: v.anchor,
        selecting: v.selecting,
        goal_col: v.goal_col,
    }
}

fn set_state(app: &mut App, s: &State) {
    app.mode = crate::app::Mode::Normal;
    app.count = None;
    let v = app.view_mut();
    v.cursor = s.cursor;
    v.anchor = s.anchor;
    v.selecting = s.selecting;
    v.goal_col = s.goal_col;
}

fn run(app: &mut App, keys: &[Key]) {
    for k in keys {
        app.handle_key(k);
    }
}

/// One step of the search: its keys as a `--keys` script and as keys.
#[derive(Clone)]
struct Step {
    script: String,
    keys: Vec<Key>,
}

fn step(script: &str) -> Step {
    Step {
        script: script.to_string(),
        keys: parse_key_script(script).expect("a valid script"),
    }
}

/// A script token for typing `c` (in a prompt, or after `t`/`r`).
fn typed(c: char) -> String {
    match c {
        ' ' => "<Space>".into(),
        '<' => "<lt>".into(),
        '>' => "<gt>".into(),
        c => c.to_string(),
    }
}

/// `/` + the fewest leading chars of the text at `target` that make the forward search from
/// `cursor` land on `target` + Enter (None when no prefix up to 40 chars does, or one would hold
/// a line break).
fn search_step(
    text: &[char],
    hay: &str,
    byte_of: &[usize],
    cursor: usize,
    target: usize,
) -> Option<Step> {
    for k in 1..=40.min(text.len() - target) {
        let pat = &text[target..target + k];
        if pat.iter().any(|c| *c == '\n' || *c == '\r') {
            return None;
        }
        let pat: String = pat.iter().collect();
        // As `search_step` does: the first match after the cursor, else the first from the top.
        let from = byte_of[(cursor + 1).min(text.len())];
        let found = hay[from..]
            .find(&pat)
            .map(|b| from + b)
            .or_else(|| hay.find(&pat));
        if found == Some(byte_of[target]) {
            let typed: Vec<String> = pat.chars().map(typed).collect();
            return Some(step(&format!("/ {} <Enter>", typed.join(" "))));
        }
    }
    None
}

/// How many keys past the cheapest single tag the search goes on looking for list tagging.
const LIST_SLACK: usize = 4;

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
fn cheapest(
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
            for m in ["w", "e", "E", "}"] {
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
    let mut finals: Vec<Step> = vec![role_key.clone()];
    if !opts.before {
        finals.push(step("."));
        // Accepting the suggestion under the cursor (the file's own earlier tags teach them).
        finals.push(step("y"));
        // A count before the role key tags that many words.
        for n in 2..=9 {
            finals.push(step(&format!("{n} {}", role_key.script)));
        }
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
                    && crate::motion::words_from(&app.buf().doc, s.cursor, n) == Some(ts..te)
            } else if f.script == "y" {
                app.suggestion_at(s.cursor)
                    .is_some_and(|x| x.range == (ts..te) && x.role == tag.2)
            } else if f.script == "." {
                app.last_tagging.as_ref().is_some_and(|(t, _)| {
                    t.chars().count() == te - ts && text[ts..te].iter().copied().eq(t.chars())
                })
            } else {
                match app.selection() {
                    Some(sel) => sel == (ts..te),
                    None => {
                        let doc = &app.buf().doc;
                        let next = || crate::motion::word_next(doc, s.cursor);
                        doc.covering(s.cursor).is_empty()
                            && match crate::motion::word_at(doc, s.cursor) {
                                Some(w) => w == (ts..te),
                                None => next() == ts,
                            }
                    }
                }
            };
            if !plausible {
                continue;
            }
            let rev = app.buf().undo_depth();
            let taught = app.lexicon_version;
            run(app, &f.keys);
            let ok = tags_of(&app.buf().doc) == want;
            if app.buf().undo_depth() != rev {
                app.buf_mut().undo();
            }
            app.last_tagging = saved_last.clone();
            if app.lexicon_version != taught {
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
            if app.buf().undo_depth() != rev {
                app.buf_mut().undo();
            }
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
        let mut next: Vec<Step> = moves.iter().chain(extra.iter()).cloned().collect();
        for target in [ts, last] {
            if let Some(st) = search_step(text, hay, byte_of, s.cursor, target) {
                next.push(st);
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

fn editor(plain: Document, scheme: &Scheme, opts: &Options) -> App {
    let mut keymap = Keymap::default_for(scheme);
    if opts.before {
        keymap.options.cursor_after_tag = CursorAfterTag::Start;
    }
    let buf = Buffer::new(plain, None, "bench".into());
    let mut app = App::new(scheme.clone(), keymap, vec![buf], ColorDepth::None);
    app.resume = false;
    app.size = opts.size;
    app
}

/// Keys per tag for one file: (role of each tag, keys it took), the script, and whether the
/// replay reproduced the reference.
pub struct FileResult {
    pub per_tag: Vec<(u16, usize)>,
    /// Beside each of `per_tag`: the tag (start, end in chars) and the keys that made it
    /// (empty for a tag made along with the one before).
    pub detail: Vec<((usize, usize), String)>,
    /// The whole sequence as one `--keys` script.
    pub script: String,
    /// Did the script, run on a fresh editor, give the reference file (without its notes)?
    pub reproduced: bool,
    /// Tags no key sequence was found for (none expected: search always reaches).
    pub unreached: usize,
    pub notes: usize,
}

pub fn measure(src: &str, scheme: &Scheme, opts: &Options) -> FileResult {
    let reference = parse(src, scheme);
    let mut plain = Document::empty(scheme.clone());
    plain.text = reference.text.clone();
    plain.bom = reference.bom;
    let targets = tags_of(&reference);
    let mut app = editor(plain.clone(), scheme, opts);
    let text: Vec<char> = reference.text.chars().collect();
    let hay = reference.text.to_string();
    let mut byte_of = Vec::with_capacity(text.len() + 1);
    let mut b = 0;
    for c in &text {
        byte_of.push(b);
        b += c.len_utf8();
    }
    byte_of.push(b);
    let mut moves: Vec<Step> = [
        "h", "l", "j", "k", "w", "b", "e", "}", "{", ")", "(", "0", "$", "]", "[", "v", "W", "C",
        "T", "<Esc>",
    ]
    .iter()
    .map(|s| step(s))
    .collect();
    if !opts.before {
        // Next / previous suggestion: what the file's earlier tags taught, one key a jump.
        for m in ["E", ";", ","] {
            moves.push(step(m));
        }
    }
    let role_keys: Vec<Step> = scheme
        .roles
        .iter()
        .map(|r| step(r.key.as_deref().unwrap_or("?")))
        .collect();
    let mut want: Vec<Tag> = Vec::new();
    let mut per_tag = Vec::new();
    let mut detail = Vec::new();
    let mut script = Vec::new();
    let mut unreached = 0;
    for (i, &tag) in targets.iter().enumerate() {
        if want.contains(&tag) {
            // Made along with an earlier tag (list tagging): its keys were counted there.
            continue;
        }
        let todo: Vec<Tag> = targets[i..]
            .iter()
            .filter(|t| !want.contains(t))
            .copied()
            .collect();
        let start = state(&app);
        let found = cheapest(
            &mut app,
            &start,
            tag,
            &want,
            &todo,
            &moves,
            &role_keys[tag.2 as usize],
            &text,
            &hay,
            &byte_of,
            opts,
        );
        set_state(&mut app, &start);
        match found {
            Some((path, made)) => {
                let n: usize = path.iter().map(|s| s.keys.len()).sum();
                for s in &path {
                    run(&mut app, &s.keys);
                    script.push(s.script.clone());
                }
                // The keys go to the first tag made, 0 to the others: per role (the tags of a
                // list share it) that is the cost divided over the tags made.
                per_tag.push((tag.2, n));
                per_tag.extend(made[1..].iter().map(|t| (t.2, 0)));
                let keys: Vec<&str> = path.iter().map(|s| s.script.as_str()).collect();
                detail.push(((tag.0, tag.1), keys.join(" ")));
                detail.extend(made[1..].iter().map(|t| ((t.0, t.1), String::new())));
                want.extend(made);
                want.sort();
            }
            None => unreached += 1,
        }
        if tags_of(&app.buf().doc) != want {
            // Should not happen: the search checked it. Stop rather than measure nonsense.
            eprintln!("keystrokes: the replay of tag {tag:?} diverged");
            break;
        }
    }
    // The proof: the whole sequence as one `--keys` script on a fresh editor.
    let script = script.join(" ");
    let mut fresh = editor(plain.clone(), scheme, opts);
    run(&mut fresh, &parse_key_script(&script).expect("valid"));
    // Notes are not tags: the reference without its notes is what the keys must reproduce
    // (the reference itself when it has none).
    let notes = reference.items().iter().filter(|it| it.is_note()).count();
    let expected = if notes == 0 {
        serialize_unchecked(&reference)
    } else {
        let mut b = Buffer::new(plain.clone(), None, "expected".into());
        let edits: Vec<Edit> = targets
            .iter()
            .map(|&(start, end, role)| Edit::Tag { role, start, end })
            .collect();
        b.apply(&edits, OnRefusal::RollBack, 0, 0)
            .expect("the reference's tags apply");
        serialize_unchecked(&b.doc)
    };
    let reproduced = serialize_unchecked(&fresh.buf().doc) == expected;
    if !reproduced {
        let got = tags_of(&fresh.buf().doc);
        let missing: Vec<_> = targets
            .iter()
            .filter(|t| !got.contains(t))
            .take(3)
            .collect();
        let extra: Vec<_> = got
            .iter()
            .filter(|t| !targets.contains(t))
            .take(3)
            .collect();
        eprintln!("keystrokes: the replay misses {missing:?}, adds {extra:?}");
    }
    FileResult {
        per_tag,
        detail,
        script,
        reproduced,
        unreached,
        notes,
    }
}
