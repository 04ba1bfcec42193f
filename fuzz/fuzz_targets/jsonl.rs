//! The doccano (and ptag) JSONL reader on arbitrary input, under each way of counting offsets:
//! it refuses with an error, or gives named documents whose markup reads back exactly; never a
//! panic. The library's `interchange::reader_laws` proptest holds the same law on JSON-ish input.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run jsonl`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::{OffsetUnit, ReadOptions, from_doccano_jsonl};
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    for offsets in [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes] {
        for skip_bad in [false, true] {
            let options = ReadOptions {
                offsets,
                skip_bad,
                ..ReadOptions::default()
            };
            if let Ok((docs, _)) = from_doccano_jsonl(s, &scheme, &options) {
                for d in docs {
                    assert!(!d.file.is_empty());
                    let doc = parse(&d.markup, &scheme);
                    assert_eq!(serialize(&doc).as_deref(), Ok(d.markup.as_str()));
                }
            }
        }
    }
});
