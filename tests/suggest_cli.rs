//! `ptag suggest`, run as the real binary on small files and on the shared corpus.

mod common;

use common::*;

const CORPUS: &str = "(我们)[收集]<手机号码>和<设备型号>，用于{身份验证}。\n";
/// Line 2 has a purpose tag holding an actor and an action tag and a note, and CRLF.
const POLICY: &str = "第一行没有\n{为了(我们)[收集]手机号码#备注#和设备型号}，我们会身份验证。\r\n";

#[test]
fn lists_each_suggestion_at_its_line_and_char_column_in_the_markup() {
    let dir = folder(&[
        ("corpus/a/c.txt", CORPUS.as_bytes()),
        ("p.txt", POLICY.as_bytes()),
    ]);
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "corpus"]);
    assert_eq!(code(&o), 0, "suggest exits 0 when it ran: {}", stderr(&o));
    // Columns count chars of the markup line: `{为了(我们)[收集]` puts 手 at 12, the note
    // `#备注#` and `和` put 设 at 21.
    assert_eq!(
        stdout(&o),
        "p.txt:2:12: data: 手机号码\n\
         p.txt:2:21: data: 设备型号\n\
         p.txt:2:27: actor: 我们\n\
         p.txt:2:30: purpose: 身份验证\n"
    );
    assert_eq!(
        stderr(&o),
        "ptag suggest: 5 known texts from 1 file; 4 suggestions in 1 of 1 file\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        POLICY
    );
}

#[test]
fn json_gives_positions_plain_offsets_and_role_counts() {
    let dir = folder(&[("c.txt", CORPUS.as_bytes()), ("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(
        dir.path(),
        &["suggest", "--format", "json", "p.txt", "--from", "c.txt"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 4);
    assert_eq!(a[1]["file"], "p.txt");
    assert_eq!(
        (a[1]["line"].as_u64(), a[1]["column"].as_u64()),
        (Some(2), Some(21))
    );
    // Plain text: 第一行没有\n为了我们收集手机号码和设备型号 — 设 is char 17.
    assert_eq!(
        (a[1]["start"].as_u64(), a[1]["end"].as_u64()),
        (Some(17), Some(21))
    );
    assert_eq!(a[1]["role"], "data");
    assert_eq!(a[1]["text"], "设备型号");
    assert_eq!(a[1]["counts"], serde_json::json!({"data": 1}));
    assert!(a[1].get("applied").is_none());
}

#[test]
fn a_text_two_roles_tagged_shows_the_split() {
    let corpus = "<手机号码>\n".repeat(12) + "(手机号码)\n(手机号码)\n";
    let dir = folder(&[
        ("c.txt", corpus.as_bytes()),
        ("p.txt", "\n\n请提供您的手机号码。\n".as_bytes()),
    ]);
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "c.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "p.txt:3:6: data: 手机号码 (data 12, actor 2)\n");
}

#[test]
fn apply_writes_the_tags_byte_for_byte_and_a_second_run_finds_nothing() {
    let dir = folder(&[("c.txt", CORPUS.as_bytes()), ("p.txt", POLICY.as_bytes())]);
    let p = dir.path().join("p.txt");
    let o = ptag_in(
        dir.path(),
        &["suggest", "--apply", "p.txt", "--from", "c.txt"],
    );
    assert_eq!(code(&o), 0, "all applied: {}", stderr(&o));
    let after = std::fs::read(&p).unwrap();
    assert_eq!(
        String::from_utf8(after.clone()).unwrap(),
        "第一行没有\n{为了(我们)[收集]<手机号码>#备注#和<设备型号>}，(我们)会{身份验证}。\r\n"
    );
    // Positions are those of the file as written: the text after its new opening delimiter.
    assert_eq!(
        stdout(&o),
        "p.txt:2:13: tagged: data: 手机号码\n\
         p.txt:2:24: tagged: data: 设备型号\n\
         p.txt:2:32: tagged: actor: 我们\n\
         p.txt:2:37: tagged: purpose: 身份验证\n\
         p.txt: 4 applied, 0 skipped\n"
    );
    assert!(
        stderr(&o).contains("4 applied, 0 skipped in 1 file"),
        "{}",
        stderr(&o)
    );

    let again = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "c.txt"]);
    assert_eq!((code(&again), stdout(&again).as_str()), (0, ""));
    let again = ptag_in(
        dir.path(),
        &["suggest", "--apply", "p.txt", "--from", "c.txt"],
    );
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(stdout(&again), "p.txt: 0 applied, 0 skipped\n");
    assert_eq!(std::fs::read(&p).unwrap(), after, "nothing more to write");
    // The result reads back clean.
    let check = ptag_in(dir.path(), &["check", "p.txt"]);
    assert_eq!(code(&check), 0, "{}{}", stdout(&check), stderr(&check));
}

#[test]
fn apply_skips_what_cannot_be_tagged_and_says_why() {
    // `(` unclosed inside the data tag is literal text, so the corpus knows `手机(号码`; a tag
    // around it elsewhere would hold a literal delimiter.
    let dir = folder(&[
        ("c.txt", "<手机(号码>和<设备型号>\n".as_bytes()),
        ("p.txt", "手机(号码与设备型号\n".as_bytes()),
    ]);
    let p = dir.path().join("p.txt");
    let o = ptag_in(
        dir.path(),
        &["suggest", "--apply", "p.txt", "--from", "c.txt"],
    );
    assert_eq!(
        code(&o),
        0,
        "a skipped suggestion is no failure: {}",
        stderr(&o)
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("p.txt:1:1: skipped: data: 手机(号码: the text holds a literal '('"),
        "{out}"
    );
    assert_eq!(lines[1], "p.txt:1:8: tagged: data: 设备型号");
    assert_eq!(lines[2], "p.txt: 1 applied, 1 skipped");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "手机(号码与<设备型号>\n"
    );
}

