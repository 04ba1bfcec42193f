//! Kill -9 at random moments while ptag edits and saves, then count what a user would lose.
//!
//!     cargo build --release && cargo run --release --example kill_harness -- [TRIALS] [BINARY]
//!
//! Each trial copies a real policy into a fresh folder and runs the binary on a key script that
//! tags words and saves twice (`--keys`, so no terminal is needed), with a private data folder,
//! and SIGKILLs it after a random delay within one run's length. Then it checks, with the
//! library as the editor's next start would:
//! - torn file: the policy is neither the original nor one of the two saved states;
//! - lost edit: what the user gets back (the journal replayed onto the file, or the file alone)
//!   is not one of the states the script passed through, or is behind the file on disk;
//! - stale journal: a journal is offered although the file already holds everything in it;
//! - unrestorable journal: a journal is offered but does not replay;
//! - temp files: `.ptag-save-*` left beside the policy after the next start's sweep.
//!
//! Not a test (it takes minutes): the table it prints is the figure.

use ptag::doc::{Buffer, LoadOptions};
use ptag::editor::build_app;
use ptag::keymap::parse_key_script;
use ptag::markup::serialize_unchecked;
use ptag::recovery::{Lookup, lookup, replay};
use ptag::scheme::Scheme;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SCRIPT: &str = "j j w d w w 3 w d <C-s> w w d w 1 w d <C-s> w d";
const POLICY: &str = include_str!("../sample-policies/taobao-raw.txt");

/// A small xorshift: reproducible delays without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The markup after each prefix of the script (what the killed run may have reached).
fn states(dir: &Path) -> Vec<String> {
    let keys = parse_key_script(SCRIPT).expect("the script parses");
    let mut out = Vec::new();
    for k in 0..=keys.len() {
        let file = dir.join(format!("state{k}.txt"));
        std::fs::write(&file, POLICY).expect("write");
        let args = ptag::cli::EditorArgs {
            files: vec![file.clone()],
            ..Default::default()
        };
        let mut app = build_app(&args, None).expect("an app");
        app.resume = false;
        for key in &keys[..k] {
            app.handle_key(key);
        }
        out.push(serialize_unchecked(&app.buf().doc));
        drop(app);
        let _ = std::fs::remove_file(&file);
    }
    out
}

#[derive(Default)]
struct Tally {
    trials: usize,
    killed_mid_run: usize,
    torn: usize,
    lost: usize,
    stale_journals: usize,
    unrestorable: usize,
    temp_files_left: usize,
    temp_files_seen: usize,
    journals_offered: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let trials: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let binary = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/ptag"));
    let work = tempfile::tempdir().expect("a temp dir");
    let states = states(work.path());
    let saved: Vec<&String> = {
        // The states right after each <C-s>.
        let keys: Vec<&str> = SCRIPT.split_whitespace().collect();
        keys.iter()
            .enumerate()
            .filter(|(_, k)| **k == "<C-s>")
            .map(|(i, _)| &states[i + 1])
            .collect()
    };
    let run = |dir: &Path| {
        Command::new(&binary)
            .args(["policy.txt", "--keys", SCRIPT])
            .current_dir(dir)
            .env("PTAG_DATA_DIR", dir.join("data"))
            .env("HOME", dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ptag")
    };
    // How long one whole run takes, to spread the kills over it.
    let probe = tempfile::tempdir().expect("a temp dir");
    std::fs::write(probe.path().join("policy.txt"), POLICY).expect("write");
    let t0 = Instant::now();
    run(probe.path()).wait().expect("the probe run");
    let span = t0.elapsed().as_micros() as u64;
    eprintln!(
        "one run takes {:.1} ms; {trials} trials",
        span as f64 / 1000.0
    );

    let scheme = Scheme::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut t = Tally::default();
    for _ in 0..trials {
        let dir = tempfile::tempdir().expect("a temp dir");
        let policy = dir.path().join("policy.txt");
        std::fs::write(&policy, POLICY).expect("write");
        let mut child = run(dir.path());
        // Start-up (reading the file, the segmenter's dictionary) is most of a run: the kills
        // fall in its last 70 % and a little past its end, where the edits and saves happen.
        let delay = span * 3 / 10 + rng.below(span * 8 / 10);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        t.trials += 1;
        if !status.success() {
            t.killed_mid_run += 1;
        }
        let on_disk = std::fs::read_to_string(&policy).unwrap_or_default();
        if on_disk != POLICY && !saved.contains(&&on_disk) {
            t.torn += 1;
        }
        let temp = |d: &Path| {
            std::fs::read_dir(d)
                .map(|r| {
                    r.flatten()
                        .filter(|e| e.file_name().to_string_lossy().starts_with(".ptag-save-"))
                        .count()
                })
                .unwrap_or(0)
        };
        t.temp_files_seen += temp(dir.path());
        ptag::store::sweep_stale_saves(dir.path());
        t.temp_files_left += temp(dir.path());
        // What the next start gives back.
        let recovered = match lookup(&dir.path().join("data"), &policy) {
            Lookup::Offer(found) => {
                t.journals_offered += 1;
                let mut buf =
                    Buffer::open(&policy, &scheme, &LoadOptions::default()).expect("open");
                match replay(&mut buf, &found) {
                    Ok(_) => {
                        let m = serialize_unchecked(&buf.doc);
                        if m == on_disk {
                            t.stale_journals += 1;
                        }
                        m
                    }
                    Err(_) => {
                        t.unrestorable += 1;
                        on_disk.clone()
                    }
                }
            }
            _ => on_disk.clone(),
        };
        let reached = states.iter().position(|s| *s == recovered);
        let on_disk_at = states.iter().position(|s| *s == on_disk).unwrap_or(0);
        if reached.is_none_or(|r| r < on_disk_at) {
            t.lost += 1;
        }
    }
    println!(
        "kill -9 harness: {} trials ({} killed mid-run)",
        t.trials, t.killed_mid_run
    );
    println!("| what                              | count |");
    println!("|-----------------------------------|-------|");
    println!("| torn or mixed files               | {:>5} |", t.torn);
    println!("| lost edits                        | {:>5} |", t.lost);
    println!(
        "| journals offered                  | {:>5} |",
        t.journals_offered
    );
    println!(
        "| stale journals (already saved)    | {:>5} |",
        t.stale_journals
    );
    println!(
        "| journals that would not replay    | {:>5} |",
        t.unrestorable
    );
    println!(
        "| temp files found after the kill   | {:>5} |",
        t.temp_files_seen
    );
    println!(
        "| temp files left after the sweep   | {:>5} |",
        t.temp_files_left
    );
}
