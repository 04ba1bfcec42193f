//! `ptag import` on files as doccano and Label Studio write them (the fixtures under
//! `tests/fixtures/import/`, made by hand in the tools' own shapes): every span comes in, or the
//! import fails naming the file, the record and the field; what is left out is said on stderr.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Imports `name` with `extra` options into a fresh folder: the output, and the folder.
fn import(format: &str, name: &str, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let input = fixture(name);
    let mut args = vec!["import", "--format", format, s(&input), "-o", s(&out)];
    args.extend_from_slice(extra);
    (ptag(&args), dir)
}

fn read(dir: &Path, name: &str) -> String {
    let p = dir.join("out").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn doccano_label_export_with_ids_and_nulls_imports_every_span() {
    let (o, dir) = import("jsonl", "doccano/label_ids.jsonl", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(dir.path(), "1.txt"), "(我们)会[收集]您的<手机号码>。");
    assert_eq!(
        read(dir.path(), "2.txt"),
        "{为了提供服务}，(我们)会[使用]您的<位置信息>。"
    );
    assert!(
        stderr(&o).contains("ptag import: 2 files, 7 tags"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn doccano_entities_import_and_relations_are_counted_on_stderr() {
    let (o, dir) = import("jsonl", "doccano/entities_relations.jsonl", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir.path(), "3.txt"),
        "(我们)[使用]您的<位置信息>以{提供导航服务}。"
    );
    assert_eq!(read(dir.path(), "4.txt"), "(我们)不会出售您的<个人信息>。");
    let err = stderr(&o);
    assert!(err.contains("not imported: 1 relation"), "{err}");
    assert!(err.contains("6 tags"), "{err}");
}

#[test]
fn doccano_older_labels_key_imports() {
    let (o, dir) = import("jsonl", "doccano/labels_old.jsonl", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(read(dir.path(), "7.txt"), "(我们)会[收集]您的<设备信息>。");
    assert_eq!(read(dir.path(), "8.txt"), "本政策适用于所有产品。");
}

#[test]
fn doccano_utf16_offsets_are_refused_with_the_offer_and_taken_with_it() {
    let (o, dir) = import("jsonl", "doccano/utf16.jsonl", &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("utf16.jsonl: error: line 1 (id 21)"), "{err}");
    assert!(err.contains("--offsets utf16"), "{err}");
    assert!(files(dir.path()).is_empty());
    let (o, dir) = import("jsonl", "doccano/utf16.jsonl", &["--offsets", "utf16"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/21.txt")).unwrap(),
        "😀(我们)会[收集]您的<𠮷野信息>。"
    );
}

#[test]
fn a_bad_doccano_record_is_named_by_line_id_and_field() {
    let (o, dir) = import("jsonl", "doccano/bad_role.jsonl", &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("bad_role.jsonl: error: line 2 (id 32): label[1]: "),
        "{err}"
    );
    assert!(err.contains("no role \"share\""), "{err}");
    assert!(files(dir.path()).is_empty());
    let (o, dir) = import("jsonl", "doccano/bad_role.jsonl", &["--skip-bad"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files(dir.path()), ["31.txt"]);
    assert!(
        stderr(&o).contains("skipped line 2 (id 32)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn label_studio_server_export_takes_the_first_human_annotation_and_says_what_it_left() {
    let (o, dir) = import("labelstudio", "labelstudio/server_export.json", &[]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(
        files(dir.path()),
        ["104.txt", "a.txt", "b.txt", "c.txt"],
        "{err}"
    );
    assert_eq!(
        read(dir.path(), "a.txt"),
        "(我们)会[收集]您的<手机号码>。\n"
    );
    // Cancelled, and its prediction (an id) is not taken without --predictions.
    assert_eq!(
        read(dir.path(), "b.txt"),
        "为了提供服务，我们会使用您的位置信息。\n"
    );
    // Ground truth first.
    assert_eq!(
        read(dir.path(), "c.txt"),
        "(我们)不会出售您的<个人信息>。\n"
    );
    assert_eq!(
        read(dir.path(), "104.txt"),
        "(我们)会[收集]您的<设备信息>。\n"
    );
    assert!(err.contains("a.txt: took annotation 11 of 2"), "{err}");
    assert!(
        err.contains("c.txt: took annotation 15 (ground truth)"),
        "{err}"
    );
    assert!(err.contains("b.txt: no annotation taken"), "{err}");
    assert!(err.contains("--predictions"), "{err}");
    assert!(err.contains("1 cancelled annotation"), "{err}");
    assert!(err.contains("2 other annotations"), "{err}");
}

#[test]
fn label_studio_annotation_choice_and_other_result_types() {
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/server_export.json",
        &["--annotation", "last"],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(
        read(dir.path(), "a.txt"),
        "(我们)会[收集]您的<手机>号码。\n"
    );
    assert!(err.contains("1 relation"), "{err}");
    assert!(err.contains("1 choices result"), "{err}");
    assert!(err.contains("1 textarea result"), "{err}");
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/server_export.json",
        &["--annotation", "2", "--skip-bad"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir.path(), "a.txt"),
        "(我们)会[收集]您的<手机>号码。\n"
    );
    assert!(
        stderr(&o).contains("skipped task 4 at line 366 (id 104): has 1 annotation"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn label_studio_predictions_only_when_asked() {
    let (o, dir) = import("labelstudio", "labelstudio/predictions_full.json", &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir.path(), "b.txt"),
        "为了提供服务，我们会使用您的位置信息。\n"
    );
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/predictions_full.json",
        &["--predictions"],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(
        read(dir.path(), "b.txt"),
        "为了提供服务，(我们)会使用您的<位置信息>。\n"
    );
    assert!(
        err.contains("b.txt: took prediction 13 (ptag:m.model)"),
        "{err}"
    );
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/predictions_full.json",
        &["--predictions", "--min-score", "0.5"],
    );
    assert_eq!(
        read(dir.path(), "b.txt"),
        "为了提供服务，(我们)会使用您的位置信息。\n"
    );
    assert!(
        stderr(&o).contains("1 prediction region under --min-score"),
        "{}",
        stderr(&o)
    );
    // The ordinary export writes predictions as ids: said, not refused.
    let (o, _dir) = import(
        "labelstudio",
        "labelstudio/server_export.json",
        &["--predictions"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("its prediction is only an id"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_label_studio_task_is_named_and_skip_bad_imports_the_rest() {
    let (o, dir) = import("labelstudio", "labelstudio/bad_task.json", &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("bad_task.json: error: task 2 at line 66 (id 202, file \"bad.txt\"): "),
        "{err}"
    );
    assert!(err.contains("cross"), "{err}");
    assert!(files(dir.path()).is_empty());
    let (o, dir) = import("labelstudio", "labelstudio/bad_task.json", &["--skip-bad"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(files(dir.path()), ["ok1.txt", "ok2.txt"]);
    assert!(
        stderr(&o).contains("skipped task 2 at line 66 (id 202, file \"bad.txt\")"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn label_studio_offsets_are_checked_against_value_text() {
    let (o, _dir) = import("labelstudio", "labelstudio/offsets_utf16.json", &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("task 1 at line 2 (id 301, file \"u.txt\"): annotations[0].result[0]"),
        "{err}"
    );
    assert!(err.contains("\"我们\""), "{err}");
    assert!(err.contains("--offsets utf16"), "{err}");
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/offsets_utf16.json",
        &["--offsets", "utf16"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir.path(), "u.txt"),
        "😀(我们)会收集您的<𠮷野信>息。\n"
    );
    let (o, _dir) = import("labelstudio", "labelstudio/offsets_shifted.json", &[]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("value.text"), "{err}");
    assert!(!err.contains("--offsets"), "{err}");
}

#[test]
fn a_task_edited_after_ptag_exported_it_imports_its_regions() {
    let (o, dir) = import("labelstudio", "labelstudio/edited_outline.json", &[]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(
        read(dir.path(), "p.txt"),
        "(我们)#注#会[收集]<手机号码>和位置。\n"
    );
    assert!(err.contains("p.txt: the regions no longer match"), "{err}");
}

#[test]
fn label_studio_json_min_imports_one_annotation_per_task() {
    let (o, dir) = import("labelstudio", "labelstudio/json_min.json", &[]);
    let err = stderr(&o);
    assert_eq!(code(&o), 0, "{err}");
    assert_eq!(files(dir.path()), ["104.txt", "a.txt"]);
    assert_eq!(
        read(dir.path(), "a.txt"),
        "(我们)会[收集]您的<手机号码>。\n"
    );
    assert!(err.contains("a.txt: took annotation 11 of 2"), "{err}");
    let (o, dir) = import(
        "labelstudio",
        "labelstudio/json_min.json",
        &["--annotation", "last"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        read(dir.path(), "a.txt"),
        "(我们)会[收集]您的<手机>号码。\n"
    );
}

#[test]
fn label_studio_options_are_refused_for_other_formats() {
    for extra in [&["--predictions"][..], &["--annotation", "last"]] {
        let (o, dir) = import("jsonl", "doccano/label_ids.jsonl", extra);
        assert_eq!(code(&o), 2, "{extra:?}");
        assert!(
            stderr(&o).contains("only for --format labelstudio"),
            "{}",
            stderr(&o)
        );
        assert!(files(dir.path()).is_empty());
    }
    let (o, _dir) = import("bio", "doccano/label_ids.jsonl", &["--offsets", "utf16"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("only for --format jsonl or labelstudio"),
        "{}",
        stderr(&o)
    );
}
