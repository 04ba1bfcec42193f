//! The merge of a file changed on disk (three-way, base = what was loaded or saved) and the
//! resolution of conflict notes with one key each.

use super::*;
use crate::app::test_support::*;

/// An app on `base` (a file on disk), with `ours` typed, then `theirs` written behind its back
/// and merged.
fn merged(base: &str, ours: &str, theirs: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, base).unwrap();
    let mut a = app_on_file(&p);
    keys(&mut a, ours);
    std::fs::write(&p, theirs).unwrap();
    keys(&mut a, "<C-s>");
    assert_eq!(a.mode, Mode::ChangedOnDisk, "{}", msg(&a));
    keys(&mut a, "m");
    (dir, a)
}

#[test]
fn their_deletion_stays_deleted_and_their_retag_is_taken() {
    // Base: 我们 and 手机号码 tagged data. We tag 设备 (d on the word); they delete the tag
    // on 手机号码 and retag 我们 as actor.
    let (dir, mut a) = merged(
        "<我们>会收集<手机号码>和设备信息",
        "$ b b 1 d",
        "(我们)会收集手机号码和设备信息",
    );
    assert_eq!(
        markup(&a),
        "(我们)会收集手机号码和<设备>信息",
        "{}",
        msg(&a)
    );
    assert!(msg(&a).contains("2 changes taken from disk"), "{}", msg(&a));
    assert_eq!(a.conflicts_left(), 0);
    // One undo step: ours comes back whole.
    keys(&mut a, "u");
    assert_eq!(markup(&a), "<我们>会收集<手机号码>和<设备>信息");
    keys(&mut a, "U <C-s>");
    let p = dir.path().join("p.txt");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "(我们)会收集手机号码和<设备>信息"
    );
}

#[test]
fn the_disk_version_is_the_base_of_the_next_merge() {
    let (dir, mut a) = merged("我们会收集手机号码", "1 d", "我们会收集<手机号码>");
    assert_eq!(markup(&a), "<我们>会收集<手机号码>");
    // Not saved; they change again: deleting their own tag is their change, taken.
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码#查#").unwrap();
    keys(&mut a, "<C-s>");
    assert_eq!(a.mode, Mode::ChangedOnDisk);
    keys(&mut a, "m");
    assert_eq!(markup(&a), "<我们>会收集手机号码#查#", "{}", msg(&a));
}

/// Ours retags 手机号码 as purpose, theirs resizes it: a true conflict.
fn conflicted() -> (tempfile::TempDir, App) {
    let (dir, a) = merged(
        "我们会收集<手机号码>用于创建账户",
        "$ 0 w w w f",
        "我们会收集<手机号>码用于创建账户",
    );
    (dir, a)
}

#[test]
fn a_true_conflict_becomes_a_conflict_note_the_keys_resolve() {
    let (dir, mut a) = conflicted();
    let note = r#"#ptag-conflict {"ours":"{手机号码}","theirs":"<手机号>码"}#"#;
    assert_eq!(markup(&a), format!("我们会收集{note}手机号码用于创建账户"));
    assert_eq!(a.conflicts_left(), 1);
    assert!(msg(&a).contains("1 conflict left"), "{}", msg(&a));
    // The keys named are the live keymap's.
    assert!(
        msg(&a).contains("o ours, p theirs, B both, X neither"),
        "{}",
        msg(&a)
    );
    // The cursor went to it; p takes theirs, one undo step brings the note back.
    keys(&mut a, "p");
    assert_eq!(markup(&a), "我们会收集<手机号>码用于创建账户");
    assert_eq!(a.conflicts_left(), 0);
    assert!(msg(&a).contains("no conflicts left"), "{}", msg(&a));
    keys(&mut a, "u");
    assert_eq!(a.conflicts_left(), 1);
    keys(&mut a, "o");
    assert_eq!(markup(&a), "我们会收集{手机号码}用于创建账户");
    keys(&mut a, "u X");
    assert_eq!(markup(&a), "我们会收集手机号码用于创建账户");
    // Both: the two tags nest (手机号 inside 手机号码), so both stand.
    keys(&mut a, "u B");
    assert_eq!(markup(&a), "我们会收集{<手机号>码}用于创建账户");
    keys(&mut a, "<C-s>");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        "我们会收集{<手机号>码}用于创建账户"
    );
}

