//! The bracket markup: parse, serialize, diagnose, edit. No terminal code lives here.

mod column;
mod conflict;
mod delimiter_search;
mod diagnostic;
mod document;
mod edit;
mod findings;
mod line;
#[cfg(test)]
mod line_reference;
#[cfg(test)]
mod line_tests;
mod lines;
mod locate;
mod parse;
mod read_back;
mod serialize;

pub use column::{Columns, Lines};
pub use conflict::{
    CONFLICT_MARK, Conflict, ConflictSide, conflict_note, read_conflict, side_markup,
};
pub use diagnostic::{Diagnostic, Fix, Severity, TextEdit, apply_fixes};
pub use document::{Document, Item, Note, Span};
pub use edit::{EditError, ItemRecord, Splice, SpliceRecord};
pub use findings::is_edge_junk;
pub use lines::{LineTag, MarkedLine, MarkedLines, marked_lines, marked_lines_at};
pub use locate::Locator;
pub use parse::{LineStart, diagnose_part, parse, parse_part};
pub use read_back::ReadBack;
pub use serialize::{
    MARKUP_PIECE_BYTES, SerializeError, line_reads_back, serialize, serialize_line,
    serialize_unchecked, write_markup,
};

#[cfg(test)]
mod tests;
