//! Changes to a document's tags and notes. The text itself is never edited here.
//!
//! Every change is a `Splice` of the outline (replace a run of items with another), so undo is
//! the reverse splice and nothing else moves in the saved file. Every change is checked by
//! re-reading its line; one that would read back differently is undone and refused.

use super::document::{Document, Item};
use super::parse::line_diagnostics;
use super::serialize::{line_reads_back, serialize_line};
use crate::scheme::RoleId;
use std::fmt;

/// One outline replacement: `items[at..at + removed.len()]` became `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: Vec<Item>,
    pub inserted: Vec<Item>,
}

impl Splice {
    pub fn apply(&self, doc: &mut Document) {
        splice(doc, self.at, self.removed.len(), &self.inserted);
    }

    pub fn revert(&self, doc: &mut Document) {
        splice(doc, self.at, self.inserted.len(), &self.removed);
    }
}

/// Replaces `items[at..at + remove]` with `insert` and re-diagnoses the line it touched;
/// returns what was removed.
fn splice(doc: &mut Document, at: usize, remove: usize, insert: &[Item]) -> Vec<Item> {
    let removed = doc.splice_items(at, remove, insert);
    if let Some(first) = insert.first().or(removed.first()) {
        rediagnose_line_at(doc, first.start as usize);
    }
    removed
}

/// Recomputes the diagnostics of the line holding `pos` (tags never leave their line, so an
/// edit can only change its own line's findings). Fix offsets become line-relative here;
/// the editor re-derives fixes from the whole file before applying one.
fn rediagnose_line_at(doc: &mut Document, pos: usize) {
    let line = doc.text.char_to_line(pos.min(doc.text.len_chars()));
    let ls = doc.text.line_to_char(line);
    let markup = serialize_line(doc, line);
    let fresh = line_diagnostics(&markup, &doc.scheme, line + 1, ls);
    let a = doc.diagnostics.partition_point(|d| d.line < line + 1);
    let b = doc.diagnostics.partition_point(|d| d.line <= line + 1);
    doc.diagnostics.splice(a..b, fresh);
}

/// Why a change was refused, in words for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    EmptySelection,
    SpansLines,
    HoldsDelimiter(char),
    Crosses {
        role: String,
        start: usize,
        end: usize,
    },
    NoSuchItem,
    BadNote(String),
    WouldNotReadBack,
    OutOfRange,
    /// A replayed rewrite would change the policy text itself, not only its markup.
    TextWouldChange,
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::EmptySelection => write!(f, "nothing to tag: the selection is empty"),
            EditError::SpansLines => write!(f, "a tag cannot span lines (SPEC rule 3)"),
            EditError::HoldsDelimiter(c) => write!(
                f,
                "the text holds a literal '{c}': a tag around it would not read back (SPEC: no escapes)"
            ),
            EditError::Crosses { role, .. } => write!(
                f,
                "the selection crosses the boundary of a {role} tag: tags may nest but never cross (SPEC rule 4)"
            ),
            EditError::NoSuchItem => write!(f, "no tag here"),
            EditError::BadNote(why) => write!(f, "{why}"),
            EditError::WouldNotReadBack => write!(
                f,
                "refused: the line would read back differently (literal delimiters would pair up)"
            ),
            EditError::OutOfRange => write!(f, "position is outside the text"),
            EditError::TextWouldChange => write!(f, "refused: it would change the policy text"),
        }
    }
}

impl std::error::Error for EditError {}

