//! What the command-line tests share: running the binary, folders of test files, and the
//! seeds and corpus beside the repository.

// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The seed file whose name starts with `n` (`000`).
pub fn seed(n: &str) -> PathBuf {
    let dir = shared().join("seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(n))
        .unwrap_or_else(|| panic!("no seed {n} in {}", dir.display()))
}

/// The `*.txt` files directly in `dir`, sorted.
pub fn txt_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

/// The folder of the tagged corpus.
pub fn corpus_markup() -> PathBuf {
    shared().join("corpus/markup")
}

/// The tagged corpus's files.
pub fn corpus() -> Vec<PathBuf> {
    let files = txt_files(corpus_markup());
    assert!(files.len() >= 63, "{}", files.len());
    files
}

/// A temporary folder holding `files` (name, contents); names may hold sub-folders.
pub fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, contents) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }
    dir
}

/// Runs the binary, in `dir` if given, feeding `input` on stdin if given (else nothing).
fn run(dir: Option<&Path>, args: &[&str], input: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ptag"));
    command.args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let Some(input) = input else {
        return command.stdin(Stdio::null()).output().unwrap();
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn ptag(args: &[&str]) -> Output {
    run(None, args, None)
}

pub fn ptag_in(dir: &Path, args: &[&str]) -> Output {
    run(Some(dir), args, None)
}

pub fn ptag_stdin(args: &[&str], input: &[u8]) -> Output {
    run(None, args, Some(input))
}

pub fn ptag_stdin_in(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    run(Some(dir), args, Some(input))
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}
