//! End-to-end (issue 24, item 1): two real ptag processes on one file in pseudo-terminals. A
//! holds the file and tags; B takes it over and tags; A's save is refused; B is killed with
//! SIGKILL; reopening offers B's work back, and restoring and saving puts it in the file.

mod common;

use common::pty::PtyEditor;
use std::path::{Path, PathBuf};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// A policy of 25 numbered lines.
fn policy() -> String {
    (1..=25)
        .map(|i| format!("第{i}行：我们会收集您的手机号码用于创建账户。\n"))
        .collect()
}

/// One ptag in a pty of its own, as annotator `user`.
struct Annotator;

impl Annotator {
    fn open(dir: &Path, user: &str) -> PtyEditor {
        PtyEditor::open(dir, ROWS, COLS, user)
    }
}

fn journals(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("data/recovery"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn after_a_takeover_the_old_holders_save_is_refused_and_the_new_holders_crash_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.txt");
    let original = policy();
    std::fs::write(&file, &original).unwrap();

    // A opens the file and tags line 8.
    let mut a = Annotator::open(dir.path(), "alice");
    a.wait_for("A's first frame", |t| t.contains("NORMAL"));
    a.keys("7j1d");
    a.wait_for("A's tag on line 8", |t| {
        t.contains("[+]") && t.contains("8:2")
    });

    // B opens it read-only, takes it over and tags line 9.
    let mut b = Annotator::open(dir.path(), "bob");
    b.wait_for("B told that alice holds it", |t| {
        t.contains("open by alice") && t.contains("read-only")
    });
    b.keys(":takeover\r");
    b.wait_for("the takeover", |t| t.contains("you now hold"));
    b.keys("8j1d");
    b.wait_for("B's tag on line 9", |t| {
        t.contains("[+]") && t.contains("9:2")
    });

    // A saves: refused, naming bob and what A can do; the file is as it was.
    a.keys("\x13");
    a.wait_for("A's save refused", |t| {
        t.contains("NOT saved") && t.contains("bob (pid") && t.contains("took it over")
    });
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    a.wait_for("A's buffer read-only", |t| t.contains("[read-only]"));

    // B tags line 20 and is killed.
    b.keys("11j1d");
    b.wait_for("B's tag on line 20", |t| {
        t.contains("20:") && t.contains("数据2")
    });
    b.kill_9();

    // A gives up its own work (quit, don't save): B's journal must outlive that.
    a.keys("qn");
    a.wait_exit();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert_eq!(journals(dir.path()).len(), 1, "B's journal, only");

    // Reopening offers B's two changes back; restoring and saving puts them in the file.
    let mut c = Annotator::open(dir.path(), "carol");
    c.wait_for("the offer of B's work", |t| {
        t.contains("unsaved work found") && t.contains("2 changes") && t.contains("bob")
    });
    c.keys("r");
    c.wait_for("the restore", |t| t.contains("restored 2"));
    c.keys("\x13");
    c.wait_for("the save", |t| t.contains("saved policy.txt"));
    c.keys("q");
    c.wait_exit();

    let saved = std::fs::read_to_string(&file).unwrap();
    let expected: String = original
        .lines()
        .map(|l| match l {
            l if l.starts_with("第9行") => l.replacen("第", "<第>", 1),
            l if l.starts_with("第20行") => l.replacen("行", "<行>", 1),
            l => l.to_string(),
        } + "\n")
        .collect();
    assert_eq!(saved, expected, "B's tags on lines 9 and 20, not A's on 8");
    assert!(
        journals(dir.path()).is_empty(),
        "the journal goes once saved"
    );
    assert!(!dir.path().join(".policy.txt.ptag-lock").exists());
}