#[test]
fn stdin_can_be_read_for_suggestions_but_not_applied_to() {
    let dir = folder(&[("c.txt", CORPUS.as_bytes())]);
    let o = ptag_stdin_in(
        dir.path(),
        &["suggest", "-", "--from", "c.txt"],
        "我们的设备型号\n".as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "<stdin>:1:1: actor: 我们\n<stdin>:1:4: data: 设备型号\n"
    );
    let o = ptag_stdin_in(
        dir.path(),
        &["suggest", "--apply", "-", "--from", "c.txt"],
        "我们的设备型号\n".as_bytes(),
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("<stdin>: error: cannot apply suggestions to standard input"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn nothing_to_suggest_exits_zero() {
    let dir = folder(&[
        ("c.txt", CORPUS.as_bytes()),
        ("p.txt", "本政策适用于所有用户。\n".as_bytes()),
    ]);
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "c.txt"]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""));
    assert!(
        stderr(&o).contains("0 suggestions in 0 of 1 file"),
        "{}",
        stderr(&o)
    );
}

/// The first `n` corpus files in a temporary folder: the model trains in a debug build here,
/// so the tests use a part of the corpus (the full halves are in `examples/model_bench.rs`).
fn corpus_part(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for p in txt_files(corpus_markup()).into_iter().take(n) {
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn evaluate_json_scores_lexicon_and_model_on_the_same_split_and_the_model_wins() {
    if no_corpus() {
        return;
    }
    let part = corpus_part(8);
    let o = ptag_in(
        part.path(),
        &[
            "suggest",
            "--evaluate",
            "--format",
            "json",
            "--from",
            ".",
            "--epochs",
            "2",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for source in ["lexicon", "model"] {
        let v = &v[source];
        assert_eq!(v["train_files"].as_u64(), Some(4), "{v}");
        assert_eq!(v["test_files"].as_u64(), Some(4));
        let roles = v["roles"].as_array().unwrap();
        let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str().unwrap()).collect();
        assert_eq!(names, ["actor", "action", "data", "purpose"]);
        let mut sum = [0u64; 3];
        for r in roles.iter().chain([&v["overall"]]) {
            let n = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}"));
            let f = |k: &str| r[k].as_f64().unwrap_or_else(|| panic!("{k} in {r}"));
            for k in ["precision", "recall", "f1"] {
                assert!((0.0..=1.0).contains(&f(k)), "{k} of {r}");
            }
            assert!(n("correct") <= n("suggested").min(n("tagged")), "{r}");
            if n("suggested") > 0 {
                assert!(
                    (f("precision") - n("correct") as f64 / n("suggested") as f64).abs() < 1e-9
                );
            }
            assert!((f("recall") - n("correct") as f64 / n("tagged") as f64).abs() < 1e-9);
            if r["role"].is_string() {
                for (s, k) in sum.iter_mut().zip(["suggested", "correct", "tagged"]) {
                    *s += n(k);
                }
            }
        }
        let o = &v["overall"];
        assert_eq!(
            sum,
            ["suggested", "correct", "tagged"].map(|k| o[k].as_u64().unwrap()),
            "overall is the micro sum of the roles"
        );
        let by_len: u64 = v["by_length"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["suggested"].as_u64().unwrap())
            .sum();
        assert_eq!(by_len, sum[0]);
    }
    let f1 = |s: &str| v[s]["overall"]["f1"].as_f64().unwrap();
    let p = |s: &str| v[s]["overall"]["precision"].as_f64().unwrap();
    assert!(
        f1("model") > f1("lexicon"),
        "model F1 {} vs lexicon {}",
        f1("model"),
        f1("lexicon")
    );
    assert!(p("model") > p("lexicon"));
    let bins = v["reliability"].as_array().unwrap();
    assert_eq!(bins.len(), 10);
    let predicted: u64 = bins.iter().map(|b| b["predicted"].as_u64().unwrap()).sum();
    // The table covers every span the model found; what it suggests is the part at or above
    // its cutoff.
    let uncut = v["model_uncut"]["suggested"].as_u64().unwrap();
    assert_eq!(predicted, uncut);
    assert!(v["model"]["overall"]["suggested"].as_u64().unwrap() <= uncut);
    assert!((0.0..=1.0).contains(&v["cutoff"].as_f64().unwrap()));
}

#[test]
fn evaluate_prints_both_sources_per_role_and_a_reliability_table() {
    if no_corpus() {
        return;
    }
    let part = corpus_part(4);
    let o = ptag_in(
        part.path(),
        &[
            "suggest",
            "--evaluate",
            "--from",
            ".",
            "--epochs",
            "1",
            "--folds",
            "2",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().collect();
    assert!(
        rows[0].starts_with("2-fold cross-validation over 4 files"),
        "{out}"
    );
    let header = rows
        .iter()
        .position(|l| l.starts_with("role "))
        .expect(&out);
    assert_eq!(
        rows[header].split_whitespace().collect::<Vec<_>>(),
        [
            "role", "sugg", "right", "P", "R", "F1", "sugg", "right", "P", "R", "F1", "tagged"
        ]
    );
    for (i, role) in ["actor", "action", "data", "purpose", "all"]
        .iter()
        .enumerate()
    {
        let cells: Vec<&str> = rows[header + 1 + i].split_whitespace().collect();
        assert_eq!(cells.len(), 12, "{out}");
        assert_eq!(cells[0], *role);
    }
    assert!(
        out.contains("model reliability (every span it found): confidence vs observed precision"),
        "{out}"
    );
    assert!(out.contains("\n0.9-1.0 "), "{out}");
    assert!(out.contains("confidence >= 0.8: "), "{out}");
}

#[test]
fn missing_from_is_a_usage_error() {
    let dir = folder(&[("p.txt", POLICY.as_bytes())]);
    let o = ptag_in(dir.path(), &["suggest", "p.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--from <CORPUS>"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let o = ptag_in(dir.path(), &["suggest", "--from", "p.txt"]);
    assert_eq!(code(&o), 2, "no PATH and no --evaluate");
    assert!(stderr(&o).contains("<PATH>"), "{}", stderr(&o));
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "missing"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("missing: error: No such file or directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_in_a_path_or_the_corpus_exits_2_with_its_location() {
    let bad: &[u8] = b"(\xe6\x88\x91)\n\xff\xfe";
    let dir = folder(&[
        ("c.txt", CORPUS.as_bytes()),
        ("bad.txt", bad),
        ("p.txt", POLICY.as_bytes()),
    ]);
    let o = ptag_in(
        dir.path(),
        &["suggest", "bad.txt", "p.txt", "--from", "c.txt"],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.txt:2:1: error: not UTF-8: invalid byte at offset 6"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o).lines().count(), 4, "the good file is still done");

    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--from", "bad.txt"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("bad.txt:2:1: error: not UTF-8"), "{err}");
    assert!(
        err.contains("a --from file could not be read; nothing suggested"),
        "{err}"
    );
    assert_eq!(stdout(&o), "");
}
