//! Hostile input reaches neither the terminal nor the disk's special files: control sequences
//! in tag texts and file names are shown escaped, `-o` never replaces a FIFO or a device, and
//! what is read whole is a regular file under the size limit (a FIFO, `/dev/zero`, a huge
//! stdin are refused with exit 2, not read forever).

mod common;

use common::*;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A terminal title change and a right-to-left override.
const HOSTILE: &str = "\x1b]0;T\x07\u{202e}";

/// No byte sequence a terminal would obey: ESC, BEL, U+202E (raw, not escaped).
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !bytes.contains(&0x1b) && !bytes.contains(&0x07) && !text.contains('\u{202e}'),
        "{what} reaches the terminal raw: {text:?}"
    );
}

/// Runs the binary with `envs`, killed (and the test failed) after 20 s: a read that never ends.
fn ptag_within(args: &[&str], envs: &[(&str, &str)], stdin: Stdio) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ptag"))
        .args(args)
        .envs(envs.iter().copied())
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("ptag {args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

#[test]
fn escapes_in_tags_and_file_names_are_shown_not_obeyed() {
    let name = format!("p{HOSTILE}.txt");
    let tagged = format!("(我们)会[收集]<手机{HOSTILE}号码>。\n我们收集手机{HOSTILE}号码]\n");
    let dir = folder(&[(name.as_str(), tagged.as_bytes())]);
    let file = dir.path().join(&name);
    let f = s(&file);
    let runs = [
        ("stats", ptag(&["stats", f])),
        (
            "stats --format json",
            ptag(&["stats", "--format", "json", f]),
        ),
        ("check", ptag(&["check", f])),
        (
            "check --format json",
            ptag(&["check", "--format", "json", f]),
        ),
        ("suggest", ptag(&["suggest", f, "--from", f])),
        (
            "suggest --format json",
            ptag(&["suggest", "--format", "json", f, "--from", f]),
        ),
    ];
    for (what, o) in &runs {
        assert_ne!(code(o), 2, "{what}: {}", stderr(o));
        assert_inert(&format!("{what} stdout"), &o.stdout);
        assert_inert(&format!("{what} stderr"), &o.stderr);
    }
    // The text form shows them visibly; the JSON form still parses to the real name.
    assert!(stdout(&runs[0].1).contains("手机\\x1b]0;T\\x07\\u{202e}号码"));
    assert!(stdout(&runs[2].1).contains("p\\x1b]0;T\\x07\\u{202e}.txt:2:"));
    assert!(stdout(&runs[4].1).contains("\\u{202e}"));
    let json: serde_json::Value = serde_json::from_slice(&runs[3].1.stdout).unwrap();
    assert!(
        json.to_string().contains("p\\u001b]0;T\\u0007\u{202e}.txt"),
        "{json}"
    );
}

#[test]
fn the_editor_screen_dump_holds_no_raw_escape() {
    let dir = folder(&[(
        "p.txt",
        format!("(我们)[收集]<手机{HOSTILE}号码>\n").as_bytes(),
    )]);
    let dump = dir.path().join("screen.txt");
    let o = ptag(&[
        s(&dir.path().join("p.txt")),
        "--keys",
        "",
        "--dump-screen",
        s(&dump),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let screen = std::fs::read(&dump).unwrap();
    assert!(String::from_utf8_lossy(&screen).contains("手机"));
    assert_inert("the editor's screen", &screen);
}

#[test]
fn output_to_a_fifo_or_a_device_is_refused_and_left_as_it_is() {
    let dir = folder(&[("in.txt", b"plain (text)\n")]);
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let input = dir.path().join("in.txt");
    for target in [s(&fifo), s(&link), "/dev/null"] {
        let o = ptag(&["import", "--format", "plain", s(&input), "-o", target]);
        assert_eq!(code(&o), 2, "{target}: {}", stderr(&o));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let null = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(null.is_char_device());
    // A new path and a regular file are still written.
    let fresh = dir.path().join("new.txt");
    assert_eq!(
        code(&ptag(&[
            "import",
            "--format",
            "plain",
            s(&input),
            "-o",
            s(&fresh)
        ])),
        0
    );
    // Now a regular file that exists: written over with --force only.
    assert_eq!(
        code(&ptag(&[
            "import",
            "--format",
            "plain",
            "--force",
            s(&input),
            "-o",
            s(&fresh)
        ])),
        0
    );
}

#[test]
fn a_link_to_dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let zero = dir.path().join("zero.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let o = ptag_within(&["check", s(&zero)], &[], Stdio::null());
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("zero.txt: error: not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_fifo_is_refused_without_blocking_alone_or_in_a_folder() {
    let dir = folder(&[("a.txt", "(我们)\n".as_bytes())]);
    let fifo = dir.path().join("x.txt");
    mkfifo(&fifo);
    let o = ptag_within(&["check", s(&fifo)], &[], Stdio::null());
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("x.txt: error: not a regular file"),
        "{}",
        stderr(&o)
    );
    let o = ptag_within(&["stats", s(dir.path())], &[], Stdio::null());
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("x.txt: error: cannot read: not a regular file"));
}

#[test]
fn a_file_or_stdin_over_the_size_limit_is_refused_with_both_figures() {
    let dir = folder(&[("big.txt", "(我们)会[收集]<手机号码>\n".as_bytes())]);
    let big = dir.path().join("big.txt");
    let len = std::fs::metadata(&big).unwrap().len().to_string();
    let limit = [("PTAG_MAX_FILE_BYTES", "10")];
    let o = ptag_within(&["stats", s(&big)], &limit, Stdio::null());
    assert_eq!(code(&o), 2);
    let message = format!("big.txt: error: too large: {len} bytes is over the limit of 10 bytes");
    assert!(stderr(&o).contains(&message), "{}", stderr(&o));
    assert!(stderr(&o).contains("PTAG_MAX_FILE_BYTES"));
    let o = ptag_within(
        &["check", "-"],
        &limit,
        Stdio::from(std::fs::File::open(&big).unwrap()),
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("over the limit of 10 bytes"),
        "{}",
        stderr(&o)
    );
    // Under the limit it is read as always.
    let o = ptag_within(
        &["stats", s(&big)],
        &[("PTAG_MAX_FILE_BYTES", "4096")],
        Stdio::null(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_size_limit_that_is_not_a_number_is_an_error_naming_it() {
    let dir = folder(&[("a.txt", "(我们)会[收集]<手机号码>\n".as_bytes())]);
    let a = dir.path().join("a.txt");
    for bad in ["2GB", "-1", "1e9", "lots"] {
        let o = ptag_within(
            &["stats", s(&a)],
            &[("PTAG_MAX_FILE_BYTES", bad)],
            Stdio::null(),
        );
        assert_eq!(code(&o), 2, "{bad:?}: {}", stderr(&o));
        let named = format!("PTAG_MAX_FILE_BYTES={bad:?} is not a number of bytes");
        assert!(stderr(&o).contains(&named), "{bad:?}: {}", stderr(&o));
    }
    // A number (spaces around it allowed) is the limit; empty is as if unset.
    for good in [" 4096 ", ""] {
        let o = ptag_within(
            &["stats", s(&a)],
            &[("PTAG_MAX_FILE_BYTES", good)],
            Stdio::null(),
        );
        assert_eq!(code(&o), 0, "{good:?}: {}", stderr(&o));
    }
}

#[test]
fn the_editor_says_which_fifo_its_folder_session_left_out() {
    let dir = folder(&[("p/a.txt", "(我们)\n".as_bytes())]);
    mkfifo(&dir.path().join("p/x.txt"));
    let data = dir.path().join("data");
    let dump = dir.path().join("screen.txt");
    let env = [("PTAG_DATA_DIR", s(&data)), ("HOME", s(dir.path()))];
    let p = dir.path().join("p");
    let args = ["--keys", " ", "--size", "120x8", "--dump-screen", s(&dump)];
    let o = ptag_within(&[&[s(&p)][..], &args[..]].concat(), &env, Stdio::null());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let screen = std::fs::read_to_string(&dump).unwrap();
    assert!(screen.contains("a.txt"), "{screen}");
    assert!(
        screen.contains("not listed, cannot be read:")
            && screen.contains("x.txt: not a regular file"),
        "{screen}"
    );
    // Only the FIFO: the editor does not start, and says why the folder looks empty.
    std::fs::remove_file(dir.path().join("p/a.txt")).unwrap();
    let o = ptag_within(&[&[s(&p)][..], &args[..]].concat(), &env, Stdio::null());
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no *.txt files in this folder; not listed, cannot be read:")
            && stderr(&o).contains("x.txt: not a regular file"),
        "{}",
        stderr(&o)
    );
}
