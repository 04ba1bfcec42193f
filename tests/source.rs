//! Folders with symbolic links: the commands and the editor's session find each policy once.
#![cfg(unix)]

mod common;

use common::*;
use ptag::session::Session;

/// `a.txt`, `sub/b.txt` and `sub/up -> ..`, a link back to the top: a loop.
fn folder_with_a_loop() -> tempfile::TempDir {
    let dir = folder(&[
        ("a.txt", "(我们)\n".as_bytes()),
        ("sub/b.txt", "[收集]\n".as_bytes()),
    ]);
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    dir
}

#[test]
fn stats_counts_each_file_of_a_folder_with_a_link_loop_once() {
    let dir = folder_with_a_loop();
    let o = ptag(&["stats", "--format", "json", s(dir.path())]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let root = format!("{}/", dir.path().display());
    let files: Vec<String> = v["per_file"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().replace(&root, ""))
        .collect();
    assert_eq!(files, ["a.txt", "sub/b.txt"]);
    assert_eq!(v["files"], 2);
}

#[test]
fn session_scan_lists_each_file_of_a_folder_with_a_link_loop_once() {
    let dir = folder_with_a_loop();
    let files = Session::scan(dir.path());
    assert_eq!(
        files,
        [dir.path().join("a.txt"), dir.path().join("sub/b.txt")]
    );
}
