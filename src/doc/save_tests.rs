//! The save written and verified in pieces: what it writes is what `serialize` gives (in the
//! file's encoding), it refuses what `serialize` refuses, and a temp file that does not read
//! back as the document is refused with the file untouched and no temp file left.

use super::save::{SaveError, write_verified};
use crate::markup::{MARKUP_PIECE_BYTES, parse, serialize, serialize_unchecked, write_markup};
use crate::scheme::Scheme;
use crate::store::TextEncoding;
use crate::test_inputs::{TRICKY_FILES, corpus_policies, markup_like};
use proptest::prelude::*;
use std::path::Path;

fn sample(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-policies")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

/// `write_markup`'s pieces, joined, are `serialize_unchecked`'s string; each piece is whole
/// chars no longer than a piece may be (plus one char).
fn pieces_join_to_serialize(src: &str) {
    let doc = parse(src, &Scheme::default());
    let mut joined = String::new();
    write_markup(&doc, &mut |piece| {
        assert!(!piece.is_empty() && piece.len() < MARKUP_PIECE_BYTES + 4);
        joined.push_str(piece);
        Ok(())
    })
    .unwrap();
    assert_eq!(joined, serialize_unchecked(&doc));
}

/// Saving `src` parsed, in `encoding`, read back in runs of `chunk` bytes: the file holds
/// `serialize`'s markup encoded, or both refuse at the same line.
fn saves_what_serialize_gives(src: &str, encoding: TextEncoding, chunk: usize) {
    let doc = parse(src, &Scheme::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(&path, "old").unwrap();
    let saved = write_verified(&doc, encoding, &path, chunk, &|_| {});
    match (serialize(&doc), saved) {
        (Ok(markup), Ok(written)) => {
            let bytes = encoding.encode(&markup);
            assert_eq!(written.len, bytes.len() as u64);
            assert_eq!(written.hash, crate::store::content_hash(&bytes));
            written.commit().unwrap();
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{src:?}");
        }
        (Err(e), Err(SaveError::Refused(r))) => assert_eq!(e, r, "{src:?}"),
        (whole, pieces) => panic!("{src:?}: serialize {whole:?}, in pieces {:?}", pieces.err()),
    }
    assert_eq!(entries(dir.path()), ["p.txt"], "no temp file left");
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn the_streamed_writer_gives_serializes_markup() {
    for src in TRICKY_FILES {
        pieces_join_to_serialize(src);
    }
    let big = sample("taobao-annotated.txt").repeat(60);
    assert!(big.len() > 4 * MARKUP_PIECE_BYTES);
    pieces_join_to_serialize(&big);
    pieces_join_to_serialize(&format!("{}(我们)", "长".repeat(MARKUP_PIECE_BYTES)));
}

#[test]
fn saves_of_samples_and_tricky_files_are_serializes_in_both_encodings() {
    let samples = [sample("taobao-annotated.txt"), sample("jd-annotated.txt")];
    for src in TRICKY_FILES
        .iter()
        .copied()
        .chain(samples.iter().map(String::as_str))
    {
        for encoding in [TextEncoding::Utf8, TextEncoding::Gb18030] {
            for chunk in [1, 7, 4096, 1 << 20] {
                saves_what_serialize_gives(src, encoding, chunk);
            }
        }
    }
}

#[test]
fn corpus_policies_save_as_serialize_writes_them() {
    let Some(files) = corpus_policies() else {
        return;
    };
    for f in files {
        let src = std::fs::read_to_string(f).unwrap();
        saves_what_serialize_gives(&src, TextEncoding::Utf8, 4096);
    }
}

#[test]
fn a_document_that_would_not_read_back_is_refused_as_serialize_refuses_it() {
    let mut doc = parse("第一行\n第二行\n", &Scheme::default());
    // Plain text with literal delimiters: written as is, it would read back as a tag.
    doc.text = ropey::Rope::from("第一行\n见(附件)。\n第三行\n");
    let whole = serialize(&doc).unwrap_err();
    assert_eq!(whole.line, 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(&path, "old").unwrap();
    for chunk in [1, 4096] {
        match write_verified(&doc, TextEncoding::Utf8, &path, chunk, &|_| {}) {
            Err(SaveError::Refused(e)) => assert_eq!(e, whole),
            other => panic!("not refused: {:?}", other.err()),
        }
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    assert_eq!(entries(dir.path()), ["p.txt"]);
}

/// A named way to damage the bytes of a temp file.
type Fault = (&'static str, fn(&mut Vec<u8>));

#[test]
fn a_temp_file_changed_before_it_is_read_back_is_refused_and_the_file_kept() {
    let src = "(我们)会[收集]<手机号码>\n第二行{目的}\n第三行\n";
    let doc = parse(src, &Scheme::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.txt");
    std::fs::write(&path, "old").unwrap();
    // Each fault the read-back must catch: a delimiter swapped, a byte more, the end cut off,
    // a byte flipped in the text (same length, other plain text).
    let faults: [Fault; 4] = [
        ("delimiter", |b| {
            let i = b.iter().position(|&c| c == b'<').unwrap();
            b[i] = b'{';
        }),
        ("longer", |b| b.push(b'x')),
        ("shorter", |b| {
            b.truncate(b.len() - 4);
        }),
        ("text", |b| {
            let i = b.len() - 2;
            b[i] ^= 1;
        }),
    ];
    for (what, fault) in faults {
        for chunk in [1, 4096] {
            let tamper = |temp: &Path| {
                let mut bytes = std::fs::read(temp).unwrap();
                fault(&mut bytes);
                std::fs::write(temp, bytes).unwrap();
            };
            let saved = write_verified(&doc, TextEncoding::Utf8, &path, chunk, &tamper);
            assert!(saved.is_err(), "{what} in runs of {chunk}: not refused");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old", "{what}");
            assert_eq!(entries(dir.path()), ["p.txt"], "{what}: temp file left");
        }
    }
    // Untouched, the same save goes through.
    let written = write_verified(&doc, TextEncoding::Utf8, &path, 1, &|_| {}).unwrap();
    written.commit().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), src);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_markup_saves_as_serialize_writes_it(src in markup_like(), chunk in 1usize..40) {
        pieces_join_to_serialize(&src);
        saves_what_serialize_gives(&src, TextEncoding::Utf8, chunk);
    }
}
