//! `suggest --model` listed a run of lines at a time prints exactly what it prints reading each
//! file whole, text and JSON: on the sample policies (tagged and raw), tricky files, random
//! markup and (with `PTAG_CORPUS`) every corpus policy, with runs as small as one line.

use super::common::{Exit, OutputFormat};
use super::suggest_model::{ModelRun, run_in_pieces};
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::store::TextEncoding;
use crate::suggest::model_file::to_bytes;
use crate::suggest::train::{TrainOptions, train};
use crate::test_inputs::{TRICKY_FILES, corpus_policies, markup_like, on_disk};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-policies")
        .join(name)
}

/// A small model trained once on the tagged sample policies, as a model file.
fn model_file() -> &'static Path {
    static MODEL: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = MODEL.get_or_init(|| {
        let scheme = Scheme::default();
        let docs: Vec<_> = ["taobao-annotated.txt", "jd-annotated.txt"]
            .iter()
            .map(|n| parse(&std::fs::read_to_string(sample(n)).unwrap(), &scheme))
            .collect();
        let options = TrainOptions {
            epochs: 2,
            folds: 2,
            ..TrainOptions::default()
        };
        let model = train(&docs, &scheme, &options).expect("the samples hold tags");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ptagmodel");
        std::fs::write(&path, to_bytes(&model)).unwrap();
        (dir, path)
    });
    path
}

/// Output and exit of `suggest --model` on `paths`, in runs of `chunk` bytes (`None`: whole).
fn listing(
    paths: &[PathBuf],
    format: OutputFormat,
    min: Option<f32>,
    chunk: Option<usize>,
) -> (Exit, String, String) {
    let args = ModelRun {
        paths,
        encoding: TextEncoding::Utf8,
        format,
        apply: false,
        min_confidence: min,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let exit = run_in_pieces(
        &args,
        model_file(),
        &Scheme::default(),
        &mut out,
        &mut err,
        chunk,
    )
    .unwrap();
    (
        exit,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Same output streamed and whole; how many lines the whole text listing had.
fn same_streamed_and_whole(paths: &[PathBuf], chunks: &[usize]) -> usize {
    let mut listed = 0;
    for format in [OutputFormat::Text, OutputFormat::Json] {
        for min in [None, Some(0.0)] {
            let whole = listing(paths, format, min, None);
            if format == OutputFormat::Text {
                listed += whole.1.lines().count();
            }
            for &chunk in chunks {
                let streamed = listing(paths, format, min, Some(chunk));
                assert_eq!(
                    streamed, whole,
                    "{paths:?} {format:?} min {min:?} in runs of {chunk} bytes"
                );
            }
        }
    }
    listed
}

#[test]
fn the_sample_policies_list_the_same_streamed_as_whole() {
    let paths: Vec<PathBuf> = ["taobao-raw.txt", "jd-annotated.txt", "taobao-annotated.txt"]
        .iter()
        .map(|n| sample(n))
        .collect();
    let listed = same_streamed_and_whole(&paths, &[1, 100, 4096, 1 << 20]);
    assert!(listed > 50, "the raw sample gets suggestions: {listed}");
}

#[test]
fn json_of_no_suggestion_is_an_empty_array_streamed_too() {
    let (_dir, p) = on_disk(b"\n\n");
    let whole = listing(std::slice::from_ref(&p), OutputFormat::Json, None, None);
    assert_eq!(whole.1, "[]\n");
    assert_eq!(listing(&[p], OutputFormat::Json, None, Some(1)), whole);
}

#[test]
fn tricky_files_list_the_same_streamed_as_whole() {
    for src in TRICKY_FILES {
        let (_dir, p) = on_disk(src.as_bytes());
        same_streamed_and_whole(&[p], &[1, 2, 7, 64]);
    }
}

#[test]
fn corpus_policies_list_the_same_streamed_as_whole() {
    let Some(files) = corpus_policies() else {
        return;
    };
    let listed = same_streamed_and_whole(&files, &[4096]);
    assert!(listed > 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_markup_lists_the_same_streamed_as_whole(
        src in prop::collection::vec(markup_like(), 1..6).prop_map(|v| v.join("我们会收集您的手机号码\n"))
    ) {
        let (_dir, p) = on_disk(src.as_bytes());
        same_streamed_and_whole(&[p], &[1, 5, 64]);
    }
}
