//! The non-interactive commands, run as the real binary on the seeds and the corpus.

mod common;

use common::*;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------- check

#[test]
fn check_reports_the_mixed_pair_of_seed_000_with_its_fix() {
    let f = seed("000");
    let o = ptag(&["check", s(&f)]);
    assert_eq!(code(&o), 1, "an error means exit 1: {}", stderr(&o));
    let out = stdout(&o);
    let want = format!(
        "{}:52:33: error: mixed pair: full-width '（' closed by ASCII ')'",
        f.display()
    );
    let lines: Vec<&str> = out.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with(&want))
        .unwrap_or_else(|| panic!("{want}\nnot in\n{out}"));
    assert_eq!(lines[i + 1], "    fix: replace '（' with '('");
    // gcc form for every diagnostic line.
    for l in lines.iter().filter(|l| !l.starts_with("    ")) {
        let rest = l.strip_prefix(s(&f)).unwrap();
        let parts: Vec<&str> = rest.splitn(5, ':').collect();
        assert!(
            parts[1].parse::<usize>().is_ok() && parts[2].parse::<usize>().is_ok(),
            "{l}"
        );
        assert!([" error", " warning", " info"].contains(&parts[3]), "{l}");
    }
    assert_eq!(
        stderr(&o),
        "ptag check: 1 file: 1 error, 0 warnings, 0 infos; 1 safe fix available (run ptag check --fix)\n"
    );
}

#[test]
fn check_json_is_one_array_of_located_diagnostics() {
    let o = ptag(&["check", "--format", "json", s(&seeds_dir())]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(
        a.len(),
        1,
        "the mixed pair; the bracketed tags are not stray: {v:#}"
    );
    for d in a {
        for key in ["file", "line", "column", "severity", "message"] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
    }
    let mixed: Vec<_> = a.iter().filter(|d| d["fix"].is_object()).collect();
    assert_eq!(mixed.len(), 1);
    assert_eq!(mixed[0]["line"], 52);
    assert_eq!(mixed[0]["severity"], "error");
    assert_eq!(mixed[0]["fix"]["safe"], true);
    assert!(
        mixed[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("000_ee69bdfe6e95d1dd.txt")
    );
}

#[test]
fn check_on_the_corpus_folder_finds_warnings_but_no_error_and_passes() {
    if no_corpus() {
        return;
    }
    let o = ptag(&["check", s(&corpus_root().join("markup"))]);
    let (out, err) = (stdout(&o), stderr(&o));
    // The corpus was converted by a program: no error, but annotators' habits (a clause
    // with its '。' inside a tag, a trailing '，') are warnings; warnings alone exit 0.
    assert!(err.starts_with("ptag check: 63 files: 0 errors, "), "{err}");
    assert_eq!(code(&o), 0);
    let warnings = out.lines().filter(|l| l.contains(": warning: ")).count();
    let infos = out.lines().filter(|l| l.contains(": info: ")).count();
    assert!(warnings > 0);
    assert!(
        err.contains(&format!(" {warnings} warnings, {infos} info")),
        "{err}"
    );
    assert!(!out.contains(": error: "), "{out}");
}

#[test]
fn check_exits_zero_on_a_clean_file_and_on_infos_alone() {
    let o = ptag_stdin(&["check", "-"], "(我们)[收集]<手机号码>\n".as_bytes());
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""));
    let o = ptag_stdin(&["check", "-"], "见(1)\n".as_bytes());
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).starts_with("<stdin>:1:2: info: "),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_fix_changes_exactly_the_mixed_pair_and_still_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("taobao.txt");
    let before = std::fs::read_to_string(seed("000")).unwrap();
    std::fs::write(&f, &before).unwrap();
    let o = ptag(&["check", "--fix", s(&f)]);
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!(
            "{}:52:33: fixed: replace '（' with '('\n",
            f.display()
        )),
        "{out}"
    );
    assert!(!out.contains("error:"), "re-check after fixing: {out}");
    assert_eq!(code(&o), 0, "nothing but the fixed error was found: {out}");
    assert!(stderr(&o).contains("1 fix applied"), "{}", stderr(&o));
    let after = std::fs::read_to_string(&f).unwrap();
    // Exactly one char changed: the '（' at line 52, column 33.
    let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
    assert_eq!(b.len(), a.len());
    let diffs: Vec<usize> = (0..b.len()).filter(|&i| b[i] != a[i]).collect();
    assert_eq!(diffs.len(), 1);
    let i = diffs[0];
    assert_eq!((b[i], a[i]), ('（', '('));
    let byte = before.char_indices().nth(i).unwrap().0;
    let line_start = before[..byte].rfind('\n').map_or(0, |x| x + 1);
    assert_eq!(before[..line_start].matches('\n').count() + 1, 52);
    assert_eq!(before[line_start..byte].chars().count() + 1, 33);
    // Round trip: export→import of the fixed file gives it back.
    let j = ptag(&["export", "--format", "jsonl", s(&f)]);
    let back = dir.path().join("back.txt");
    let jl = dir.path().join("f.jsonl");
    std::fs::write(&jl, &j.stdout).unwrap();
    assert_eq!(
        code(&ptag(&[
            "import",
            "--format",
            "jsonl",
            s(&jl),
            "-o",
            s(&back)
        ])),
        0
    );
    assert_eq!(std::fs::read_to_string(&back).unwrap(), after);
    // A second --fix has nothing left to do.
    let o = ptag(&["check", "--fix", s(&f)]);
    assert!(!stdout(&o).contains("fixed:"), "{}", stdout(&o));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), after);
}

