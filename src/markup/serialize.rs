//! `serialize`: `Document` → bracket markup, checked by parsing its own output back.

use super::document::{Document, Item};
use super::line::parse_one_line;
use super::parse::parse;
use ropey::RopeSlice;
use std::fmt;

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
    if doc.bom {
        out.push('\u{feff}');
    }
    write_items(doc, doc.text.slice(..), 0, &doc.items, &mut out);
    out
}

/// Writes `text` (which starts at plain offset `base`) with `items` (complete subtrees, in
/// pre-order) woven in.
fn write_items(doc: &Document, text: RopeSlice, base: usize, items: &[Item], out: &mut String) {
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

    fn copy_to(&mut self, target: usize, out: &mut String) {
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

    fn copy_rest(&mut self, out: &mut String) {
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
