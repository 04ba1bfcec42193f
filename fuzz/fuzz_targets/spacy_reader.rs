//! The spaCy JSONL reader on arbitrary input: it refuses with an error or gives markup that
//! reads back exactly and holds the record's text, never a panic (offsets past the text,
//! `untrimmed` spans that disagree with `spans.sc`, labels out of order).
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run spacy_reader`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::from_spacy_jsonl;
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    if let Ok(docs) = from_spacy_jsonl(s, &scheme) {
        for made in docs {
            let doc = parse(&made.markup, &scheme);
            assert_eq!(serialize(&doc).as_deref(), Ok(made.markup.as_str()));
        }
    }
});