#[test]
fn check_reads_stdin() {
    let o = ptag_stdin(&["check", "-"], "（我们)[收集]\n".as_bytes());
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).starts_with("<stdin>:1:1: error: mixed pair"),
        "{}",
        stdout(&o)
    );
    let o = ptag_stdin(&["check", "--fix", "-"], "（我们)\n".as_bytes());
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("cannot fix standard input"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_on_a_seed_counts_roles_and_coverage() {
    let o = ptag(&["stats", s(&seed("000"))]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(
        out.contains(" 7115 chars, 1726 covered by tags (24.3%), 1 note"),
        "{out}"
    );
    assert!(
        out.contains("top actor (主体) texts:\n     21  我们\n"),
        "{out}"
    );
    assert!(
        !out.contains("\nfile "),
        "one file: no per-file table\n{out}"
    );
}

#[test]
fn stats_json_on_many_files_has_a_row_per_file() {
    if no_corpus() {
        return;
    }
    let o = ptag(&[
        "stats",
        "--format",
        "json",
        s(&seeds_dir()),
        s(&corpus_root().join("markup")),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"], 65);
    let per_file = v["per_file"].as_array().unwrap();
    assert_eq!(per_file.len(), 65);
    let chars: u64 = per_file.iter().map(|f| f["chars"].as_u64().unwrap()).sum();
    assert_eq!(v["chars"].as_u64(), Some(chars));
    let roles = v["roles"].as_array().unwrap();
    let names: Vec<_> = roles.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["actor", "action", "data", "purpose"]);
    for r in roles {
        assert!(r["top"].as_array().unwrap().len() <= 10);
        assert!(r["distinct"].as_u64() <= r["tags"].as_u64());
    }
    assert!(v["covered"].as_u64().unwrap() <= chars);
    // The corpus's expected spans add up to the same tag count.
    let expected_spans: usize = txt_files(corpus_root().join("markup"))
        .iter()
        .map(|f| {
            let stem = f.file_stem().unwrap().to_str().unwrap();
            let e: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(corpus_root().join(format!("expected/{stem}.json")))
                    .unwrap(),
            )
            .unwrap();
            e["spans"].as_array().unwrap().len()
        })
        .sum();
    let corpus_tags: u64 = per_file
        .iter()
        .filter(|f| f["file"].as_str().unwrap().contains("corpus"))
        .flat_map(|f| {
            f["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t[1].as_u64().unwrap())
        })
        .sum();
    assert_eq!(corpus_tags as usize, expected_spans);
    // Text form: a table row per file.
    let o = ptag(&["stats", s(&seeds_dir())]);
    let out = stdout(&o);
    assert!(out.starts_with("2 files: "), "{out}");
    assert!(out.contains("\nfile "), "{out}");
    assert_eq!(out.matches("_8b38e33c19c35d5c.txt ").count(), 1, "{out}");
}

// ---------------------------------------------------------------- strip / import plain

#[test]
fn strip_gives_the_corpus_plain_text_byte_for_byte() {
    if no_corpus() {
        return;
    }
    for f in corpus() {
        let o = ptag(&["strip", s(&f)]);
        assert_eq!(code(&o), 0);
        let plain =
            std::fs::read(corpus_root().join("plain").join(f.file_name().unwrap())).unwrap();
        assert!(o.stdout == plain, "{}", f.display());
    }
}

#[test]
fn import_plain_turns_raw_into_plain_byte_for_byte() {
    if no_corpus() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut replaced = 0;
    for f in txt_files(corpus_root().join("raw")) {
        let out = dir.path().join("p.txt");
        // The same output path each time: --force overwrites it.
        let o = ptag(&[
            "import",
            "--format",
            "plain",
            "--force",
            s(&f),
            "-o",
            s(&out),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let want = std::fs::read(corpus_root().join("plain").join(f.file_name().unwrap())).unwrap();
        assert!(std::fs::read(&out).unwrap() == want, "{}", f.display());
        let err = stderr(&o);
        assert!(err.starts_with("ptag import: "), "{err}");
        if let Some(n) = err.split(": made ").nth(1) {
            replaced += n.split(' ').next().unwrap().parse::<usize>().unwrap();
        }
    }
    assert!(replaced > 0, "the raw corpus has ASCII brackets to replace");
}

// ---------------------------------------------------------------- export / import

#[test]
fn export_jsonl_matches_the_corpus_expected_spans() {
    if no_corpus() {
        return;
    }
    let o = ptag(&[
        "export",
        "--format",
        "jsonl",
        s(&corpus_root().join("markup")),
    ]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let files = corpus();
    assert_eq!(out.lines().count(), files.len());
    for (line, f) in out.lines().zip(&files) {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(r["file"], f.file_name().unwrap().to_str().unwrap());
        let stem = f.file_stem().unwrap().to_str().unwrap();
        let e: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(corpus_root().join(format!("expected/{stem}.json"))).unwrap(),
        )
        .unwrap();
        let text = r["text"].as_str().unwrap();
        assert_eq!(text.chars().count() as u64, e["chars"].as_u64().unwrap());
        let mut want: Vec<(u64, u64, String)> = e["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|sp| {
                (
                    sp["start"].as_u64().unwrap(),
                    sp["end"].as_u64().unwrap(),
                    sp["role"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        want.sort();
        let got: Vec<(u64, u64, String)> = r["label"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l[0].as_u64().unwrap(),
                    l[1].as_u64().unwrap(),
                    l[2].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{stem}");
    }
}

/// Exports `f`, imports the result, returns the rebuilt bytes.
fn export_import(f: &Path, format: &str, dir: &Path) -> Vec<u8> {
    export_import_with(f, format, &[], dir)
}

/// `export_import` with more export options.
fn export_import_with(f: &Path, format: &str, options: &[&str], dir: &Path) -> Vec<u8> {
    let mut args = vec![
        "export",
        "--format",
        format,
        "--docstart",
        "--include-errors",
        s(f),
    ];
    args.extend(options);
    let o = ptag(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mid = dir.join(format!("mid.{format}"));
    std::fs::write(&mid, &o.stdout).unwrap();
    let back = dir.join("back.txt");
    let o = ptag(&[
        "import",
        "--format",
        format,
        "--force",
        s(&mid),
        "-o",
        s(&back),
    ]);
    assert_eq!(code(&o), 0, "{}: {}", f.display(), stderr(&o));
    std::fs::read(&back).unwrap()
}

#[test]
fn jsonl_export_then_import_gives_every_file_back_byte_for_byte() {
    if no_corpus() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = corpus();
    files.push(seed("000"));
    files.push(seed("002"));
    for f in files {
        assert!(
            export_import(&f, "jsonl", dir.path()) == std::fs::read(&f).unwrap(),
            "{}",
            f.display()
        );
    }
}

/// BIO keeps the text, the line endings, the BOM and the notes, but of nested tags only the
/// outermost. The law: import(export(f)) is f with its nested and empty tags removed; a file
/// with none (every corpus file, both seeds) comes back byte for byte.
#[test]
fn bio_export_then_import_gives_files_without_nesting_back_byte_for_byte() {
    if no_corpus() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut files = corpus();
    files.push(seed("000"));
    files.push(seed("002"));
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            export_import(&f, "bio", dir.path()) == bytes,
            "{}",
            f.display()
        );
        let sentences = ["--bioes", "--sentences"];
        assert!(
            export_import_with(&f, "bio", &sentences, dir.path()) == bytes,
            "{} with --bioes --sentences",
            f.display()
        );
    }
    // A file with nesting, an empty tag, CRLF, a BOM and no final newline.
    let f = dir.path().join("nested.txt");
    std::fs::write(&f, "\u{feff}{为<某#注#数据>提供服务}<>\r\n(我们) [收集]").unwrap();
    assert_eq!(
        String::from_utf8(export_import(&f, "bio", dir.path())).unwrap(),
        "\u{feff}{为某#注#数据提供服务}\r\n(我们) [收集]"
    );
}

#[test]
fn bio_rows_are_one_char_a_line_with_a_header() {
    let o = ptag_stdin(
        &["export", "--format", "bio", "--docstart", "-"],
        "(我们) 会\r\n".as_bytes(),
    );
    assert_eq!(code(&o), 0);
    assert_eq!(
        stdout(&o),
        "-DOCSTART-\t{\"file\":\"\",\"lines\":1,\"eol\":\"crlf\",\"notes\":[]}\n\n我\tB-actor\n们\tI-actor\nU+0020\tO\n会\tO\n\n"
    );
}

#[test]
fn import_writes_to_stdout_with_dash() {
    let o = ptag_stdin(
        &["import", "--format", "jsonl", "-", "-o", "-"],
        r#"{"text":"我们收集手机号码","label":[[0,2,"actor"],[2,4,"action"],[4,8,"data"]]}"#
            .as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "(我们)[收集]<手机号码>");
    assert_eq!(stderr(&o), "ptag import: 3 tags, 0 notes\n");
}

// ---------------------------------------------------------------- samples

#[test]
fn sample_raw_files_are_the_stripped_annotated_ones_with_their_fixes_applied() {
    // The annotated seeds keep their one deliberate error (the tests of `check` use it); the
    // raw files are what an annotator starts from, so they are the fixed versions, stripped.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-policies");
    let work = tempfile::tempdir().unwrap();
    for (annotated, raw, seed_no) in [
        ("taobao-annotated.txt", "taobao-raw.txt", "000"),
        ("jd-annotated.txt", "jd-raw.txt", "002"),
    ] {
        let a = dir.join(annotated);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(seed(seed_no)).unwrap()
        );
        let fixed = work.path().join(annotated);
        std::fs::copy(&a, &fixed).unwrap();
        let o = ptag(&["check", "--fix", s(&fixed)]);
        assert!(code(&o) == 0, "{annotated}: {}", stderr(&o));
        let o = ptag(&["strip", s(&fixed)]);
        assert_eq!(code(&o), 0);
        assert!(o.stdout == std::fs::read(dir.join(raw)).unwrap(), "{raw}");
    }
}

#[test]
fn the_raw_samples_check_clean() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-policies");
    let raw = [dir.join("taobao-raw.txt"), dir.join("jd-raw.txt")];
    let o = ptag(&["check", s(&raw[0]), s(&raw[1])]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""), "{}", stderr(&o));
}

// ---------------------------------------------------------------- bad input

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gbk.txt");
    // "(我们)" then GBK bytes for 收集.
    let mut bytes = "(我们)\n".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xca, 0xd5, 0xbc, 0xaf, b'\n']);
    std::fs::write(&f, &bytes).unwrap();
    for cmd in [
        vec!["check", s(&f)],
        vec!["stats", s(&f)],
        vec!["strip", s(&f)],
        vec!["export", "--format", "jsonl", s(&f)],
        vec!["import", "--format", "plain", s(&f), "-o", "/dev/null"],
    ] {
        let o = ptag(&cmd);
        assert_eq!(code(&o), 2, "{cmd:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!(
                "{}:2:1: error: not UTF-8: invalid byte at offset 9",
                f.display()
            )),
            "{cmd:?}: {err}"
        );
        assert!(o.stdout.is_empty() || cmd[0] == "check", "{cmd:?}");
    }
}

