//! `ptag train` and `ptag suggest --model`, run as the real binary: a model learned from a
//! small synthetic corpus, its suggestions with confidences, and model files that are damaged,
//! foreign or for another scheme.

mod common;

use common::*;

/// Two-char words of CJK chars that hardly repeat: only the context tells they are data.
fn item(k: usize) -> String {
    let c = |n: usize| char::from_u32(0x4e00 + ((n * 7919) % 20000) as u32).unwrap();
    [c(2 * k + 11), c(2 * k + 12)].iter().collect()
}

fn corpus_file(f: usize) -> String {
    let mut text = String::new();
    for k in 0..10 {
        let (a, b) = (item(f * 20 + 2 * k), item(f * 20 + 2 * k + 1));
        text.push_str(&format!("第{k}条：(我们)会[收集]您的<{a}>和<{b}>。\n"));
        text.push_str("本条款没有别的内容，请您阅读。\n");
    }
    text
}

const POLICY: &str = "前言\n第9条：我们会收集您的指纹和账号。\n";

fn trained() -> tempfile::TempDir {
    let files: Vec<(String, String)> = (0..4)
        .map(|f| (format!("corpus/{f}.txt"), corpus_file(f)))
        .collect();
    let mut all: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    all.push(("p.txt", POLICY.as_bytes()));
    let dir = folder(&all);
    let o = ptag_in(
        dir.path(),
        &[
            "train", "--from", "corpus", "-o", "m.model", "--epochs", "4",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "",
        "the summary is no result: it goes to stderr"
    );
    let out = stderr(&o);
    assert!(
        out.starts_with("trained on 4 files, 160 tags: ") && out.contains(" features, "),
        "{out}"
    );
    assert!(out.contains("wrote m.model ("), "{out}");
    dir
}

#[test]
fn a_trained_model_suggests_with_confidence_and_applies() {
    let dir = trained();
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--model", "m.model"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    let heads: Vec<&str> = lines
        .iter()
        .map(|l| l.rsplit_once(" (").unwrap().0)
        .collect();
    assert_eq!(
        heads,
        [
            "p.txt:2:5: actor: 我们",
            "p.txt:2:8: action: 收集",
            "p.txt:2:12: data: 指纹",
            "p.txt:2:15: data: 账号"
        ],
        "{lines:?}"
    );
    let o = ptag_in(
        dir.path(),
        &["suggest", "p.txt", "--model", "m.model", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 4);
    // Plain text: 前言\n第9条：我们会收集您的指纹 — 指 is char 14.
    assert_eq!(
        (a[2]["start"].as_u64(), a[2]["end"].as_u64()),
        (Some(14), Some(16))
    );
    assert_eq!(
        (a[2]["role"].as_str(), a[2]["text"].as_str()),
        (Some("data"), Some("指纹"))
    );
    let c = a[2]["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c), "{c}");
    // Almost nothing is this sure: at most a few listed, exit 0 either way.
    let o = ptag_in(
        dir.path(),
        &[
            "suggest",
            "p.txt",
            "--model",
            "m.model",
            "--min-confidence",
            "1",
        ],
    );
    let listed = stdout(&o).lines().count();
    assert!(listed <= 4);
    assert_eq!(code(&o), 0, "suggest exits 0 when it ran, {listed} listed");
    let o = ptag_in(
        dir.path(),
        &["suggest", "p.txt", "--model", "m.model", "--apply"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        "前言\n第9条：(我们)会[收集]您的<指纹>和<账号>。\n"
    );
    let o = ptag_in(dir.path(), &["suggest", "p.txt", "--model", "m.model"]);
    assert_eq!((code(&o), stdout(&o)), (0, String::new()), "all tagged now");
}

#[test]
fn damaged_foreign_and_other_scheme_models_exit_2_with_a_clear_error() {
    let dir = trained();
    let path = dir.path().join("m.model");
    let bytes = std::fs::read(&path).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.model", bytes[..bytes.len() / 2].to_vec(), "cut short"),
        (
            "flip.model",
            {
                let mut b = bytes.clone();
                let i = b.len() - 100;
                b[i] ^= 1;
                b
            },
            "damaged",
        ),
        (
            "p.model",
            POLICY.as_bytes().to_vec(),
            "not a ptag model file",
        ),
        ("empty.model", Vec::new(), "not a ptag model file"),
    ];
    for (name, b, says) in cases {
        std::fs::write(dir.path().join(name), b).unwrap();
        let o = ptag_in(dir.path(), &["suggest", "p.txt", "--model", name]);
        assert_eq!(code(&o), 2, "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with(&format!("{name}: error: ")) && stderr(&o).contains(says),
            "{name}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"));
    }
    let scheme = r##"{"roles": [{"name": "who", "open": "(", "close": ")", "color": "#ff0000"}]}"##;
    std::fs::write(dir.path().join("s.json"), scheme).unwrap();
    let o = ptag_in(
        dir.path(),
        &[
            "suggest", "p.txt", "--model", "m.model", "--scheme", "s.json",
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains(
            "trained for roles actor, action, data, purpose; the scheme in use has roles who"
        ),
        "{}",
        stderr(&o)
    );
    let o = ptag_in(
        dir.path(),
        &["suggest", "p.txt", "--model", "missing.model"],
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.model: error: cannot read the model"));
}

#[test]
fn training_on_files_without_tags_exits_2() {
    let dir = folder(&[("a.txt", "没有标注。\n".as_bytes())]);
    let o = ptag_in(dir.path(), &["train", "--from", "a.txt", "-o", "m.model"]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        stderr(&o),
        "ptag train: error: no tags to learn from in 1 file; tag some text first\n"
    );
    assert!(!dir.path().join("m.model").exists());
}
