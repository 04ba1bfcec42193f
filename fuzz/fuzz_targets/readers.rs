//! The import readers on arbitrary input: JSONL (doccano), BIO (CoNLL) and plain text either
//! refuse it with an error or give markup that parses back to the same text, never a panic.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run readers`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::{from_bio, from_jsonl, plain_to_markup};
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    for made in [from_jsonl(s, &scheme), from_bio(s, &scheme)].into_iter().flatten() {
        // What an import writes is markup that reads back exactly.
        let doc = parse(&made, &scheme);
        assert_eq!(serialize(&doc).as_deref(), Ok(made.as_str()));
    }
    if let Ok((markup, _)) = plain_to_markup(s, &scheme) {
        let doc = parse(&markup, &scheme);
        assert!(doc.spans().next().is_none(), "plain text became tags: {s:?}");
        assert_eq!(doc.text.len_chars(), s.chars().count() - usize::from(s.starts_with('\u{feff}')));
    }
});
