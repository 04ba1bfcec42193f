//! A file shown before it is all parsed and then joined piece by piece (lazily) is the very
//! document, diagnostics, counts and disk stamp included, that parsing it whole (eagerly) gives:
//! on tricky files, random markup and (with `PTAG_CORPUS`) every corpus policy, with pieces as
//! small as one line, joined at once or bit by bit.

use super::loading::open_lazily;
use crate::markup::{Document, LineStart, parse};
use crate::scheme::Scheme;
use crate::store::DiskStamp;
use crate::suggest::Lexicon;
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
    assert_eq!(a.text.len_lines(), b.text.len_lines(), "{what}: lines");
}

fn lazy_is_eager(path: &Path, chunks: &[usize]) {
    let scheme = Scheme::default();
    let bytes = std::fs::read(path).unwrap();
    let eager = parse(std::str::from_utf8(&bytes).unwrap(), &scheme);
    let whole_stamp = DiskStamp::of(path, &bytes);
    for &chunk in chunks {
        let what = format!("{} in pieces of {chunk}", path.display());
        // Joined all at once, the way a key that needs the whole file joins it.
        let (mut doc, stamp, loading) = open_lazily(path, &scheme, chunk).expect("UTF-8 opens");
        assert_eq!(stamp, whole_stamp, "{what}: stamp");
        let mut taught = doc.span_count();
        // What the editor's suggestions learn: the first piece here, the rest on the workers.
        let mut lexicon = Lexicon::new(scheme.roles.len());
        lexicon.learn(&doc);
        if let Some(mut l) = loading {
            assert_eq!(
                l.total_lines(),
                eager.text.len_lines(),
                "{what}: lines ahead"
            );
            l.finish(&mut doc, &mut |p, _| {
                taught += p.doc.span_count();
                lexicon.merge(&p.learned);
            });
            assert!(l.is_done());
        }
        assert_same(&doc, &eager, &what);
        assert_eq!(taught, eager.span_count(), "{what}: every piece shown once");
        let mut whole = Lexicon::new(scheme.roles.len());
        whole.learn(&eager);
        assert_eq!(lexicon.entries, whole.entries, "{what}: lexicon");
        assert_eq!(lexicon.taught(), whole.taught(), "{what}: tags learned");
        // Joined bit by bit between keys, then the rest at once.
        let (mut doc, _, loading) = open_lazily(path, &scheme, chunk).expect("UTF-8 opens");
        if let Some(mut l) = loading {
            let whole = eager.text.to_string();
            for _ in 0..3 {
                l.absorb(&mut doc, &mut |_, _| {});
                // What is shown meanwhile is the start of the file, as parsed whole.
                assert!(whole.starts_with(&doc.text.to_string()), "{what}: a prefix");
                assert!(doc.items().iter().all(|it| eager.items().contains(it)));
            }
            l.finish(&mut doc, &mut |_, _| {});
        }
        assert_same(&doc, &eager, &format!("{what}, absorbed"));
    }
}

fn lazy_is_eager_on(src: &[u8]) {
    let (_dir, p) = on_disk(src);
    lazy_is_eager(&p, &[1, 2, 7, 64, 1 << 20]);
}

#[test]
fn tricky_files_parsed_lazily_are_parsed_eagerly() {
    for src in TRICKY_FILES {
        lazy_is_eager_on(src.as_bytes());
    }
}

#[test]
fn what_is_not_utf8_or_not_there_is_refused_before_anything_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    // Bad bytes in the last chunk: found by the read, before the first chunk is parsed.
    std::fs::write(&p, b"(a)\n(b)\n(c)\n\xff\n").unwrap();
    assert!(open_lazily(&p, &Scheme::default(), 2).is_none());
    assert!(open_lazily(&dir.path().join("missing.txt"), &Scheme::default(), 2).is_none());
    assert!(open_lazily(dir.path(), &Scheme::default(), 2).is_none());
}

#[test]
fn every_corpus_policy_parsed_lazily_is_parsed_eagerly() {
    let Some(files) = corpus_policies() else {
        return;
    };
    for f in files {
        lazy_is_eager(&f, &[1, 300, 1 << 20]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]
    #[test]
    fn random_markup_parsed_lazily_is_parsed_eagerly(src in markup_like()) {
        lazy_is_eager_on(src.as_bytes());
    }
}

#[test]
fn joining_with_no_time_to_spare_joins_one_piece_a_call_and_says_more_is_ready() {
    // Between keys the editor joins a millisecond of pieces at a time: a backlog never makes a
    // key wait, and what is left is said to be ready, so the loop comes back for it at once.
    let scheme = Scheme::default();
    let lines = ["(我们)\n", "[收集]\n", "<手机号码>\n"];
    let mut doc = crate::markup::parse_part(lines[0], &scheme, LineStart::FILE);
    let total: usize = lines.iter().map(|l| l.len()).sum();
    let (mut loading, tx) = super::Loading::fed(2, total as u64, 4);
    assert!(!loading.is_ready(), "nothing parsed yet");
    let mut at = LineStart::FILE;
    for (i, line) in lines.iter().enumerate().skip(1) {
        at.line_no += 1;
        at.byte += lines[i - 1].len();
        let part = crate::markup::parse_part(line, &scheme, at);
        tx.send(super::Piece::new(i - 1, line.len() as u64, part))
            .unwrap();
    }
    let none = std::time::Duration::ZERO;
    for spans in [2, 3] {
        assert!(loading.is_ready());
        assert!(loading.absorb_for(&mut doc, &mut |_, _| {}, none));
        assert_eq!(doc.span_count(), spans, "one piece a call");
    }
    assert!(loading.is_done() && !loading.is_ready());
    assert_same(&doc, &parse(&lines.concat(), &scheme), "joined");
}
