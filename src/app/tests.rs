//! Model tests: every action on a small document, no terminal.

use super::*;
use crate::app::test_support::*;
use crate::editor::build_app;

fn app(src: &str) -> App {
    let mut app = app_with(src, Keymap::default_for(&Scheme::default()));
    app.data_dir = Some(test_data_dir());
    app
}

const S: &str = "我们会收集您的手机号码用于创建账户。";

#[test]
fn role_key_tags_the_word_under_the_cursor() {
    let mut a = app(S);
    keys(&mut a, "w w w w w d");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>用于创建账户。");
    assert!(a.buf().is_modified());
    assert!(msg(&a).contains("手机号码"), "{}", msg(&a));
}

#[test]
fn role_key_on_a_tag_retags_and_x_untags() {
    let mut a = app("我们会收集<手机号码>");
    keys(&mut a, "$ h a");
    assert_eq!(markup(&a), "我们会收集(手机号码)");
    keys(&mut a, "x");
    assert_eq!(markup(&a), "我们会收集手机号码");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "我们会收集(手机号码)");
    keys(&mut a, "u u");
    assert_eq!(markup(&a), "我们会收集<手机号码>");
    keys(&mut a, "U U");
    assert_eq!(markup(&a), "我们会收集手机号码");
}

#[test]
fn a_role_key_on_a_multi_word_tag_retags_it_and_w_nests_a_word() {
    // Bug: the cursor on 创 of {创建账号} + `s` nested [创建] instead of retagging.
    let mut a = app("{创建账号}用于");
    keys(&mut a, "s");
    assert_eq!(markup(&a), "[创建账号]用于");
    let mut a = app("{为了收集手机号码}");
    keys(&mut a, "l l l l l W d");
    assert_eq!(markup(&a), "{为了收集<手机号码>}");
}

#[test]
fn selection_mode_and_shift_arrows_select() {
    let mut a = app(S);
    keys(&mut a, "v l f");
    assert_eq!(markup(&a), "{我们}会收集您的手机号码用于创建账户。");
    assert!(a.selection().is_none(), "tagging ends the selection");
    let mut a = app(S);
    keys(&mut a, "l l <S-Right> <S-Right> s");
    assert_eq!(markup(&a), "我们[会收集]您的手机号码用于创建账户。");
}

#[test]
fn select_word_clause_and_tag_in_one_key() {
    let mut a = app("为了注册，我们收集手机号码；");
    keys(&mut a, "W");
    assert_eq!(a.selection(), Some(0..2));
    keys(&mut a, "<Esc> w w w C f");
    assert_eq!(markup(&a), "为了注册，{我们收集手机号码}；");
    keys(&mut a, "h T");
    assert_eq!(a.selection(), Some(5..13));
}

#[test]
fn crossing_and_literal_delimiters_are_refused_with_reasons() {
    let mut a = app("{创建账户}用于");
    keys(&mut a, "l l l v l l l d");
    assert_eq!(markup(&a), "{创建账户}用于");
    assert!(msg(&a).contains("cross"), "{}", msg(&a));
    let mut a = app("a)b");
    keys(&mut a, "v l l d");
    assert!(msg(&a).contains("literal ')'"), "{}", msg(&a));
    assert_eq!(markup(&a), "a)b");
}

#[test]
fn boundaries_grow_and_shrink() {
    let mut a = app("收集手机号码信息");
    keys(&mut a, "l l l l d");
    assert_eq!(markup(&a), "收集<手机号码>信息");
    keys(&mut a, "h L");
    assert_eq!(markup(&a), "收集<手机号码信>息");
    keys(&mut a, "K H");
    assert_eq!(markup(&a), "收<集手机号码>信息");
    keys(&mut a, "J");
    assert_eq!(markup(&a), "收集<手机号码>信息");
    keys(&mut a, "<A-l>");
    assert_eq!(markup(&a), "收集<手机号码信息>");
    keys(&mut a, "u");
    assert_eq!(
        markup(&a),
        "收集<手机号码>信息",
        "a boundary move is one undo step"
    );
}

