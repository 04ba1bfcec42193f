//! The keystroke benchmark on reference markup files: keys per tag per role and overall.
//!
//!     cargo run --release --example keystrokes -- [--before] [--no-lists] [--no-jump] [--script] [--tags] [--size 100x30] [--model MODEL | --kfold K [--folds I,J…]] MARKUP_FILE_OR_FOLDER…
//!
//! `--model MODEL` puts the model's suggestions on screen, as the editor's `--model` does: the
//! search reaches them with `;`/`,`, accepts with `y` or `Y y`, and resizes a near miss after `y`.
//! `--kfold K` measures each file with a model that did not learn from it: the files (in the
//! order given, folders sorted) go round-robin into K folds, and each fold is measured with a
//! model trained (`ptag train`'s defaults) on the other folds; `--folds 0,1` measures only those
//! folds (to split a run over processes; the table then covers those folds' files).
//!
//! How it searches and proves the replay: `ptag::keystrokes`. `--before` measures with the keys
//! ptag had before issue 12; `--no-lists` leaves list tagging (`m`) out of the search, `--no-jump` the jump labels (`-`). Not a test (the 63-policy corpus takes minutes): the table it prints
//! is the figure, beside its target.

use ptag::keystrokes::{Options, measure_with_model};
use ptag::scheme::Scheme;
use ptag::suggest::Model;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A model for the files of `fold`: trained on the files of every other fold.
fn fold_model(files: &[PathBuf], k: usize, fold: usize, scheme: &Scheme) -> Arc<Model> {
    let t = Instant::now();
    let docs: Vec<ptag::markup::Document> = files
        .iter()
        .enumerate()
        .filter(|(i, _)| i % k != fold)
        .map(|(_, f)| {
            let src = std::fs::read_to_string(f).expect("a readable markup file");
            ptag::markup::parse(&src, scheme)
        })
        .collect();
    let opts = ptag::suggest::train::TrainOptions::default();
    let model = ptag::suggest::train::train(&docs, scheme, &opts).expect("tags to learn from");
    eprintln!(
        "fold {fold}: a model trained on {} files in {:.0} s",
        docs.len(),
        t.elapsed().as_secs_f64()
    );
    Arc::new(model)
}

fn main() {
    let mut opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    let mut show_script = false;
    // One line a tag: role, start, length in chars, keys, the keys themselves (for analysis).
    let mut show_tags = false;
    let mut model_path: Option<PathBuf> = None;
    let mut kfold: Option<usize> = None;
    let mut only_folds: Option<Vec<usize>> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--before" => opts.before = true,
            "--script" => show_script = true,
            "--tags" => show_tags = true,
            "--no-lists" => opts.no_lists = true,
            "--no-jump" => opts.no_jump = true,
            "--model" => model_path = Some(args.next().expect("--model MODEL").into()),
            "--kfold" => kfold = Some(args.next().expect("--kfold K").parse().expect("K")),
            "--folds" => {
                let list = args.next().expect("--folds I,J");
                only_folds = Some(
                    list.split(',')
                        .map(|n| n.parse().expect("a fold"))
                        .collect(),
                );
            }
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
        eprintln!(
            "usage: keystrokes [--before] [--no-lists] [--no-jump] [--script] [--tags] [--size 100x30] [--model MODEL | --kfold K [--folds I,J…]] MARKUP_FILE_OR_FOLDER…"
        );
        std::process::exit(2);
    }
    let scheme = Scheme::default();
    let loaded = model_path.map(|p| match ptag::cli::train::load_model(&p, &scheme) {
        Ok(m) => Arc::new(m),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    });
    // Which model measures file i (None: no model), and which files this run measures.
    let k = kfold.unwrap_or(1).max(1);
    let wanted = |i: usize| only_folds.as_ref().is_none_or(|f| f.contains(&(i % k)));
    let mut models: Vec<Option<Arc<Model>>> = vec![loaded; k];
    if kfold.is_some() {
        for (fold, m) in models.iter_mut().enumerate() {
            if only_folds.as_ref().is_none_or(|f| f.contains(&fold)) {
                *m = Some(fold_model(&files, k, fold, &scheme));
            }
        }
    }
    let all_files = files.len();
    let roles = scheme.roles.len();
    let (mut keys, mut tags) = (vec![0usize; roles], vec![0usize; roles]);
    let mut all_reproduced = true;
    let t0 = Instant::now();
    let mut measured = 0;
    for (i, f) in files.iter().enumerate() {
        if !wanted(i) {
            continue;
        }
        measured += 1;
        let model = models[i % k].as_ref();
        let t = Instant::now();
        let r = match std::fs::read_to_string(f)
            .map(|src| measure_with_model(&src, &scheme, &opts, model))
        {
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
            if r.reproduced {
                "reproduces the file"
            } else {
                "DIFFERS"
            },
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
        if show_tags {
            for ((role, k), ((start, end), keys)) in r.per_tag.iter().zip(&r.detail) {
                let name = &scheme.roles[*role as usize].name;
                println!(
                    "TAG\t{}\t{name}\t{start}\t{}\t{k}\t{keys}",
                    f.display(),
                    end - start
                );
            }
        }
        if show_script {
            println!("  keys: {}", r.script);
        }
    }
    println!(
        "\n{}{} ({measured} files, {:.0} s, {}):",
        if opts.before {
            "before (keys of ptag before issue 12, cursor back to the tag start)"
        } else {
            "default keymap"
        },
        match (kfold, &models[0]) {
            (Some(k), _) =>
                format!(", a model per file from the other {k}-fold folds of {all_files} files"),
            (None, Some(_)) => ", with the model's suggestions".to_string(),
            (None, None) => String::new(),
        },
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
            // Issue 28's targets: purpose ≤ 3.5 (data has met ≤ 4 since issue 12).
            match r.name.as_str() {
                "purpose" => "≤ 3.5",
                "data" => "≤ 4",
                _ => "-",
            }
        );
    }
    let (k, t): (usize, usize) = (keys.iter().sum(), tags.iter().sum());
    println!(
        "  overall  {t:5} tags {k:6} keys  {:.2} keys/tag (target {}; brackets typed in vim: ~2 + navigation)",
        k as f64 / t.max(1) as f64,
        if models.iter().any(Option::is_some) {
            "≤ 2.2 with a model that did not learn from the file"
        } else {
            "≤ 2.5"
        }
    );
    println!(
        "  replay through the key script: {}",
        if all_reproduced {
            "every file reproduced exactly"
        } else {
            "SOME FILES DIFFER"
        }
    );
    if !all_reproduced {
        std::process::exit(1);
    }
}