impl Document {
    /// Tags `[a, b)` with `role`. Nesting is allowed; crossing, spanning lines and literal
    /// delimiters inside are refused. Over an existing tag with the same range, the new tag
    /// goes inside.
    pub fn tag(&mut self, role: RoleId, a: usize, b: usize) -> Result<Splice, EditError> {
        if a >= b {
            return Err(EditError::EmptySelection);
        }
        if b > self.text.len_chars() {
            return Err(EditError::OutOfRange);
        }
        for c in self.text.slice(a..b).chars() {
            if c == '\n' || c == '\r' {
                return Err(EditError::SpansLines);
            }
            if self.scheme.is_delimiter(c) {
                return Err(EditError::HoldsDelimiter(c));
            }
        }
        let after_a = self.items.partition_point(|it| it.start as usize <= a);
        let chain = self.chain_before(after_a);
        for &i in &chain {
            let it = self.items[i];
            if !it.is_note()
                && (it.start as usize) < a
                && a < it.end as usize
                && (it.end as usize) < b
            {
                return Err(self.crosses(&it));
            }
        }
        let mut i = after_a;
        while i < self.items.len() && (self.items[i].start as usize) < b {
            let it = self.items[i];
            if !it.is_note() && it.end as usize > b {
                return Err(self.crosses(&it));
            }
            i += 1;
        }
        let parent = chain.iter().rev().copied().find(|&i| {
            let it = self.items[i];
            !it.is_note() && it.start as usize <= a && it.end as usize >= b
        });
        let depth = parent.map_or(0, |p| self.items[p].depth + 1);

        let mut k = self.items.partition_point(|it| (it.start as usize) < a);
        while k < self.items.len() {
            let it = self.items[k];
            let starts_inside = it.start as usize == a && it.depth == depth && it.end > it.start;
            if it.start as usize != a || starts_inside {
                break;
            }
            k += 1;
        }
        let mut m = k;
        while m < self.items.len() {
            let it = self.items[m];
            let (s, e) = (it.start as usize, it.end as usize);
            let inside = if it.depth > depth {
                true
            } else if it.depth == depth {
                if s < e {
                    s >= a && e <= b
                } else {
                    a < s && s < b
                }
            } else {
                false
            };
            if !inside {
                break;
            }
            m += 1;
        }
        let mut inserted = Vec::with_capacity(m - k + 1);
        inserted.push(Item::tag(role, a, b, depth));
        inserted.extend(self.items[k..m].iter().map(|it| Item {
            depth: it.depth + 1,
            ..*it
        }));
        self.checked(
            Splice {
                at: k,
                removed: self.items[k..m].to_vec(),
                inserted,
            },
            a,
        )
    }

    /// Removes the tag at item index `i`; its text and anything inside it stay.
    pub fn untag(&mut self, i: usize) -> Result<Splice, EditError> {
        let it = *self.items.get(i).ok_or(EditError::NoSuchItem)?;
        if it.is_note() {
            return Err(EditError::NoSuchItem);
        }
        let end = self.subtree_end(i);
        let inserted = self.items[i + 1..end]
            .iter()
            .map(|c| Item {
                depth: c.depth - 1,
                ..*c
            })
            .collect();
        self.checked(
            Splice {
                at: i,
                removed: self.items[i..end].to_vec(),
                inserted,
            },
            it.start as usize,
        )
    }

    /// Gives the tag at item index `i` another role.
    pub fn retag(&mut self, i: usize, role: RoleId) -> Result<Splice, EditError> {
        let it = *self.items.get(i).ok_or(EditError::NoSuchItem)?;
        if it.is_note() {
            return Err(EditError::NoSuchItem);
        }
        self.checked(
            Splice {
                at: i,
                removed: vec![it],
                inserted: vec![it.with_role(role)],
            },
            it.start as usize,
        )
    }

    /// Adds a note at char `pos`: after tags that end there, before tags that start there.
    pub fn add_note(&mut self, pos: usize, text: &str) -> Result<Splice, EditError> {
        self.check_note_text(text)?;
        if pos > self.text.len_chars() {
            return Err(EditError::OutOfRange);
        }
        let before = self.items.partition_point(|it| (it.start as usize) < pos);
        let parent = self.chain_before(before).into_iter().rev().find(|&i| {
            let it = self.items[i];
            !it.is_note() && (it.start as usize) < pos && pos < it.end as usize
        });
        let depth = parent.map_or(0, |p| self.items[p].depth + 1);
        let mut k = before;
        while k < self.items.len() {
            let it = self.items[k];
            if it.start as usize != pos || it.end != it.start {
                break;
            }
            k += 1;
        }
        let idx = self.push_note_text(text.to_string());
        self.checked(
            Splice {
                at: k,
                removed: vec![],
                inserted: vec![Item::note(pos, depth, idx)],
            },
            pos,
        )
    }

    /// Replaces the text of the note at item index `i` (an empty text removes the note).
    pub fn set_note(&mut self, i: usize, text: &str) -> Result<Splice, EditError> {
        let it = *self.items.get(i).ok_or(EditError::NoSuchItem)?;
        if !it.is_note() {
            return Err(EditError::NoSuchItem);
        }
        let inserted = if text.is_empty() {
            vec![]
        } else {
            self.check_note_text(text)?;
            let idx = self.push_note_text(text.to_string());
            vec![Item::note(it.start as usize, it.depth, idx)]
        };
        self.checked(
            Splice {
                at: i,
                removed: vec![it],
                inserted,
            },
            it.start as usize,
        )
    }

