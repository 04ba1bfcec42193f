//! `ptag merge`: three-way merges of real policies, by hand and as a git merge driver in a real
//! repository.

mod common;

use common::*;
use ptag::markup::{Document, parse, serialize};
use ptag::scheme::Scheme;
use std::path::Path;
use std::process::Command;

/// `src` keeping only the tags for which `keep(line, index among tags)` holds.
fn keep_tags(src: &str, keep: impl Fn(usize, usize) -> bool) -> String {
    let mut doc = parse(src, &Scheme::default());
    let tags: Vec<usize> = (0..doc.items().len())
        .filter(|&i| !doc.items()[i].is_note())
        .collect();
    for (k, &i) in tags.iter().enumerate().rev() {
        let line = doc.text.char_to_line(doc.items()[i].start as usize);
        if !keep(line, k) {
            doc.untag(i).unwrap();
        }
    }
    serialize(&doc).unwrap()
}

/// The index of a leaf tag (nothing inside it) of 3 chars or more on a line of its own role.
fn a_leaf(doc: &Document) -> usize {
    (0..doc.items().len())
        .find(|&i| {
            let it = doc.items()[i];
            !it.is_note() && it.end >= it.start + 3 && doc.subtree_end(i) == i + 1
        })
        .unwrap()
}

#[test]
fn one_sided_changes_merge_and_conflicts_stay_as_notes_check_reports() {
    let full = std::fs::read_to_string(seed("000")).unwrap();
    let lines = full.lines().count();
    let base = keep_tags(&full, |_, _| false);
    let ours = keep_tags(&full, |l, _| l < lines / 2);
    let theirs = keep_tags(&full, |l, _| l >= lines / 2);
    let dir = folder(&[
        ("base.txt", base.as_bytes()),
        ("ours.txt", ours.as_bytes()),
        ("theirs.txt", theirs.as_bytes()),
        ("full.txt", full.as_bytes()),
    ]);
    let d = dir.path();
    let o = ptag_in(
        d,
        &[
            "merge",
            "base.txt",
            "ours.txt",
            "theirs.txt",
            "-o",
            "out.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let same = ptag_in(d, &["diff", "full.txt", "out.txt"]);
    assert_eq!((code(&same), stdout(&same)), (0, String::new()));
    // The same change on both sides is taken once.
    let o = ptag_in(
        d,
        &[
            "merge", "base.txt", "full.txt", "full.txt", "-o", "out2.txt",
        ],
    );
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read_to_string(d.join("out2.txt")).unwrap(), full);

    // Conflict: ours retags a tag, theirs resizes it.
    let scheme = Scheme::default();
    let mut a = parse(&full, &scheme);
    let i = a_leaf(&a);
    let it = a.items()[i];
    let role = it.role().unwrap();
    let other = (role + 1) % scheme.roles.len() as u16;
    a.retag(i, other).unwrap();
    let mut b = parse(&full, &scheme);
    b.untag(i).unwrap();
    b.tag(role, it.start as usize, it.end as usize - 1).unwrap();
    std::fs::write(d.join("a.txt"), serialize(&a).unwrap()).unwrap();
    std::fs::write(d.join("b.txt"), serialize(&b).unwrap()).unwrap();
    let o = ptag_in(d, &["merge", "full.txt", "a.txt", "b.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let merged = std::fs::read_to_string(d.join("a.txt")).unwrap();
    assert!(merged.contains("#ptag-conflict {"), "{merged}");
    assert!(!merged.contains("<<<<<<<"));
    let line = a.text.char_to_line(it.start as usize) + 1;
    let check = ptag_in(d, &["check", "a.txt"]);
    assert_eq!(code(&check), 1);
    assert!(
        stdout(&check).contains(&format!("a.txt:{line}:"))
            && stdout(&check).contains("error: unresolved merge conflict"),
        "{}",
        stdout(&check)
    );
    // Every byte of policy text is kept.
    let strip = |p: &str| stdout(&ptag_in(d, &["strip", p]));
    let texts_agree = ptag_in(d, &["diff", "full.txt", "a.txt"]);
    assert_ne!(code(&texts_agree), 2, "{}", stderr(&texts_agree));
    assert_eq!(
        strip("full.txt"),
        strip("a.txt"),
        "the conflict note is markup, not text"
    );
}

#[test]
fn a_different_text_is_refused_with_its_place_and_nothing_written() {
    let dir = folder(&[
        ("base.txt", "(我们)收集<手机号码>。\n".as_bytes()),
        ("ours.txt", "(我们)收集手机号码。\n".as_bytes()),
        ("theirs.txt", "(我们)收集<手机号>。\n".as_bytes()),
    ]);
    let d = dir.path();
    let o = ptag_in(d, &["merge", "base.txt", "ours.txt", "theirs.txt"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("theirs.txt:1:12: error: the policy text differs from base.txt:1:11"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(d.join("ours.txt")).unwrap(),
        "(我们)收集手机号码。\n"
    );
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap()
}

fn git_ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

fn commit_on(dir: &Path, branch: &str, content: &str) {
    git_ok(dir, &["checkout", "-q", "-B", branch, "main"]);
    std::fs::write(dir.join("policy.txt"), content).unwrap();
    git_ok(dir, &["commit", "-q", "-am", branch]);
}

#[test]
fn git_merges_two_annotators_branches_with_the_driver() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("notice: git is not installed: the git merge driver test is skipped");
        return;
    }
    let full = std::fs::read_to_string(seed("002")).unwrap();
    let lines = full.lines().count();
    let repo = tempfile::tempdir().unwrap();
    let d = repo.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "t"]);
    git_ok(d, &["config", "user.email", "t@example.com"]);
    let driver = format!("{} merge %O %A %B", env!("CARGO_BIN_EXE_ptag"));
    git_ok(d, &["config", "merge.ptag.driver", &driver]);
    std::fs::write(d.join(".gitattributes"), "*.txt merge=ptag\n").unwrap();
    std::fs::write(d.join("policy.txt"), keep_tags(&full, |_, _| false)).unwrap();
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "base"]);
    commit_on(d, "first-half", &keep_tags(&full, |l, _| l < lines / 2));
    commit_on(d, "second-half", &keep_tags(&full, |l, _| l >= lines / 2));
    git_ok(d, &["checkout", "-q", "first-half"]);
    git_ok(d, &["merge", "-q", "-m", "union", "second-half"]);
    std::fs::write(d.join("full.txt.orig"), &full).unwrap();
    let same = ptag_in(d, &["diff", "full.txt.orig", "policy.txt"]);
    assert_eq!(
        (code(&same), stdout(&same)),
        (0, String::new()),
        "{}",
        stderr(&same)
    );

    // Two annotators tag the same words differently: a conflict, left for `ptag check`.
    let base_src = std::fs::read_to_string(d.join("policy.txt")).unwrap();
    git_ok(d, &["branch", "-f", "main", "HEAD"]);
    let scheme = Scheme::default();
    let mut a = parse(&base_src, &scheme);
    let i = a_leaf(&a);
    let it = a.items()[i];
    a.untag(i).unwrap();
    let mut b = parse(&base_src, &scheme);
    b.retag(i, (it.role().unwrap() + 1) % 4).unwrap();
    commit_on(d, "x", &serialize(&a).unwrap());
    commit_on(d, "y", &serialize(&b).unwrap());
    git_ok(d, &["checkout", "-q", "x"]);
    let m = git(d, &["merge", "-q", "-m", "clash", "y"]);
    assert!(!m.status.success(), "the merge should stop on the conflict");
    let merged = std::fs::read_to_string(d.join("policy.txt")).unwrap();
    assert!(!merged.contains("<<<<<<<"), "git wrote its own markers");
    let check = ptag_in(d, &["check", "policy.txt"]);
    assert_eq!(code(&check), 1);
    let line = a.text.char_to_line(it.start as usize) + 1;
    assert!(
        stdout(&check).contains(&format!("policy.txt:{line}:"))
            && stdout(&check).contains("unresolved merge conflict"),
        "{}",
        stdout(&check)
    );
}

/// `ptag review` refuses two different texts with both locations, exit 2, and writes nothing.
#[test]
fn review_refuses_different_texts_with_the_location() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "<我们>会收集手机号码\n").unwrap();
    std::fs::write(d.join("b.txt"), "我们会收藏手机号码\n").unwrap();
    let o = ptag_in(
        d,
        &["review", "a.txt", "b.txt", "-o", "out.txt", "--keys", ""],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a.txt:1:7") && err.contains("b.txt:1:5"),
        "{err}"
    );
    assert!(!d.join("out.txt").exists());
}