#[test]
fn notes_are_added_and_edited_in_a_prompt() {
    let mut a = app("我们收集");
    keys(&mut a, "l l # 存在 语病 <Enter>");
    assert_eq!(markup(&a), "我们#存在语病#收集");
    keys(&mut a, "# <BS> <BS> 问题 <Enter>");
    assert_eq!(markup(&a), "我们#存在问题#收集");
    keys(&mut a, "# <C-u> <Enter>");
    assert_eq!(markup(&a), "我们收集", "an emptied note is removed");
    a.handle_paste("粘贴");
    keys(&mut a, "#");
    a.handle_paste("粘贴的备注");
    keys(&mut a, "<Enter>");
    assert_eq!(markup(&a), "我们#粘贴的备注#收集");
}

#[test]
fn search_and_tag_every_untagged_match_as_one_step() {
    let mut a = app("手机号码、<手机号码>和手机号码\n手机号码");
    keys(&mut a, "/ 手机号码 <Enter>");
    assert_eq!(a.view().cursor, 5);
    keys(&mut a, "n");
    assert_eq!(a.view().cursor, 10);
    keys(&mut a, "N");
    assert_eq!(a.view().cursor, 5);
    keys(&mut a, "M");
    assert!(msg(&a).starts_with("3 untagged matches"), "{}", msg(&a));
    keys(&mut a, "d");
    assert_eq!(markup(&a), "<手机号码>、<手机号码>和<手机号码>\n<手机号码>");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "手机号码、<手机号码>和手机号码\n手机号码");
    keys(&mut a, "\\ 号.  <Enter>");
    assert!(msg(&a).contains("match"), "{}", msg(&a));
}

#[test]
fn moving_between_tags_diagnostics_and_lines() {
    let mut a = app("a(我们)b<数据>\n（我们)会\n第三行");
    keys(&mut a, "]");
    assert_eq!(a.view().cursor, 1);
    keys(&mut a, "]");
    assert_eq!(a.view().cursor, 4);
    keys(&mut a, "[");
    assert_eq!(a.view().cursor, 1);
    keys(&mut a, "<A-3>");
    assert_eq!(a.view().cursor, 4);
    keys(&mut a, "<C-n>");
    assert!(msg(&a).contains("mixed pair"), "{}", msg(&a));
    keys(&mut a, "F");
    assert_eq!(markup(&a), "a(我们)b<数据>\n(我们)会\n第三行");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "a(我们)b<数据>\n（我们)会\n第三行");
    keys(&mut a, ": 3 <Enter>");
    assert_eq!(a.view().cursor, 13);
    keys(&mut a, "g");
    assert_eq!(a.view().cursor, 0);
    keys(&mut a, "G");
    assert_eq!(a.view().cursor, 13);
}

#[test]
fn vertical_moves_keep_the_display_column() {
    // 40 columns minus a 2-column gutter: 19 CJK chars a row.
    let line = "我".repeat(30);
    let mut a = app(&format!("{line}\nab"));
    keys(&mut a, "l l l j");
    assert_eq!(
        a.view().cursor,
        22,
        "down one screen row inside a wrapped line"
    );
    keys(&mut a, "j");
    assert_eq!(a.view().cursor, 33, "the short next line: its end");
    keys(&mut a, "k k");
    assert_eq!(a.view().cursor, 3);
}

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
    keys(&mut a, "d <C-s>");
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
        "<我们>(会)收集您的手机号码用于创建账户。"
    );
    keys(&mut a, "q");
    assert!(a.should_quit);
}

#[test]
fn a_failed_save_keeps_the_changes_and_says_so() {
    let mut a = app(S);
    keys(&mut a, "d : saveas <Space> /no/such/dir/p.txt <Enter>");
    assert!(msg(&a).contains("NOT saved"), "{}", msg(&a));
    keys(&mut a, ": w <Space> /no/such/dir/p.txt <Enter>");
    assert!(msg(&a).contains("NOT written"), "{}", msg(&a));
    assert!(a.buf().is_modified());
    assert_eq!(markup(&a), "<我们>会收集您的手机号码用于创建账户。");
}

