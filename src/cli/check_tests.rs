//! `ptag check`: its output, by example.

use super::check::{CheckOptions, run};
use super::common::{Exit, OutputFormat};
use super::paths::Input;
use crate::scheme::Scheme;

fn check(src: &str, format: OutputFormat) -> (Exit, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, src).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = run(
        &[Input::file(&p)],
        &Scheme::default(),
        CheckOptions {
            format,
            ..CheckOptions::default()
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    let dir_prefix = format!("{}/", dir.path().display());
    let clean = |b: Vec<u8>| String::from_utf8(b).unwrap().replace(&dir_prefix, "");
    (exit, clean(out), clean(err))
}

#[test]
fn gcc_lines_fix_lines_and_summary() {
    let (exit, out, err) = check("（我们)[收集]\n见(1)。\n", OutputFormat::Text);
    assert_eq!(exit, Exit::Findings);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("p.txt:1:1: error: mixed pair"),
        "{out}"
    );
    assert_eq!(lines[1], "    fix: replace '（' with '('");
    assert!(lines[2].starts_with("p.txt:2:2: info: "), "{out}");
    assert!(
        lines[3].starts_with("    fix (needs review): make '(1)'"),
        "{out}"
    );
    assert_eq!(
        err,
        "ptag check: 1 file: 1 error, 0 warnings, 1 info; 1 safe fix available (run ptag check --fix)\n"
    );
}

#[test]
fn info_alone_exits_zero_and_clean_files_say_so() {
    let (exit, out, _) = check("见(1)。\n", OutputFormat::Text);
    assert_eq!(exit, Exit::Ok, "{out}");
    let (exit, out, err) = check("(我们)[收集]<手机号码>\n", OutputFormat::Text);
    assert_eq!((exit, out.as_str()), (Exit::Ok, ""));
    assert_eq!(err, "ptag check: 1 file: 0 errors, 0 warnings, 0 infos\n");
}

#[test]
fn json_is_one_array_with_the_fix_when_there_is_one() {
    let (exit, out, _) = check("（我们)\n<>\n", OutputFormat::Json);
    assert_eq!(exit, Exit::Findings);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0]["file"], "p.txt");
    assert_eq!(
        (a[0]["line"].as_u64(), a[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(a[0]["severity"], "error");
    assert_eq!(a[0]["fix"]["safe"], true);
    assert_eq!(a[0]["fix"]["label"], "replace '（' with '('");
    assert_eq!(a[1]["severity"], "warning");
    assert!(a[1].get("fix").is_none());
}

#[test]
fn fix_applies_safe_fixes_one_per_line_per_pass() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    let src = "（我们)和（他们)[收集]见(1)\r\n[使用]<数据＞\n";
    std::fs::write(&p, src).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = run(
        &[Input::file(&p)],
        &Scheme::default(),
        CheckOptions {
            fix: true,
            ..CheckOptions::default()
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    let after = std::fs::read_to_string(&p).unwrap();
    assert_eq!(after, "(我们)和(他们)[收集]见(1)\r\n[使用]<数据>\n");
    assert_eq!(out.matches(": fixed: ").count(), 3, "{out}");
    assert_eq!(exit, Exit::Ok, "only the (1) hint is left: {out}");
    assert!(out.contains("info: '(1)' looks like prose"), "{out}");
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("3 fixes applied"), "{err}");
}

#[test]
fn json_written_an_element_at_a_time_is_what_serde_json_writes_for_the_array() {
    for src in ["（我们)\n<>\n见(1)。\n", "(我们)\n", ""] {
        let (_, out, _) = check(src, OutputFormat::Json);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut whole = serde_json::to_string_pretty(&v).unwrap();
        whole.push('\n');
        assert_eq!(out, whole);
    }
}

/// A line of 151 stray `(` (the last of them meant to close with a full-width `）`: a safe fix)
/// and a line with an empty tag.
fn hundreds_of_stray_brackets() -> String {
    "(".repeat(150) + "(我）\n<>\n"
}

#[test]
fn a_line_lists_its_first_hundred_findings_and_says_how_many_more_there_were() {
    let (exit, out, err) = check(&hundreds_of_stray_brackets(), OutputFormat::Text);
    assert_eq!(exit, Exit::Findings);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 100 + 1 + 1, "{out}");
    assert!(
        lines[0].starts_with("p.txt:1:1: error: unclosed '('"),
        "{out}"
    );
    assert!(lines[99].starts_with("p.txt:1:100: error: "), "{out}");
    assert_eq!(
        lines[100],
        "p.txt:1: note: … and 51 more on this line, not listed (51 errors; 1 with a safe fix)"
    );
    assert!(lines[101].starts_with("p.txt:2:1: warning: empty"), "{out}");
    // The totals count every finding, listed or not.
    assert_eq!(
        err,
        "ptag check: 1 file: 151 errors, 1 warning, 0 infos; 1 safe fix available (run ptag check --fix)\n"
    );
}

#[test]
fn json_gives_the_count_of_a_line_s_findings_not_listed_on_its_last_listed() {
    let (_, out, _) = check(&hundreds_of_stray_brackets(), OutputFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 101);
    assert!(a[..99].iter().all(|d| d.get("more_on_line").is_none()));
    assert_eq!(
        a[99]["more_on_line"],
        serde_json::json!({"errors": 51, "warnings": 0, "infos": 0, "safe_fixes": 1})
    );
    assert!(a[100].get("more_on_line").is_none());
}
