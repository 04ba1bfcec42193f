//! `ptag export` / `ptag import` as pipelines use them: what is refused, what is warned about
//! (located), folders round trip, label maps.

mod common;

use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let f = dir.join(name);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(&f, text).unwrap();
    f
}

#[test]
fn a_file_with_errors_is_not_exported_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.txt", "(我们收集\n");
    let good = write(dir.path(), "good.txt", "(我们)\n");
    let o = ptag(&["export", "--format", "jsonl", s(&bad), s(&good)]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:1:1: error:", bad.display())),
        "{err}"
    );
    assert!(
        err.contains("not exported: 1 error (fix them, or --include-errors)"),
        "{err}"
    );
    assert_eq!(
        stdout(&o).lines().count(),
        1,
        "the good file still goes out"
    );
    let o = ptag(&["export", "--format", "jsonl", "--include-errors", s(&bad)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn empty_tags_are_warned_about_with_their_place_and_the_rest_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "p.txt", "我们\n(我们)收集<>和[<>x]\n");
    let o = ptag(&["export", "--format", "jsonl", s(&f)]);
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:2:7: warning: empty tag (data)", f.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:2:11: warning: empty tag (data)", f.display())),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    // The doccano case: no zero-length label, so the record keeps its other labels.
    assert_eq!(
        r["label"],
        serde_json::json!([[3, 5, "actor"], [8, 9, "action"]])
    );
    let mid = write(dir.path(), "mid.jsonl", &stdout(&o));
    let back = dir.path().join("back.txt");
    let o = ptag(&["import", "--format", "jsonl", s(&mid), "-o", s(&back)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(back).unwrap(),
        "我们\n(我们)收集<>和[<>x]\n"
    );
}