#[test]
fn several_files_and_toggles() {
    let scheme = Scheme::default();
    let bufs = vec![
        Buffer::from_markup("一", &scheme, None, "a".into()),
        Buffer::from_markup("二", &scheme, None, "b".into()),
    ];
    let mut a = App::new(
        scheme.clone(),
        Keymap::default_for(&scheme),
        bufs,
        ColorDepth::None,
    );
    keys(&mut a, "<Tab>");
    assert_eq!(a.buf().name, "b");
    keys(&mut a, "<BackTab>");
    assert_eq!(a.buf().name, "a");
    keys(&mut a, "z");
    assert!(
        a.delimiters_visible(),
        "without colour, delimiters stay visible"
    );
    a.colors = ColorDepth::TrueColor;
    assert!(!a.delimiters_visible());
    keys(&mut a, "? j <Esc>");
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn colour_depth_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        ColorDepth::detect(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
        ColorDepth::None
    );
    assert_eq!(
        ColorDepth::detect(env(&[("COLORTERM", "truecolor")])),
        ColorDepth::TrueColor
    );
    assert_eq!(
        ColorDepth::detect(env(&[("TERM", "xterm-256color")])),
        ColorDepth::Ansi256
    );
    assert_eq!(
        ColorDepth::detect(env(&[("TERM", "xterm")])),
        ColorDepth::Ansi16
    );
}

pub(crate) fn app_on_file(path: &std::path::Path) -> App {
    let args = crate::cli::EditorArgs {
        files: vec![path.to_path_buf()],
        ..Default::default()
    };
    let mut a = build_app(&args, Some(test_data_dir())).unwrap();
    a.size = (60, 10);
    a
}

#[test]
fn a_file_changed_behind_our_back_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let mut a = app_on_file(&p);
    keys(&mut a, "d");
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
fn a_file_held_by_another_annotator_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let first = app_on_file(&p);
    assert!(first.files[0].lock.is_some());
    let mut second = app_on_file(&p);
    assert!(second.buf().read_only.is_some());
    assert!(msg(&second).contains("read-only"), "{}", msg(&second));
    keys(&mut second, "d");
    assert_eq!(markup(&second), S, "no edits while read-only");
    assert!(msg(&second).contains("takeover"), "{}", msg(&second));
    keys(&mut second, ": takeover <Enter> d <C-s>");
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
fn regression_a_fix_after_other_edits_uses_fresh_offsets() {
    // Found by the action proptest: a tag added before the fix shifted the fix's byte offsets.
    let mut a = app("我们会收集\n当你使用时，（我们)会");
    keys(&mut a, "d j $ F");
    assert_eq!(markup(&a), "<我们>会收集\n当你使用时，(我们)会");
}

#[test]
fn regression_undo_across_a_fix_keeps_notes_and_cursors_in_range() {
    // Found by the action proptest: a fix re-parses the file; older history must still find its
    // notes, and a fix that shortens the text must not leave the cursor past its end.
    let mut a = app("a我们\n#注#我们");
    keys(&mut a, "j # 备 <Enter>");
    assert_eq!(markup(&a), "a我们\n#注备#我们");
    let mut b = app("(）");
    keys(&mut b, "l F");
    assert_eq!(markup(&b), "()");
    assert_eq!(b.view().cursor, 0);
    keys(&mut b, "{ u");
    assert_eq!(markup(&b), "(）");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "a我们\n#注#我们");
}

/// A corpus folder: two tagged files and one raw one.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "(我们)[收集]<手机号码>和<设备信息>。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "(我们)会[使用]<手机号码>{注册账户}。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "我们会收集您的手机号码和设备信息用于注册账户。\n",
    )
    .unwrap();
    dir
}

fn app_on(paths: Vec<std::path::PathBuf>) -> App {
    app_on_with(paths, &test_data_dir())
}

