//! Exchange formats: documents as doccano-style JSONL records, BIO rows, spaCy JSONL, Label
//! Studio tasks and brat standoff, and back.
//!
//! The record formats carry (in keys their tools ignore) what a byte-identical import needs beyond the spans: the BOM, and where
//! the tree of tags and notes differs from the one `outline::arrange` builds by default (a note
//! on a tag boundary inside the tag, an empty tag, two tags of the same range). BIO (with
//! `--docstart`) also carries the line endings and the notes in a header line. Plain text is imported by
//! making each reserved character full-width. Import arranges the text, spans and notes into a
//! document and serializes it; the serializer re-reads its output and refuses anything that
//! would not read back. See docs/formats.md and docs/commands.md.
//!
//! Library code: no terminal, no command line.

pub mod bio;
pub mod bio_read;
pub mod brat;
pub mod brat_read;
pub mod doccano;
pub mod flat;
pub mod import_notes;
pub mod jsonl;
pub mod labels;
pub mod labelstudio;
pub mod labelstudio_read;
pub mod offsets;
pub mod outline;
pub mod plain;
pub mod read_options;
pub mod spacy;

pub use bio::{
    BioDropped, BioHeader, BioOptions, DOCSTART, Eol, LineEnd, bio_cell, ends_sentence, write_bio,
};
pub use bio_read::{from_bio, from_bio_all};
pub use brat::{Brat, BratLeftOut, fragments, is_brat_line_break, to_brat};
pub use brat_read::{BratDropped, BratRead, DroppedKind, from_brat, read_brat};
pub use doccano::from_doccano_jsonl;
pub use flat::{Extras, Flat, flatten, unflatten};
pub use import_notes::{ImportNotes, RecordName};
pub use jsonl::{Record, from_jsonl, from_jsonl_all, record};
pub use labels::{LabelMapError, parse_label_json, parse_label_pairs, rename_roles};
pub use labelstudio::{Predicted, Task, add_predictions, labelstudio_config, task};
pub use labelstudio_read::from_labelstudio;
pub use offsets::OffsetUnit;
pub use outline::{Keep, Kind, Layout, Outline, arrange, build, item_position, layout};
pub use plain::plain_to_markup;
pub use read_options::{ReadOptions, Which};
pub use spacy::{SpacyRecord, from_spacy_jsonl, spacy_record};

use crate::markup::SerializeError;

/// One document read from a many-document input: the file it names (relative, as exported;
/// empty when the input does not say) and its markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub file: String,
    pub markup: String,
}

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
    #[error("line {line}: a row is CHAR<TAB or space>TAG, got {row:?}")]
    BadRow { line: usize, row: String },
    #[error("line {line}: {cell:?} is neither one character nor U+XXXX")]
    BadCell { line: usize, cell: String },
    #[error("line {line}: tag {tag:?} is not O, B-role, I-role, E-role or S-role")]
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
    #[error("task {task}: {source}")]
    InTask {
        task: usize,
        source: Box<ImportError>,
    },
    #[error("line {line} of the .ann: {why}")]
    BadAnn { line: usize, why: String },
    #[error("line {line}: {source}")]
    AtLine {
        line: usize,
        source: Box<ImportError>,
    },
    /// Said of one record of a many-record input: `line 3 (id 17)`, `task 2 (id 7, file "a")`.
    #[error("{record}: {source}")]
    InRecord {
        record: String,
        source: Box<ImportError>,
    },
    /// Said of one field of a record: `label[1]`, `annotations[0].result[2]`.
    #[error("{field}: {source}")]
    InField {
        field: String,
        source: Box<ImportError>,
    },
    #[error("{field}: {why}")]
    Field { field: String, why: String },
    #[error("{0}")]
    Offsets(String),
    /// `--annotation N` asks for an annotation the task does not have.
    #[error("has {has}; --annotation {asked} asks for another")]
    NoSuchAnnotation { has: String, asked: String },
}

impl ImportError {
    /// This error, said of the record on `line` of the input.
    pub fn at_line(self, line: usize) -> ImportError {
        ImportError::AtLine {
            line,
            source: Box::new(self),
        }
    }
}

/// serde's `skip_serializing_if` for flags that are usually off.
fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod reader_laws;
#[cfg(test)]
mod tests;
