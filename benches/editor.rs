//! The editor on a ~100 MiB policy: time to the first frame, time per key (handled and drawn),
//! peak memory. `cargo bench --bench editor` prints the figures; under `cargo test` (no `--bench`
//! argument) it runs once on one copy of the corpus as a smoke test.

use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::Buffer;
use ptag::keymap::{Keymap, parse_key};
use ptag::scheme::Scheme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};

const SIZE: (u16, u16) = (100, 30);
const TARGET_BYTES: usize = 100 * 1024 * 1024;

/// `$PTAG_CORPUS/markup`; the bench cannot run without it and says so.
fn corpus_markup() -> std::path::PathBuf {
    match std::env::var_os("PTAG_CORPUS") {
        Some(d) => Path::new(&d).join("markup"),
        None => {
            eprintln!("set PTAG_CORPUS to the CA4P-483 corpus folder to run this benchmark");
            std::process::exit(2);
        }
    }
}

/// The corpus markup files, each followed by a blank line, whole passes until `target` bytes
/// (as the corpus's `make-big.sh` does). The corpus is not in the repo: `PTAG_CORPUS` names it.
fn corpus(target: usize) -> String {
    let dir = corpus_markup();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 corpus file"))
        .collect();
    let mut out = String::new();
    loop {
        for t in &texts {
            out.push_str(t);
            out.push_str("\n\n");
        }
        if out.len() >= target {
            return out;
        }
    }
}

/// ~200 keys: moves by row, character and word, a jump to the end, tagging there, undo.
fn key_script() -> Vec<&'static str> {
    let mut keys = Vec::new();
    keys.extend(["j"; 40]);
    keys.extend(["l"; 20]);
    keys.extend(["w"; 30]);
    keys.extend(["b"; 10]);
    keys.extend(["k"; 20]);
    keys.extend(["<C-d>", "<PageDown>", "<PageUp>", "<C-u>"]);
    keys.push("G");
    keys.extend(["k"; 20]);
    keys.extend(["w"; 10]);
    for _ in 0..5 {
        keys.extend(["w", "d", "w", "w", "a", "w"]);
    }
    keys.extend(["u", "u", "U", "u", "<C-r>"]);
    keys.extend(["j"; 15]);
    keys.extend(["]", "[", "]", "$", "0"]);
    keys.push("g");
    keys.extend(["j"; 10]);
    keys
}

