//! doccano's JSONL exports (and ptag's own JSONL, which is one of them): one record a line, the
//! text and its spans in any of the shapes doccano writes:
//!
//! - `"label": [[start, end, "role"], …]` (sequence labelling, 1.x; ptag's shape),
//! - `"entities": [{"id", "label", "start_offset", "end_offset"}, …]` with `"relations"`
//!   (sequence labelling with relations, and the current export),
//! - `"labels": [[start, end, "role"], …]` (before 1.0).
//!
//! doccano writes a key that some records lack as `null` in the others (`"Comments": null`), and
//! no `file`: the document is then named from its `id`, or its line. Relations, comments and
//! category labels have no place in markup; they are counted in the notes, never lost silently.

use super::flat::{extras_from, unflatten_spans};
use super::import_notes::{ImportNotes, RecordName, id_text, keep_or_skip};
use super::offsets::{RawSpan, astral_warning};
use super::read_options::ReadOptions;
use super::{ImportError, Imported};
use crate::scheme::Scheme;
use serde_json::{Map, Value};

/// Every record of a doccano (or ptag) JSONL input → markup, with what was left out.
pub fn from_doccano_jsonl(
    src: &str,
    scheme: &Scheme,
    options: &ReadOptions,
) -> Result<(Vec<Imported>, ImportNotes), ImportError> {
    let mut docs = Vec::new();
    let mut notes = ImportNotes::default();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|source| ImportError::NotARecord {
                line: i + 1,
                source,
            })?;
        let Value::Object(record) = value else {
            return Err(ImportError::Field {
                field: format!("line {}", i + 1),
                why: "not a record: a JSON object a line".into(),
            });
        };
        let name = RecordName {
            unit: "line",
            position: i + 1,
            line: None,
            id: id_text(record.get("id")),
            file: match record.get("file") {
                Some(Value::String(f)) if !f.is_empty() => Some(f.clone()),
                _ => None,
            },
        };
        let made = read_record(&record, scheme, options, &mut notes).map(|(markup, warning)| {
            if let Some(warning) = warning {
                notes.say(&name.to_string(), warning);
            }
            Imported {
                file: name.document_name(&mut notes),
                markup,
            }
        });
        keep_or_skip(made, &name, options.skip_bad, &mut docs, &mut notes)?;
    }
    Ok((docs, notes))
}

/// The record's markup, and a warning when its offsets may have been counted in UTF-16 units.
fn read_record(
    record: &Map<String, Value>,
    scheme: &Scheme,
    options: &ReadOptions,
    notes: &mut ImportNotes,
) -> Result<(String, Option<String>), ImportError> {
    let text = match record.get("text") {
        Some(Value::String(t)) => t,
        Some(_) => return Err(field("text", "not a string")),
        None => return Err(field("text", "missing")),
    };
    let mut dropped = ImportNotes::default();
    let spans = spans_of(record, &mut dropped)?;
    let extras = extras_from(record, "")?;
    let (markup, outline_unused) = unflatten_spans(scheme, text, &spans, &extras, options.offsets)?;
    if outline_unused {
        notes.drop("outline not restored", 1);
    }
    for (kind, n) in dropped.dropped {
        notes.drop(kind, n);
    }
    Ok((markup, astral_warning(text, &spans, options.offsets)))
}

fn field(name: &str, why: &str) -> ImportError {
    ImportError::Field {
        field: name.to_string(),
        why: why.to_string(),
    }
}

