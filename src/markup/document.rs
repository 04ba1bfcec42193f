//! The parsed document: plain text in a rope, plus tags and notes as an outline.
//!
//! Tags and notes are kept as one `Vec<Item>` in *pre-order* (the order their opening marks
//! appear in the file) with each item's nesting depth. Pre-order + depth is exactly the tree
//! the file spells, so serializing it gives back the same bytes, including the cases offsets
//! alone cannot decide (an empty tag or a note sitting on a tag boundary). Because the order is
//! also sorted by start, lookups are binary searches; since a tag never spans lines, walking up
//! to the ancestors of an item stays within one line.

use super::diagnostic::Diagnostic;
use crate::scheme::{RoleId, Scheme};
use ropey::Rope;

/// Marks an item as a note rather than a tag (high bit of `Item::kind`; the rest is the note's
/// index in the arena).
const NOTE: u32 = 1 << 31;

/// One tag or note in the outline. 16 bytes: a 100 MB file holds ~1.5 M of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Char offset in the plain text where the tag's text starts (a note's position).
    pub start: u32,
    /// End (exclusive) of the tag's text; equal to `start` for notes and empty tags.
    pub end: u32,
    /// How many tags enclose this item.
    pub depth: u32,
    /// The role id, or `NOTE | arena index`.
    pub(crate) kind: u32,
}

impl Item {
    pub fn tag(role: RoleId, start: usize, end: usize, depth: u32) -> Item {
        Item {
            start: start as u32,
            end: end as u32,
            depth,
            kind: role as u32,
        }
    }

    pub(crate) fn note(pos: usize, depth: u32, arena_index: usize) -> Item {
        Item {
            start: pos as u32,
            end: pos as u32,
            depth,
            kind: NOTE | arena_index as u32,
        }
    }

    /// The role of a tag; `None` for a note.
    pub fn role(&self) -> Option<RoleId> {
        (self.kind & NOTE == 0).then_some(self.kind as RoleId)
    }

    pub fn is_note(&self) -> bool {
        self.kind & NOTE != 0
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub(crate) fn with_role(mut self, role: RoleId) -> Item {
        self.kind = role as u32;
        self
    }

    pub(crate) fn note_index(&self) -> usize {
        (self.kind & !NOTE) as usize
    }
}

/// A tag as the outside world sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub role: RoleId,
    pub start: usize,
    pub end: usize,
}

/// A note as the outside world sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note<'a> {
    pub pos: usize,
    pub text: &'a str,
}

