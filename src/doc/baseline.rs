//! What the file held when it was loaded or last saved, kept as its outline only (16 bytes a
//! tag and the note texts; no second copy of the text): the base of the three-way merge when
//! the file changed on disk behind our back. And the edits that turn one annotation of a text
//! into another, so such a merge (or a review) is one undo step through `Buffer::apply`.

use super::Edit;
use crate::markup::{Document, Item, serialize_unchecked};
use crate::scheme::RoleId;
use std::collections::HashMap;

/// A document's tags and notes at one moment, for the text as it was then. The outline is
/// kept packed (`PackedItems`, ~5 bytes a tag instead of 16): it is read back only for a merge,
/// and a 100 MB file holds ~400 K tags.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    items: PackedItems,
    notes: Vec<String>,
    /// `Buffer::text_revision` when taken: the outline fits the text only while it is unchanged.
    text_revision: u64,
}

impl Baseline {
    /// The outline of `doc` as it is now (its text at `text_revision`).
    pub fn of(doc: &Document, text_revision: u64) -> Baseline {
        let mut base = Baseline {
            text_revision,
            ..Baseline::default()
        };
        base.push_all(doc, 0);
        base.items.bytes.shrink_to_fit();
        base
    }

    fn push_all(&mut self, part: &Document, at: u32) {
        for it in part.items() {
            if it.is_note() {
                self.notes.push(part.note_text(it).to_string());
            }
            self.items.push(it, at);
        }
    }

    /// Adds the outline of `part`, a piece of the file joined `at` chars into the text this
    /// outline covers (a lazily opened file's later pieces are the file as loaded, untouched),
    /// and keeps fitting the text, now at `text_revision` (one past the revision it fitted:
    /// several pieces joined at once all extend it). An outline that no longer fitted (a text
    /// fix while loading) stays unfitting.
    pub fn extend(&mut self, part: &Document, at: usize, text_revision: u64) {
        if self.text_revision + 1 != text_revision && self.text_revision != text_revision {
            return;
        }
        self.push_all(part, at as u32);
        self.text_revision = text_revision;
    }

    /// Gives back the room kept for more pieces (once a file is whole).
    pub fn shrink_to_fit(&mut self) {
        self.items.bytes.shrink_to_fit();
        self.notes.shrink_to_fit();
    }

    /// Whether the outline still fits a buffer whose text is at `text_revision`.
    pub fn fits(&self, text_revision: u64) -> bool {
        self.text_revision == text_revision
    }

    /// The markup the file held: this outline over `doc`'s text (which must be the same text).
    pub fn markup(&self, doc: &Document) -> String {
        let base = Document {
            scheme: doc.scheme.clone(),
            text: doc.text.clone(),
            bom: doc.bom,
            items: self.items.unpack(),
            note_texts: self.notes.clone(),
            diagnostics: Vec::new(),
        };
        serialize_unchecked(&base)
    }
}

/// Items in pre-order, each as four LEB128 numbers: its start minus the one before (zigzag:
/// any order round-trips), its length (wrapping), its depth, and its kind (0 a note, whose
/// arena index is its rank among the notes; else role + 1).
#[derive(Debug, Clone, Default)]
struct PackedItems {
    bytes: Vec<u8>,
    last_start: u32,
}

impl PackedItems {
    /// Appends `it` moved `at` chars on.
    fn push(&mut self, it: &Item, at: u32) {
        let start = it.start.wrapping_add(at);
        let delta = start.wrapping_sub(self.last_start) as i32;
        self.last_start = start;
        put(&mut self.bytes, ((delta << 1) ^ (delta >> 31)) as u32);
        put(&mut self.bytes, it.end.wrapping_sub(it.start));
        put(&mut self.bytes, it.depth);
        put(&mut self.bytes, it.role().map_or(0, |r| r as u32 + 1));
    }

    fn unpack(&self) -> Vec<Item> {
        let (mut out, mut at, mut start, mut notes) = (Vec::new(), 0, 0u32, 0);
        while at < self.bytes.len() {
            let zigzag = take(&self.bytes, &mut at);
            start = start.wrapping_add(((zigzag >> 1) as i32 ^ -((zigzag & 1) as i32)) as u32);
            let end = start.wrapping_add(take(&self.bytes, &mut at));
            let depth = take(&self.bytes, &mut at);
            let item = match take(&self.bytes, &mut at) {
                0 => {
                    notes += 1;
                    Item::note(start as usize, depth, notes - 1)
                }
                role => Item::tag((role - 1) as RoleId, start as usize, end as usize, depth),
            };
            out.push(item);
        }
        out
    }
}