#[test]
fn missing_file_and_folder_without_txt_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.txt");
    let o = ptag(&["check", s(&missing)]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        format!("{}: error: No such file or directory\n", missing.display())
    );
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("README.md"), "x").unwrap();
    for cmd in ["check", "stats", "strip"] {
        let o = ptag(&[cmd, s(&empty)]);
        assert_eq!(code(&o), 2, "{cmd}");
        assert_eq!(
            stderr(&o),
            format!("{}: error: folder holds no *.txt file\n", empty.display())
        );
    }
    let o = ptag(&[
        "import",
        "--format",
        "jsonl",
        s(&missing),
        "-o",
        s(&dir.path().join("out.txt")),
    ]);
    assert_eq!(code(&o), 2);
    assert!(!dir.path().join("out.txt").exists());
}

#[test]
fn a_bad_scheme_file_is_reported_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("scheme.json");
    std::fs::write(&scheme, "{\"roles\": [\n  {\"name\": 1}\n]}").unwrap();
    let o = ptag(&["check", "--scheme", s(&scheme), s(&seed("000"))]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).starts_with(&format!("{}:2:", scheme.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn another_scheme_changes_what_is_markup() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("scheme.json");
    std::fs::write(
        &scheme,
        r##"{"roles": [{"name": "who", "zh": "谁", "open": "(", "close": ")", "color": "#ff0000"},
                       {"name": "law", "zh": "法", "open": "«", "close": "»", "color": "#00ff00"}]}"##,
    )
    .unwrap();
    let f = dir.path().join("p.txt");
    std::fs::write(&f, "(我们)遵守«法»[不是标签]\n").unwrap();
    let o = ptag(&["export", "--format", "jsonl", "--scheme", s(&scheme), s(&f)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["text"], "我们遵守法[不是标签]\n");
    assert_eq!(
        r["label"],
        serde_json::json!([[0, 2, "who"], [4, 5, "law"]])
    );
    let o = ptag(&[
        "import",
        "--format",
        "plain",
        "--scheme",
        s(&scheme),
        s(&f),
        "-o",
        "-",
    ]);
    assert_eq!(code(&o), 2, "« has no full-width twin");
    assert!(stderr(&o).contains("no full-width twin"), "{}", stderr(&o));
}

