//! The keystroke benchmark: how many keys an annotator needs, with the default keymap, to
//! reproduce a reference annotation tag by tag.
//!
//!     cargo run --release --example keystrokes -- [--before] [--size 100x30] MARKUP_FILE_OR_FOLDER…
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
//! `E`, `I`/`A`, `.`) and puts the cursor back on the tag's start after tagging, as it did then.
//! Not a test (the corpus takes minutes): the table it prints is the figure.

use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::{Buffer, Edit, OnRefusal};
use ptag::keymap::{CursorAfterTag, Key, Keymap, parse_key_script};
use ptag::markup::{Document, parse, serialize_unchecked};
use ptag::scheme::Scheme;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the search may do beyond plain moves.
struct Options {
    before: bool,
    size: (u16, u16),
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
    app.mode = ptag::app::Mode::Normal;
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
fn search_step(text: &[char], hay: &str, byte_of: &[usize], cursor: usize, target: usize) -> Option<Step> {
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

/// The cheapest key sequence that turns the document's tags from `have` into `want` (one more
/// tag, `tag`) starting in `start`; Dijkstra on key counts over cursor/selection states.
#[allow(clippy::too_many_arguments)]
fn cheapest(
    app: &mut App,
    start: &State,
    tag: Tag,
    want: &[Tag],
    moves: &[Step],
    role_key: &Step,
    text: &[char],
    hay: &str,
    byte_of: &[usize],
    opts: &Options,
) -> Option<Vec<Step>> {
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
        for n in 2..=4 {
            for m in ["w", "e", "E", "}"] {
                extra.push(step(&format!("{n} {m}")));
            }
        }
    }
    let saved_last = app.last_tagging.clone();
    let saved_search = app.search.clone();
    let mut best: HashMap<State, usize> = HashMap::new();
    let mut prev: HashMap<State, (State, Step)> = HashMap::new();
    let mut heap = BinaryHeap::new();
    let mut order = 0usize;
    let mut nodes: Vec<State> = vec![start.clone()];
    best.insert(start.clone(), 0);
    heap.push(Reverse((0usize, order, 0usize)));
    let mut found: Option<(usize, State, Step)> = None;
    let finals: Vec<Step> = if opts.before {
        vec![role_key.clone()]
    } else {
        vec![role_key.clone(), step(".")]
    };
    while let Some(Reverse((cost, _, idx))) = heap.pop() {
        if found.as_ref().is_some_and(|(c, _, _)| cost + 1 >= *c) {
            break;
        }
        let s = nodes[idx].clone();
        if best.get(&s).is_some_and(|&c| c < cost) {
            continue;
        }
        // Does a final key produce exactly `want` from here?
        for f in &finals {
            let plausible = if f.script == "." {
                app.last_tagging.as_ref().is_some_and(|(t, _)| {
                    t.chars().count() == te - ts && text[ts..te].iter().copied().eq(t.chars())
                })
            } else {
                true
            };
            if !plausible {
                continue;
            }
            set_state(app, &s);
            let rev = app.buf().undo_depth();
            run(app, &f.keys);
            let ok = tags_of(&app.buf().doc) == want;
            if app.buf().undo_depth() != rev {
                app.buf_mut().undo();
            }
            app.last_tagging = saved_last.clone();
            if ok && found.as_ref().is_none_or(|(c, _, _)| cost + f.keys.len() < *c) {
                found = Some((cost + f.keys.len(), s.clone(), f.clone()));
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
            if found.as_ref().is_some_and(|(f, _, _)| c + 1 >= *f) {
                continue;
            }
            set_state(app, &s);
            run(app, &e.keys);
            if app.mode != ptag::app::Mode::Normal {
                continue;
            }
            let n = state(app);
            // Only selections that start or end on the tag's edges can become it.
            let useful_anchor = n.anchor.is_none_or(|a| a == ts || a == last);
            if n.cursor < lo || n.cursor > hi || !useful_anchor {
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
    let (_, end, fin) = found?;
    let mut path = vec![fin];
    let mut at = end;
    while let Some((p, e)) = prev.get(&at) {
        path.push(e.clone());
        at = p.clone();
    }
    path.reverse();
    Some(path)
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
struct FileResult {
    per_tag: Vec<(u16, usize)>,
    script: String,
    reproduced: bool,
    unreached: usize,
    notes: usize,
}

fn measure(path: &Path, scheme: &Scheme, opts: &Options) -> std::io::Result<FileResult> {
    let src = std::fs::read_to_string(path)?;
    let reference = parse(&src, scheme);
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
        moves.push(step("E"));
    }
    let role_keys: Vec<Step> = scheme
        .roles
        .iter()
        .map(|r| step(r.key.as_deref().unwrap_or("?")))
        .collect();
    let mut want: Vec<Tag> = Vec::new();
    let mut per_tag = Vec::new();
    let mut script = Vec::new();
    let mut unreached = 0;
    for &tag in &targets {
        let mut next = want.clone();
        next.push(tag);
        next.sort();
        let start = state(&app);
        let found = cheapest(
            &mut app,
            &start,
            tag,
            &next,
            &moves,
            &role_keys[tag.2 as usize],
            &text,
            &hay,
            &byte_of,
            opts,
        );
        set_state(&mut app, &start);
        match found {
            Some(path) => {
                let n: usize = path.iter().map(|s| s.keys.len()).sum();
                for s in &path {
                    run(&mut app, &s.keys);
                    script.push(s.script.clone());
                }
                per_tag.push((tag.2, n));
                want = next;
            }
            None => unreached += 1,
        }
        if tags_of(&app.buf().doc) != want {
            // Should not happen: the search checked it. Stop rather than measure nonsense.
            eprintln!("{}: the replay of tag {tag:?} diverged", path.display());
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
        let missing: Vec<_> = targets.iter().filter(|t| !got.contains(t)).take(3).collect();
        let extra: Vec<_> = got.iter().filter(|t| !targets.contains(t)).take(3).collect();
        eprintln!("{}: replay misses {missing:?}, adds {extra:?}", path.display());
    }
    Ok(FileResult {
        per_tag,
        script,
        reproduced,
        unreached,
        notes,
    })
}

fn main() {
    let mut opts = Options {
        before: false,
        size: (100, 30),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    let mut show_script = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--before" => opts.before = true,
            "--script" => show_script = true,
            "--size" => {
                let s = args.next().expect("--size COLSxROWS");
                let (w, h) = s.split_once('x').expect("COLSxROWS");
                opts.size = (w.parse().expect("cols"), h.parse().expect("rows"));
            }
            p => {
                let p = PathBuf::from(p);
                if p.is_dir() {
                    let mut v: Vec<PathBuf> = std::fs::read_dir(&p)
                        .expect("readable folder")
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                        .collect();
                    v.sort();
                    files.extend(v);
                } else {
                    files.push(p);
                }
            }
        }
    }
    if files.is_empty() {
        eprintln!("usage: keystrokes [--before] [--script] [--size 100x30] MARKUP_FILE_OR_FOLDER…");
        std::process::exit(2);
    }
    let scheme = Scheme::default();
    let roles = scheme.roles.len();
    let (mut keys, mut tags) = (vec![0usize; roles], vec![0usize; roles]);
    let mut all_reproduced = true;
    let t0 = Instant::now();
    for f in &files {
        let t = Instant::now();
        let r = match measure(f, &scheme, &opts) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}: {e}", f.display());
                all_reproduced = false;
                continue;
            }
        };
        let n: usize = r.per_tag.iter().map(|x| x.1).sum();
        for (role, k) in &r.per_tag {
            keys[*role as usize] += k;
            tags[*role as usize] += 1;
        }
        all_reproduced &= r.reproduced && r.unreached == 0;
        println!(
            "{}: {} tags, {n} keys, {:.2} keys/tag, replay {}{}{} ({:.1} s)",
            f.display(),
            r.per_tag.len(),
            n as f64 / r.per_tag.len().max(1) as f64,
            if r.reproduced { "reproduces the file" } else { "DIFFERS" },
            if r.notes > 0 {
                format!(" ({} notes left out: not tags)", r.notes)
            } else {
                String::new()
            },
            if r.unreached > 0 {
                format!(", {} tags not reached", r.unreached)
            } else {
                String::new()
            },
            t.elapsed().as_secs_f64()
        );
        if show_script {
            println!("  keys: {}", r.script);
        }
    }
    println!(
        "\n{} ({} files, {:.0} s, {}):",
        if opts.before { "before (keys of ptag before issue 12, cursor back to the tag start)" } else { "default keymap" },
        files.len(),
        t0.elapsed().as_secs_f64(),
        format_args!("{}x{}", opts.size.0, opts.size.1)
    );
    for (i, r) in scheme.roles.iter().enumerate() {
        println!(
            "  {:8} {:5} tags {:6} keys  {:.2} keys/tag (target {})",
            r.name,
            tags[i],
            keys[i],
            keys[i] as f64 / tags[i].max(1) as f64,
            if i >= 2 { "≤ 4" } else { "-" }
        );
    }
    let (k, t): (usize, usize) = (keys.iter().sum(), tags.iter().sum());
    println!(
        "  overall  {t:5} tags {k:6} keys  {:.2} keys/tag (target ≤ 3.0; brackets typed in vim: ~2 + navigation)",
        k as f64 / t.max(1) as f64
    );
    println!(
        "  replay through the key script: {}",
        if all_reproduced { "every file reproduced exactly" } else { "SOME FILES DIFFER" }
    );
    if !all_reproduced {
        std::process::exit(1);
    }
}