#[test]
fn bio_says_what_nesting_it_drops_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "n.txt", "{为<某>和(我)}\n");
    let o = ptag(&["export", "--format", "bio", s(&f)]);
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{}:1:3: warning: inner tag (data) dropped",
            f.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:1:7: warning: inner tag (actor) dropped",
            f.display()
        )),
        "{err}"
    );
    assert!(err.contains("dropped 2 inner tags (outer kept"), "{err}");
    assert!(
        stdout(&o).starts_with("为\tB-purpose\n某\tI-purpose\n"),
        "{}",
        stdout(&o)
    );
    let o = ptag(&["export", "--format", "bio", "--nested", "inner", s(&f)]);
    assert!(
        stderr(&o).contains("1:1: warning: outer tag (purpose) dropped"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).starts_with("为\tO\n某\tB-data\n"),
        "{}",
        stdout(&o)
    );
    let o = ptag(&["export", "--format", "bio", "--nested", "error", s(&f)]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(":1:3: error: nested tag"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn bio_import_takes_space_or_tab_and_bioes() {
    let o = ptag_stdin(
        &["import", "--format", "bio", "-", "-o", "-"],
        "我 S-actor\n收\tB-action\n集 E-action\n手 B-data\n机\tI-data\n".as_bytes(),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "(我)[收集]<手机>\n");
}

#[test]
fn a_folder_round_trips_and_import_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&src, "a.txt", "(我们)收集<手机号码>\r\n");
    write(&src, "sub/b.txt", "\u{feff}{为<某#注#数据>提供服务}<>");
    write(&src, "sub/deeper/c.txt", "");
    for (format, extra) in [("jsonl", None), ("bio", Some("--docstart"))] {
        let mid = dir.path().join(format!("all.{format}"));
        let mut args = vec!["export", "--format", format, s(&src), "-o", s(&mid)];
        args.extend(extra);
        let o = ptag(&args);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = dir.path().join(format!("out-{format}"));
        let o = ptag(&["import", "--format", format, s(&mid), "-o", s(&out)]);
        assert_eq!(code(&o), 0, "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("ptag import: 3 files, "),
            "{}",
            stderr(&o)
        );
        for f in ["a.txt", "sub/deeper/c.txt"] {
            assert_eq!(
                std::fs::read(src.join(f)).unwrap(),
                std::fs::read(out.join(f)).unwrap(),
                "{format} {f}"
            );
        }
        let b = std::fs::read_to_string(out.join("sub/b.txt")).unwrap();
        let want = if format == "bio" {
            "\u{feff}{为某#注#数据提供服务}"
        } else {
            "\u{feff}{为<某#注#数据>提供服务}<>"
        };
        assert_eq!(b, want, "{format}");
        // Again: every target exists, nothing is written without --force.
        std::fs::write(out.join("a.txt"), "changed").unwrap();
        let o = ptag(&["import", "--format", format, s(&mid), "-o", s(&out)]);
        assert_eq!(code(&o), 2);
        assert!(
            stderr(&o).contains("already exists (--force overwrites)"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a.txt")).unwrap(),
            "changed"
        );
        let o = ptag(&[
            "import",
            "--format",
            format,
            s(&mid),
            "-o",
            s(&out),
            "--force",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(
            std::fs::read(src.join("a.txt")).unwrap(),
            std::fs::read(out.join("a.txt")).unwrap()
        );
    }
}

#[test]
fn records_naming_paths_outside_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = ptag_stdin(
        &["import", "--format", "jsonl", "-", "-o", s(&out)],
        b"{\"file\":\"a.txt\",\"text\":\"x\"}\n{\"file\":\"../evil.txt\",\"text\":\"y\"}\n",
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("\"../evil.txt\" is not a relative path"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists() && !dir.path().join("evil.txt").exists());
}

#[test]
fn labels_are_renamed_on_export_and_back_on_import() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "p.txt", "(我们)[收集]<手机>\n");
    let map = write(
        dir.path(),
        "map.json",
        r#"{"actor": "HANDLER", "action": "COLLECT", "data": "DATA"}"#,
    );
    let o = ptag(&[
        "export",
        "--format",
        "bio",
        "--labels",
        "actor=HANDLER,action=COLLECT",
        s(&f),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("我\tB-HANDLER\n们\tI-HANDLER\n收\tB-COLLECT\n"),
        "{}",
        stdout(&o)
    );
    let o = ptag(&["export", "--format", "jsonl", "--labels", s(&map), s(&f)]);
    assert!(
        stdout(&o).contains(r#"[[0,2,"HANDLER"],[2,4,"COLLECT"],[4,6,"DATA"]]"#),
        "{}",
        stdout(&o)
    );
    let mid = write(dir.path(), "mid.jsonl", &stdout(&o));
    let o = ptag(&[
        "import",
        "--format",
        "jsonl",
        "--labels",
        s(&map),
        s(&mid),
        "-o",
        "-",
    ]);
    assert_eq!(stdout(&o), "(我们)[收集]<手机>\n");
    let o = ptag(&["import", "--format", "jsonl", s(&mid), "-o", "-"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no role \"HANDLER\""), "{}", stderr(&o));
    let o = ptag(&["export", "--format", "jsonl", "--labels", "who=X", s(&f)]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("--labels: no role \"who\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn single_document_import_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let mid = write(
        dir.path(),
        "one.jsonl",
        "{\"text\":\"我们收集\",\"label\":[[0,2,\"actor\"]]}\n",
    );
    let out = write(dir.path(), "out.txt", "hand-made, keep me\n");
    let o = ptag(&["import", "--format", "jsonl", s(&mid), "-o", s(&out)]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains(&format!(
            "{}: error: already exists (--force overwrites)",
            out.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "hand-made, keep me\n"
    );
    let o = ptag(&[
        "import",
        "--format",
        "jsonl",
        s(&mid),
        "-o",
        s(&out),
        "--force",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "(我们)收集");
    // A new path is written without --force.
    let fresh = dir.path().join("fresh.txt");
    let o = ptag(&["import", "--format", "jsonl", s(&mid), "-o", s(&fresh)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "(我们)收集");
}

#[test]
fn label_studio_takes_a_models_suggestions_as_scored_predictions() {
    let tagged = "(我们)[收集]您的<手机号码>。\n".repeat(20);
    let dir = folder(&[
        ("a.txt", tagged.as_bytes()),
        ("new.txt", "我们收集您的手机号码。\n".as_bytes()),
    ]);
    let o = ptag_in(dir.path(), &["train", "--from", "a.txt", "-o", "m.model"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = ptag_in(
        dir.path(),
        &[
            "export",
            "--format",
            "labelstudio",
            "--model",
            "m.model",
            "new.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tasks: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let t = &tasks[0];
    // An untagged file: no (empty) annotation, so Label Studio shows it as to be reviewed.
    assert!(t.get("annotations").is_none(), "{t}");
    let p = &t["predictions"][0];
    assert_eq!(p["model_version"], "ptag:m.model");
    let regions = p["result"].as_array().unwrap();
    let found: Vec<(String, String)> = regions
        .iter()
        .map(|r| {
            (
                r["value"]["text"].as_str().unwrap().to_string(),
                r["value"]["labels"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("收集".into(), "action".into())),
        "{found:?}"
    );
    let scores: Vec<f64> = regions
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    assert!((p["score"].as_f64().unwrap() - mean).abs() < 1e-9, "{p}");
    // Imported back: the predictions become tags when asked for, those under --min-score left
    // out; not asked for, they are left out and said so.
    let mid = write(dir.path(), "tasks.json", &stdout(&o));
    let o = ptag(&["import", "--format", "labelstudio", s(&mid), "-o", "-"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "我们收集您的手机号码。\n");
    assert!(
        stderr(&o).contains("1 prediction not taken"),
        "{}",
        stderr(&o)
    );
    let o = ptag(&[
        "import",
        "--format",
        "labelstudio",
        "--predictions",
        s(&mid),
        "-o",
        "-",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("[收集]"), "{}", stdout(&o));
    assert!(stderr(&o).contains("took prediction"), "{}", stderr(&o));
    let o = ptag(&[
        "import",
        "--format",
        "labelstudio",
        "--min-score",
        "1.01",
        s(&mid),
        "-o",
        "-",
    ]);
    assert_eq!(code(&o), 2, "out of range");
    let above_all = scores.iter().cloned().fold(0.0, f64::max) + 1e-6;
    if above_all <= 1.0 {
        let o = ptag(&[
            "import",
            "--format",
            "labelstudio",
            "--predictions",
            "--min-score",
            &above_all.to_string(),
            s(&mid),
            "-o",
            "-",
        ]);
        assert_eq!(stdout(&o), "我们收集您的手机号码。\n");
    }
    // A tagged file keeps its annotation beside the model's prediction; import takes the
    // annotation, so the file comes back as it was.
    let o = ptag_in(
        dir.path(),
        &[
            "export",
            "--format",
            "labelstudio",
            "--model",
            "m.model",
            "a.txt",
        ],
    );
    let mid = write(dir.path(), "a.json", &stdout(&o));
    let o = ptag(&["import", "--format", "labelstudio", s(&mid), "-o", "-"]);
    assert_eq!(stdout(&o), tagged);
    let o = ptag_in(
        dir.path(),
        &["export", "--format", "jsonl", "--model", "m.model", "a.txt"],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--model writes Label Studio predictions"));
}

#[test]
fn label_studio_offsets_count_code_points_outside_the_bmp_too() {
    // Label Studio's editor stores region offsets as code points (Python str indices), not
    // UTF-16 units: 𠮷 and 😀 count one each.
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "p.txt", "𠮷😀(我们)收集<𠮷野>\n");
    let o = ptag(&["export", "--format", "labelstudio", s(&f)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let tasks: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r = &tasks[0]["annotations"][0]["result"];
    assert_eq!(r[0]["value"]["start"], 2);
    assert_eq!(r[0]["value"]["end"], 4);
    assert_eq!(r[1]["value"]["start"], 6);
    assert_eq!(r[1]["value"]["end"], 8);
    assert_eq!(r[1]["value"]["text"], "𠮷野");
    let mid = write(dir.path(), "t.json", &stdout(&o));
    let o = ptag(&["import", "--format", "labelstudio", s(&mid), "-o", "-"]);
    assert_eq!(stdout(&o), "𠮷😀(我们)收集<𠮷野>\n");
    // As Label Studio writes it: no data.ptag, code-point offsets.
    let o = ptag_stdin(
        &["import", "--format", "labelstudio", "-", "-o", "-"],
        r#"[{"data":{"text":"😀我们"},"annotations":[{"result":[{"type":"labels","value":{"start":1,"end":3,"labels":["actor"]}}]}]}]"#.as_bytes(),
    );
    assert_eq!(stdout(&o), "😀(我们)");
}
