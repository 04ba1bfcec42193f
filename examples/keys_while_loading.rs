//! Keys while a big file loads (issue 15), beside the 2 ms a key may cost.
//!
//!     cargo run --release --example keys_while_loading -- BIG_FILE [KEYS] [EVERY_MS]
//!
//! Opens BIG_FILE as the editor does (first piece parsed, the rest on every core behind it), then
//! until the file is whole (and a suggestions matcher built behind the screen is taken) does what
//! the terminal loop does: between keys it joins parsed pieces as they come, a millisecond at a
//! time; every EVERY_MS (default 20) a key arrives: what is ready is joined, the next key of KEYS
//! (default `j`, cycled) runs and the frame is drawn (100x30, in memory). Each key's cost is that
//! whole step; the join's share is printed beside it. Not a test: the figures depend on the
//! machine, so they are printed, never asserted.

use ptag::cli::EditorArgs;
use ptag::keymap::parse_key_script;
use ratatui::{Terminal, backend::TestBackend};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: keys_while_loading BIG_FILE [KEYS] [EVERY_MS]");
        std::process::exit(2);
    };
    let keys = parse_key_script(&args.next().unwrap_or_else(|| "j".into())).expect("key script");
    let every = Duration::from_millis(args.next().map_or(20, |s| s.parse().expect("EVERY_MS")));
    let editor = EditorArgs {
        files: vec![path.clone()],
        // A script's settings: no training, no resumed position.
        keys: Some(String::new()),
        ..Default::default()
    };
    let started = Instant::now();
    let mut app = ptag::editor::build_app(&editor, None).expect("the file opens");
    // As on a terminal: a big lexicon's matcher is rebuilt behind the screen.
    app.work_behind = true;
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("an in-memory terminal");
    app.size = (100, 30);
    app.scroll_to_cursor();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("drawn");
    let first_frame = started.elapsed();
    let (mut steps, mut joins) = (Vec::new(), Vec::new());
    let mut next = keys.iter().cycle();
    while app.is_loading() || app.working_behind() {
        // Between keys, the loop joins what is parsed as it comes (a millisecond at a time).
        let key_at = Instant::now() + every;
        while Instant::now() < key_at {
            if app.pieces_waiting() {
                app.absorb_loaded();
            } else {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        let t = Instant::now();
        app.absorb_loaded();
        app.background_done();
        let joined = t.elapsed();
        app.handle_key(next.next().expect("a key"));
        let keyed = t.elapsed();
        term.draw(|f| ptag::ui::draw(f, &app)).expect("drawn");
        if std::env::var_os("PTAG_BENCH_VERBOSE").is_some() {
            eprintln!(
                "join {:?} key {:?} frame {:?}",
                joined,
                keyed - joined,
                t.elapsed() - keyed
            );
        }
        steps.push(t.elapsed());
        joins.push(joined);
    }
    let whole = started.elapsed();
    steps.sort();
    joins.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{}: first frame {:.0} ms, whole {:.0} ms; {} keys while loading, one every {} ms",
        path.display(),
        ms(first_frame),
        ms(whole),
        steps.len(),
        every.as_millis()
    );
    println!(
        "{:<28} {:>8} {:>8} {:>8} {:>8}   yardstick",
        "per key (ms)", "p50", "p90", "p99", "max"
    );
    for (name, v) in [
        ("join + key + frame", &steps),
        ("of which joining pieces", &joins),
    ] {
        let cell = |q: f64| {
            let i = ((v.len() as f64 - 1.0) * q).round() as usize;
            v.get(i).map_or("-".into(), |d| format!("{:.2}", ms(*d)))
        };
        println!(
            "{name:<28} {:>8} {:>8} {:>8} {:>8}   2 ms a key",
            cell(0.5),
            cell(0.9),
            cell(0.99),
            cell(1.0)
        );
    }
    ptag::terminal::forget_documents(&mut app);
}
