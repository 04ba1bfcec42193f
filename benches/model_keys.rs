//! Editor keys while the session model trains. A folder session on copies of the corpus files
//! (in a temp folder), one file open, a motion key every 20 ms (a fast typist) and a frame drawn
//! after each, in three phases: no training (the yardstick), a training of the whole session
//! running on the model worker's thread (as the editor runs it: at lowered priority), and the
//! same training on a thread at the editor's own priority. Per key: handle + draw time, and the
//! wake-up delay (how much later than asked the main thread ran again after its 20 ms sleep:
//! the wait a typed key would see before it is even read). Then the first frame after the
//! model arrives (its predictions for the visible blocks are made on the main thread) and the
//! first keys that predict a whole file. `cargo bench --bench model_keys` runs it on all 63
//! files; without `--bench` it is a smoke run on 8.

use ptag::app::App;
use ptag::cli::EditorArgs;
use ptag::keymap::{Key, parse_key_script};
use ptag::model_worker::ModelWorker;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::{Duration, Instant};

const SIZE: (u16, u16) = (100, 30);
/// The editor's target for a key, handled and drawn.
const KEY_TARGET_MS: f64 = 2.0;
const TYPING_GAP: Duration = Duration::from_millis(20);
const MOTIONS: &str = "j j w w l k b } { ; , <C-d> <C-u> $ 0 j w e";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Per-key figures of one phase.
#[derive(Default)]
struct Phase {
    keys: Vec<Duration>,
    wake: Vec<Duration>,
}

impl Phase {
    fn pct(v: &[Duration], p: usize) -> f64 {
        let mut s = v.to_vec();
        s.sort();
        s.get((s.len() * p / 100).min(s.len().saturating_sub(1)))
            .map_or(0.0, |d| ms(*d))
    }

    fn print(&self, label: &str) {
        let max = self.keys.iter().max().map_or(0.0, |d| ms(*d));
        let over = self.keys.iter().filter(|d| ms(**d) > KEY_TARGET_MS).count();
        println!(
            "{label}: {} keys, handle+draw p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms, over {KEY_TARGET_MS} ms: {over} (target < {KEY_TARGET_MS} ms); wake-up delay p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            self.keys.len(),
            Self::pct(&self.keys, 50),
            Self::pct(&self.keys, 99),
            max,
            Self::pct(&self.wake, 50),
            Self::pct(&self.wake, 99),
            self.wake.iter().max().map_or(0.0, |d| ms(*d)),
        );
    }
}

/// Types motion keys, one per `TYPING_GAP`, a frame after each, while `more` says so (at least
/// `min_keys`).
fn type_while(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    keys: &[Key],
    min_keys: usize,
    mut more: impl FnMut(&mut App) -> bool,
) -> Phase {
    let mut phase = Phase::default();
    let mut i = 0;
    while i < min_keys || more(app) {
        let asked = Instant::now();
        std::thread::sleep(TYPING_GAP);
        phase.wake.push(asked.elapsed().saturating_sub(TYPING_GAP));
        let key = &keys[i % keys.len()];
        let t = Instant::now();
        app.handle_key(key);
        term.draw(|f| ptag::ui::draw(f, app)).expect("draw");
        phase.keys.push(t.elapsed());
        i += 1;
        // Keep the cursor in the first screens: motions past the end would stop moving.
        if i % 200 == 0 {
            app.handle_key(&parse_key_script("g").expect("g")[0]);
        }
    }
    phase
}

