//! How the command line is read: a mistyped subcommand, a repeatable `--from`, and
//! `--encoding` taken by every command that reads policies.

mod common;

use common::*;
use ptag::store::TextEncoding;

#[test]
fn a_mistyped_subcommand_is_answered_not_opened_as_a_new_file() {
    let dir = folder(&[("file.txt", "(我们)\n".as_bytes())]);
    for (typed, meant) in [("chek", "check"), ("stat", "stats"), ("exprot", "export")] {
        let o = ptag_in(dir.path(), &[typed, "file.txt"]);
        assert_eq!(code(&o), 2, "{typed}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!("ptag: no such file '{typed}'; did you mean `ptag {meant}`?\n")
        );
        assert!(!dir.path().join(typed).exists(), "no file {typed} made");
    }
    // A file of that name exists: it is opened (here, by a script that quits at once).
    std::fs::write(dir.path().join("chek"), "(我们)\n").unwrap();
    let o = ptag_in(dir.path(), &["chek", "--keys", ": q <Enter>"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn from_takes_one_value_and_repeats_so_the_path_after_it_is_a_path() {
    let dir = folder(&[
        ("a.txt", "(我们)会[收集]信息\n".as_bytes()),
        ("b.txt", "您的<手机号码>\n".as_bytes()),
        ("p.txt", "我们收集手机号码\n".as_bytes()),
    ]);
    let o = ptag_in(
        dir.path(),
        &["suggest", "--from", "a.txt", "--from", "b.txt", "p.txt"],
    );
    assert_eq!(code(&o), 0, "suggestions listed: {}", stderr(&o));
    assert!(
        stderr(&o)
            .starts_with("ptag suggest: 3 known texts from 2 files; 3 suggestions in 1 of 1 file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("p.txt:1:5: data: 手机号码"),
        "{}",
        stdout(&o)
    );
}

/// A policy with a warning, an info and a tag of each role, as UTF-8 and as GB18030.
const POLICY: &str = "(我们)会[收集]您的<手机号码，>用于{注册}，见(1)。\n";

fn utf8_and_gb18030() -> (tempfile::TempDir, tempfile::TempDir) {
    let gb = TextEncoding::Gb18030.encode(POLICY);
    assert!(
        std::str::from_utf8(&gb).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    (
        folder(&[("p.txt", POLICY.as_bytes()), ("c.txt", POLICY.as_bytes())]),
        folder(&[("p.txt", &gb), ("c.txt", &gb)]),
    )
}

const READERS: [&[&str]; 6] = [
    &["check", "p.txt"],
    &["stats", "p.txt"],
    &["strip", "p.txt"],
    &["export", "--format", "jsonl", "p.txt"],
    &["import", "--format", "plain", "p.txt", "-o", "-"],
    &["suggest", "p.txt", "--from", "c.txt"],
];

#[test]
fn every_command_reads_gb18030_with_the_flag_as_it_reads_utf8() {
    let (utf8, gb) = utf8_and_gb18030();
    for args in READERS {
        let want = ptag_in(utf8.path(), args);
        let mut with_flag = args.to_vec();
        with_flag.extend(["--encoding", "gb18030"]);
        let got = ptag_in(gb.path(), &with_flag);
        assert_eq!(
            (code(&got), stdout(&got), stderr(&got)),
            (code(&want), stdout(&want), stderr(&want)),
            "{args:?}"
        );
        assert_ne!(code(&got), 2, "{args:?}: {}", stderr(&got));
    }
}

#[test]
fn without_the_flag_a_gb18030_file_gets_the_editors_hint() {
    let (_, gb) = utf8_and_gb18030();
    for args in READERS {
        let o = ptag_in(gb.path(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains(
                "\nptag: the file decodes cleanly as GB18030: open it with --encoding gb18030\n"
            ),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // The editor parses its --encoding at the command line too, before any file is opened.
    for args in [
        &["check", "--encoding", "big5", "p.txt"][..],
        &["--encoding", "big5", "p.txt", "--keys", "q"][..],
        &["--encoding", "big5", "new-file.txt", "--keys", "q"][..],
    ] {
        let o = ptag_in(gb.path(), args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("unknown encoding big5 (utf-8 or gb18030)"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("--encoding"), "{}", stderr(&o));
    }
    assert!(!gb.path().join("new-file.txt").exists());
}

#[test]
fn fixes_are_written_back_in_the_encoding_they_were_read_in() {
    let text = "（我们)[收集]\n";
    let dir = folder(&[("p.txt", &TextEncoding::Gb18030.encode(text))]);
    let o = ptag_in(
        dir.path(),
        &["check", "--fix", "--encoding", "gb18030", "p.txt"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(dir.path().join("p.txt")).unwrap();
    assert_eq!(bytes, TextEncoding::Gb18030.encode("(我们)[收集]\n"));
}
