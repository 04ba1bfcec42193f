//! `ReadBack`: a written markup file, parsed back a run of lines at a time, compared with the
//! document it was written from, run by run: the save's refusal without a second copy of the
//! file in memory. It refuses exactly what `serialize`'s whole-file read-back refuses.

use super::document::{Document, Item};
use super::parse::LineStart;
use super::serialize::SerializeError;

/// Compares runs of whole lines parsed back (`parse_part`), given in file order, with `doc`.
pub struct ReadBack<'d> {
    doc: &'d Document,
    /// Plain chars and items of `doc` matched so far.
    plain_at: usize,
    item_at: usize,
}

impl<'d> ReadBack<'d> {
    pub fn new(doc: &'d Document) -> ReadBack<'d> {
        ReadBack {
            doc,
            plain_at: 0,
            item_at: 0,
        }
    }

    /// The next run, parsed from where it starts in the file (`at`): the same text, tags and
    /// notes as the document holds there, or the first line that differs.
    pub fn run(&mut self, back: &Document, at: LineStart) -> Result<(), SerializeError> {
        let doc = self.doc;
        let n = back.text.len_chars();
        let end = self.plain_at + n;
        let bom_differs = at.byte == 0 && back.bom != doc.bom;
        if bom_differs
            || end > doc.text.len_chars()
            || doc.text.slice(self.plain_at..end) != back.text.slice(..)
        {
            return Err(SerializeError {
                line: self.first_diff_line(back, at),
                message: "the plain text changes".into(),
            });
        }
        let mine = doc.items.get(self.item_at..self.item_at + back.items.len());
        let differs = match mine {
            None => Some(doc.items.len().min(self.item_at + back.items.len())),
            Some(mine) => mine
                .iter()
                .zip(&back.items)
                .position(|(a, b)| !self.same_item(a, back, b))
                .map(|i| self.item_at + i),
        };
        if let Some(i) = differs {
            return Err(self.item_error(i));
        }
        self.plain_at = end;
        self.item_at += back.items.len();
        Ok(())
    }

    /// After the last run: nothing of the document left unread.
    pub fn finish(self) -> Result<(), SerializeError> {
        let doc = self.doc;
        if self.plain_at != doc.text.len_chars() {
            return Err(SerializeError {
                line: doc.text.char_to_line(self.plain_at) + 1,
                message: "the plain text changes".into(),
            });
        }
        if self.item_at != doc.items.len() {
            return Err(self.item_error(self.item_at));
        }
        Ok(())
    }

    /// `mine` (of the document) is `theirs` (of a run read back, whose offsets start at
    /// `plain_at`).
    fn same_item(&self, mine: &Item, back: &Document, theirs: &Item) -> bool {
        let base = self.plain_at as u32;
        mine.start == theirs.start + base
            && mine.end == theirs.end + base
            && mine.depth == theirs.depth
            && mine.role() == theirs.role()
            && self.doc.note_text(mine) == back.note_text(theirs)
    }

    /// The refusal for the document's item `i` (or the end, past the last), as `serialize`'s.
    fn item_error(&self, i: usize) -> SerializeError {
        let doc = self.doc;
        let pos = doc.items.get(i).map_or(0, |it| it.start as usize);
        SerializeError {
            line: doc.text.char_to_line(pos.min(doc.text.len_chars())) + 1,
            message:
                "a tag's text holds a literal delimiter, or a tag would pair with literal text"
                    .into(),
        }
    }

    /// The file line of the first line of `back` that differs from the document's.
    fn first_diff_line(&self, back: &Document, at: LineStart) -> usize {
        let doc = self.doc;
        let first = doc
            .text
            .char_to_line(self.plain_at.min(doc.text.len_chars()));
        let theirs = back.text.len_lines();
        let k = (0..theirs)
            .find(|&l| {
                let mine = first + l;
                mine >= doc.text.len_lines() || doc.text.line(mine) != back.text.line(l)
            })
            .unwrap_or(theirs);
        at.line_no + k
    }
}