/// A `/proc/self/status` figure in KiB: `VmHWM` (peak resident) or `VmRSS` (resident now).
fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let target = if full { TARGET_BYTES } else { 1 };
    let src = corpus(target);
    let bytes = src.len();
    let scheme = Scheme::default();
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test terminal");

    let t0 = Instant::now();
    let buffer = Buffer::from_markup(&src, &scheme, None, "big.txt".into());
    let parsed = t0.elapsed();
    let keymap = Keymap::default_for(&scheme);
    let mut app = App::new(scheme, keymap, vec![buffer], ColorDepth::TrueColor);
    app.size = SIZE;
    app.scroll_to_cursor();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
    let first_frame = t0.elapsed();
    let (chars, lines, tags) = {
        let doc = &app.buf().doc;
        (doc.text.len_chars(), doc.text.len_lines(), doc.span_count())
    };
    drop(src);

    // The word segmenter's dictionary loads once per process (the terminal front end starts
    // that in the background before the first frame); timed on its own, not as the first `w`.
    let t = Instant::now();
    ptag::motion::warm_up();
    let jieba = t.elapsed();

    let verbose = std::env::var_os("PTAG_BENCH_VERBOSE").is_some();
    let script = key_script();
    let mut times: Vec<(Duration, &str)> = Vec::with_capacity(script.len());
    for k in &script {
        let key = parse_key(k).expect("a key");
        let t = Instant::now();
        app.handle_key(&key);
        term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
        times.push((t.elapsed(), k));
        if verbose {
            let msg = app.message.as_ref().map_or("", |m| m.text.as_str());
            eprintln!(
                "{k:>10} {:8.3} ms  cursor {:>9}  {msg}",
                ms(t.elapsed()),
                app.view().cursor
            );
        }
    }
    let modified = app.buf().is_modified();
    let peak_before_search = proc_status_kib("VmHWM:");

    // Searching, apart from the per-key figures: each step handles keys until its last one.
    let mut search = Vec::new();
    for (label, keys) in [
        ("/ 手机号码 <Enter>", "/ 手机号码 <Enter>"),
        ("n (same search)", "n"),
        ("n again", "n"),
        ("N", "N"),
        ("/ 信息 <Enter> (a common word)", "/ 信息 <Enter>"),
        ("n", "n"),
        ("d (tag the match)", "d"),
        ("n after an edit", "n"),
        ("u", "u"),
    ] {
        let keys = ptag::keymap::parse_key_script(keys).expect("keys");
        let t = Instant::now();
        for key in &keys {
            app.handle_key(key);
        }
        term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
        let msg = app
            .message
            .as_ref()
            .map_or(String::new(), |m| m.text.clone());
        search.push((label, t.elapsed(), msg));
    }
    let tags_after = app.buf().doc.span_count();

    let mut sorted: Vec<Duration> = times.iter().map(|(d, _)| *d).collect();
    sorted.sort();
    let median = sorted[sorted.len() / 2];
    let p95 = sorted[sorted.len() * 95 / 100];
    let total: Duration = sorted.iter().sum();
    let worst = times.iter().max_by_key(|(d, _)| *d).expect("keys");
    let mut by_key: Vec<(&str, Duration, usize)> = Vec::new();
    for (d, k) in &times {
        match by_key.iter_mut().find(|(x, _, _)| x == k) {
            Some((_, w, n)) => {
                *w = (*w).max(*d);
                *n += 1;
            }
            None => by_key.push((k, *d, 1)),
        }
    }
    by_key.sort_by_key(|x| std::cmp::Reverse(x.1));

    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "editor bench{}: {:.1} MiB of markup ({bytes} bytes, {chars} chars, {lines} lines, {tags} tags)",
        if full {
            ""
        } else {
            " (smoke run, pass --bench)"
        },
        mib(bytes as u64)
    );
    println!(
        "first frame: {:.1} ms (parse {:.1} ms, then app + draw {:.1} ms)",
        ms(first_frame),
        ms(parsed),
        ms(first_frame - parsed)
    );
    println!("word segmenter dictionary load: {:.1} ms", ms(jieba));
    println!(
        "{} keys (handle + draw each): median {:.3} ms, p95 {:.3} ms, worst {:.3} ms ({}), total {:.1} ms",
        times.len(),
        ms(median),
        ms(p95),
        ms(worst.0),
        worst.1,
        ms(total)
    );
    let slowest: Vec<String> = by_key
        .iter()
        .take(6)
        .map(|(k, d, n)| format!("{k} {:.2} ms (x{n})", ms(*d)))
        .collect();
    println!("slowest keys (worst of each): {}", slowest.join(", "));
    println!("after the keys: modified={modified}, tags {tags} -> {tags_after}");
    println!("search (handle + draw):");
    for (label, d, msg) in &search {
        let pad = 34usize.saturating_sub(unicode_width::UnicodeWidthStr::width(*label));
        println!("  {label}{} {:>7.1} ms  {msg}", " ".repeat(pad), ms(*d));
    }
    let of_file = |kib: u64| {
        format!(
            "{:.0} MiB = {:.2} x the file size",
            kib as f64 / 1024.0,
            (kib * 1024) as f64 / bytes as f64
        )
    };
    match (
        peak_before_search,
        proc_status_kib("VmHWM:"),
        proc_status_kib("VmRSS:"),
    ) {
        (Some(edit), Some(peak), Some(now)) => {
            println!(
                "peak RSS (VmHWM) through parse, first frame and the keys: {} \
                 (the source string is alive while parsing)",
                of_file(edit)
            );
            println!("peak RSS after searching too: {}", of_file(peak));
            println!("RSS at the end: {}", of_file(now));
        }
        _ => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
}
