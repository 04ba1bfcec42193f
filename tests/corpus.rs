//! The round-trip law and the expected spans on every real file we have: the two seed policies
//! in the repo, and the CA4P-483 corpus when `PTAG_CORPUS` names its folder (it has no licence,
//! so it is never copied into the repo; `.ci/run` points the variable at it).

use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;
use std::path::PathBuf;

/// The hand-annotated seed policies (Taobao's and JD.com's), bundled as samples.
fn seeds() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-policies");
    vec![
        dir.join("taobao-annotated.txt"),
        dir.join("jd-annotated.txt"),
    ]
}

/// The corpus folder (`markup/`, `raw/`, `plain/`, `expected/`), or `None` with a notice.
fn corpus() -> Option<PathBuf> {
    match std::env::var_os("PTAG_CORPUS") {
        Some(d) => Some(PathBuf::from(d)),
        None => {
            // Straight to stderr, past the test harness's capture, so the skip is seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "notice: PTAG_CORPUS is not set: the corpus part of this test is skipped"
            );
            None
        }
    }
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
    let mut files = seeds();
    if let Some(c) = corpus() {
        files.extend(txt_files(c.join("markup")));
        files.extend(txt_files(c.join("raw")));
        assert!(files.len() >= 2 + 63 + 63, "{}", files.len());
    }
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
    let Some(corpus) = corpus() else { return };
    for f in txt_files(corpus.join("markup")) {
        let stem = f.file_stem().unwrap().to_str().unwrap().to_string();
        let src = std::fs::read_to_string(&f).unwrap();
        let doc = parse(&src, &scheme);
        let plain = std::fs::read_to_string(corpus.join(format!("plain/{stem}.txt"))).unwrap();
        assert_eq!(doc.text.to_string(), plain, "{stem}: plain text");
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(corpus.join(format!("expected/{stem}.json"))).unwrap(),
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
    let src = std::fs::read_to_string(&seeds()[0]).unwrap();
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
