//! doccano-style JSONL: one record a document, the plain text with its labels and notes.

use super::outline::{Outline, build, layout};
use super::{ImportError, is_false};
use crate::markup::Document;
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};

/// One JSONL line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub file: String,
    pub text: String,
    /// `[start, end, role]`, char offsets into `text`, end exclusive, sorted by (start, end);
    /// two tags of the same range: the outer first.
    #[serde(default)]
    pub label: Vec<(usize, usize, String)>,
    /// `[pos, text]`, in file order.
    #[serde(default)]
    pub notes: Vec<(usize, String)>,
    /// The file starts with a byte-order mark (not part of `text`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bom: bool,
    /// Present only when the default arrangement would not give the file back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
}

/// The JSONL record of a document.
pub fn record(doc: &Document, file: String) -> Record {
    let layout = layout(doc, false);
    Record {
        file,
        text: doc.text.to_string(),
        label: layout.labels(doc),
        notes: layout.notes,
        bom: doc.bom,
        outline: layout.outline,
    }
}

/// One JSONL record → markup. The input must hold exactly one record.
pub fn from_jsonl(src: &str, scheme: &Scheme) -> Result<String, ImportError> {
    let lines: Vec<(usize, &str)> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let [(line_no, line)] = lines.as_slice() else {
        return Err(ImportError::RecordCount(lines.len()));
    };
    let record: Record = serde_json::from_str(line).map_err(|source| ImportError::NotARecord {
        line: line_no + 1,
        source,
    })?;
    build(
        scheme,
        &record.text,
        record.bom,
        &record.label,
        &record.notes,
        record.outline.as_ref(),
    )
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
        assert_eq!(r.notes, [(5, "注".to_string())]);
        assert_eq!(r.outline, None);
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
            (r#"{"text":"abc","label":[[2,9,"data"]]}"#, "not a range"),
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
