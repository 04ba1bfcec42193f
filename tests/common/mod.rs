//! What the command-line tests share: running the binary, folders of test files, and the
//! seeds and corpus beside the repository.

// Each test crate that includes this module uses only some of it.
#![allow(dead_code)]

pub mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A folder holding the two seed policies under their corpus names. They travel with the repo
/// as `sample-policies/*-annotated.txt`; the copy gives them the names the corpus uses.
pub fn seeds_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-policies");
        for (from, to) in [
            ("taobao-annotated.txt", "000_ee69bdfe6e95d1dd.txt"),
            ("jd-annotated.txt", "002_8b38e33c19c35d5c.txt"),
        ] {
            std::fs::copy(samples.join(from), dir.path().join(to)).unwrap();
        }
        dir
    })
    .path()
    .to_path_buf()
}

/// The seed file whose name starts with `n` (`000`).
pub fn seed(n: &str) -> PathBuf {
    let dir = seeds_dir();
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

/// True (after a notice past the harness's capture) when `PTAG_CORPUS` does not name the
/// CA4P-483 corpus: it has no licence, so it is never in the repo, and tests that want it skip.
pub fn no_corpus() -> bool {
    if std::env::var_os("PTAG_CORPUS").is_some() {
        return false;
    }
    let _ = writeln!(
        std::io::stderr(),
        "notice: PTAG_CORPUS is not set: a corpus test is skipped"
    );
    true
}

/// The corpus folder (`markup/`, `raw/`, `plain/`, `expected/`); check `no_corpus` first.
pub fn corpus_root() -> PathBuf {
    PathBuf::from(std::env::var_os("PTAG_CORPUS").expect("PTAG_CORPUS (check no_corpus first)"))
}

/// The folder of the tagged corpus.
pub fn corpus_markup() -> PathBuf {
    corpus_root().join("markup")
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