/// The record's spans from every key doccano puts them in; what is not a span is counted in
/// `dropped`.
fn spans_of(
    record: &Map<String, Value>,
    dropped: &mut ImportNotes,
) -> Result<Vec<RawSpan>, ImportError> {
    let mut spans = Vec::new();
    for key in ["label", "labels"] {
        let items = match record.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(items)) => items,
            Some(_) => return Err(field(key, "not a list")),
        };
        for (k, item) in items.iter().enumerate() {
            let at = format!("{key}[{k}]");
            match item {
                // Text classification: a category of the whole text.
                Value::String(_) => dropped.drop("category label", 1),
                Value::Array(triple) => match triple.as_slice() {
                    [Value::Number(s), Value::Number(e), Value::String(role)] => {
                        spans.push(RawSpan {
                            start: offset(s, &at)?,
                            end: offset(e, &at)?,
                            role: role.clone(),
                            claimed: None,
                            field: at,
                        })
                    }
                    _ => return Err(field(&at, "not [start, end, \"role\"]")),
                },
                _ => return Err(field(&at, "not [start, end, \"role\"]")),
            }
        }
    }
    match record.get("entities") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (k, item) in items.iter().enumerate() {
                let at = format!("entities[{k}]");
                let get = |name: &str| item.get(name).filter(|v| !v.is_null());
                let number = |name: &str| match get(name) {
                    Some(Value::Number(n)) => offset(n, &format!("{at}.{name}")),
                    _ => Err(field(&format!("{at}.{name}"), "missing or not a number")),
                };
                let role = match get("label") {
                    Some(Value::String(r)) => r.clone(),
                    _ => return Err(field(&format!("{at}.label"), "missing or not a string")),
                };
                spans.push(RawSpan {
                    start: number("start_offset")?,
                    end: number("end_offset")?,
                    role,
                    claimed: None,
                    field: at,
                });
            }
        }
        Some(_) => return Err(field("entities", "not a list")),
    }
    for (key, kind) in [
        ("relations", "relation"),
        ("Comments", "comment"),
        ("comments", "comment"),
        ("cats", "category label"),
    ] {
        if let Some(Value::Array(items)) = record.get(key) {
            dropped.drop(kind, items.len());
        }
    }
    Ok(spans)
}

fn offset(n: &serde_json::Number, at: &str) -> Result<usize, ImportError> {
    n.as_u64()
        .and_then(|v| usize::try_from(v).ok())
        .ok_or_else(|| field(at, &format!("{n} is not an offset (a whole number from 0)")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> Result<(Vec<Imported>, ImportNotes), String> {
        from_doccano_jsonl(src, &Scheme::default(), &ReadOptions::default())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn every_doccano_shape_gives_its_spans() {
        let (docs, notes) = read(concat!(
            r#"{"id": 1, "text": "我们收集", "label": [[0, 2, "actor"]], "Comments": null}"#,
            "\n",
            r#"{"id": 2, "text": "我们收集", "entities": [{"id": 9, "label": "action", "start_offset": 2, "end_offset": 4}], "relations": [{"id": 1, "from_id": 9, "to_id": 9, "type": "x"}]}"#,
            "\n\n",
            r#"{"text": "我们收集", "labels": [[0, 2, "actor"]], "annotation_approver": null}"#,
        ))
        .unwrap();
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (d.file.as_str(), d.markup.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("1.txt", "(我们)收集"),
                ("2.txt", "我们[收集]"),
                ("line-4.txt", "(我们)收集")
            ]
        );
        assert_eq!(notes.dropped_summary().as_deref(), Some("1 relation"));
        assert_eq!(notes.named_from_id, 3);
    }

    #[test]
    fn a_bad_field_is_named() {
        for (src, want) in [
            (
                r#"{"id": 5, "text": null}"#,
                "line 1 (id 5): text: not a string",
            ),
            (r#"{"label": []}"#, "line 1: text: missing"),
            (
                r#"{"text": "ab", "label": [[0, -1, "actor"]]}"#,
                "line 1: label[0]: -1 is not an offset",
            ),
            (
                r#"{"text": "ab", "entities": [{"label": "actor", "start_offset": 0}]}"#,
                "line 1: entities[0].end_offset: missing",
            ),
            (
                r#"{"text": "ab", "labels": [[0, 1, "actor"], [0, 5, "data"]]}"#,
                "line 1: labels[1]: [0, 5] is not inside the text of 2 code points",
            ),
            ("[1]", "line 1: not a record"),
        ] {
            let e = read(src).unwrap_err();
            assert!(e.starts_with(want), "{src}: {e}");
        }
    }

    #[test]
    fn skip_bad_keeps_the_good_records_and_lists_the_bad() {
        let src = "{\"text\": \"ab\", \"label\": [[0, 1, \"who\"]]}\n{\"text\": \"cd\"}";
        let options = ReadOptions {
            skip_bad: true,
            ..ReadOptions::default()
        };
        let (docs, notes) = from_doccano_jsonl(src, &Scheme::default(), &options).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(notes.skipped[0].0, "line 1");
        assert!(notes.skipped[0].1.contains("no role \"who\""));
    }
}
