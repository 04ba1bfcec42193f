//! doccano-style JSONL: one record a document, the plain text with its labels and notes.

use super::doccano::from_doccano_jsonl;
use super::flat::{Extras, flatten};
use super::read_options::ReadOptions;
use super::{ImportError, Imported};
use crate::markup::Document;
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};

/// One JSONL line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The file's path relative to the folder exported (its name, for a file named alone).
    #[serde(default)]
    pub file: String,
    pub text: String,
    /// `[start, end, role]`, char offsets into `text`, end exclusive, never empty, sorted by
    /// (start, end); two tags of the same range: the outer first.
    #[serde(default)]
    pub label: Vec<(usize, usize, String)>,
    #[serde(flatten)]
    pub extras: Extras,
}

/// The JSONL record of a document.
pub fn record(doc: &Document, file: String) -> Record {
    let flat = flatten(doc);
    Record {
        file,
        text: flat.text,
        label: flat.labels,
        extras: flat.extras,
    }
}

/// Every JSONL record (ptag's or doccano's) → markup, with the file each names; what the
/// records hold beyond spans and notes is left out (`from_doccano_jsonl` counts it).
pub fn from_jsonl_all(src: &str, scheme: &Scheme) -> Result<Vec<Imported>, ImportError> {
    from_doccano_jsonl(src, scheme, &ReadOptions::default()).map(|(docs, _)| docs)
}

/// Parses each non-blank line of `src` as a `T` and maps it, refusing with the line number.
pub(crate) fn each_line<T: serde::de::DeserializeOwned>(
    src: &str,
    mut f: impl FnMut(usize, T) -> Result<Imported, ImportError>,
) -> Result<Vec<Imported>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: T = serde_json::from_str(line).map_err(|source| ImportError::NotARecord {
            line: i + 1,
            source,
        })?;
        out.push(f(i + 1, value)?);
    }
    Ok(out)
}

/// One JSONL record → markup. The input must hold exactly one record.
pub fn from_jsonl(src: &str, scheme: &Scheme) -> Result<String, ImportError> {
    let mut all = from_jsonl_all(src, scheme)?;
    match all.len() {
        1 => Ok(all.remove(0).markup),
        n => Err(ImportError::RecordCount(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    fn jsonl(src: &str) -> String {
        let doc = parse(src, &Scheme::default());
        serde_json::to_string(&record(&doc, "t.txt".into())).unwrap()
    }

    #[test]
    fn jsonl_record_has_sorted_labels_notes_and_no_outline_when_default() {
        let doc = parse(
            "(我们)会[收集]#注#{为<某数据>提供服务}\n",
            &Scheme::default(),
        );
        let r = record(&doc, "p.txt".into());
        assert_eq!(r.text, "我们会收集为某数据提供服务\n");
        assert_eq!(
            r.label,
            [
                (0, 2, "actor".to_string()),
                (3, 5, "action".to_string()),
                (5, 13, "purpose".to_string()),
                (6, 9, "data".to_string()),
            ]
        );
        assert_eq!(r.extras.notes, [(5, "注".to_string())]);
        assert_eq!(r.extras.outline, None);
        let line = serde_json::to_string(&r).unwrap();
        assert!(
            line.starts_with(
                r#"{"file":"p.txt","text":"我们会收集为某数据提供服务\n","label":[[0,2,"actor"]"#
            ),
            "{line}"
        );
        assert!(!line.contains("bom") && !line.contains("outline"), "{line}");
    }

    #[test]
    fn jsonl_round_trips_the_awkward_cases() {
        for src in [
            "",
            "\u{feff}(我们)[收集]<手机号码>\r\n",
            "(我们#注#)<>(<>x)##\n(a<b)c>\n{为<某数据>提供服务}",
            "<(我们)>#a##b#(#c#x)",
            "（我们)(1)",
        ] {
            assert_eq!(
                from_jsonl(&jsonl(src), &Scheme::default()).map_err(|e| e.to_string()),
                Ok(src.to_string())
            );
        }
    }

    #[test]
    fn bad_records_are_refused_with_reasons() {
        let s = Scheme::default();
        let cases = [
            (r#"{"text":"abc","label":[[0,2,"who"]]}"#, "no role \"who\""),
            (
                r#"{"text":"abc","label":[[2,9,"data"]]}"#,
                "label[0]: [2, 9] is not inside the text",
            ),
            (
                r#"{"text":"a\nb","label":[[0,3,"data"]]}"#,
                "spans a line break",
            ),
            (
                r#"{"text":"abcd","label":[[0,2,"data"],[1,3,"actor"]]}"#,
                "cross",
            ),
            (r#"{"text":"ab","notes":[[1,"x#y"]]}"#, "would end it"),
            (
                r#"{"text":"ab"}
{"text":"cd"}"#,
                "holds 2 records",
            ),
            ("{", "not a record"),
        ];
        for (line, want) in cases {
            let e = from_jsonl(line, &s).unwrap_err();
            assert!(e.to_string().contains(want), "{line}: {e}");
        }
        // A literal delimiter in a tag is fine while it stays literal (`tag()` would refuse it,
        // but `parse` makes such tags: `<a(b>`)...
        assert_eq!(
            from_jsonl(r#"{"text":"a(b","label":[[0,3,"data"]]}"#, &s).map_err(|e| e.to_string()),
            Ok("<a(b>".to_string())
        );
        // ...but text whose literal delimiters would pair up is refused by the serializer.
        let e = from_jsonl(r#"{"text":"x<y>","label":[[0,1,"actor"]]}"#, &s).unwrap_err();
        assert!(e.to_string().contains("would not read back"), "{e}");
    }
}
