//! Imports and parses stay linear in the number of tags however they nest: hostile input with
//! 100 k identical or nested spans must not take quadratic time (it did: 40 k identical spans
//! took 2.3 s, 200 k did not finish in 20 s). No timing is measured; a deadline far above the
//! linear time (well under a second) and far below the quadratic one (minutes) catches it.

use ptag::interchange::from_jsonl;
use ptag::markup::parse;
use ptag::scheme::Scheme;
use std::sync::mpsc;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `work` on a thread and fails if it has not finished by the deadline.
fn finishes<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx.recv_timeout(DEADLINE)
        .unwrap_or_else(|_| panic!("{what}: not done in {DEADLINE:?}: quadratic again?"))
}

fn identical_spans(n: usize) -> String {
    let label = r#"[4,8,"data"]"#;
    let labels = vec![label; n].join(",");
    format!("{{\"text\":\"我们收集手机号码\",\"label\":[{labels}]}}\n")
}

#[test]
fn import_of_100k_identical_spans_is_linear() {
    let n = 100_000;
    let markup = finishes("import", move || {
        from_jsonl(&identical_spans(n), &Scheme::default()).unwrap()
    });
    let expected = format!("我们收集{}手机号码{}", "<".repeat(n), ">".repeat(n));
    assert_eq!(markup, expected);
}

#[test]
fn parse_of_deep_white_space_tags_and_stray_closes_is_linear() {
    let n = 100_000;
    // Every tag ends in the same long white space (each looks back for its last solid char),
    // and then closes with no open of their role each meet the whole stack of opens.
    let line = format!(
        "{}x{}{}{}\n",
        "<".repeat(n),
        " ".repeat(n),
        ">".repeat(n),
        "(".repeat(n) + &"]".repeat(n)
    );
    let doc = finishes("parse", move || parse(&line, &Scheme::default()));
    assert_eq!(doc.span_count(), n);
    assert!(!doc.diagnostics.is_empty());
}