fn put(bytes: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

fn take(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    for shift in (0..35).step_by(7) {
        let b = bytes[*at];
        *at += 1;
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
    }
    n
}

#[derive(Hash, PartialEq, Eq)]
enum ItemKey<'a> {
    Tag(u32, u32, RoleId),
    Note(u32, &'a str),
}

fn key<'a>(doc: &'a Document, it: &Item) -> ItemKey<'a> {
    match it.role() {
        Some(r) => ItemKey::Tag(it.start, it.end, r),
        None => ItemKey::Note(it.start, doc.note_text(it)),
    }
}

/// The edits that turn `from`'s tags and notes into `to`'s (both over the same text): what
/// `to` lacks is removed (last item first, so earlier indices hold), then what `from` lacks is
/// added, outer tags before inner ones.
pub fn edits_toward(from: &Document, to: &Document) -> Vec<Edit> {
    let mut wanted: HashMap<ItemKey<'_>, usize> = HashMap::new();
    for it in to.items() {
        *wanted.entry(key(to, it)).or_default() += 1;
    }
    let mut removed = Vec::new();
    for (i, it) in from.items().iter().enumerate() {
        match wanted.get_mut(&key(from, it)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => removed.push(i),
        }
    }
    let mut edits: Vec<Edit> = removed
        .into_iter()
        .rev()
        .map(|i| {
            if from.items()[i].is_note() {
                Edit::SetNote {
                    item: i,
                    text: String::new(),
                }
            } else {
                Edit::Untag { item: i }
            }
        })
        .collect();
    for it in to.items() {
        let Some(n) = wanted.get_mut(&key(to, it)).filter(|n| **n > 0) else {
            continue;
        };
        *n -= 1;
        edits.push(match it.role() {
            Some(role) => Edit::Tag {
                role,
                start: it.start as usize,
                end: it.end as usize,
            },
            None => Edit::AddNote {
                pos: it.start as usize,
                text: to.note_text(it).to_string(),
            },
        });
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Buffer, OnRefusal};
    use crate::markup::parse;
    use crate::scheme::Scheme;

    #[test]
    fn a_baseline_gives_back_the_markup_it_was_taken_from() {
        let s = Scheme::default();
        let src = "(我们)会[收集]<手机#号#码>用于{创建账户}。\n第二行#注#。";
        let mut b = Buffer::from_markup(src, &s, None, "t".into());
        let base = Baseline::of(&b.doc, b.text_revision);
        b.apply(&[Edit::Untag { item: 0 }], OnRefusal::RollBack, 0, 0)
            .unwrap();
        assert!(base.fits(b.text_revision));
        assert_eq!(base.markup(&b.doc), src);
    }

    proptest::proptest! {
        /// The packed outline gives back every item exactly, taken whole or piece by piece
        /// (each piece's items shifted past the text before it, as a lazy load joins them).
        #[test]
        fn a_packed_outline_is_the_outline(src in crate::test_inputs::markup_like()) {
            let s = Scheme::default();
            let doc = parse(&src, &s);
            let whole = Baseline::of(&doc, 3);
            proptest::prop_assert_eq!(whole.items.unpack(), doc.items().to_vec());
            proptest::prop_assert_eq!(whole.markup(&doc), serialize_unchecked(&doc));
            let mut pieces = Baseline::of(&Document::empty(s.clone()), 0);
            let (mut at, mut line_start) = (0, crate::markup::LineStart::FILE);
            for (i, line) in src.split_inclusive('\n').enumerate() {
                let part = crate::markup::parse_part(line, &s, line_start);
                pieces.extend(&part, at, i as u64 + 1);
                at += part.text.len_chars();
                line_start.line_no += 1;
                line_start.byte += line.len();
            }
            proptest::prop_assert_eq!(pieces.items.unpack(), doc.items().to_vec());
            proptest::prop_assert_eq!(pieces.notes, whole.notes);
        }
    }

    #[test]
    fn edits_toward_reach_the_other_annotation_in_one_step() {
        let s = Scheme::default();
        let from = "(我们)会[收集]<手机号码>#旧#用于创建账户。\n<设备>信息";
        let to = "我们会[收集]<{手机号码}>#新#用于{创建账户}。\n<设备>信息#另#";
        let mut b = Buffer::from_markup(from, &s, None, "t".into());
        let edits = edits_toward(&b.doc, &parse(to, &s));
        assert_eq!(edits.len(), 6, "{edits:?}");
        b.apply(&edits, OnRefusal::RollBack, 0, 0).unwrap();
        assert_eq!(serialize_unchecked(&b.doc), to);
        b.undo();
        assert_eq!(serialize_unchecked(&b.doc), from);
    }
}
