//! `ptag.toml`: a project file two folders above a policy sets the scheme and encoding for
//! every command and the editor; flags override it; an unusable one is a located error.

mod common;

use common::*;
use std::path::Path;

const ROLES: &str = r##"{
  "roles": [
    {"name": "party", "zh": "主体", "open": "(", "close": ")", "color": "#e5a50a", "key": "a"},
    {"name": "item",  "zh": "数据", "open": "<", "close": ">", "color": "#5fafff", "key": "i"}
  ],
  "note": "#"
}"##;

/// A git root holding `roles.json` and `ptag.toml` (`toml`), and `a/b/p.txt` in GB18030.
fn project(toml: &str) -> tempfile::TempDir {
    let policy = "(我们)会收集<手机号码>和设备信息。\n";
    let (gb, _, _) = encoding_rs::GB18030.encode(policy);
    let dir = folder(&[
        ("roles.json", ROLES.as_bytes()),
        ("ptag.toml", toml.as_bytes()),
        ("a/b/p.txt", &gb),
    ]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

const SETTINGS: &str = "scheme = \"roles.json\"\nencoding = \"gb18030\"\n";

#[test]
fn every_command_two_folders_down_uses_the_project_scheme_and_encoding() {
    let dir = project(SETTINGS);
    let p = dir.path().join("a/b/p.txt");

    let o = ptag(&["check", s(&p)]);
    assert_eq!((code(&o), stdout(&o).as_str()), (0, ""), "{}", stderr(&o));

    let o = ptag(&["stats", "--format", "json", s(&p)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let roles: Vec<(&str, u64)> = v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["tags"].as_u64().unwrap()))
        .collect();
    assert_eq!(roles, [("party", 1), ("item", 1)]);

    let o = ptag(&["export", "--format", "jsonl", s(&p)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["text"], "我们会收集手机号码和设备信息。\n");
    assert_eq!(
        v["label"],
        serde_json::json!([[0, 2, "party"], [5, 9, "item"]])
    );

    // The editor, run from the policy's own folder: the text decoded, the two roles counted.
    let screen = dir.path().join("screen.txt");
    let o = ptag_in(
        &dir.path().join("a/b"),
        &["p.txt", "--keys", "q", "--dump-screen", s(&screen)],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let shown = std::fs::read_to_string(&screen).unwrap();
    assert!(
        shown.contains("(我们)会收集<手机号码>和设备信息。"),
        "{shown}"
    );
    assert!(shown.contains("主体1 数据1"), "{shown}");
    assert!(shown.contains("party") && shown.contains("item"), "{shown}");
}

#[test]
fn the_editor_saves_in_the_project_encoding() {
    let dir = project(SETTINGS);
    let p = dir.path().join("a/b/p.txt");
    // The last word of the line tagged with the project scheme's key for an item, saved.
    let o = ptag(&["--keys", "$ b W i <C-s> q", s(&p)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(&p).unwrap();
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(
        !bad && std::str::from_utf8(&bytes).is_err(),
        "still GB18030"
    );
    assert_eq!(text, "(我们)会收集<手机号码>和设备<信息>。\n");
}

#[test]
fn a_flag_overrides_the_project_file() {
    let dir = project(SETTINGS);
    let p = dir.path().join("a/b/p.txt");
    let o = ptag(&["check", "--encoding", "utf-8", s(&p)]);
    assert_eq!(code(&o), 2, "GB18030 bytes read as UTF-8: {}", stderr(&o));
    let o = ptag(&["config", "--encoding", "utf-8", s(&p)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let root = dir.path().canonicalize().unwrap();
    let want = format!(
        "project file: {root}/ptag.toml\n\
         scheme = {root}/roles.json (file)\n\
         keymap = built-in (default)\n\
         encoding = utf-8 (flag)\n\
         model = none (default)\n\
         backend = none (default)\n\
         editor.retrain_every = 20 (default)\n\
         editor.scrolloff = 3 (default)\n\
         editor.cursor_after_tag = next (default)\n\
         editor.narrow_quotes = false (default)\n",
        root = root.display()
    );
    let got = stdout(&o).replace(
        &dir.path().display().to_string(),
        &root.display().to_string(),
    );
    assert_eq!(got, want);
}

#[test]
fn an_unknown_key_stops_every_command_with_its_place() {
    let dir = project("scheme = \"roles.json\"\n\n[editor]\nscrolof = 2\n");
    let p = dir.path().join("a/b/p.txt");
    let want = format!(
        "{}:4:1: error: unknown field `scrolof`",
        dir.path().join("ptag.toml").display()
    );
    for args in [
        vec!["check", s(&p)],
        vec!["stats", s(&p)],
        vec!["export", "--format", "jsonl", s(&p)],
        vec!["config", s(&p)],
        vec![s(&p), "--keys", "q"],
    ] {
        let o = ptag(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).starts_with(&want), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn init_writes_a_project_file_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let o = ptag(&["init", s(dir.path())]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let written = dir.path().join("ptag.toml");
    let o = ptag(&["config", s(dir.path())]);
    assert!(
        stdout(&o).starts_with(&format!("project file: {}", written.display())),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("encoding = utf-8 (file)"),
        "{}",
        stdout(&o)
    );
    let o = ptag(&["init", s(dir.path())]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(code(&ptag(&["init", "--force", s(dir.path())])), 0);
    assert!(Path::new(&written).is_file());
}

#[test]
fn the_editor_takes_its_options_from_the_project_file() {
    // Where the cursor lands after tagging the line's last word, as the status bar says.
    let cursor_after_tagging = |toml: &str| {
        let dir = project(toml);
        let screen = dir.path().join("screen.txt");
        let p = dir.path().join("a/b/p.txt");
        let o = ptag(&["--keys", "$ b W i", "--dump-screen", s(&screen), s(&p)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let shown = std::fs::read_to_string(&screen).unwrap();
        let status = shown
            .lines()
            .find(|l| l.contains("p.txt"))
            .unwrap()
            .to_string();
        status.split('│').nth(2).unwrap().trim().to_string()
    };
    let next = cursor_after_tagging(SETTINGS);
    let start = cursor_after_tagging(&format!(
        "{SETTINGS}[editor]\ncursor_after_tag = \"start\"\n"
    ));
    assert_eq!((next.as_str(), start.as_str()), ("1:15", "1:13"));
}

#[test]
fn suggest_uses_the_project_model_when_no_corpus_is_given() {
    let dir = project(SETTINGS);
    let tagged = dir.path().join("a/b/p.txt");
    let model = dir.path().join("m.model");
    let o = ptag(&["train", "--from", s(&tagged), "-o", s(&model)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let toml = format!("{SETTINGS}model = \"m.model\"\n");
    std::fs::write(dir.path().join("ptag.toml"), toml).unwrap();
    let (raw, _, _) = encoding_rs::GB18030.encode("我们会收集手机号码。\n");
    let untagged = dir.path().join("a/b/raw.txt");
    std::fs::write(&untagged, &raw).unwrap();
    let o = ptag(&["suggest", "--format", "json", s(&untagged)]);
    assert!(code(&o) < 2, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|s| s.get("confidence").is_some()),
        "model suggestions carry a confidence: {v}"
    );
    // Neither --from nor a model anywhere: said, exit 2.
    let bare = project(SETTINGS);
    let o = ptag(&["suggest", s(&bare.path().join("a/b/p.txt"))]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("--from"), "{}", stderr(&o));
}
