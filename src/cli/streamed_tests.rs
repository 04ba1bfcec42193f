//! `check`, `stats` and `strip` streamed in pieces print exactly what they print reading the
//! file whole: on tricky files, random markup and (with `PTAG_CORPUS`) every corpus policy,
//! with pieces as small as one line so that every line end is a piece boundary.

use super::check::{self, CheckOptions, ColumnUnit};
use super::common::{Exit, OutputFormat};
use super::paths::Input;
use super::{stats, strip};
use crate::scheme::Scheme;
use crate::test_inputs::{TRICKY_FILES, corpus_policies, markup_like, on_disk};
use proptest::prelude::*;
use std::path::Path;

/// Every command's output and exit code on `path`, streamed in pieces of `chunk` bytes
/// (`None`: read whole).
fn outputs(path: &Path, chunk: Option<usize>) -> Vec<(Exit, String, String)> {
    let scheme = Scheme::default();
    let input = [Input::file(path)];
    let mut all = Vec::new();
    let mut record = |run: &dyn Fn(&mut Vec<u8>, &mut Vec<u8>) -> Exit| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = run(&mut out, &mut err);
        all.push((
            exit,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        ));
    };
    for format in [OutputFormat::Text, OutputFormat::Json] {
        for column_unit in [ColumnUnit::Char, ColumnUnit::Utf16] {
            let options = CheckOptions {
                format,
                column_unit,
                deny_warnings: true,
                ..CheckOptions::default()
            };
            record(&|out, err| {
                check::run_in_pieces(&input, &scheme, options, out, err, chunk).unwrap()
            });
        }
        record(&|out, err| stats::run_in_pieces(&input, &scheme, format, out, err, chunk).unwrap());
    }
    record(&|out, err| strip::run_in_pieces(&input, &scheme, out, err, chunk).unwrap());
    all
}

fn same_streamed_and_whole(path: &Path) {
    let whole = outputs(path, None);
    for chunk in [1, 2, 7, 64, 4096] {
        let streamed = outputs(path, Some(chunk));
        for (i, (s, w)) in streamed.iter().zip(&whole).enumerate() {
            assert_eq!(s, w, "{}: output {i} in pieces of {chunk}", path.display());
        }
    }
}

fn same_on_text(src: &[u8]) {
    let (_dir, p) = on_disk(src);
    same_streamed_and_whole(&p);
}

#[test]
fn tricky_files_stream_as_they_read_whole() {
    for src in TRICKY_FILES {
        same_on_text(src.as_bytes());
    }
}

#[test]
fn a_file_that_is_not_utf8_is_reported_alone_as_before() {
    let mut src = "(我们)[收集]\n<>\n".repeat(20).into_bytes();
    src.extend_from_slice(b"\xff\n[x\n");
    same_on_text(&src);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, &src).unwrap();
    let (exit, out, err) = &outputs(&p, Some(4))[0];
    assert_eq!((*exit, out.as_str()), (Exit::Failure, ""));
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn every_corpus_policy_streams_as_it_reads_whole() {
    let Some(files) = corpus_policies() else {
        return;
    };
    for f in files {
        // Pieces of 1 and 7 bytes on 63 policies are slow to print: 64 and 4096 cut them too.
        let whole = outputs(&f, None);
        for chunk in [64, 4096] {
            assert_eq!(outputs(&f, Some(chunk)), whole, "{}", f.display());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_markup_streams_as_it_reads_whole(src in markup_like()) {
        same_on_text(src.as_bytes());
    }
}
