//! `ptag export -o OUT`, now written as it is made (a temp file beside OUT, renamed over it when
//! whole): the file holds byte for byte what stdout gets, for every format written per
//! document, and an export that cannot be written leaves OUT as it was and no temp file.

mod common;

use common::*;
use std::path::Path;

const FORMATS: [&[&str]; 6] = [
    &["--format", "jsonl"],
    &["--format", "bio"],
    &["--format", "bio", "--docstart", "--bioes", "--sentences"],
    &["--format", "spacy-jsonl"],
    &["--format", "labelstudio"],
    &["--format", "labelstudio", "--predictions", "0.5"],
];

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Every format: `-o OUT` holds what stdout gets, and the exit code and messages are the same.
fn same_in_file_as_on_stdout(inputs: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for format in FORMATS {
        let mut args = vec!["export"];
        args.extend_from_slice(format);
        args.extend_from_slice(inputs);
        let to_stdout = ptag(&args);
        args.extend_from_slice(&["-o", s(&out), "--force"]);
        let to_file = ptag(&args);
        assert_eq!(
            code(&to_file),
            code(&to_stdout),
            "{format:?}: {}",
            stderr(&to_file)
        );
        assert_eq!(stderr(&to_file), stderr(&to_stdout), "{format:?}");
        assert_eq!(stdout(&to_file), "", "{format:?}");
        assert!(!to_stdout.stdout.is_empty(), "{format:?}");
        assert_eq!(std::fs::read(&out).unwrap(), to_stdout.stdout, "{format:?}");
        assert_eq!(
            entries(dir.path()),
            ["out"],
            "{format:?}: no temp file left"
        );
    }
}

#[test]
fn the_sample_policies_export_to_a_file_as_to_stdout() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-policies");
    let (a, b) = (
        root.join("taobao-annotated.txt"),
        root.join("jd-annotated.txt"),
    );
    same_in_file_as_on_stdout(&[s(&a), s(&b)]);
}

#[test]
fn the_corpus_exports_to_a_file_as_to_stdout() {
    if no_corpus() {
        return;
    }
    same_in_file_as_on_stdout(&[s(&corpus_markup())]);
}

#[test]
fn an_output_that_cannot_be_written_is_left_as_it_was() {
    let dir = folder(&[
        ("p.txt", "(我们)[收集]<手机号码>\n".as_bytes()),
        ("out", b"old"),
    ]);
    let out = dir.path().join("out");
    let mut perms = std::fs::metadata(&out).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&out, perms).unwrap();
    let o = ptag_in(
        dir.path(),
        &[
            "export", "--format", "jsonl", "p.txt", "-o", "out", "--force",
        ],
    );
    assert_ne!(code(&o), 0);
    assert!(
        stderr(&o).contains("out: error: cannot write"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"old");
    assert_eq!(entries(dir.path()), ["out", "p.txt"]);
}
