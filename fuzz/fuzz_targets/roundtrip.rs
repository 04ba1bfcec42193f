//! The round-trip law on arbitrary UTF-8: `serialize(parse(s)) == s`, and the JSONL export of
//! any document imports back to the same bytes.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run roundtrip`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::{from_jsonl, record};
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    let doc = parse(s, &scheme);
    assert_eq!(serialize(&doc).as_deref(), Ok(s));
    let line = serde_json::to_string(&record(&doc, String::new())).unwrap();
    match from_jsonl(&line, &scheme) {
        Ok(back) => assert_eq!(back, s),
        Err(e) => panic!("the export of {s:?} does not import: {e}"),
    }
});
