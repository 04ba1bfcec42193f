//! `ptag check` as a linter: errors fail, warnings alone pass unless `--deny-warnings`, and
//! columns in the unit the reading tool counts.

mod common;

use common::*;
use std::path::PathBuf;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample-policies")
        .join(name)
}

#[test]
fn the_jd_seed_is_clean_its_bracketed_tags_are_not_stray_punctuation() {
    let o = ptag(&["check", s(&sample("jd-annotated.txt"))]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "ptag check: 1 file: 0 errors, 0 warnings, 0 infos\n"
    );
}

#[test]
fn check_passes_on_every_corpus_file() {
    if no_corpus() {
        return;
    }
    for file in corpus() {
        let o = ptag(&["check", s(&file)]);
        assert_eq!(code(&o), 0, "{}:\n{}", file.display(), stdout(&o));
    }
}

#[test]
fn warnings_alone_exit_zero_unless_denied_and_errors_exit_one() {
    let dir = folder(&[
        ("warn.txt", "(我们)[收集]<手机号码，>\n".as_bytes()),
        ("error.txt", "（我们)[收集]\n".as_bytes()),
    ]);
    let warn = ptag_in(dir.path(), &["check", "warn.txt"]);
    assert_eq!(code(&warn), 0, "{}", stdout(&warn));
    assert!(
        stdout(&warn).starts_with("warn.txt:1:15: warning: data tag text ends with"),
        "{}",
        stdout(&warn)
    );
    let denied = ptag_in(dir.path(), &["check", "--deny-warnings", "warn.txt"]);
    assert_eq!(code(&denied), 1);
    assert_eq!(stdout(&denied), stdout(&warn), "the same report either way");
    let error = ptag_in(dir.path(), &["check", "error.txt"]);
    assert_eq!(code(&error), 1, "{}", stdout(&error));
    let both = ptag_in(dir.path(), &["check", "warn.txt", "error.txt"]);
    assert_eq!(code(&both), 1, "the worst file decides");
    let help = stdout(&ptag(&["check", "--help"]));
    assert!(help.contains("--deny-warnings"), "{help}");
    assert!(help.contains("Exit 1 on warnings too"), "{help}");
}

#[test]
fn columns_count_chars_bytes_or_utf16_units() {
    // Before the empty tag: 我 (3 bytes, 1 UTF-16 unit) and 𠀀 (U+20000: 4 bytes, 2 units).
    let dir = folder(&[("p.txt", "我𠀀<>\n".as_bytes())]);
    let at = |unit: Option<&str>| {
        let mut args = vec!["check", "p.txt"];
        if let Some(u) = unit {
            args.extend(["--column-unit", u]);
        }
        let o = ptag_in(dir.path(), &args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        stdout(&o)
    };
    let message = "warning: empty data tag '<>'\n";
    assert_eq!(at(None), format!("p.txt:1:3: {message}"));
    assert_eq!(at(Some("char")), format!("p.txt:1:3: {message}"));
    assert_eq!(at(Some("byte")), format!("p.txt:1:8: {message}"));
    assert_eq!(at(Some("utf16")), format!("p.txt:1:4: {message}"));
    let o = ptag_in(dir.path(), &["check", "--format", "json", "p.txt"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = &v[0];
    assert_eq!(
        (&d["column"], &d["column_byte"], &d["column_utf16"]),
        (&3.into(), &8.into(), &4.into()),
        "{d}"
    );
}

#[test]
fn fixed_lines_use_the_column_unit_too() {
    let dir = folder(&[("p.txt", "𠀀（我们)\n".as_bytes())]);
    let o = ptag_in(
        dir.path(),
        &["check", "--fix", "--column-unit", "byte", "p.txt"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "p.txt:1:5: fixed: replace '（' with '('\n");
}