fn app_on_with(paths: Vec<std::path::PathBuf>, data_dir: &std::path::Path) -> App {
    let args = crate::cli::EditorArgs {
        files: paths,
        ..Default::default()
    };
    let mut a = build_app(&args, Some(data_dir.to_path_buf())).unwrap();
    a.size = (80, 12);
    a
}

#[test]
fn a_folder_opens_the_file_list_with_statuses_and_progress() {
    let dir = corpus_dir();
    let mut a = app_on(vec![dir.path().to_path_buf()]);
    assert_eq!(a.mode, Mode::FileList);
    let sess = a.session.as_ref().unwrap();
    assert_eq!(sess.files.len(), 3);
    assert_eq!(sess.files[0].counts, [1, 1, 2, 0]);
    assert_eq!(sess.progress(), "0/3 done");
    keys(&mut a, "j S S");
    assert_eq!(
        a.session.as_ref().unwrap().files[1].status,
        crate::session::Status::Done
    );
    assert!(msg(&a).contains("1/3 done"), "{}", msg(&a));
    let json = std::fs::read_to_string(dir.path().join(".ptag/status.json")).unwrap();
    assert!(json.contains("\"b.txt\": \"done\""), "{json}");
    // Enter opens the highlighted file; > jumps to the next one not done (skipping b).
    keys(&mut a, "k <Enter>");
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.buf().name.ends_with("a.txt"));
    keys(&mut a, "<gt>");
    assert!(a.buf().name.ends_with("c.txt"), "{}", a.buf().name);
    keys(&mut a, "<Tab>");
    assert!(a.buf().name.ends_with("a.txt"), "Tab wraps in list order");
    keys(&mut a, "<C-o>");
    assert_eq!(a.mode, Mode::FileList);
    assert_eq!(a.session.as_ref().unwrap().selected, 0);
}

#[test]
fn unsaved_changes_are_kept_when_moving_between_files() {
    let dir = corpus_dir();
    let mut a = app_on(vec![dir.path().join("c.txt"), dir.path().join("a.txt")]);
    assert_eq!(a.mode, Mode::Normal, "several files: straight to the first");
    keys(&mut a, "d <Tab> <Tab>");
    assert!(a.buf().name.ends_with("c.txt"));
    assert_eq!(
        markup(&a),
        "<我们>会收集您的手机号码和设备信息用于注册账户。\n"
    );
    assert!(a.buf().is_modified());
}

#[test]
fn suggestions_are_learned_accepted_rejected_and_accepted_in_bulk() {
    let dir = corpus_dir();
    let mut a = app_on(vec![dir.path().to_path_buf()]);
    keys(&mut a, "G <Enter>");
    assert!(a.buf().name.ends_with("c.txt"));
    let all: Vec<String> = a
        .suggestions(0..usize::MAX)
        .iter()
        .map(|x| a.buf().doc.text.slice(x.range.clone()).to_string())
        .collect();
    assert_eq!(all, ["我们", "收集", "手机号码", "设备信息", "注册账户"]);
    keys(&mut a, ";");
    assert_eq!(a.view().cursor, 3, "next suggestion: 收集");
    keys(&mut a, "R");
    assert_eq!(a.suggestions(0..usize::MAX).len(), 4, "rejected here");
    keys(&mut a, "; y");
    assert_eq!(
        markup(&a),
        "我们会收集您的<手机号码>和设备信息用于注册账户。\n"
    );
    keys(&mut a, "0 Y");
    assert!(
        msg(&a).contains("accept 1 suggestions of “我们”"),
        "{}",
        msg(&a)
    );
    keys(&mut a, "y");
    assert_eq!(
        markup(&a),
        "(我们)会收集您的<手机号码>和设备信息用于注册账户。\n"
    );
    keys(&mut a, "; <A-y> y");
    assert_eq!(
        markup(&a),
        "(我们)会收集您的<手机号码>和<设备信息>用于注册账户。\n"
    );
    keys(&mut a, "u");
    assert_eq!(
        markup(&a),
        "(我们)会收集您的<手机号码>和设备信息用于注册账户。\n",
        "bulk accept is one step"
    );
}

