//! Progress is drawn on stderr only on a terminal and never with `-q`: `ptag train` run in a
//! pseudo-terminal, then with stderr piped.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// A folder of tagged policies to train on: enough files for a bar.
fn corpus() -> tempfile::TempDir {
    let policy = "(我们)会[收集]您的<手机号码>用于{注册}。\n".repeat(20);
    let files: Vec<(String, &[u8])> = (0..8)
        .map(|k| (format!("corpus/p{k}.txt"), policy.as_bytes()))
        .collect();
    let named: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    common::folder(&named)
}

/// Everything `ptag ARGS` wrote to its terminal (stdout and stderr both are the pty).
fn in_a_terminal(dir: &Path, args: &[&str]) -> String {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ptag"));
    cmd.args(args);
    cmd.cwd(dir);
    cmd.env("PTAG_DATA_DIR", dir.join(".data"));
    let mut child = pair.slave.spawn_command(cmd).expect("spawn ptag");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    // Read until the child closes the terminal (EIO on Linux once it has exited).
    let reading = std::thread::spawn(move || {
        let mut raw = Vec::new();
        let _ = reader.read_to_end(&mut raw);
        raw
    });
    // A hang (the bar's thread and the command waiting on each other) fails, not blocks.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("ptag's status").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("ptag {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().expect("ptag exits");
    let raw = reading.join().expect("the reader");
    assert!(status.success(), "{}", String::from_utf8_lossy(&raw));
    String::from_utf8_lossy(&raw).into_owned()
}

#[test]
fn train_shows_progress_on_a_terminal_only_and_not_with_quiet() {
    let dir = corpus();
    let shown = in_a_terminal(dir.path(), &["train", "--from", "corpus", "-o", "a.bin"]);
    assert!(
        shown.contains("reading ["),
        "a bar over the files: {shown:?}"
    );
    assert!(shown.contains("/8 corpus"), "its count and file: {shown:?}");
    assert!(shown.contains("trained on 8 files"), "{shown:?}");
    let quiet = in_a_terminal(
        dir.path(),
        &["-q", "train", "--from", "corpus", "-o", "b.bin"],
    );
    assert_eq!(quiet, "", "-q: nothing but errors");
    let piped = common::ptag_in(dir.path(), &["train", "--from", "corpus", "-o", "c.bin"]);
    let err = common::stderr(&piped);
    assert!(
        err.starts_with("trained on 8 files"),
        "no bar in a pipe: {err:?}"
    );
}
