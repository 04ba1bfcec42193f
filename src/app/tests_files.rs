//! Model tests of files: saving, quitting, changes on disk, merging, locks, read-only files,
//! encodings.

use super::*;
use crate::app::test_support::*;
use crate::doc::ReadOnly;
use crate::editor::build_app;

#[test]
fn quitting_with_unsaved_changes_asks() {
    let mut a = app(S);
    keys(&mut a, "d q");
    assert!(!a.should_quit);
    assert_eq!(a.mode, Mode::ConfirmQuit);
    keys(&mut a, "<Esc>");
    assert!(!a.should_quit);
    keys(&mut a, "q n");
    assert!(a.should_quit);
}

#[test]
fn saving_writes_markup_and_clears_the_modified_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    let mut a = app(S);
    keys(&mut a, "1 d <C-s>");
    assert_eq!(
        a.mode,
        Mode::Prompt(Prompt::new(PromptKind::SaveAs, "")),
        "no name yet: asks"
    );
    let typed: String = path
        .display()
        .to_string()
        .chars()
        .map(|c| format!("{c} "))
        .collect();
    keys(&mut a, &typed);
    keys(&mut a, "<Enter>");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "<我们>会收集您的手机号码用于创建账户。"
    );
    assert!(!a.buf().is_modified());
    keys(&mut a, "a : w <Enter>");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "<我们>会(收集)您的手机号码用于创建账户。"
    );
    keys(&mut a, "q");
    assert!(a.should_quit);
}

#[test]
fn a_failed_save_keeps_the_changes_and_says_so() {
    let mut a = app(S);
    keys(&mut a, "1 d : saveas <Space> /no/such/dir/p.txt <Enter>");
    assert!(msg(&a).contains("NOT saved"), "{}", msg(&a));
    keys(&mut a, ": w <Space> /no/such/dir/p.txt <Enter>");
    assert!(msg(&a).contains("NOT written"), "{}", msg(&a));
    assert!(a.buf().is_modified());
    assert_eq!(markup(&a), "<我们>会收集您的手机号码用于创建账户。");
}

#[test]
fn a_file_changed_behind_our_back_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let mut a = app_on_file(&p);
    keys(&mut a, "1 d");
    std::fs::write(&p, "别人改了文本。").unwrap();
    keys(&mut a, "<C-s>");
    assert_eq!(a.mode, Mode::ChangedOnDisk);
    assert!(msg(&a).contains("changed on disk"), "{}", msg(&a));
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "别人改了文本。",
        "theirs kept"
    );
    // Merging is refused when the text itself differs; reload takes theirs, undo brings ours back.
    keys(&mut a, "m");
    assert!(msg(&a).contains("text itself differs"), "{}", msg(&a));
    keys(&mut a, "r");
    assert_eq!(markup(&a), "别人改了文本。");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "<我们>会收集您的手机号码用于创建账户。");
}

#[test]
fn after_a_merge_even_undo_to_the_old_state_counts_as_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码和设备信息").unwrap();
    let mut a = app_on_file(&p);
    keys(&mut a, "$ b b 1 d");
    // Someone else tags another word in the file meanwhile.
    std::fs::write(&p, "我们会收集<手机号码>和设备信息").unwrap();
    keys(&mut a, "<C-s> m");
    assert!(msg(&a).contains("merged"), "{}", msg(&a));
    assert_eq!(markup(&a), "我们会收集<手机号码>和<设备>信息");
    keys(&mut a, "u u u");
    assert_eq!(markup(&a), "我们会收集手机号码和设备信息");
    assert!(
        a.buf().is_modified(),
        "the file on disk is theirs, not this state"
    );
}

