//! The bracket markup: parse, serialize, diagnose, edit. No terminal code lives here.
//!
//! `parse` turns a file into lines; `line` is the one-line lexer: a SIMD search (aho-corasick's
//! packed Teddy; a byte table on short rests) to the delimiters, the text between them copied and
//! counted undecoded (`line_reference`, test-only, is the char-by-char lexer it must equal).
//! `findings` holds warnings and fixes, `serialize` writes markup back and refuses output it cannot
//! read back, `edit` (`Splice`) is every outline change with the re-diagnosis of its line,
//! `locate` turns an offset into line:col, `lines` is a file parsed line by line with no rope (what
//! comparing and merging 100 MB files uses), `conflict` the merge conflict note (write, read,
//! report), `column` a column in chars, bytes and UTF-16 units. `Document` is plain data.
//! Spec: `docs/FORMAT.md`.

mod column;
mod conflict;
mod delimiter_search;
mod diagnostic;
mod document;
mod edit;
mod findings;
mod kept_findings;
mod line;
mod line_outline;
#[cfg(test)]
mod line_reference;
#[cfg(test)]
mod line_tests;
mod lines;
mod locate;
mod parse;
mod read_back;
mod serialize;

pub use column::{ColumnCursor, Columns, Lines};
pub use conflict::{
    CONFLICT_MARK, Conflict, ConflictSide, conflict_note, read_conflict, side_markup,
};
pub use diagnostic::{Diagnostic, Fix, Omitted, Severity, TextEdit, apply_fixes};
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
