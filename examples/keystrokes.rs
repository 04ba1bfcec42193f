//! The keystroke benchmark on reference markup files: keys per tag per role and overall.
//!
//!     cargo run --release --example keystrokes -- [--before] [--no-lists] [--no-jump] [--script] [--tags] [--size 100x30] MARKUP_FILE_OR_FOLDER…
//!
//! How it searches and proves the replay: `ptag::keystrokes`. `--before` measures with the keys
//! ptag had before issue 12; `--no-lists` leaves list tagging (`m`) out of the search, `--no-jump` the jump labels (`-`). Not a test (the 63-policy corpus takes minutes): the table it prints
//! is the figure, beside its target.

use ptag::keystrokes::{Options, measure};
use ptag::scheme::Scheme;
use std::path::PathBuf;
use std::time::Instant;

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
    while let Some(a) = args.next() {
        match a.as_str() {
            "--before" => opts.before = true,
            "--script" => show_script = true,
            "--tags" => show_tags = true,
            "--no-lists" => opts.no_lists = true,
            "--no-jump" => opts.no_jump = true,
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
            "usage: keystrokes [--before] [--no-lists] [--no-jump] [--script] [--tags] [--size 100x30] MARKUP_FILE_OR_FOLDER…"
        );
        std::process::exit(2);
    }
    let scheme = Scheme::default();
    let roles = scheme.roles.len();
    let (mut keys, mut tags) = (vec![0usize; roles], vec![0usize; roles]);
    let mut all_reproduced = true;
    let t0 = Instant::now();
    for f in &files {
        let t = Instant::now();
        let r = match std::fs::read_to_string(f).map(|src| measure(&src, &scheme, &opts)) {
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
        "\n{} ({} files, {:.0} s, {}):",
        if opts.before {
            "before (keys of ptag before issue 12, cursor back to the tag start)"
        } else {
            "default keymap"
        },
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