/// Text + tags + notes + what the parser had to say about them.
#[derive(Debug, Clone)]
pub struct Document {
    pub scheme: Scheme,
    /// The plain text: the file with every markup character and note removed.
    pub text: Rope,
    /// Whether the file started with a byte-order mark (kept out of the text, restored on save).
    pub bom: bool,
    pub(crate) items: Vec<Item>,
    pub(crate) note_texts: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// An empty document under `scheme`.
    pub fn empty(scheme: Scheme) -> Document {
        Document {
            scheme,
            text: Rope::new(),
            bom: false,
            items: Vec::new(),
            note_texts: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Becomes `new` (a re-parse after a text fix or a reload) while keeping the note arena
    /// growing only, so that splices recorded earlier (undo history) still find their notes.
    pub fn replace_with(&mut self, new: Document) {
        let offset = self.note_texts.len() as u32;
        self.note_texts.extend(new.note_texts);
        self.items = new
            .items
            .into_iter()
            .map(|mut it| {
                if it.is_note() {
                    it.kind += offset;
                }
                it
            })
            .collect();
        self.text = new.text;
        self.bom = new.bom;
        self.diagnostics = new.diagnostics;
    }

    /// Appends the document of the lines that follow this one's (`parse_part` of the next run
    /// of lines): its text after this text, its items and notes shifted past it, its
    /// diagnostics' plain offsets too (their lines and bytes are already the file's).
    /// The rope is joined, not copied.
    pub fn append(&mut self, other: Document) {
        let base = self.text.len_chars() as u32;
        let notes = self.note_texts.len() as u32;
        self.note_texts.extend(other.note_texts);
        self.items.extend(other.items.into_iter().map(|mut it| {
            it.start += base;
            it.end += base;
            if it.is_note() {
                it.kind += notes;
            }
            it
        }));
        self.diagnostics
            .extend(other.diagnostics.into_iter().map(|mut d| {
                d.offset += base as usize;
                d
            }));
        self.text.append(other.text);
    }

    /// How many diagnostics the parser found: those kept, and those their lines counted but
    /// did not keep (`Diagnostic::more_on_line`).
    pub fn diagnostic_count(&self) -> usize {
        self.diagnostics
            .iter()
            .map(|d| 1 + d.more_on_line.map_or(0, |more| more.total()))
            .sum()
    }

    /// All tags and notes in pre-order.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn note_text(&self, item: &Item) -> &str {
        if item.is_note() {
            &self.note_texts[item.note_index()]
        } else {
            ""
        }
    }

    pub(crate) fn push_note_text(&mut self, text: String) -> usize {
        self.note_texts.push(text);
        self.note_texts.len() - 1
    }

    /// Every tag in pre-order.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        self.items.iter().filter_map(|it| {
            it.role().map(|role| Span {
                role,
                start: it.start as usize,
                end: it.end as usize,
            })
        })
    }

    /// Every note in order.
    pub fn notes(&self) -> impl Iterator<Item = Note<'_>> + '_ {
        self.items.iter().filter(|it| it.is_note()).map(|it| Note {
            pos: it.start as usize,
            text: &self.note_texts[it.note_index()],
        })
    }

    pub fn span_count(&self) -> usize {
        self.items.iter().filter(|it| !it.is_note()).count()
    }

    /// The plain text of a tag.
    pub fn span_text(&self, span: &Span) -> String {
        self.text.slice(span.start..span.end).to_string()
    }

    /// Index of the first item whose start is `>= pos`.
    pub fn first_item_at_or_after(&self, pos: usize) -> usize {
        self.items.partition_point(|it| (it.start as usize) < pos)
    }

    /// Indices of the tags that cover char `pos` (start <= pos < end), outermost first.
    /// O(log n) to find the place, then a walk that never leaves the line.
    pub fn covering(&self, pos: usize) -> Vec<usize> {
        let mut out = self.chain_before(self.items.partition_point(|it| it.start as usize <= pos));
        out.retain(|&i| {
            let it = &self.items[i];
            !it.is_note() && (it.start as usize) <= pos && pos < it.end as usize
        });
        out
    }

    /// Item `end - 1` and its ancestors (outermost first); empty if `end == 0`.
    pub(crate) fn chain_before(&self, end: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut want = u32::MAX;
        for i in (0..end).rev() {
            let d = self.items[i].depth;
            if d < want {
                chain.push(i);
                want = d;
                if d == 0 {
                    break;
                }
            }
        }
        chain.reverse();
        chain
    }

    /// Indices of the items overlapping the char range `[a, b)` (tags covering `a`, then every
    /// item starting in `[a, b)`), in pre-order: what a screen showing `[a, b)` must draw.
    pub fn items_in(&self, a: usize, b: usize) -> Vec<usize> {
        let first = self.first_item_at_or_after(a);
        let mut out: Vec<usize> = self
            .chain_before(first)
            .into_iter()
            .filter(|&i| (self.items[i].end as usize) > a)
            .collect();
        let mut i = first;
        while i < self.items.len() && (self.items[i].start as usize) < b {
            out.push(i);
            i += 1;
        }
        out
    }

    /// Tags overlapping `[a, b)`.
    pub fn spans_in(&self, a: usize, b: usize) -> Vec<Span> {
        self.items_in(a, b)
            .into_iter()
            .filter_map(|i| {
                let it = &self.items[i];
                it.role().map(|role| Span {
                    role,
                    start: it.start as usize,
                    end: it.end as usize,
                })
            })
            .collect()
    }

    /// The end of item `i`'s subtree (exclusive index).
    pub fn subtree_end(&self, i: usize) -> usize {
        let d = self.items[i].depth;
        let mut j = i + 1;
        while j < self.items.len() && self.items[j].depth > d {
            j += 1;
        }
        j
    }

    /// Index of the tag exactly matching `span`, if any.
    pub fn find_span(&self, span: &Span) -> Option<usize> {
        let mut i = self.first_item_at_or_after(span.start);
        while i < self.items.len() && self.items[i].start as usize == span.start {
            let it = &self.items[i];
            if it.role() == Some(span.role) && it.end as usize == span.end {
                return Some(i);
            }
            i += 1;
        }
        None
    }

    /// Replaces `items[at..at + remove]` with `insert`; returns what was removed.
    /// The caller keeps the outline valid and the diagnostics current (`Splice::apply` does
    /// both); `doc::History` records splices for undo.
    pub(crate) fn splice_items(&mut self, at: usize, remove: usize, insert: &[Item]) -> Vec<Item> {
        self.items
            .splice(at..at + remove, insert.iter().copied())
            .collect()
    }

    /// The last place the cursor can rest: the end of the text, or the final line break when
    /// the text ends with one. A final line break ends the last line; it does not start an
    /// empty one (as vim and `wc -l` count: `a\n` is one line).
    pub fn content_end(&self) -> usize {
        let len = self.text.len_chars();
        if len == 0 || self.text.char(len - 1) != '\n' {
            return len;
        }
        if len >= 2 && self.text.char(len - 2) == '\r' {
            len - 2
        } else {
            len - 1
        }
    }

    /// The number of lines as the annotator counts them (see `content_end`): at least one.
    pub fn line_count(&self) -> usize {
        self.text.char_to_line(self.content_end()) + 1
    }

    /// Char range of the source line holding char `pos` (line break included).
    pub fn line_range_of(&self, pos: usize) -> std::ops::Range<usize> {
        let pos = pos.min(self.text.len_chars());
        let line = self.text.char_to_line(pos);
        let start = self.text.line_to_char(line);
        let end = if line + 1 < self.text.len_lines() {
            self.text.line_to_char(line + 1)
        } else {
            self.text.len_chars()
        };
        start..end
    }

    /// Item index range of the items on the line `[ls, le)`; `last` says whether it is the
    /// last line (whose items may sit at the very end of the text).
    pub(crate) fn item_range_of_line(&self, ls: usize, le: usize) -> std::ops::Range<usize> {
        let a = self.first_item_at_or_after(ls);
        let b = if le >= self.text.len_chars() {
            self.items.len()
        } else {
            self.first_item_at_or_after(le)
        };
        a..b
    }
}
