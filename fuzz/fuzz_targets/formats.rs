//! The round-trip law for every record format and brat on arbitrary UTF-8: spaCy JSONL and
//! Label Studio tasks give the file back byte for byte; brat gives back the text and the tags.
//!
//! Run: `cargo install cargo-fuzz && cd fuzz && cargo +nightly fuzz run formats`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::interchange::{
    ReadOptions, from_brat, from_labelstudio, from_spacy_jsonl, spacy_record, task, to_brat,
};
use ptag::markup::parse;
use ptag::scheme::Scheme;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let scheme = Scheme::default();
    let doc = parse(s, &scheme);
    let line = serde_json::to_string(&spacy_record(&doc, "f.txt".into())).unwrap();
    match from_spacy_jsonl(&line, &scheme) {
        Ok(back) => assert_eq!(back[0].markup, s),
        Err(e) => panic!("the spaCy export of {s:?} does not import: {e}"),
    }
    let tasks = serde_json::to_string(&vec![task(&doc, "f.txt".into(), None)]).unwrap();
    match from_labelstudio(&tasks, &scheme, &ReadOptions::default()) {
        Ok((back, _)) => assert_eq!(back[0].markup, s),
        Err(e) => panic!("the Label Studio export of {s:?} does not import: {e}"),
    }
    let (brat, _) = to_brat(&doc);
    // Only a literal delimiter that an empty tag kept literal may pair up once it is gone.
    if let Ok(back) = from_brat(&brat.txt, &brat.ann, &scheme) {
        let back = parse(&back, &scheme);
        assert_eq!(back.text, doc.text);
        let spans = |d: &ptag::markup::Document| {
            let mut v: Vec<_> = d.spans().filter(|sp| sp.end > sp.start).collect();
            v.sort_by_key(|sp| (sp.start, sp.end, sp.role));
            v
        };
        assert_eq!(spans(&back), spans(&doc));
    }
});
