//! The brat reader on arbitrary `.txt` and `.ann` (the input cut at its first NUL: the text
//! before, the annotations after), read strictly and not: it refuses with an error or gives
//! markup that reads back exactly and holds the `.txt`'s text, never a panic; what it drops
//! is named by lines that exist.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run brat_reader`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::read_brat;
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let (txt, ann) = s.split_once('\0').unwrap_or((s, ""));
    let scheme = Scheme::default();
    for strict in [true, false] {
        let Ok(read) = read_brat(txt, ann, &scheme, strict) else {
            continue;
        };
        let doc = parse(&read.markup, &scheme);
        assert_eq!(serialize(&doc).as_deref(), Ok(read.markup.as_str()));
        // The .txt's text exactly: a leading U+FEFF is text brat counts (the markup then starts
        // with a BOM so that reading it back keeps that char).
        assert_eq!(doc.text.to_string(), txt);
        assert!(!strict || read.dropped.is_empty(), "strict dropped {:?}", read.dropped);
        assert!(read.dropped.iter().all(|d| d.line >= 1 && d.line <= ann.len()));
    }
});
