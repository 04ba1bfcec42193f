//! The round-trip law and the expected spans on every real file we have.

use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;
use std::path::PathBuf;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn txt_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

#[test]
fn seeds_and_corpus_round_trip_byte_for_byte() {
    let scheme = Scheme::default();
    let mut files = txt_files(shared().join("seeds"));
    files.extend(txt_files(shared().join("corpus/markup")));
    files.extend(txt_files(shared().join("corpus/raw")));
    assert!(files.len() >= 2 + 63 + 63, "{}", files.len());
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        let doc = parse(&src, &scheme);
        assert_eq!(
            serialize(&doc).as_deref(),
            Ok(src.as_str()),
            "{}",
            f.display()
        );
    }
}

#[test]
fn corpus_yields_the_expected_plain_text_and_spans() {
    let scheme = Scheme::default();
    for f in txt_files(shared().join("corpus/markup")) {
        let stem = f.file_stem().unwrap().to_str().unwrap().to_string();
        let src = std::fs::read_to_string(&f).unwrap();
        let doc = parse(&src, &scheme);
        let plain =
            std::fs::read_to_string(shared().join(format!("corpus/plain/{stem}.txt"))).unwrap();
        assert_eq!(doc.text.to_string(), plain, "{stem}: plain text");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(shared().join(format!("corpus/expected/{stem}.json")))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(
            expected["chars"].as_u64().unwrap() as usize,
            doc.text.len_chars(),
            "{stem}"
        );
        let mut want: Vec<(usize, usize, String, String)> = expected["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["start"].as_u64().unwrap() as usize,
                    s["end"].as_u64().unwrap() as usize,
                    s["role"].as_str().unwrap().to_string(),
                    s["text"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut got: Vec<(usize, usize, String, String)> = doc
            .spans()
            .map(|s| {
                (
                    s.start,
                    s.end,
                    scheme.role(s.role).name.clone(),
                    doc.span_text(&s),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{stem}: spans");
    }
}

#[test]
fn seed_000_reports_the_mixed_pair_on_line_52_with_a_fix() {
    let src = std::fs::read_to_string(shared().join("seeds/000_ee69bdfe6e95d1dd.txt")).unwrap();
    let doc = parse(&src, &Scheme::default());
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.line == 52 && d.message.contains("mixed pair"))
        .unwrap_or_else(|| panic!("{:#?}", doc.diagnostics));
    let fix = d.fix.as_ref().expect("fix offered");
    assert!(fix.safe);
    assert_eq!(fix.label, "replace '（' with '('");
}