#[test]
fn a_file_held_by_another_annotator_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let first = app_on_file(&p);
    assert!(first.files[0].lock.is_some());
    let mut second = app_on_file(&p);
    assert!(second.buf().read_only.is_some());
    assert!(msg(&second).contains("read-only"), "{}", msg(&second));
    keys(&mut second, "1 d");
    assert_eq!(markup(&second), S, "no edits while read-only");
    assert!(msg(&second).contains("takeover"), "{}", msg(&second));
    keys(&mut second, ": takeover <Enter> 1 d <C-s>");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "<我们>会收集您的手机号码用于创建账户。"
    );
    drop(first);
    assert!(
        crate::lock::lock_path(&p).exists(),
        "the first annotator no longer owns the lock"
    );
}

#[test]
fn gb18030_files_open_on_request_and_save_back_in_gb18030() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gb.txt");
    let original = crate::store::TextEncoding::Gb18030.encode("我们会收集手机号码\r\n");
    std::fs::write(&p, &original).unwrap();
    let args = crate::cli::EditorArgs {
        files: vec![p.clone()],
        ..Default::default()
    };
    let e = build_app(&args, Some(test_data_dir()))
        .err()
        .expect("refused without --encoding");
    assert!(e.to_string().contains("--encoding gb18030"), "{e}");
    let args = crate::cli::EditorArgs {
        files: vec![p.clone()],
        encoding: Some(crate::store::TextEncoding::Gb18030),
        ..Default::default()
    };
    let mut a = build_app(&args, Some(test_data_dir())).unwrap();
    keys(&mut a, "<C-s>");
    assert_eq!(
        std::fs::read(&p).unwrap(),
        original,
        "untouched save is byte-identical"
    );
    keys(&mut a, "w w w d <C-s>");
    let saved = std::fs::read(&p).unwrap();
    let text = crate::store::decode_as(&p, saved, crate::store::TextEncoding::Gb18030).unwrap();
    assert_eq!(text, "我们会收集<手机号码>\r\n");
}

#[test]
fn quit_then_yes_on_a_buffer_without_a_file_asks_a_name_saves_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(S);
    keys(&mut a, "1 d q y");
    assert!(matches!(a.mode, Mode::Prompt(_)), "{:?}", a.mode);
    assert!(!a.should_quit);
    let name = dir.path().join("o.txt");
    let typed: String = name
        .display()
        .to_string()
        .chars()
        .map(|c| format!("{c} "))
        .collect();
    keys(&mut a, &format!("{typed}<Enter>"));
    assert!(a.should_quit, "{}", msg(&a));
    assert!(std::fs::read_to_string(&name).unwrap().contains("<我们>"));
    // Cancelling the name instead stays in the editor, and a later save-as does not quit.
    let mut b = app(S);
    keys(&mut b, "1 d q y <Esc>");
    assert!(!b.should_quit);
    let other = dir.path().join("p.txt");
    let typed: String = other
        .display()
        .to_string()
        .chars()
        .map(|c| format!("{c} "))
        .collect();
    keys(&mut b, &format!("<C-s> {typed}<Enter>"));
    assert!(other.exists() && !b.should_quit);
}

#[test]
fn a_file_that_cannot_be_written_says_so_when_opened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut a = app_on_file(&p);
    assert!(msg(&a).contains("read-only on disk"), "{}", msg(&a));
    assert!(matches!(a.buf().read_only, Some(ReadOnly::OnDisk(_))));
    // Edits are refused, naming the key that saves a copy; the text stays as it was.
    keys(&mut a, "w d");
    assert_eq!(markup(&a), S);
    assert!(msg(&a).contains(":w OTHER_PATH"), "{}", msg(&a));
    // `:takeover` is no way out here (there is no lock to take).
    keys(&mut a, ": t a k e o v e r <Enter>");
    assert!(a.buf().read_only.is_some(), "{}", msg(&a));
    // A copy saved elsewhere is writable: editing goes on there.
    let copy = dir.path().join("copy.txt");
    a.save_to(copy.clone());
    assert!(a.buf().read_only.is_none(), "{}", msg(&a));
    keys(&mut a, "w d <C-s>");
    assert_ne!(std::fs::read_to_string(&copy).unwrap(), S);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        S,
        "the original is untouched"
    );
}
