//! `serialize`: `Document` → bracket markup, checked by parsing its own output back.

use super::document::{Document, Item};
use super::line::parse_one_line;
use super::parse::parse;
use ropey::RopeSlice;
use std::fmt;
use std::io;

/// The serializer refused: its output would not read back as the same document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerializeError {
    /// 1-based line of the first difference.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refusing to write: line {} would not read back as written: {}",
            self.line, self.message
        )
    }
}

impl std::error::Error for SerializeError {}

/// Writes the document as markup, then re-parses the result and refuses (with the first line
/// that differs) if it would not give back the same text, tags and notes.
pub fn serialize(doc: &Document) -> Result<String, SerializeError> {
    let out = serialize_unchecked(doc);
    let back = parse(&out, &doc.scheme);
    if back.text != doc.text || back.bom != doc.bom {
        return Err(SerializeError {
            line: first_diff_line(&back, doc),
            message: "the plain text changes".into(),
        });
    }
    if back.items.len() != doc.items.len()
        || back
            .items
            .iter()
            .zip(&doc.items)
            .any(|(a, b)| !same_item(&back, a, doc, b))
    {
        let i = back
            .items
            .iter()
            .zip(&doc.items)
            .position(|(a, b)| !same_item(&back, a, doc, b))
            .unwrap_or(back.items.len().min(doc.items.len()));
        let pos = doc.items.get(i).map(|it| it.start as usize).unwrap_or(0);
        return Err(SerializeError {
            line: doc.text.char_to_line(pos.min(doc.text.len_chars())) + 1,
            message:
                "a tag's text holds a literal delimiter, or a tag would pair with literal text"
                    .into(),
        });
    }
    Ok(out)
}

fn same_item(da: &Document, a: &Item, db: &Document, b: &Item) -> bool {
    a.start == b.start
        && a.end == b.end
        && a.depth == b.depth
        && a.role() == b.role()
        && da.note_text(a) == db.note_text(b)
}

fn first_diff_line(a: &Document, b: &Document) -> usize {
    let n = a.text.len_lines().min(b.text.len_lines());
    (0..n)
        .find(|&l| a.text.line(l) != b.text.line(l))
        .unwrap_or(n)
        + 1
}

/// Writes markup without the read-back check (the check's own building block).
pub fn serialize_unchecked(doc: &Document) -> String {
    let mut out = String::with_capacity(doc.text.len_bytes() + doc.items.len() * 3 + 3);
    write_all_items(doc, &mut out);
    out
}

/// How many bytes of markup `write_markup` gathers before handing them on: big enough that
/// the hand-over costs nothing, small beside any file worth streaming.
pub const MARKUP_PIECE_BYTES: usize = 64 << 10;

/// Writes the markup `serialize_unchecked` gives, straight from the rope and the items, in
/// pieces of about `MARKUP_PIECE_BYTES` (each whole chars) handed to `emit` in order, so that
/// a save never holds the whole file as one string. Stops at `emit`'s first error. Unchecked:
/// the caller reads what was written back (`ReadBack`).
pub fn write_markup(
    doc: &Document,
    emit: &mut dyn FnMut(&str) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = Pieces {
        buf: String::with_capacity(MARKUP_PIECE_BYTES + 64),
        emit,
        failed: None,
    };
    write_all_items(doc, &mut out);
    out.flush();
    out.failed.map_or(Ok(()), Err)
}

fn write_all_items(doc: &Document, out: &mut dyn Out) {
    if doc.bom {
        out.push('\u{feff}');
    }
    write_items(doc, doc.text.slice(..), 0, &doc.items, out);
}

/// Where markup is written: a string, or `Pieces` handed on as they fill.
trait Out {
    fn push(&mut self, c: char);
    fn push_str(&mut self, s: &str);
}

impl Out for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }

    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
}

/// Markup gathered into pieces handed to `emit` as each fills; the first error is kept and
/// the rest is no longer handed on.
struct Pieces<'e> {
    buf: String,
    emit: &'e mut dyn FnMut(&str) -> io::Result<()>,
    failed: Option<io::Error>,
}

impl Pieces<'_> {
    fn flush(&mut self) {
        if self.failed.is_none()
            && !self.buf.is_empty()
            && let Err(e) = (self.emit)(&self.buf)
        {
            self.failed = Some(e);
        }
        self.buf.clear();
    }
}

