//! What an import says beside the documents it makes: what it left out (counted by kind), which
//! annotation each document came from, and the records it skipped. Nothing is left out silently.

use super::{ImportError, Imported};
use std::collections::BTreeMap;

/// Said on stderr by `ptag import`; quoted input goes through the safe-text writer there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportNotes {
    /// Kind of thing left out (singular, e.g. "relation") → how many.
    pub dropped: BTreeMap<&'static str, usize>,
    /// One line per document that needs a word: `(document, what)`.
    pub said: Vec<(String, String)>,
    /// Records skipped by `--skip-bad`: the record and why.
    pub skipped: Vec<(String, String)>,
    /// How many documents were named from their record's id or position (no `file`).
    pub named_from_id: usize,
}

impl ImportNotes {
    pub fn drop(&mut self, kind: &'static str, n: usize) {
        if n > 0 {
            *self.dropped.entry(kind).or_default() += n;
        }
    }

    pub fn say(&mut self, doc: &str, what: String) {
        self.said.push((doc.to_string(), what));
    }

    /// "2 relations, 1 choices result", or None when nothing was left out.
    pub fn dropped_summary(&self) -> Option<String> {
        let parts: Vec<String> = self
            .dropped
            .iter()
            .map(|(kind, n)| {
                let plural = if *n == 1 {
                    kind.to_string()
                } else {
                    plural_of(kind)
                };
                format!("{n} {plural}")
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// "relation" → "relations", "choices result" → "choices results", "annotation by id" →
/// "annotations by id": the first noun after any qualifier words takes the s.
fn plural_of(kind: &str) -> String {
    match kind.split_once(" under ") {
        Some((head, tail)) => format!("{}s under {tail}", head),
        None => format!("{kind}s"),
    }
}

/// Where a record sits, to name it in errors and notices: `line 3 (id 17)`,
/// `task 2 (id 202, file "bad.txt")`.
#[derive(Debug, Clone)]
pub struct RecordName {
    /// "line" or "task".
    pub unit: &'static str,
    pub position: usize,
    /// The line a task of a JSON array starts on (a line's record needs none).
    pub line: Option<usize>,
    pub id: Option<String>,
    pub file: Option<String>,
}

impl std::fmt::Display for RecordName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.unit, self.position)?;
        if let Some(line) = self.line {
            write!(f, " at line {line}")?;
        }
        match (&self.id, &self.file) {
            (Some(id), Some(file)) => write!(f, " (id {id}, file {file:?})"),
            (Some(id), None) => write!(f, " (id {id})"),
            (None, Some(file)) => write!(f, " (file {file:?})"),
            (None, None) => Ok(()),
        }
    }
}

impl RecordName {
    /// `e`, said of this record.
    pub fn error(&self, e: ImportError) -> ImportError {
        ImportError::InRecord {
            record: self.to_string(),
            source: Box::new(e),
        }
    }

    /// The document's name: its `file`, else `ID.txt` when the id is a plain name, else
    /// `line-N.txt` / `task-N.txt`. Never a path: only a name made of letters, digits, `-`, `_`.
    pub fn document_name(&self, notes: &mut ImportNotes) -> String {
        if let Some(file) = &self.file {
            return file.clone();
        }
        notes.named_from_id += 1;
        let plain = |id: &String| {
            !id.is_empty()
                && id.len() <= 100
                && id
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        };
        match &self.id {
            Some(id) if plain(id) => format!("{id}.txt"),
            _ => format!("{}-{}.txt", self.unit, self.position),
        }
    }
}

/// A record read, or (with `--skip-bad`) its error kept in `notes`; without it, the error.
pub fn keep_or_skip(
    made: Result<Imported, ImportError>,
    name: &RecordName,
    skip_bad: bool,
    docs: &mut Vec<Imported>,
    notes: &mut ImportNotes,
) -> Result<(), ImportError> {
    match made {
        Ok(doc) => docs.push(doc),
        Err(e) if skip_bad => notes.skipped.push((name.to_string(), e.to_string())),
        Err(e) => return Err(name.error(e)),
    }
    Ok(())
}

/// A JSON id as text: a number or a string as written.
pub fn id_text(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(id: Option<&str>, file: Option<&str>) -> RecordName {
        RecordName {
            unit: "line",
            position: 3,
            line: None,
            id: id.map(str::to_string),
            file: file.map(str::to_string),
        }
    }

    #[test]
    fn records_are_named_by_position_id_and_file() {
        assert_eq!(name(Some("17"), None).to_string(), "line 3 (id 17)");
        assert_eq!(
            name(Some("7"), Some("a.txt")).to_string(),
            "line 3 (id 7, file \"a.txt\")"
        );
        assert_eq!(name(None, None).to_string(), "line 3");
        let task = RecordName {
            unit: "task",
            line: Some(40),
            ..name(Some("7"), None)
        };
        assert_eq!(task.to_string(), "task 3 at line 40 (id 7)");
    }

    #[test]
    fn documents_without_file_are_named_safely_from_their_id() {
        let mut notes = ImportNotes::default();
        assert_eq!(name(Some("17"), None).document_name(&mut notes), "17.txt");
        assert_eq!(
            name(Some("a-b_c"), None).document_name(&mut notes),
            "a-b_c.txt"
        );
        for bad in ["../x", "a/b", "", ".", "x.txt\n"] {
            assert_eq!(
                name(Some(bad), None).document_name(&mut notes),
                "line-3.txt",
                "{bad:?}"
            );
        }
        assert_eq!(name(None, None).document_name(&mut notes), "line-3.txt");
        assert_eq!(notes.named_from_id, 8);
        assert_eq!(
            name(Some("1"), Some("f.txt")).document_name(&mut notes),
            "f.txt"
        );
        assert_eq!(notes.named_from_id, 8);
    }

    #[test]
    fn dropped_things_are_counted_by_kind() {
        let mut notes = ImportNotes::default();
        assert_eq!(notes.dropped_summary(), None);
        notes.drop("relation", 2);
        notes.drop("choices result", 1);
        notes.drop("prediction region under --min-score", 3);
        notes.drop("textarea result", 0);
        assert_eq!(
            notes.dropped_summary().unwrap(),
            "1 choices result, 3 prediction regions under --min-score, 2 relations"
        );
    }
}
