//! One reference file measured tag by tag, then replayed as one key script.

use crate::app::App;
use crate::color::ColorDepth;
use crate::doc::{Buffer, Edit, OnRefusal};
use crate::keymap::{CursorAfterTag, Keymap, parse_key_script};
use crate::keystrokes::search::cheapest;
use crate::keystrokes::state::{Options, Step, Tag, run, set_state, state, step, tags_of};
use crate::markup::{Document, parse, serialize_unchecked};
use crate::scheme::Scheme;
use crate::suggest::Model;
use std::sync::Arc;

fn editor(plain: Document, scheme: &Scheme, opts: &Options, model: Option<&Arc<Model>>) -> App {
    let mut keymap = Keymap::default_for(scheme);
    if opts.before {
        keymap.options.cursor_after_tag = CursorAfterTag::Start;
    }
    let buf = Buffer::new(plain, None, "bench".into());
    let mut scheme = scheme.clone();
    if opts.before {
        // Before issue 28 every role key tagged a word and no word was a lead-in.
        for r in &mut scheme.roles {
            r.extent = crate::scheme::Extent::Word;
        }
        scheme.lead_in.clear();
    }
    let mut app = App::new(scheme, keymap, vec![buf], ColorDepth::None);
    app.resume = false;
    app.size = opts.size;
    if let Some(m) = model {
        // As `--model FILE` does: suggestions come from the model (no training in the loop).
        app.learning.model = Some(m.clone());
        app.learning.origin = Some(crate::app::ModelOrigin::Loaded("bench".into()));
        app.learning.version += 1;
    }
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
    measure_with_model(src, scheme, opts, None)
}

/// `measure` with `model`'s suggestions on screen (reached with `;`/`,`, accepted with `y` or
/// `Y`, a near miss resized after `y`), as the editor shows them with `--model`; the replay
/// runs with the same model.
pub fn measure_with_model(
    src: &str,
    scheme: &Scheme,
    opts: &Options,
    model: Option<&Arc<Model>>,
) -> FileResult {
    let reference = parse(src, scheme);
    let mut plain = Document::empty(scheme.clone());
    plain.text = reference.text.clone();
    plain.bom = reference.bom;
    let targets = tags_of(&reference);
    let mut app = editor(plain.clone(), scheme, opts, model);
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
        for m in ["E", "D", ";", ","] {
            moves.push(step(m));
        }
        // A page (or half) down: the next tag far below comes on screen, in reach of a label.
        for m in ["<C-d>", "<C-f>"] {
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
    let mut fresh = editor(plain.clone(), scheme, opts, model);
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