#[test]
fn resume_puts_the_cursor_and_search_back() {
    let data = tempfile::tempdir().unwrap();
    let dir = corpus_dir();
    let file = dir.path().join("c.txt");
    let r = crate::session::Resume {
        cursor: 9,
        search: Some("设备".into()),
        regex: false,
        rejected: vec![(3, 5)],
    };
    crate::session::store_resume(data.path(), &file, &r).unwrap();
    let mut a = app_on_with(vec![file.clone()], data.path());
    assert_eq!(a.view().cursor, 9);
    assert_eq!(a.view().rejected, [(3, 5)]);
    keys(&mut a, "g n");
    assert_eq!(a.view().cursor, 12, "the remembered search");
    keys(&mut a, "l");
    super::corpus::remember(&a);
    let back = crate::session::load_resume(data.path(), &file).unwrap();
    assert_eq!(back.cursor, 13);
}

/// A data folder for the whole test run, so tests never write journals or resume files into
/// the real one.
fn test_data_dir() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap())
        .path()
        .to_path_buf()
}

/// A journal for `file` in `data`, written as another process (`pid`) would have left it.
fn plant_journal(data: &std::path::Path, file: &std::path::Path, pid: u32, extra: &[&str]) {
    let jpath = crate::recovery::journal_path(data, file).unwrap();
    let bytes = std::fs::read(file).unwrap();
    let header = crate::recovery::Header {
        v: 1,
        file: file.display().to_string(),
        base_hash: crate::store::content_hash(&bytes),
        base_len: bytes.len() as u64,
        started: 1,
        pid,
        user: "other".into(),
    };
    let mut text = serde_json::to_string(&header).unwrap() + "\n";
    text.push_str(
        r#"{"op":"do","t":2,"splices":[{"at":0,"removed":[],"inserted":[{"start":0,"end":2,"depth":0,"role":0,"note":null}]}],"cursor_before":0,"cursor_after":0}"#,
    );
    text.push('\n');
    for line in extra {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::create_dir_all(jpath.parent().unwrap()).unwrap();
    std::fs::write(&jpath, text).unwrap();
}

/// The journals moved aside beside journal `j`.
fn kept_aside(j: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(j.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|x| x.to_string_lossy().contains(".kept-"))
        .collect()
}

/// A pid no process has (above the kernel's pid_max).
const DEAD_PID: u32 = 4_000_000_000;

#[test]
fn a_journal_whose_writer_is_alive_is_never_offered_or_touched() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码").unwrap();
    // pid 1 is always running: its journal is live work, not ours.
    plant_journal(data.path(), &p, 1, &[]);
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "a live owner's journal was offered"
    );
    assert_ne!(a.mode, Mode::Recover);
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    assert!(j.exists(), "the live journal is still there");
}

#[test]
fn a_read_only_second_instance_does_not_see_the_first_ones_journal() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let mut first = app_on_with(vec![p.clone()], data.path());
    keys(&mut first, "d");
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    assert!(j.exists(), "the first instance journals its edit");
    let mut second = app_on_with(vec![p.clone()], data.path());
    assert!(second.buf().read_only.is_some());
    assert!(
        second.recoveries.is_empty(),
        "offered the first one's live work"
    );
    keys(&mut second, "d q");
    assert!(
        j.exists(),
        "the first instance's journal survives the second"
    );
}

#[test]
fn a_journal_that_cannot_be_restored_is_kept_aside_and_not_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码").unwrap();
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    let planted = std::fs::read_to_string(&j).unwrap();
    // The file changes behind the journal's back: the work no longer fits it.
    std::fs::write(&p, "别的文本。").unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    assert_eq!(a.mode, Mode::Recover);
    keys(&mut a, "r");
    assert!(msg(&a).contains("kept at"), "{}", msg(&a));
    let kept = kept_aside(&j);
    assert_eq!(kept.len(), 1, "{kept:?}");
    keys(&mut a, "w d");
    assert_eq!(
        std::fs::read_to_string(&kept[0]).unwrap(),
        planted,
        "the kept journal is untouched by the next edit"
    );
}

