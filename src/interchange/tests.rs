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
    let options = BioOptions {
        docstart: true,
        ..BioOptions::default()
    };
    write_bio(&doc, "t.txt".into(), options, &mut out).unwrap();
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
        assert!(r.extras.outline.is_some(), "{src}");
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
        assert_eq!(r.extras.outline, None, "{src}");
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
    fn bio_sentences_and_bioes_with_docstart_keep_flat_files(s in markup_like()) {
        let scheme = Scheme::default();
        let doc = parse(&s, &scheme);
        let flat = doc.items().iter().all(|it| it.is_note() || (it.depth == 0 && it.end > it.start));
        let mut out = Vec::new();
        let options = BioOptions { docstart: true, bioes: true, sentences: true, ..BioOptions::default() };
        write_bio(&doc, String::new(), options, &mut out).unwrap();
        let back = from_bio(&String::from_utf8(out).unwrap(), &scheme);
        if flat {
            prop_assert_eq!(back.map_err(|e| e.to_string()), Ok(s));
        }
    }

    #[test]
    fn spacy_and_label_studio_give_the_file_back(s in markup_like()) {
        let scheme = Scheme::default();
        let doc = parse(&s, &scheme);
        let line = serde_json::to_string(&spacy_record(&doc, "f".into())).unwrap();
        let back = from_spacy_jsonl(&line, &scheme).map_err(|e| e.to_string());
        prop_assert_eq!(back.map(|b| b[0].markup.clone()), Ok(s.clone()));
        let tasks = serde_json::to_string(&vec![task(&doc, "f".into(), Some(0.5))]).unwrap();
        let predictions = ReadOptions {
            predictions: true,
            ..ReadOptions::default()
        };
        let back = from_labelstudio(&tasks, &scheme, &predictions)
            .map(|(docs, _)| docs)
            .map_err(|e| e.to_string());
        prop_assert_eq!(back.map(|b| b[0].markup.clone()), Ok(s));
    }

    #[test]
    fn brat_gives_back_the_text_and_every_non_empty_tag(s in markup_like()) {
        let scheme = Scheme::default();
        let doc = parse(&s, &scheme);
        let (brat, left) = to_brat(&doc);
        let spans = |d: &Document| {
            let mut v: Vec<Span> = d.spans().filter(|sp| sp.end > sp.start).collect();
            v.sort_by_key(|sp| (sp.start, sp.end, sp.role));
            v
        };
        match from_brat(&brat.txt, &brat.ann, &scheme) {
            Ok(m) => {
                let back = parse(&m, &scheme);
                prop_assert_eq!(&back.text, &doc.text);
                prop_assert_eq!(spans(&back), spans(&doc));
                let lossless = left == BratLeftOut::default();
                if lossless {
                    prop_assert_eq!(m, s);
                }
            }
            // Only a literal delimiter that a dropped empty tag or note kept literal can pair up.
            Err(e) => prop_assert!(left != BratLeftOut::default(), "{}", e),
        }
    }

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

#[test]
fn empty_tags_are_no_labels_but_come_back() {
    // doccano drops every label of a record holding a zero-length one.
    let src = "(我们)<>收集<手机>(<>x)\n";
    let r = record(&parse(src, &Scheme::default()), String::new());
    assert!(r.label.iter().all(|l| l.1 > l.0), "{:?}", r.label);
    assert_eq!(r.label.len(), 3);
    assert_eq!(
        r.extras.empty,
        [(2, "data".to_string()), (6, "data".to_string())]
    );
    let line = serde_json::to_string(&r).unwrap();
    assert_eq!(from_jsonl(&line, &Scheme::default()).unwrap(), src);
}

#[test]
fn item_positions_point_at_the_delimiter() {
    let src = "见(甲[乙#n#]<>)戊()己\n#x#{<>}";
    let doc = parse(src, &Scheme::default());
    let lines: Vec<Vec<char>> = src.lines().map(|l| l.chars().collect()).collect();
    let want = ['(', '[', '#', '<', '(', '#', '{', '<'];
    for (i, w) in want.iter().enumerate() {
        let (l, c) = item_position(&doc, i);
        assert_eq!(lines[l - 1][c - 1], *w, "item {i} at {l}:{c}");
    }
}