impl Out for Pieces<'_> {
    fn push(&mut self, c: char) {
        self.buf.push(c);
        if self.buf.len() >= MARKUP_PIECE_BYTES {
            self.flush();
        }
    }

    fn push_str(&mut self, mut s: &str) {
        // A rope chunk is small, but a long run is cut so a piece never grows past its size.
        while !s.is_empty() {
            let room = MARKUP_PIECE_BYTES.saturating_sub(self.buf.len()).max(1);
            let mut cut = room.min(s.len());
            while !s.is_char_boundary(cut) {
                cut += 1;
            }
            self.buf.push_str(&s[..cut]);
            s = &s[cut..];
            if self.buf.len() >= MARKUP_PIECE_BYTES {
                self.flush();
            }
        }
    }
}

/// Writes `text` (which starts at plain offset `base`) with `items` (complete subtrees, in
/// pre-order) woven in.
fn write_items(doc: &Document, text: RopeSlice, base: usize, items: &[Item], out: &mut dyn Out) {
    let mut cursor = TextCursor::new(text, base);
    // Open tags: (end, close delimiter, depth).
    let mut open: Vec<(usize, char, u32)> = Vec::new();
    for it in items {
        while let Some(&(end, close, depth)) = open.last() {
            if depth < it.depth {
                break;
            }
            cursor.copy_to(end, out);
            out.push(close);
            open.pop();
        }
        cursor.copy_to(it.start as usize, out);
        match it.role() {
            Some(role) => {
                let r = doc.scheme.role(role);
                out.push(r.open);
                open.push((it.end as usize, r.close, it.depth));
            }
            None => {
                out.push(doc.scheme.note);
                out.push_str(doc.note_text(it));
                out.push(doc.scheme.note);
            }
        }
    }
    while let Some((end, close, _)) = open.pop() {
        cursor.copy_to(end, out);
        out.push(close);
    }
    cursor.copy_rest(out);
}

/// Copies rope text out chunk by chunk, in order, without re-seeking for every tag.
struct TextCursor<'a> {
    chunks: ropey::iter::Chunks<'a>,
    chunk: &'a str,
    /// Plain offset of the start of `chunk`.
    pos: usize,
}

impl<'a> TextCursor<'a> {
    fn new(text: RopeSlice<'a>, base: usize) -> Self {
        TextCursor {
            chunks: text.chunks(),
            chunk: "",
            pos: base,
        }
    }

    fn copy_to(&mut self, target: usize, out: &mut dyn Out) {
        while self.pos < target {
            if self.chunk.is_empty() {
                match self.chunks.next() {
                    Some(c) => self.chunk = c,
                    None => return,
                }
                continue;
            }
            let want = target - self.pos;
            let byte = ropey::str_utils::char_to_byte_idx(self.chunk, want);
            let taken = &self.chunk[..byte];
            out.push_str(taken);
            self.pos += if byte == self.chunk.len() {
                ropey::str_utils::byte_to_char_idx(self.chunk, byte)
            } else {
                want
            };
            self.chunk = &self.chunk[byte..];
        }
    }

    fn copy_rest(&mut self, out: &mut dyn Out) {
        out.push_str(self.chunk);
        for c in self.chunks.by_ref() {
            out.push_str(c);
        }
    }
}

/// The markup of source line `line` (0-based) as the document stands.
pub fn serialize_line(doc: &Document, line: usize) -> String {
    let ls = doc.text.line_to_char(line);
    let le = if line + 1 < doc.text.len_lines() {
        doc.text.line_to_char(line + 1)
    } else {
        doc.text.len_chars()
    };
    let range = doc.item_range_of_line(ls, le);
    let mut out = String::new();
    write_items(doc, doc.text.slice(ls..le), ls, &doc.items[range], &mut out);
    out
}

/// Does line `line` read back exactly as the document holds it? Edits call this so that no
/// change can produce markup that means something else when reopened.
pub fn line_reads_back(doc: &Document, line: usize) -> bool {
    let markup = serialize_line(doc, line);
    let (plain, items) = parse_one_line(&markup, &doc.scheme);
    let ls = doc.text.line_to_char(line);
    let le = ls + doc.text.line(line).len_chars();
    if doc.text.slice(ls..le) != plain.as_str() {
        return false;
    }
    let mine = &doc.items[doc.item_range_of_line(ls, le)];
    mine.len() == items.len()
        && mine.iter().zip(&items).all(|(a, b)| {
            a.start as usize == ls + b.start
                && a.end as usize == ls + b.end
                && a.depth == b.depth
                && match &b.note {
                    Some(t) => a.is_note() && doc.note_text(a) == t,
                    None => a.role() == Some(b.role),
                }
        })
}
