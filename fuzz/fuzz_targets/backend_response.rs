//! A backend's `/predict` answer on arbitrary bytes: read into predictions or refused with an
//! error, never a panic; every prediction kept is a span of its task's text.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run backend_response`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::scheme::Scheme;
use ptag::suggest::backend_protocol::parse_predict_response;

fuzz_target!(|data: &[u8]| {
    let tasks: [(u64, &str); 2] = [(0, "我们收集您的手机号码。"), (1, "")];
    let scheme = Scheme::default();
    for n in 1..=2 {
        if let Ok(answer) = parse_predict_response(data, &tasks[..n], &scheme) {
            assert_eq!(answer.tasks.len(), n);
            for (predictions, (_, text)) in answer.tasks.iter().zip(&tasks) {
                for p in predictions {
                    assert!(p.range.start < p.range.end && p.range.end <= text.chars().count());
                    assert!((0.0..=1.0).contains(&p.confidence));
                }
            }
        }
    }
});
