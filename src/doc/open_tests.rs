//! A file opened in pieces (parsed on every core and joined) is the very document, disk stamp
//! included, that reading it whole gives: on tricky files, random markup and (with
//! `PTAG_CORPUS`) every corpus policy, with pieces as small as one line.

use super::open::open_in_pieces;
use crate::markup::{Document, parse};
use crate::scheme::Scheme;
use crate::store::DiskStamp;
use crate::test_inputs::{TRICKY_FILES, corpus_policies, markup_like, on_disk};
use proptest::prelude::*;
use std::path::Path;

fn assert_same(a: &Document, b: &Document, what: &str) {
    assert_eq!(a.text, b.text, "{what}: text");
    assert_eq!(a.bom, b.bom, "{what}: bom");
    assert_eq!(a.items(), b.items(), "{what}: items");
    assert!(a.notes().eq(b.notes()), "{what}: notes");
    assert_eq!(a.diagnostics, b.diagnostics, "{what}: diagnostics");
    assert_eq!(a.span_count(), b.span_count(), "{what}: counts");
}

fn same_in_pieces_and_whole(path: &Path, chunks: &[usize]) {
    let scheme = Scheme::default();
    let bytes = std::fs::read(path).unwrap();
    let whole = parse(std::str::from_utf8(&bytes).unwrap(), &scheme);
    for &chunk in chunks {
        let (doc, stamp) = open_in_pieces(path, &scheme, chunk).expect("UTF-8 opens in pieces");
        assert_same(
            &doc,
            &whole,
            &format!("{} in pieces of {chunk}", path.display()),
        );
        assert_eq!(stamp, DiskStamp::of(path, &bytes));
    }
}

fn same_on_text(src: &[u8]) {
    let (_dir, p) = on_disk(src);
    same_in_pieces_and_whole(&p, &[1, 2, 7, 64, 1 << 20]);
}

#[test]
fn tricky_files_open_in_pieces_as_whole() {
    for src in TRICKY_FILES {
        same_on_text(src.as_bytes());
    }
}

#[test]
fn what_is_not_utf8_or_not_there_is_left_to_the_whole_file_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, b"(a)\n\xff\n").unwrap();
    assert!(open_in_pieces(&p, &Scheme::default(), 2).is_none());
    assert!(open_in_pieces(&dir.path().join("missing.txt"), &Scheme::default(), 2).is_none());
    assert!(open_in_pieces(dir.path(), &Scheme::default(), 2).is_none());
}

#[test]
fn every_corpus_policy_opens_in_pieces_as_whole() {
    let Some(files) = corpus_policies() else {
        return;
    };
    for f in files {
        same_in_pieces_and_whole(&f, &[1, 300, 1 << 20]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn random_markup_opens_in_pieces_as_whole(src in markup_like()) {
        same_on_text(src.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn diagnosing_alone_finds_what_parsing_finds(src in markup_like(), line_no in 1usize..9) {
        let scheme = Scheme::default();
        for byte in [0, 17] {
            let at = crate::markup::LineStart { line_no, byte };
            let parsed = crate::markup::parse_part(&src, &scheme, at);
            prop_assert_eq!(crate::markup::diagnose_part(&src, &scheme, at), parsed.diagnostics);
        }
    }
}