#[test]
fn an_empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("empty.txt");
    std::fs::write(&f, "").unwrap();
    let o = ptag(&["check", s(&f)]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""));
    let o = ptag(&["stats", s(&f)]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        stdout(&o),
        format!(
            "{}: empty (0 chars): no text, so no tags and nothing to count\n",
            f.display()
        )
    );
    let o = ptag(&["strip", s(&f)]);
    assert_eq!((code(&o), o.stdout.len()), (0, 0));
    for format in ["jsonl", "bio"] {
        assert!(export_import(&f, format, dir.path()).is_empty(), "{format}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let o = ptag(&["check"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("PATHS"), "{}", stderr(&o));
    let o = ptag(&["export", "--format", "csv", "x"]);
    assert_eq!(code(&o), 2);
    let o = ptag(&["strip", s(&seeds_dir())]);
    assert_eq!(code(&o), 2, "a folder of two files is not one file");
    assert!(stderr(&o).contains("takes one file"), "{}", stderr(&o));
}

/// A 50 MB file on one line (17 M chars, 17 k tags): every command finishes, in the debug
/// build too (a few seconds each; parse once took minutes here, quadratic in the line's
/// length), and agrees with itself.
#[test]
fn a_50_mb_single_line_file_is_handled() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("big.txt");
    let prose = "在您使用服务时，我们会收集您的手机号码用于创建账户。此外本政策适用于全部产品与服务，请您仔细阅读并理解。";
    let unit = format!(
        "{}(我们)会[收集]您的<手机号码>用于{{创建账户}}。",
        prose.repeat(20)
    );
    let n = 50 * 1024 * 1024 / unit.len() + 1;
    std::fs::write(&f, unit.repeat(n)).unwrap();
    let start = std::time::Instant::now();
    let o = ptag(&["stats", "--format", "json", s(&f)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["roles"][0]["tags"].as_u64(), Some(n as u64));
    assert_eq!(v["roles"][0]["distinct"].as_u64(), Some(1));
    assert_eq!(v["covered"].as_u64(), Some(12 * n as u64));
    let o = ptag(&["check", s(&f)]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""));
    let o = ptag(&["strip", s(&f)]);
    assert_eq!(o.stdout.len(), (unit.len() - 8) * n);
    let elapsed = start.elapsed();
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
}
