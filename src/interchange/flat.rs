//! A document as the record formats (JSONL, spaCy JSONL, Label Studio) hold it: the plain
//! text, its non-empty tags as labels, and the `Extras` that make the import byte-identical.
//!
//! Empty tags are not labels: a zero-length label makes doccano drop every label of its record,
//! and spaCy or Label Studio have no use for one. They travel in `empty`, which those tools
//! ignore, and export warns about each (see `Flat::empty_items`).

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
