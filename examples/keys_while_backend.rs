//! Keys while a Label Studio ML backend's prediction request is in flight (issue 29), beside
//! the 2 ms a key may cost.
//!
//!     cargo run --release --example keys_while_backend -- [KEYS] [EVERY_MS] [DELAY_MS]
//!
//! Starts a canned backend on 127.0.0.1 that answers each `/predict` after DELAY_MS (default
//! 1500: a slow model) and opens a 400-line policy in the editor with `--backend` on it. Then
//! does what the terminal loop does, 2 s without the backend (the yardstick), then 4 s with it: every EVERY_MS (default 20) it pumps the worker
//! (a finished fetch is taken, the next wanted blocks are sent), runs the next key of KEYS
//! (default `j`, cycled) and draws the frame (100x30, in memory). Each key's cost is that whole
//! step; only the steps taken while a request was out are counted. Not a test: the figures
//! depend on the machine, so they are printed, never asserted.

#[path = "../src/suggest/mock_server.rs"]
#[allow(dead_code)]
mod mock_server;

use mock_server::{MockServer, Reply, rule_answer};
use ptag::cli::EditorArgs;
use ptag::keymap::parse_key_script;
use ptag::model_worker::ModelWorker;
use ptag::suggest::backend::{Backend, BackendConfig};
use ratatui::{Terminal, backend::TestBackend};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let keys = parse_key_script(&args.next().unwrap_or_else(|| "j".into())).expect("key script");
    let every = Duration::from_millis(args.next().map_or(20, |s| s.parse().expect("EVERY_MS")));
    let delay = Duration::from_millis(args.next().map_or(1500, |s| s.parse().expect("DELAY_MS")));
    let server = MockServer::start(move |r, _| {
        if r.line.starts_with("POST /predict") {
            Reply::Late(delay, rule_answer(r, "手机号码", "data", 0.9, 0))
        } else {
            Reply::json("{}")
        }
    });
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join("policy.txt");
    let line = "我们会收集您的手机号码、设备型号和位置信息，用于(身份验证)和改进服务。\n";
    std::fs::write(&path, line.repeat(400)).expect("written");
    let editor = EditorArgs {
        files: vec![path],
        keys: Some(String::new()),
        ..Default::default()
    };
    let mut app = ptag::editor::build_app(&editor, None).expect("the file opens");
    app.work_behind = true;
    let mut worker = ModelWorker::default();
    let mut term = Terminal::new(TestBackend::new(100, 30)).expect("an in-memory terminal");
    app.size = (100, 30);
    app.scroll_to_cursor();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("drawn");
    let (mut in_flight, mut idle) = (Vec::new(), Vec::new());
    let mut next = keys.iter().cycle();
    // First 2 s without a backend (the yardstick), then 4 s with the slow one.
    for (phase, seconds) in [(0, 2), (1, 4)] {
        if phase == 1 {
            let config = BackendConfig::new(&server.url);
            app.use_backend(Backend::new(config, &app.scheme).expect("a backend"));
        }
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(seconds) {
            std::thread::sleep(every);
            let t = Instant::now();
            worker.pump(&mut app);
            let busy = worker.busy();
            app.handle_key(next.next().expect("a key"));
            term.draw(|f| ptag::ui::draw(f, &app)).expect("drawn");
            if busy { &mut in_flight } else { &mut idle }.push(t.elapsed());
        }
    }
    let requests = server.requests().len();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "backend answering after {} ms: {} requests in the 4 s with it; a key every {} ms",
        delay.as_millis(),
        requests,
        every.as_millis()
    );
    println!(
        "{:<32} {:>6} {:>8} {:>8} {:>8} {:>8}   yardstick",
        "pump + key + frame (ms)", "keys", "p50", "p90", "p99", "max"
    );
    for (name, v) in [
        ("while a request is out", &mut in_flight),
        ("no request out (yardstick)", &mut idle),
    ] {
        v.sort();
        let cell = |q: f64| {
            let i = ((v.len() as f64 - 1.0) * q).round() as usize;
            v.get(i).map_or("-".into(), |d| format!("{:.2}", ms(*d)))
        };
        println!(
            "{name:<32} {:>6} {:>8} {:>8} {:>8} {:>8}   2 ms a key",
            v.len(),
            cell(0.5),
            cell(0.9),
            cell(0.99),
            cell(1.0)
        );
    }
    ptag::terminal::forget_documents(&mut app);
}
