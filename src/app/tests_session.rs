//! Model tests of sessions: the file list, moving between files, suggestions, resume.

use super::*;
use crate::app::test_support::*;
use crate::editor::build_app;

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
    keys(&mut a, "1 d <Tab> <Tab>");
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
    assert_eq!(
        a.view().cursor,
        11,
        "accepting is tagging: on 和, after the tag"
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
fn the_file_list_shows_an_open_files_counts_as_they_are_now() {
    let dir = corpus_dir();
    let a = app_on(vec![dir.path().to_path_buf()]);
    // c.txt is untagged; open it, tag two words as data, back to the list.
    let script = crate::keymap::parse_key_script("j j <Enter> w w w w 1 d w w 1 d <C-o>").unwrap();
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
    assert_eq!(a.view().cursor, 16, "on 的, after the accepted tag");
    // Configurable as for a role key: back to the tag's start.
    keys(&mut a, "u");
    a.keymap.options.cursor_after_tag = crate::keymap::CursorAfterTag::Start;
    keys(&mut a, "0 ; y");
    assert_eq!(a.view().cursor, 13, "on 本, the accepted tag's start");
}

#[test]
fn a_count_before_the_next_suggestion_key_skips_that_many() {
    // 我们 was tagged: it is suggested at 9, 14 and 19.
    let mut a = app("(我们)提供本软件。\n我们说明。我们同意。我们知道。\n");
    keys(&mut a, "3 ;");
    assert_eq!(a.view().cursor, 19, "the third suggestion: {}", msg(&a));
    keys(&mut a, "2 ,");
    assert_eq!(a.view().cursor, 9, "two back: {}", msg(&a));
}

#[test]
fn a_known_text_tagged_again_keeps_the_matcher_and_a_new_text_rebuilds_it() {
    // Rebuilding the matcher over a corpus-sized lexicon takes tens of milliseconds: a key
    // that only counts one more tag of a known text must not pay it, yet its count must show.
    let mut a = app("(我们)提供本软件。\n我们说明本软件。\n我们\n我们\n");
    let roles = |a: &crate::app::App| -> Vec<u16> {
        a.suggestions(0..usize::MAX)
            .iter()
            .map(|x| x.role)
            .collect()
    };
    assert_eq!(roles(&a), [0, 0, 0], "我们 is an actor");
    let version = a.lexicon_version;
    // 我们 on line 2 (chars 10..12) tagged as data twice over: data is now the majority.
    keys(&mut a, "j 0 v l d");
    keys(&mut a, "j 0 v l d");
    assert_eq!(
        markup(&a),
        "(我们)提供本软件。\n<我们>说明本软件。\n<我们>\n我们\n",
        "{}",
        msg(&a)
    );
    assert_eq!(
        a.lexicon_version, version,
        "a known text: the matcher stands"
    );
    assert_eq!(roles(&a), [2], "the last 我们 is now suggested as data");
    assert_eq!(a.lexicon().get("我们").unwrap().counts[..3], [1, 0, 2]);
    // A new text: the matcher is rebuilt and finds it.
    keys(&mut a, "g g l l l l v l l d");
    assert_ne!(
        a.lexicon_version, version,
        "a new text: the matcher is rebuilt"
    );
    let found: Vec<String> = a
        .suggestions(0..usize::MAX)
        .iter()
        .map(|x| a.buf().doc.text.slice(x.range.clone()).to_string())
        .collect();
    assert_eq!(found, ["本软件", "我们"], "{}", msg(&a));
}
