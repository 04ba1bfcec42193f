//! spaCy-ready JSONL: a line per file with `text`, `ents` (the outermost tags: spaCy's
//! entities cannot overlap) and `spans.sc` (every tag, nested ones too, for a span
//! categorizer), each `{start, end, label}` in char offsets. `Doc.char_span` takes them as they
//! are; docs/formats.md shows the few lines that make a DocBin. The extras ride along as in JSONL,
//! so the import is byte-identical.
//!
//! `char_span` refuses a span with white space at an edge (the space is not a token of its
//! own), so `ents` and `spans.sc` hold each tag trimmed of edge white space (a tag of white
//! space only: left out), and `untrimmed` the tags as they are, which import takes back as
//! long as `spans.sc` is still their trimmed form.

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
    /// The tags as tagged, when trimming changed any (see the module doc).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub untrimmed: Vec<SpacySpan>,
    #[serde(flatten)]
    pub extras: Extras,
}

/// `start..end` of `chars` without white space at its edges; `None` when nothing else is left.
pub fn trim_edges(chars: &[char], start: usize, end: usize) -> Option<(usize, usize)> {
    let s = (start..end).find(|&i| !chars[i].is_whitespace())?;
    let e = (s..end).rev().find(|&i| !chars[i].is_whitespace())? + 1;
    Some((s, e))
}

/// `spans` trimmed as export trims them.
fn trimmed(chars: &[char], spans: &[SpacySpan]) -> Vec<SpacySpan> {
    spans
        .iter()
        .filter_map(|sp| {
            trim_edges(chars, sp.start.min(sp.end), sp.end.min(chars.len())).map(|(start, end)| {
                SpacySpan {
                    start,
                    end,
                    label: sp.label.clone(),
                }
            })
        })
        .collect()
}

/// The spaCy record of a document.
pub fn spacy_record(doc: &Document, file: String) -> SpacyRecord {
    let flat = flatten(doc);
    let to_span = |(s, e, l): &(usize, usize, String)| SpacySpan {
        start: *s,
        end: *e,
        label: l.clone(),
    };
    let chars: Vec<char> = flat.text.chars().collect();
    let tagged: Vec<SpacySpan> = flat.labels.iter().map(to_span).collect();
    let sc = trimmed(&chars, &tagged);
    // Outer first on equal starts: an entity is kept unless it lies inside the last kept one.
    let mut ents: Vec<SpacySpan> = Vec::new();
    for l in &sc {
        if ents.last().is_none_or(|last| l.start >= last.end) {
            ents.push(l.clone());
        }
    }
    SpacyRecord {
        file,
        text: flat.text,
        ents,
        untrimmed: if sc == tagged { Vec::new() } else { tagged },
        spans: SpanGroups { sc },
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
        // The tags as tagged, unless `spans.sc` was changed since export trimmed them.
        let chars: Vec<char> = r.text.chars().collect();
        let spans = if !r.untrimmed.is_empty() && trimmed(&chars, &r.untrimmed) == r.spans.sc {
            &r.untrimmed
        } else {
            spans
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

    proptest::proptest! {
        /// What the fuzz target `spacy_reader` checks, on records with any offsets.
        #[test]
        fn any_record_is_refused_or_read_back_exactly(
            text in "[ab 我\u{3000}(#]{0,6}",
            spans in proptest::collection::vec((0usize..8, 0usize..8), 0..4),
            untrimmed in proptest::collection::vec((0usize..8, 0usize..8), 0..4),
        ) {
            let s = Scheme::default();
            let list = |v: &[(usize, usize)]| -> Vec<SpacySpan> {
                v.iter().map(|&(start, end)| SpacySpan { start, end, label: "data".into() }).collect()
            };
            let r = SpacyRecord {
                file: String::new(),
                text: text.clone(),
                ents: Vec::new(),
                spans: SpanGroups { sc: list(&spans) },
                untrimmed: list(&untrimmed),
                extras: Extras::default(),
            };
            if let Ok(back) = from_spacy_jsonl(&serde_json::to_string(&r).unwrap(), &s) {
                let doc = parse(&back[0].markup, &s);
                let again = crate::markup::serialize(&doc);
                proptest::prop_assert_eq!(again.as_deref(), Ok(back[0].markup.as_str()));
            }
        }
    }

    #[test]
    fn spans_are_trimmed_for_char_span_and_import_restores_them() {
        let s = Scheme::default();
        let src = "(我们 )收集{ <手机>\u{3000}}[ ]\n";
        let r = spacy_record(&parse(src, &s), "p.txt".into());
        let sc: Vec<_> = r.spans.sc.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(sc, [(0, 2), (6, 8), (6, 8)]);
        let ents: Vec<_> = r.ents.iter().map(|e| (e.start, e.end)).collect();
        assert_eq!(ents, [(0, 2), (6, 8)]);
        assert_eq!(r.untrimmed.len(), 4);
        let line = serde_json::to_string(&r).unwrap();
        assert_eq!(from_spacy_jsonl(&line, &s).unwrap()[0].markup, src);
        // spans.sc edited since: the edit wins over what export kept.
        let mut edited = r.clone();
        edited.spans.sc.truncate(1);
        let line = serde_json::to_string(&edited).unwrap();
        assert_eq!(
            from_spacy_jsonl(&line, &s).unwrap()[0].markup,
            "(我们) 收集 手机\u{3000} \n"
        );
        // Nothing to trim: no `untrimmed` key.
        let r = spacy_record(&parse("(我们)\n", &s), "p.txt".into());
        assert!(!serde_json::to_string(&r).unwrap().contains("untrimmed"));
    }
}