#[test]
fn a_journal_left_by_a_completed_save_is_not_offered() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码").unwrap();
    let saved = "(我们)会收集手机号码";
    let hash = crate::store::content_hash(saved.as_bytes());
    let saving = format!(r#"{{"op":"saving","t":3,"hash":{hash}}}"#);
    plant_journal(data.path(), &p, DEAD_PID, &[&saving]);
    // Killed after the rename, before the journal went: the file holds the saved bytes.
    std::fs::write(&p, saved).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "offered work that is already saved"
    );
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    assert!(!j.exists(), "the stale journal is retired");
}

#[test]
fn a_symlink_at_the_journal_path_is_never_written_through() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    std::fs::create_dir_all(j.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&victim, &j).unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    keys(&mut a, "d");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !std::fs::symlink_metadata(&j)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the journal is a file of its own"
    );
}

#[test]
fn a_journal_with_a_damaged_header_is_kept_aside_and_the_user_told_where() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码").unwrap();
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    let damaged = std::fs::read_to_string(&j)
        .unwrap()
        .replacen("{\"v\"", "{\"v", 1);
    std::fs::write(&j, &damaged).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(a.recoveries.is_empty());
    assert!(msg(&a).contains("kept at"), "{}", msg(&a));
    let kept = kept_aside(&j);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), damaged);
}

#[test]
fn temp_files_of_killed_saves_are_swept_at_start_but_a_live_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let dead = dir.path().join(format!(".ptag-save-{DEAD_PID}-abc.tmp"));
    let live = dir.path().join(".ptag-save-1-def.tmp");
    std::fs::write(&dead, "half a save").unwrap();
    std::fs::write(&live, "a save in progress").unwrap();
    let _a = app_on_file(&p);
    assert!(!dead.exists(), "a dead owner's temp file stays");
    assert!(live.exists(), "a running save's temp file was removed");
}

#[test]
fn a_session_reads_its_files_with_the_editor_options() {
    let dir = tempfile::tempdir().unwrap();
    let gb = crate::store::TextEncoding::Gb18030.encode("(我们)会[收集]<手机号码>\n");
    std::fs::write(dir.path().join("a.txt"), &gb).unwrap();
    let args = crate::cli::EditorArgs {
        files: vec![dir.path().to_path_buf()],
        encoding: Some(crate::store::TextEncoding::Gb18030),
        ..Default::default()
    };
    let a = build_app(&args, Some(test_data_dir())).unwrap();
    let f = &a.session.as_ref().unwrap().files[0];
    assert_eq!(f.error, None);
    assert_eq!(
        f.counts,
        [1, 1, 1, 0],
        "counted in the file list as decoded"
    );
}

#[test]
fn a_journal_folder_anyone_may_write_to_is_neither_read_nor_written() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let folder = data.path().join("recovery");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "read a journal from a world-writable folder"
    );
    let planted = std::fs::read_dir(&folder).unwrap().count();
    keys(&mut a, "d");
    assert!(msg(&a).contains("writable by everyone"), "{}", msg(&a));
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        planted,
        "wrote there"
    );
    drop(a);
    // Another user's folder is refused the same way (only root can make one to test with).
    if crate::owner::effective_uid() == 0 {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::chown(&folder, Some(65534), None).unwrap();
        let b = app_on_with(vec![p.clone()], data.path());
        assert!(b.buf().read_only.is_none());
        assert!(
            b.recoveries.is_empty(),
            "read a journal from another user's folder"
        );
    }
}

