//! spaCy-ready JSONL: a line per file with `text`, `ents` (the outermost tags: spaCy's
//! entities cannot overlap) and `spans.sc` (every tag, nested ones too, for a span
//! categorizer), each `{start, end, label}` in char offsets. `Doc.char_span` takes them as they
//! are; docs/formats.md shows the few lines that make a DocBin. The extras ride along as in JSONL,
//! so the import is byte-identical.

use super::flat::{Extras, flatten, unflatten};
use super::jsonl::each_line;
use super::{ImportError, Imported};
use crate::markup::Document;
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpacySpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanGroups {
    #[serde(default)]
    pub sc: Vec<SpacySpan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpacyRecord {
    #[serde(default)]
    pub file: String,
    pub text: String,
    #[serde(default)]
    pub ents: Vec<SpacySpan>,
    #[serde(default)]
    pub spans: SpanGroups,
    #[serde(flatten)]
    pub extras: Extras,
}

/// The spaCy record of a document.
pub fn spacy_record(doc: &Document, file: String) -> SpacyRecord {
    let flat = flatten(doc);
    let to_span = |(s, e, l): &(usize, usize, String)| SpacySpan {
        start: *s,
        end: *e,
        label: l.clone(),
    };
    // Outer first on equal starts: an entity is kept unless it lies inside the last kept one.
    let mut ents: Vec<SpacySpan> = Vec::new();
    for l in &flat.labels {
        if ents.last().is_none_or(|last| l.0 >= last.end) {
            ents.push(to_span(l));
        }
    }
    SpacyRecord {
        file,
        text: flat.text,
        ents,
        spans: SpanGroups {
            sc: flat.labels.iter().map(to_span).collect(),
        },
        extras: flat.extras,
    }
}

/// Every spaCy record → markup: the tags from `spans.sc`, or from `ents` when it is empty.
pub fn from_spacy_jsonl(src: &str, scheme: &Scheme) -> Result<Vec<Imported>, ImportError> {
    each_line(src, |line, r: SpacyRecord| {
        let spans = if r.spans.sc.is_empty() {
            &r.ents
        } else {
            &r.spans.sc
        };
        // In the order written: an outline's indices count them so.
        let labels: Vec<(usize, usize, String)> = spans
            .iter()
            .map(|s| (s.start, s.end, s.label.clone()))
            .collect();
        let markup = unflatten(scheme, &r.text, &labels, &r.extras).map_err(|e| e.at_line(line))?;
        Ok(Imported {
            file: r.file,
            markup,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    #[test]
    fn ents_are_the_outermost_spans_and_import_gives_the_file_back() {
        let s = Scheme::default();
        let doc = parse("{为<某>提供}(我们)<>\n", &s);
        let r = spacy_record(&doc, "p.txt".into());
        let ents: Vec<_> = r
            .ents
            .iter()
            .map(|e| (e.start, e.end, e.label.as_str()))
            .collect();
        assert_eq!(ents, [(0, 4, "purpose"), (4, 6, "actor")]);
        assert_eq!(r.spans.sc.len(), 3);
        for src in ["", "{为<某>提供}(我们)<>\n", "\u{feff}(我们#注#)\r\n<<a>>"] {
            let line = serde_json::to_string(&spacy_record(&parse(src, &s), "f".into())).unwrap();
            let back = from_spacy_jsonl(&line, &s).unwrap();
            assert_eq!(back[0].markup, src, "{line}");
        }
        // A spaCy-made line with entities only.
        let back = from_spacy_jsonl(
            r#"{"text":"我们收集","ents":[{"start":0,"end":2,"label":"actor"}]}"#,
            &s,
        )
        .unwrap();
        assert_eq!(back[0].markup, "(我们)收集");
    }
}