/// Handles `script` and draws, returning the time.
fn timed(app: &mut App, term: &mut Terminal<TestBackend>, script: &str) -> Duration {
    let t = Instant::now();
    for k in parse_key_script(script).expect("keys") {
        app.handle_key(&k);
    }
    term.draw(|f| ptag::ui::draw(f, app)).expect("draw");
    t.elapsed()
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let Some(corpus) = std::env::var_os("PTAG_CORPUS") else {
        eprintln!("set PTAG_CORPUS to the CA4P-483 corpus folder to run this benchmark");
        return;
    };
    let markup = Path::new(&corpus).join("markup");
    let mut files: Vec<_> = std::fs::read_dir(&markup)
        .unwrap_or_else(|e| panic!("{}: {e}", markup.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files.truncate(if full { usize::MAX } else { 8 });
    // Copies: a session writes its statuses into its folder.
    let dir = tempfile::tempdir().expect("a temp folder");
    let mut bytes = 0;
    for f in &files {
        bytes += std::fs::copy(f, dir.path().join(f.file_name().expect("a name"))).expect("copy");
    }
    let data = tempfile::tempdir().expect("a data folder");
    let args = EditorArgs {
        files: vec![dir.path().to_path_buf()],
        retrain_every: Some(20),
        ..Default::default()
    };
    let mut app = ptag::editor::build_app(&args, Some(data.path().to_path_buf())).expect("app");
    app.size = SIZE;
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).expect("test terminal");
    app.handle_key(&parse_key_script("<Enter>").expect("keys")[0]);
    ptag::motion::warm_up();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
    let keys = parse_key_script(MOTIONS).expect("keys");
    println!(
        "model keys bench{}: a session of {} corpus files ({bytes} bytes), {} open ({} chars), {}x{}, a key every {} ms",
        if full {
            ""
        } else {
            " (smoke run, pass --bench)"
        },
        files.len(),
        app.buf().name,
        app.buf().doc.text.len_chars(),
        SIZE.0,
        SIZE.1,
        TYPING_GAP.as_millis()
    );

    // 1. No training: the yardstick.
    let quiet = type_while(&mut app, &mut term, &keys, 200, |_| false);
    quiet.print("no training (yardstick)");

    // 2. The editor's way: the worker's thread, at lowered priority.
    let mut worker = ModelWorker::default();
    let started = Instant::now();
    assert!(worker.pump(&mut app), "a first training is wanted");
    let mut arrived = None;
    let niced = type_while(&mut app, &mut term, &keys, 0, |app| {
        let t = Instant::now();
        if worker.pump(app) {
            arrived = Some((started.elapsed(), t.elapsed()));
            return false;
        }
        true
    });
    let (trained_niced, applied) = arrived.expect("the job ended");
    // The model arrived: this frame predicts the visible blocks.
    let t = Instant::now();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
    let first_frame = applied + t.elapsed();
    niced.print(&format!(
        "training at nice +{} (the editor's worker)",
        ptag::priority::NICENESS
    ));
    let info = app
        .message
        .as_ref()
        .map_or(String::new(), |m| m.text.clone());
    println!(
        "training wall time at nice +{}: {:.1} s ({info})",
        ptag::priority::NICENESS,
        trained_niced.as_secs_f64()
    );
    println!(
        "first frame after the model arrives: {:.2} ms (target < {KEY_TARGET_MS} ms): job result applied (the open file's predictions, made by the job, cached) {:.2} ms, then the draw {:.2} ms",
        ms(first_frame),
        ms(applied),
        ms(first_frame - applied)
    );
    let scroll = timed(&mut app, &mut term, "<C-d>");
    println!("first <C-d> with the model: {:.2} ms", ms(scroll));
    let least = timed(&mut app, &mut term, "c");
    println!(
        "first c (least sure: every prediction of the open file, {} chars): {:.2} ms; again: {:.3} ms",
        app.buf().doc.text.len_chars(),
        ms(least),
        ms(timed(&mut app, &mut term, "c"))
    );
    let order = timed(&mut app, &mut term, "P");
    println!(
        "P (file list by expected work): {:.2} ms; back: {:.3} ms",
        ms(order),
        ms(timed(&mut app, &mut term, "P <Esc>"))
    );
    // When the job's predictions do not fit (the text changed while it trained), the frame
    // predicts its visible blocks itself: what that costs.
    app.learning.version += 1;
    let t = Instant::now();
    term.draw(|f| ptag::ui::draw(f, &app)).expect("draw");
    println!(
        "a frame predicting its visible blocks on the key path (the fallback when the text changed during training): {:.2} ms",
        ms(t.elapsed())
    );
    let with_model = type_while(&mut app, &mut term, &keys, 200, |_| false);
    with_model.print("with the model, no training");

    // 3. The same training at the editor's own priority (not how the editor runs it).
    timed(&mut app, &mut term, "<A-c>");
    let job = app.take_model_job().expect("a training was asked for");
    let started = Instant::now();
    let handle = std::thread::spawn(move || job.run());
    let plain = type_while(&mut app, &mut term, &keys, 0, |_| !handle.is_finished());
    let trained_plain = started.elapsed();
    app.model_job_done(handle.join().expect("the job"));
    plain.print("training at the editor's priority (for comparison)");
    println!(
        "training wall time at the editor's priority: {:.1} s (at nice +{}: {:.1} s)",
        trained_plain.as_secs_f64(),
        ptag::priority::NICENESS,
        trained_niced.as_secs_f64()
    );
}
