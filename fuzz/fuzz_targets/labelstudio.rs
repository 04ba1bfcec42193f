//! The Label Studio reader (tasks JSON or JSONL, JSON_MIN) on arbitrary input, with each choice
//! of annotation, predictions and offsets: it refuses with an error, or gives named documents
//! whose markup reads back exactly; never a panic. The library's `interchange::reader_laws`
//! proptest holds the same law on JSON-ish input.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run labelstudio`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::{OffsetUnit, ReadOptions, Which, from_labelstudio};
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    let choices = [
        (OffsetUnit::Chars, None, false, false),
        (OffsetUnit::Utf16, Some(Which::Last), true, true),
        (OffsetUnit::Bytes, Some(Which::Nth(2)), true, false),
        (OffsetUnit::Chars, Some(Which::Nth(0)), false, true),
    ];
    for (offsets, annotation, predictions, skip_bad) in choices {
        let options = ReadOptions {
            offsets,
            predictions,
            min_score: 0.5,
            annotation,
            skip_bad,
        };
        if let Ok((docs, _)) = from_labelstudio(s, &scheme, &options) {
            for d in docs {
                assert!(!d.file.is_empty());
                let doc = parse(&d.markup, &scheme);
                assert_eq!(serialize(&doc).as_deref(), Ok(d.markup.as_str()));
            }
        }
    }
});
