//! Export then import, across the formats.

use super::*;
use crate::markup::{Document, Span, parse};
use crate::scheme::Scheme;
use proptest::prelude::*;

fn jsonl(src: &str) -> String {
    let doc = parse(src, &Scheme::default());
    serde_json::to_string(&record(&doc, "t.txt".into())).unwrap()
}

fn bio(src: &str) -> String {
    let doc = parse(src, &Scheme::default());
    let mut out = Vec::new();
    write_bio(&doc, "t.txt".into(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The tags BIO keeps: the outermost non-empty ones.
fn outermost(doc: &Document) -> Vec<Span> {
    doc.items()
        .iter()
        .filter(|it| it.depth == 0 && it.end > it.start && !it.is_note())
        .map(|it| Span {
            role: it.role().unwrap(),
            start: it.start as usize,
            end: it.end as usize,
        })
        .collect()
}

#[test]
fn outline_only_when_the_default_tree_differs() {
    let s = Scheme::default();
    // A note on a tag's edge but inside it; an empty tag at the start of another, inside.
    for src in ["(我们#注#)\n", "(<>我们)\n", "(#a#我们)"] {
        let r = record(&parse(src, &s), String::new());
        assert!(r.outline.is_some(), "{src}");
    }
    for src in [
        "(我们)#注#\n",
        "#a#(我们)",
        "<(我们)x>",
        "<(我们)>",
        "<>(我们)",
        "(我们)<>",
    ] {
        let r = record(&parse(src, &s), String::new());
        assert_eq!(r.outline, None, "{src}");
    }
}

fn markup_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "(", ")", "[", "]", "<", ">", "{", "}", "#", "（", "）", "我们", "收集", "\r\n", "\n",
        "\r", "\u{feff}", " ", "，", "a", "\t", "\u{200b}",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn jsonl_export_then_import_gives_the_file_back(s in markup_like()) {
        prop_assert_eq!(from_jsonl(&jsonl(&s), &Scheme::default()).map_err(|e| e.to_string()), Ok(s));
    }

    #[test]
    fn bio_export_then_import_keeps_text_notes_and_outermost_tags(s in markup_like()) {
        let scheme = Scheme::default();
        let doc = parse(&s, &scheme);
        let flat = doc.items().iter().all(|it| it.is_note() || (it.depth == 0 && it.end > it.start));
        match from_bio(&bio(&s), &scheme) {
            Ok(m) => {
                let back = parse(&m, &scheme);
                prop_assert_eq!(&back.text, &doc.text);
                prop_assert_eq!(back.bom, doc.bom);
                prop_assert_eq!(back.spans().collect::<Vec<_>>(), outermost(&doc));
                prop_assert_eq!(back.notes().collect::<Vec<_>>(), doc.notes().collect::<Vec<_>>());
                if flat {
                    prop_assert_eq!(m, s);
                }
            }
            // Only a dropped inner tag can let literal delimiters pair up.
            Err(e) => prop_assert!(!flat, "{}", e),
        }
    }
}
