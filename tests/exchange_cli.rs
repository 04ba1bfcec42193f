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
        err.contains("not exported: 1 error (fix them, or --force)"),
        "{err}"
    );
    assert_eq!(
        stdout(&o).lines().count(),
        1,
        "the good file still goes out"
    );
    let o = ptag(&["export", "--format", "jsonl", "--force", s(&bad)]);
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
