//! The merge conflict note (docs/FORMAT.md, "Merge conflicts"): where a three-way merge could
//! not decide, the file keeps the text untagged there and a note holding both sides' versions,
//!
//! `#ptag-conflict {"ours":"<手机号码>","theirs":"{手机号码}"}#`
//!
//! Each side is the conflicting region's text marked up with that side's tags and notes; the
//! note char inside is written `\u0023` (JSON), so the note never ends early. A conflict note is
//! valid markup, `check` reports it as an error, and the editor resolves it with one key.

use super::document::Document;
use super::edit::EditError;
use super::line::{LineLexer, parse_one_line};
use super::lines::LineTag;
use super::serialize::serialize_unchecked;
use crate::scheme::Scheme;
use ropey::Rope;

/// What a conflict note's text starts with.
pub const CONFLICT_MARK: &str = "ptag-conflict ";

/// One side's annotation of a conflicting region; positions are chars from the region start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConflictSide {
    /// Tags, outer before inner.
    pub tags: Vec<LineTag>,
    pub notes: Vec<(usize, String)>,
}

/// A decoded conflict note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The region's plain text (it starts where the note stands).
    pub text: String,
    pub ours: ConflictSide,
    pub theirs: ConflictSide,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Wire {
    ours: String,
    theirs: String,
}

/// The region `text` with `side`'s tags and notes, as markup.
pub fn side_markup(text: &str, side: &ConflictSide, scheme: &Scheme) -> Result<String, EditError> {
    let mut doc = Document::empty(scheme.clone());
    doc.text = Rope::from_str(text);
    let mut tags = side.tags.clone();
    tags.sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));
    for t in &tags {
        doc.tag(t.role, t.start, t.end)?;
    }
    for (pos, note) in &side.notes {
        doc.add_note(*pos, note)?;
    }
    Ok(serialize_unchecked(&doc))
}

/// The text of the conflict note for region `text` (no line break in it).
pub fn conflict_note(
    text: &str,
    ours: &ConflictSide,
    theirs: &ConflictSide,
    scheme: &Scheme,
) -> Result<String, EditError> {
    let wire = Wire {
        ours: side_markup(text, ours, scheme)?,
        theirs: side_markup(text, theirs, scheme)?,
    };
    let json = serde_json::to_string(&wire).expect("strings serialize");
    // The note char only occurs inside the JSON strings, where an escape means the same.
    let escape = format!("\\u{:04x}", scheme.note as u32);
    let note = if (scheme.note as u32) < 0x10000 {
        json.replace(scheme.note, &escape)
    } else {
        json
    };
    let note = format!("{CONFLICT_MARK}{note}");
    if note.contains(scheme.note) || note.contains('\n') {
        return Err(EditError::BadNote(format!(
            "the conflict cannot be written as a note: it holds {:?}",
            scheme.note
        )));
    }
    let back = read_conflict(&note, scheme);
    match back {
        Some(Ok(c)) if c.text == text => Ok(note),
        _ => Err(EditError::WouldNotReadBack),
    }
}

/// `None` if `note` is not a conflict note; else the conflict, or why it cannot be read.
pub fn read_conflict(note: &str, scheme: &Scheme) -> Option<Result<Conflict, String>> {
    let body = note.strip_prefix(CONFLICT_MARK)?;
    Some(decode(body, scheme))
}

fn decode(body: &str, scheme: &Scheme) -> Result<Conflict, String> {
    let wire: Wire =
        serde_json::from_str(body).map_err(|e| format!("unreadable conflict note: {e}"))?;
    let (text, ours) = read_side(&wire.ours, scheme);
    let (theirs_text, theirs) = read_side(&wire.theirs, scheme);
    if text != theirs_text {
        return Err("the conflict's two sides hold different text".into());
    }
    Ok(Conflict { text, ours, theirs })
}

impl LineLexer<'_> {
    /// The error `check` reports for a conflict note, if `note` is one.
    pub(super) fn conflict_finding(&self, note: &str) -> Option<String> {
        let body = note.strip_prefix(CONFLICT_MARK)?;
        Some(match serde_json::from_str::<Wire>(body) {
            Ok(w) => format!(
                "unresolved merge conflict: ours {}, theirs {} (open the file in ptag to resolve it)",
                w.ours, w.theirs
            ),
            Err(e) => format!("unreadable merge conflict note: {e}"),
        })
    }
}

fn read_side(markup: &str, scheme: &Scheme) -> (String, ConflictSide) {
    let (plain, items) = parse_one_line(markup, scheme);
    let mut side = ConflictSide::default();
    for it in items {
        match it.note {
            Some(t) => side.notes.push((it.start, t)),
            None => side.tags.push(LineTag {
                start: it.start,
                end: it.end,
                role: it.role,
            }),
        }
    }
    (plain, side)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(start: usize, end: usize, role: u16) -> LineTag {
        LineTag { start, end, role }
    }

    #[test]
    fn a_conflict_note_reads_back_with_both_sides() {
        let scheme = Scheme::default();
        let data = scheme.role_by_name("data").unwrap();
        let purpose = scheme.role_by_name("purpose").unwrap();
        let ours = ConflictSide {
            tags: vec![tag(0, 4, data)],
            notes: vec![],
        };
        let theirs = ConflictSide {
            tags: vec![tag(0, 3, purpose)],
            notes: vec![(4, "查证".into())],
        };
        let note = conflict_note("手机号码", &ours, &theirs, &scheme).unwrap();
        assert_eq!(
            note,
            r#"ptag-conflict {"ours":"<手机号码>","theirs":"{手机号}码\u0023查证\u0023"}"#
        );
        let back = read_conflict(&note, &scheme).unwrap().unwrap();
        assert_eq!(back.text, "手机号码");
        assert_eq!(back.ours, ours);
        assert_eq!(back.theirs, theirs);
        assert!(read_conflict("an ordinary note", &scheme).is_none());
    }

    #[test]
    fn a_conflict_note_parses_as_a_note_and_check_calls_it_an_error() {
        let scheme = Scheme::default();
        let src =
            r#"我们收集#ptag-conflict {"ours":"<手机号码>","theirs":"{手机号码}"}#手机号码。"#;
        let doc = crate::markup::parse(src, &scheme);
        assert_eq!(doc.notes().count(), 1);
        assert_eq!(doc.span_count(), 0);
        let d = &doc.diagnostics[0];
        assert_eq!((d.line, d.column), (1, 5));
        assert_eq!(d.severity, crate::markup::Severity::Error);
        assert!(
            d.message.contains("unresolved merge conflict"),
            "{}",
            d.message
        );
        assert!(d.message.contains("<手机号码>"), "{}", d.message);
    }
}