    fn check_note_text(&self, text: &str) -> Result<(), EditError> {
        if text.is_empty() {
            return Err(EditError::BadNote("a note cannot be empty".into()));
        }
        if let Some(c) = text
            .chars()
            .find(|&c| c == self.scheme.note || c == '\n' || c == '\r')
        {
            return Err(EditError::BadNote(format!(
                "a note cannot hold {c:?}: it would end the note early (SPEC rule 5)"
            )));
        }
        Ok(())
    }

    fn crosses(&self, it: &Item) -> EditError {
        EditError::Crosses {
            role: it
                .role()
                .map(|r| self.scheme.role(r).name.clone())
                .unwrap_or_default(),
            start: it.start as usize,
            end: it.end as usize,
        }
    }

    /// Applies `splice`, keeps it if its line reads back the same, else reverts and refuses.
    fn checked(&mut self, splice: Splice, pos: usize) -> Result<Splice, EditError> {
        splice.apply(self);
        let line = self.text.char_to_line(pos.min(self.text.len_chars()));
        if line_reads_back(self, line) {
            Ok(splice)
        } else {
            splice.revert(self);
            Err(EditError::WouldNotReadBack)
        }
    }
}

/// An item in a form that can be written down (recovery journals) and read back.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemRecord {
    pub start: u32,
    pub end: u32,
    pub depth: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<RoleId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A splice written down.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpliceRecord {
    pub at: usize,
    pub removed: Vec<ItemRecord>,
    pub inserted: Vec<ItemRecord>,
}

impl Document {
    pub fn item_record(&self, it: &Item) -> ItemRecord {
        ItemRecord {
            start: it.start,
            end: it.end,
            depth: it.depth,
            role: it.role(),
            note: it.is_note().then(|| self.note_text(it).to_string()),
        }
    }

    pub fn item_from_record(&mut self, r: &ItemRecord) -> Item {
        match &r.note {
            Some(text) => {
                let idx = self.push_note_text(text.clone());
                Item::note(r.start as usize, r.depth, idx)
            }
            None => Item::tag(
                r.role.unwrap_or(0),
                r.start as usize,
                r.end as usize,
                r.depth,
            ),
        }
    }
}

impl Splice {
    pub fn to_record(&self, doc: &Document) -> SpliceRecord {
        SpliceRecord {
            at: self.at,
            removed: self.removed.iter().map(|i| doc.item_record(i)).collect(),
            inserted: self.inserted.iter().map(|i| doc.item_record(i)).collect(),
        }
    }

    /// Rebuilds a splice from its record; checks that it fits the document as it stands and that
    /// every item it inserts is possible (a known role, inside the text). A record is untrusted
    /// input (a journal on disk): nothing in it may panic or reach past the document.
    pub fn from_record(r: &SpliceRecord, doc: &mut Document) -> Result<Splice, EditError> {
        let len = doc.text.len_chars();
        let roles = doc.scheme.roles.len();
        let possible = |x: &ItemRecord| {
            x.start <= x.end
                && (x.end as usize) <= len
                && match (&x.note, x.role) {
                    (Some(_), _) => x.start == x.end,
                    (None, Some(role)) => (role as usize) < roles,
                    (None, None) => false,
                }
        };
        if !r.inserted.iter().all(possible) {
            return Err(EditError::OutOfRange);
        }
        let end =
            r.at.checked_add(r.removed.len())
                .filter(|&e| e <= doc.items.len())
                .ok_or(EditError::NoSuchItem)?;
        let fits = doc.items[r.at..end]
            .iter()
            .zip(&r.removed)
            .all(|(a, b)| doc.item_record(a) == *b);
        if !fits {
            return Err(EditError::NoSuchItem);
        }
        // Positions must stay in pre-order: sorted by start around and inside the splice.
        let before = r.at.checked_sub(1).map(|i| doc.items[i].start);
        let after = doc.items.get(end).map(|it| it.start);
        let starts: Vec<u32> = before
            .into_iter()
            .chain(r.inserted.iter().map(|x| x.start))
            .chain(after)
            .collect();
        if starts.windows(2).any(|w| w[0] > w[1]) {
            return Err(EditError::OutOfRange);
        }
        let removed: Vec<Item> = r.removed.iter().map(|x| doc.item_from_record(x)).collect();
        let inserted: Vec<Item> = r.inserted.iter().map(|x| doc.item_from_record(x)).collect();
        Ok(Splice {
            at: r.at,
            removed,
            inserted,
        })
    }
}
