//! Import into a folder and brat export never write through a symlink inside the output
//! folder, and import writes only `.txt` names: whatever a record names, nothing lands
//! outside the folder the user gave.

mod common;

use common::*;
use std::os::unix::fs::symlink;
use std::path::Path;

/// Every file under `dir` (recursively), as paths relative to it.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                found.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_record_under_a_symlinked_subfolder_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, out.join("cfg")).unwrap();
    let o = ptag_stdin(
        &["import", "--format", "jsonl", "-", "-o", s(&out)],
        b"{\"file\":\"a.txt\",\"text\":\"x\"}\n{\"file\":\"cfg/keys.txt\",\"text\":\"y\"}\n",
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cfg") && err.contains("is a symbolic link"),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert!(
        files_under(&elsewhere).is_empty(),
        "written through the link"
    );
    assert!(!out.join("a.txt").exists(), "nothing written at all");
}

#[test]
fn force_does_not_overwrite_a_symlinked_file_s_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    symlink(&victim, out.join("ok.txt")).unwrap();
    let o = ptag_stdin(
        &["import", "--format", "jsonl", "-", "-o", s(&out), "--force"],
        b"{\"file\":\"ok.txt\",\"text\":\"x\"}\n{\"file\":\"b.txt\",\"text\":\"y\"}\n",
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(out.join("ok.txt").symlink_metadata().unwrap().is_symlink());
}

#[test]
fn only_txt_names_are_imported_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = ptag_stdin(
        &["import", "--format", "jsonl", "-", "-o", s(&out)],
        b"{\"file\":\"a.txt\",\"text\":\"x\"}\n{\"file\":\"cfg/authorized_keys\",\"text\":\"y\"}\n",
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("\"cfg/authorized_keys\" does not end in .txt"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn brat_export_does_not_follow_a_symlinked_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("sub/a.txt"), "(我们)收集\n").unwrap();
    let (out, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, out.join("sub")).unwrap();
    let o = ptag(&["export", "--format", "brat", s(&src), "-o", s(&out)]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert!(
        files_under(&elsewhere).is_empty(),
        "written through the link"
    );
    // A plain folder is written as before.
    let fresh = dir.path().join("fresh");
    let o = ptag(&["export", "--format", "brat", s(&src), "-o", s(&fresh)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files_under(&fresh), ["sub/a.ann", "sub/a.txt"]);
}
