//! spaCy JSONL through the binary: what the README's recipe feeds to `Doc.char_span` must be
//! spans it accepts.

mod common;

use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let f = dir.join(name);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(&f, text).unwrap();
    f
}

/// spaCy's `char_span` refuses a span with white space at an edge (the README recipe then
/// crashes on `None`): export trims such spans, says so, and import still gives the file back.
#[test]
fn spacy_export_trims_edge_white_space_with_a_warning_and_import_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "(我们 )收集< 手机>和[ ]\n";
    let f = write(dir.path(), "p.txt", policy);
    let jsonl = dir.path().join("p.jsonl");
    let o = ptag(&["export", "--format", "spacy-jsonl", s(&f), "-o", s(&jsonl)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{}:1:1: warning: actor tag has white space at an edge",
            f.display()
        )),
        "{err}"
    );
    assert!(err.contains("3 tags with white space at an edge"), "{err}");
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&jsonl).unwrap()).unwrap();
    let spans = |key: &str| -> Vec<(u64, u64)> {
        let list = if key == "ents" {
            &r["ents"]
        } else {
            &r["spans"]["sc"]
        };
        list.as_array()
            .unwrap()
            .iter()
            .map(|e| (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap()))
            .collect()
    };
    // 我们 收集 手机和 : the all-space tag has no span left.
    assert_eq!(spans("ents"), [(0, 2), (6, 8)]);
    assert_eq!(spans("sc"), [(0, 2), (6, 8)]);
    let text: Vec<char> = r["text"].as_str().unwrap().chars().collect();
    for (s0, e0) in spans("sc") {
        let piece: String = text[s0 as usize..e0 as usize].iter().collect();
        assert_eq!(piece.trim(), piece);
    }
    let back = dir.path().join("back.txt");
    let o = ptag(&[
        "import",
        "--format",
        "spacy-jsonl",
        s(&jsonl),
        "-o",
        s(&back),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&back).unwrap(), policy);
}
