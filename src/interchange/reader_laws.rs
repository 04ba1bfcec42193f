//! The doccano JSONL and Label Studio readers on arbitrary JSON-ish input (objects made of the
//! keys those tools write, with any values: nulls, negative or huge numbers, astral text,
//! delimiters): an error, or documents whose markup reads back exactly, never a panic. The
//! fuzz targets `jsonl` and `labelstudio` hold the same law on arbitrary bytes.

use super::*;
use crate::markup::{parse, serialize};
use crate::scheme::Scheme;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const KEYS: &[&str] = &[
    "id",
    "text",
    "file",
    "label",
    "labels",
    "entities",
    "relations",
    "Comments",
    "start_offset",
    "end_offset",
    "data",
    "annotations",
    "predictions",
    "result",
    "value",
    "start",
    "end",
    "type",
    "was_cancelled",
    "ground_truth",
    "score",
    "model_version",
    "ptag",
    "notes",
    "outline",
    "empty",
    "bom",
    "annotator",
    "annotation_id",
    "from_id",
    "to_id",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-2i64..12).prop_map(|n| json!(n)),
        Just(json!(u64::MAX)),
        Just(json!(0.5)),
        "[我们a😀𠮷()<>#\\n]{0,6}".prop_map(Value::String),
        prop::sample::select(vec![
            "actor", "data", "labels", "relation", "choices", "label"
        ])
        .prop_map(|s| json!(s)),
    ]
}

fn json_ish() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn options() -> impl Strategy<Value = ReadOptions> {
    (
        prop::sample::select(vec![
            OffsetUnit::Chars,
            OffsetUnit::Utf16,
            OffsetUnit::Bytes,
        ]),
        any::<bool>(),
        prop::sample::select(vec![
            None,
            Some(Which::First),
            Some(Which::Last),
            Some(Which::Nth(2)),
            Some(Which::Nth(0)),
        ]),
        any::<bool>(),
    )
        .prop_map(|(offsets, predictions, annotation, skip_bad)| ReadOptions {
            offsets,
            predictions,
            min_score: 0.5,
            annotation,
            skip_bad,
        })
}

fn reads_back(docs: &[Imported]) {
    let scheme = Scheme::default();
    for d in docs {
        let doc = parse(&d.markup, &scheme);
        assert_eq!(serialize(&doc).as_deref(), Ok(d.markup.as_str()));
        assert!(!d.file.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn doccano_reader_never_panics(records in prop::collection::vec(json_ish(), 0..4), o in options()) {
        let src: Vec<String> = records.iter().map(Value::to_string).collect();
        if let Ok((docs, _)) = from_doccano_jsonl(&src.join("\n"), &Scheme::default(), &o) {
            reads_back(&docs);
        }
    }

    #[test]
    fn label_studio_reader_never_panics(tasks in prop::collection::vec(json_ish(), 0..4), o in options()) {
        let array = Value::Array(tasks.clone()).to_string();
        let lines: Vec<String> = tasks.iter().map(Value::to_string).collect();
        for src in [array, lines.join("\n")] {
            if let Ok((docs, _)) = from_labelstudio(&src, &Scheme::default(), &o) {
                reads_back(&docs);
            }
        }
    }

    /// Tasks close to what Label Studio writes, so that the reader gets past the outer checks.
    #[test]
    fn label_studio_reader_never_panics_on_task_like_input(
        text in "[我们a😀𠮷()\\n]{0,8}",
        regions in prop::collection::vec((0usize..12, 0usize..12, json_ish(), leaf()), 0..4),
        cancelled in any::<bool>(),
        o in options(),
    ) {
        let result: Vec<Value> = regions
            .into_iter()
            .map(|(s, e, label, claimed)| json!({"type": "labels", "value": {"start": s, "end": e, "text": claimed, "labels": [label]}}))
            .collect();
        let task = json!([{"id": 1, "data": {"text": text}, "annotations": [{"was_cancelled": cancelled, "result": result.clone()}], "predictions": [3, {"result": result}]}]);
        if let Ok((docs, _)) = from_labelstudio(&task.to_string(), &Scheme::default(), &o) {
            reads_back(&docs);
        }
    }
}
