//! What the editor prints when it cannot start (a bad keymap, `--size`, `--keys`): the input it
//! quotes is shown escaped, never obeyed by the terminal, and a keymap error points at the
//! line:col of the offending key or value.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// A terminal title change: what a hostile keymap or argument would send.
const TITLE: &str = "\x1b]0;PWN\x07";

/// `ptag ARGS` in `dir`, with the user folders inside it.
fn ptag_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptag"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("PTAG_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// A folder with `p.txt` and `k.json` holding `keymap`.
fn with_keymap(keymap: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), "我们会收集您的手机号码。\n").unwrap();
    std::fs::write(dir.path().join("k.json"), keymap).unwrap();
    dir
}

/// Exit 2 with an error on stderr that quotes `TITLE` escaped and holds no raw ESC or BEL.
fn refused_escaped(what: &str, out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{what}: {err}");
    assert!(
        !out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07),
        "{what}: raw escapes reach the terminal: {err:?}"
    );
    assert!(
        err.contains(r"\x1b]0;PWN\x07"),
        "{what}: the input is shown escaped: {err:?}"
    );
    err
}

#[test]
fn keymap_errors_quote_hostile_input_escaped_at_its_line_and_column() {
    let cases = [
        (
            "an unknown action",
            "{\"bindings\": {\n  \"j\": \"move_down\",\n  \"x\": \"\\u001b]0;PWN\\u0007\"\n}}",
            "k.json:3:8: error: unknown action",
        ),
        (
            "an unknown key",
            "{\"bindings\": {\n  \"<\\u001b]0;PWN\\u0007>\": \"move_down\"\n}}",
            "k.json:2:3: error: unknown key",
        ),
        (
            "an unknown role",
            "{\"bindings\": {\n \"z\": \"tag:\\u001b]0;PWN\\u0007\"}}",
            "k.json:2:7: error: action",
        ),
        (
            "selection",
            "{\n\"selection\": \"\\u001b]0;PWN\\u0007\"}",
            "k.json:2:14: error: selection",
        ),
        (
            "cursor_after_tag",
            "{\"options\":\n {\"cursor_after_tag\": \"\\u001b]0;PWN\\u0007\"}}",
            "k.json:2:",
        ),
    ];
    for (what, keymap, located) in cases {
        let dir = with_keymap(keymap);
        let out = ptag_in(dir.path(), &["p.txt", "--keymap", "k.json"]);
        let err = refused_escaped(what, &out);
        assert!(err.starts_with(located), "{what}: {err:?}");
    }
}

#[test]
fn a_keymap_value_written_twice_is_located_where_it_is_refused() {
    // The same text earlier in the file (a note the keymap may carry) is not the error.
    let dir = with_keymap("{\"note\": \"fly_away\",\n \"bindings\": {\n  \"x\": \"fly_away\"\n}}");
    let out = ptag_in(dir.path(), &["p.txt", "--keymap", "k.json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("k.json:3:8: error: unknown action \"fly_away\""),
        "{err}"
    );
}

#[test]
fn size_and_keys_errors_quote_hostile_input_escaped() {
    let dir = with_keymap("{}");
    let size = format!("1x{TITLE}");
    let out = ptag_in(dir.path(), &["p.txt", "--keys", "q", "--size", &size]);
    let err = refused_escaped("--size", &out);
    assert!(err.contains("--size"), "{err}");
    let key = format!("<{TITLE}>");
    let out = ptag_in(dir.path(), &["p.txt", "--keys", &key]);
    let err = refused_escaped("--keys", &out);
    assert!(err.contains("--keys"), "{err}");
}
