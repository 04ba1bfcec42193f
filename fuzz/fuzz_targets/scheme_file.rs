//! The scheme reader on arbitrary input: a scheme file is input, so reading gives a scheme or a
//! located error, never a panic; and a scheme that reads (its roles' `extent`, its `lead_in`
//! words, whatever they hold) drives what a role key tags without a panic and within the
//! rules: a tag a role key would make lies in its line, starts on a word, and crosses no tag.
//! The built-in scheme (`src/default-scheme.json`) is a good seed.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run scheme_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::markup::parse;
use ptag::phrase::{phrase_from, skip_lead_in};
use ptag::scheme::Scheme;

const TEXT: &str = "我们会收集您的姓名、手机号码等信息，用于创建账户。\n例如：设备型号和 IP 地址\u{301}\n可能会";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scheme) = Scheme::from_json(s, "fuzz.json") else {
        return;
    };
    let doc = parse(TEXT, &scheme);
    let len = doc.text.len_chars();
    for pos in 0..len {
        let line = doc.line_range_of(pos);
        let from = skip_lead_in(&doc, pos, &scheme.lead_in);
        assert!(from >= pos && from <= line.end.max(pos), "{pos} → {from}");
        if let Some(r) = phrase_from(&doc, pos, &scheme.lead_in) {
            assert!(r.start < r.end, "{r:?}");
            assert!(line.start <= r.start && r.end <= line.end, "{r:?} outside {line:?}");
        }
    }
});
