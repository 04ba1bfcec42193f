//! A document as the record formats (JSONL, spaCy JSONL, Label Studio) hold it: the plain
//! text, its non-empty tags as labels, and the `Extras` that make the import byte-identical.
//!
//! Empty tags are not labels: a zero-length label makes doccano drop every label of its record,
//! and spaCy or Label Studio have no use for one. They travel in `empty`, which those tools
//! ignore, and export warns about each (see `Flat::empty_items`).

use super::offsets::{OffsetUnit, RawSpan, to_char_spans};
use super::outline::{Keep, Kind, Outline, build, layout};
use super::{ImportError, is_false};
use crate::markup::Document;
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};

/// What a record carries beyond its text and labels so that import gives the file back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    /// `[pos, text]`, in file order.
    #[serde(default)]
    pub notes: Vec<(usize, String)>,
    /// Empty tags, `[pos, role]`, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty: Vec<(usize, String)>,
    /// The file starts with a byte-order mark (not part of `text`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bom: bool,
    /// Present only when the default arrangement would not give the file back. Its label
    /// indices count the labels, then the empty tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
}

/// A document flattened for a record.
#[derive(Debug, Clone)]
pub struct Flat {
    pub text: String,
    /// `(start, end, role)`, char offsets, end exclusive, non-empty, sorted by (start, end);
    /// two tags of the same range: the outer first.
    pub labels: Vec<(usize, usize, String)>,
    pub extras: Extras,
    /// The document's items that are empty tags (for located warnings), in file order.
    pub empty_items: Vec<usize>,
}

/// Flattens `doc`.
pub fn flatten(doc: &Document) -> Flat {
    let layout = layout(doc, Keep::All);
    let all = layout.labels(doc);
    // New index of each span: the non-empty ones first, then the empty ones, order kept.
    let mut index = vec![0; all.len()];
    let (mut labels, mut empty, mut empty_items) = (Vec::new(), Vec::new(), Vec::new());
    let nonempty = all.iter().filter(|l| l.1 > l.0).count();
    for (k, l) in all.into_iter().enumerate() {
        if l.1 > l.0 {
            index[k] = labels.len();
            labels.push(l);
        } else {
            index[k] = nonempty + empty.len();
            empty_items.push(layout.span_items[k]);
            empty.push((l.0, l.2));
        }
    }
    let outline = layout.outline.map(|mut o| {
        for entry in &mut o {
            if entry.0 == Kind::Label {
                entry.1 = index[entry.1];
            }
        }
        o
    });
    empty_items.sort_unstable();
    Flat {
        text: doc.text.to_string(),
        labels,
        extras: Extras {
            notes: layout.notes,
            empty,
            bom: doc.bom,
            outline,
        },
        empty_items,
    }
}

/// Text + labels + extras → markup, checked by re-reading.
pub fn unflatten(
    scheme: &Scheme,
    text: &str,
    labels: &[(usize, usize, String)],
    extras: &Extras,
) -> Result<String, ImportError> {
    let mut all = labels.to_vec();
    all.extend(extras.empty.iter().map(|(p, r)| (*p, *p, r.clone())));
    build(
        scheme,
        text,
        extras.bom,
        &all,
        &extras.notes,
        extras.outline.as_ref(),
    )
}

/// The extras ptag's records carry, read from the keys of a record another tool may have
/// rewritten: a key that is missing or `null` is empty; `prefix` names the object in errors.
pub fn extras_from(
    object: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
) -> Result<Extras, ImportError> {
    let mut kept = serde_json::Map::new();
    for key in ["notes", "empty", "bom", "outline"] {
        match object.get(key) {
            None | Some(serde_json::Value::Null) => {}
            Some(v) => {
                kept.insert(key.to_string(), v.clone());
            }
        }
    }
    serde_json::from_value(serde_json::Value::Object(kept)).map_err(|e| ImportError::Field {
        field: format!("{prefix}notes/empty/bom/outline"),
        why: e.to_string(),
    })
}

/// Text + spans as another tool counted them + extras → markup. The spans are checked against
/// the text (see `offsets`); an error about one span names its field. When the spans no longer
/// fit ptag's outline (regions added, deleted or moved in the other tool), they are arranged by
/// default instead and `Ok(.., true)` says the outline was not used.
pub fn unflatten_spans(
    scheme: &Scheme,
    text: &str,
    spans: &[RawSpan],
    extras: &Extras,
    unit: OffsetUnit,
) -> Result<(String, bool), ImportError> {
    let labels = to_char_spans(text, spans, unit)?;
    let in_field = |e: ImportError| match e {
        ImportError::UnknownRole { index, .. }
        | ImportError::LabelOutsideText { index, .. }
        | ImportError::LabelSpansLineBreak { index, .. }
            if index < spans.len() =>
        {
            ImportError::InField {
                field: spans[index].field.clone(),
                source: Box::new(e),
            }
        }
        e => e,
    };
    match unflatten(scheme, text, &labels, extras) {
        Ok(markup) => Ok((markup, false)),
        Err(e) if extras.outline.is_some() => {
            let by_default = Extras {
                outline: None,
                ..extras.clone()
            };
            match unflatten(scheme, text, &labels, &by_default) {
                Ok(markup) => Ok((markup, true)),
                // The regions themselves are wrong: say why, not that the outline is.
                Err(_)
                    if matches!(
                        e,
                        ImportError::OutlineEntry { .. } | ImportError::OutlineIncomplete
                    ) =>
                {
                    Err(in_field(
                        unflatten(scheme, text, &labels, &by_default).unwrap_err(),
                    ))
                }
                Err(_) => Err(in_field(e)),
            }
        }
        Err(e) => Err(in_field(e)),
    }
}