#[test]
fn conflicts_are_stepped_through_and_both_is_refused_when_tags_cross() {
    let note = |o: &str, t: &str| format!(r#"#ptag-conflict {{"ours":"{o}","theirs":"{t}"}}#"#);
    let src = format!(
        "{}我们会收集手机号码\n第二行：{}设备信息。",
        note("<我们>", "(我们)"),
        note("<设备>信息", "设<备信>息")
    );
    let mut a = app_with(&src, Keymap::default_for(&Scheme::default()));
    assert_eq!(a.conflicts_left(), 2);
    // C-n (diagnostics) reaches the notes: check reports them as errors.
    keys(&mut a, "<C-n>");
    assert!(msg(&a).contains("unresolved merge conflict"), "{}", msg(&a));
    keys(&mut a, "g <A-n>");
    assert_eq!(
        a.view().cursor,
        "我们会收集手机号码\n第二行：".chars().count()
    );
    keys(&mut a, "B");
    assert!(msg(&a).contains("cross"), "{}", msg(&a));
    assert_eq!(a.conflicts_left(), 2, "nothing changed");
    keys(&mut a, "<A-p>");
    assert_eq!(a.view().cursor, 0);
    keys(&mut a, "p");
    assert!(markup(&a).starts_with("(我们)会收集"), "{}", markup(&a));
    // Resolving went on to the next conflict: one key each.
    keys(&mut a, "o");
    assert_eq!(markup(&a), "(我们)会收集手机号码\n第二行：<设备>信息。");
    keys(&mut a, "<A-n>");
    assert!(msg(&a).contains("no conflicts"), "{}", msg(&a));
    // Away from any conflict, a resolution key says how to get to one.
    keys(&mut a, "o");
    assert!(msg(&a).contains("<A-n> goes to the next"), "{}", msg(&a));
}

#[test]
fn both_is_refused_when_the_sides_give_one_text_two_roles() {
    let src = r#"我们会收集#ptag-conflict {"ours":"<手机号码>","theirs":"{手机号码}"}#手机号码"#;
    let mut a = app_with(src, Keymap::default_for(&Scheme::default()));
    keys(&mut a, "<A-n> B");
    assert!(msg(&a).contains("different roles"), "{}", msg(&a));
    assert_eq!(a.conflicts_left(), 1, "nothing changed");
    // Nested same-role tags on different spans are still taken together.
    let src = r#"#ptag-conflict {"ours":"<手机号码>","theirs":"<手机>号码"}#手机号码"#;
    let mut a = app_with(src, Keymap::default_for(&Scheme::default()));
    keys(&mut a, "<A-n> B");
    assert_eq!(markup(&a), "<<手机>号码>", "{}", msg(&a));
}

#[test]
fn undo_in_a_review_stops_at_the_marked_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    let (a_src, b_src) = ("我们会收集<手机号码>\n", "我们会收集{手机号码}\n");
    std::fs::write(&p, a_src).unwrap();
    let mut review = String::new();
    crate::merge::review(a_src, b_src, &Scheme::default(), &mut review).unwrap();
    let mut a = app_on_file(&p);
    a.start_review(&review, "a.txt", "b.txt").unwrap();
    assert_eq!(a.conflicts_left(), 1);
    assert!(a.buf().is_modified(), "the marks are not on disk yet");
    keys(&mut a, "u");
    assert_eq!(markup(&a), review);
    assert!(msg(&a).contains("nothing to undo"), "{}", msg(&a));
    // A resolution undoes back to the marks, never past them.
    keys(&mut a, "p");
    assert_eq!(markup(&a), b_src);
    keys(&mut a, "u u");
    assert_eq!(a.conflicts_left(), 1);
    assert_eq!(markup(&a), review);
}
