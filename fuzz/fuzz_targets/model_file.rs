//! The model file reader on arbitrary bytes: a model file is input, so loading gives a model or
//! a clear error, and a model that loads predicts without a panic. Each input is tried as it
//! is and with its last 8 bytes made the right checksum, so what is exercised past the
//! checksum is the validation of every field. A trained model (`ptag train … -o m.model`) in
//! the corpus folder is a good seed.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run model_file`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::markup::parse;
use ptag::scheme::Scheme;
use ptag::store::content_hash;
use ptag::suggest::model_file::from_bytes;

fuzz_target!(|data: &[u8]| {
    let scheme = Scheme::default();
    let mut resummed = data.to_vec();
    if let Some(end) = data.len().checked_sub(8) {
        let sum = content_hash(&data[..end]);
        resummed[end..].copy_from_slice(&sum.to_le_bytes());
    }
    let doc = parse("第1条：(我们)会收集您的手机号码和位置信息。\n\n个人信息\n", &scheme);
    for bytes in [data, resummed.as_slice()] {
        if let Ok(model) = from_bytes(bytes, &scheme) {
            let _ = model.predict(&doc);
        }
    }
});
