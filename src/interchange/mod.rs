//! Exchange formats: documents as doccano-style JSONL records and as BIO rows, and back.
//!
//! Both formats carry what a byte-identical import needs beyond the spans: the BOM, and where
//! the tree of tags and notes differs from the one `outline::arrange` builds by default (a note
//! on a tag boundary inside the tag, an empty tag, two tags of the same range). BIO also carries
//! the line endings and the notes in a `-DOCSTART-` header line. Plain text is imported by
//! making each reserved character full-width. Import arranges the text, spans and notes into a
//! document and serializes it; the serializer re-reads its output and refuses anything that
//! would not read back. See the README.
//!
//! Library code: no terminal, no command line.

pub mod bio;
pub mod jsonl;
pub mod outline;
pub mod plain;

pub use bio::{BioHeader, DOCSTART, Eol, LineEnd, bio_cell, from_bio, write_bio};
pub use jsonl::{Record, from_jsonl, record};
pub use outline::{Kind, Layout, Outline, arrange, build, layout};
pub use plain::plain_to_markup;

use crate::markup::SerializeError;

/// Why an input cannot become markup.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("holds {0} records; import builds one file from one record")]
    RecordCount(usize),
    #[error("line {line}: not a record: {source}")]
    NotARecord {
        line: usize,
        source: serde_json::Error,
    },
    #[error("holds {0} documents; import builds one file from one document")]
    DocumentCount(usize),
    #[error("line {line}: bad -DOCSTART- header: {source}")]
    BadHeader {
        line: usize,
        source: serde_json::Error,
    },
    #[error("the document of line {line} ends before its {lines} lines")]
    ShortDocument { line: usize, lines: usize },
    #[error("line {line}: a row is CHAR<TAB>TAG, got {row:?}")]
    BadRow { line: usize, row: String },
    #[error("line {line}: {cell:?} is neither one character nor U+XXXX")]
    BadCell { line: usize, cell: String },
    #[error("line {line} of the document: tag {tag:?} is not O, B-role or I-role")]
    BadTag { line: usize, tag: String },
    #[error(
        "label {index} [{start}, {end}, {name:?}]: no role {name:?} in the scheme (it has {known})"
    )]
    UnknownRole {
        index: usize,
        start: usize,
        end: usize,
        name: String,
        /// The scheme's role names, comma-separated.
        known: String,
    },
    #[error("label {index} [{start}, {end}, {name:?}]: not a range inside the text of {len} chars")]
    LabelOutsideText {
        index: usize,
        start: usize,
        end: usize,
        name: String,
        len: usize,
    },
    #[error(
        "label {index} [{start}, {end}, {name:?}]: spans a line break; a tag stays on one line"
    )]
    LabelSpansLineBreak {
        index: usize,
        start: usize,
        end: usize,
        name: String,
    },
    #[error(
        "labels [{outer_start}, {outer_end}] and [{start}, {end}] cross: tags may nest but never cross"
    )]
    LabelsCross {
        outer_start: usize,
        outer_end: usize,
        start: usize,
        end: usize,
    },
    #[error("note {index} at {pos}: past the end of the text ({len} chars)")]
    NoteOutsideText {
        index: usize,
        pos: usize,
        len: usize,
    },
    #[error("note {index} at {pos}: its text holds {found:?}, which would end it")]
    NoteEndsEarly {
        index: usize,
        pos: usize,
        found: char,
    },
    #[error("outline: {kind:?} {index} is missing or repeated")]
    OutlineEntry { kind: Kind, index: usize },
    #[error("outline: does not list every label and note once")]
    OutlineIncomplete,
    #[error("the scheme's delimiter {0:?} has no full-width twin to stand for it in text")]
    NoFullWidthTwin(char),
    #[error(transparent)]
    WouldNotReadBack(#[from] SerializeError),
}

/// serde's `skip_serializing_if` for flags that are usually off.
fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests;