#[test]
fn work_undone_back_to_the_file_is_not_offered_after_a_crash() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    keys(&mut a, "d u");
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    assert!(j.exists(), "the tag and its undo are journaled");
    drop(a); // killed: no finish, the journal stays
    let b = app_on_with(vec![p.clone()], data.path());
    assert!(b.recoveries.is_empty(), "offered work that changes nothing");
    assert!(!j.exists(), "the empty-handed journal is retired");
}

#[test]
fn after_a_merge_even_undo_to_the_old_state_counts_as_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "我们会收集手机号码和设备信息").unwrap();
    let mut a = app_on_file(&p);
    keys(&mut a, "$ b b d");
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
fn quit_then_yes_on_a_buffer_without_a_file_asks_a_name_saves_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = app(S);
    keys(&mut a, "d q y");
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
    keys(&mut b, "d q y <Esc>");
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
fn the_file_list_shows_an_open_files_counts_as_they_are_now() {
    let dir = corpus_dir();
    let a = app_on(vec![dir.path().to_path_buf()]);
    // c.txt is untagged; open it, tag two words as data, back to the list.
    let script = crate::keymap::parse_key_script("j j <Enter> w w w w d w w d <C-o>").unwrap();
    let (a, screen) = crate::editor::run_script(a, &script, 80, 12);
    assert_eq!(a.mode, Mode::FileList);
    let row = screen.lines().find(|l| l.contains("c.txt")).unwrap();
    let counts: Vec<&str> = row.split_whitespace().skip(2).collect();
    assert_eq!(counts[..4], ["0", "0", "2", "0"], "{screen}");
    // The header's role names line up over their columns (CJK names are two columns a char).
    let header = screen.lines().next().unwrap();
    let col = |s: &str, needle: &str| {
        unicode_width::UnicodeWidthStr::width(&s[..s.find(needle).unwrap() + needle.len()])
    };
    assert_eq!(col(header, "数据"), col(row, " 2"), "{screen}");
}

#[test]
fn a_file_that_cannot_be_written_says_so_when_opened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let a = app_on_file(&p);
    assert!(msg(&a).contains("read-only on disk"), "{}", msg(&a));
}

#[test]
fn files_opened_later_in_a_session_keep_the_encoding_option() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.txt", "(我们)会收集\n"),
        ("b.txt", "我们会[使用]<手机号码>\n"),
    ] {
        let gb = crate::store::TextEncoding::Gb18030.encode(text);
        std::fs::write(dir.path().join(name), gb).unwrap();
    }
    let args = crate::cli::EditorArgs {
        files: vec![dir.path().to_path_buf()],
        encoding: Some(crate::store::TextEncoding::Gb18030),
        ..Default::default()
    };
    let mut a = build_app(&args, Some(test_data_dir())).unwrap();
    keys(&mut a, "j <Enter>");
    assert!(a.buf().name.ends_with("b.txt"), "{}", msg(&a));
    assert_eq!(markup(&a), "我们会[使用]<手机号码>\n", "{}", msg(&a));
    assert_eq!(a.buf().encoding, crate::store::TextEncoding::Gb18030);
}

#[test]
fn a_single_file_learns_from_its_tags_and_suggests_the_next_occurrence() {
    // Issue 12, bug 3: without a session there used to be no suggestions at all.
    let mut a = app("(我们)提供本软件。\n我们说明本软件的功能。\n");
    assert!(a.session.is_none());
    let found: Vec<String> = a
        .suggestions(0..usize::MAX)
        .iter()
        .map(|x| a.buf().doc.text.slice(x.range.clone()).to_string())
        .collect();
    assert_eq!(found, ["我们"], "the file's own tags teach at start");
    // Tag 本软件 (chars 4..7) as data: the second one is suggested.
    keys(&mut a, "0 l l l l v l l d");
    assert_eq!(markup(&a), "(我们)提供<本软件>。\n我们说明本软件的功能。\n");
    keys(&mut a, "; ;");
    assert_eq!(a.view().cursor, 13, "{}", msg(&a));
    keys(&mut a, "y");
    assert_eq!(
        markup(&a),
        "(我们)提供<本软件>。\n我们说明<本软件>的功能。\n"
    );
}
