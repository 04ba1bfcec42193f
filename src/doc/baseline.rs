//! What the file held when it was loaded or last saved, kept as its outline only (16 bytes a
//! tag and the note texts; no second copy of the text): the base of the three-way merge when
//! the file changed on disk behind our back. And the edits that turn one annotation of a text
//! into another, so such a merge (or a review) is one undo step through `Buffer::apply`.

use super::Edit;
use crate::markup::{Document, Item, serialize_unchecked};
use crate::scheme::RoleId;
use std::collections::HashMap;

/// A document's tags and notes at one moment, for the text as it was then.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    items: Vec<Item>,
    notes: Vec<String>,
    /// `Buffer::text_revision` when taken: the outline fits the text only while it is unchanged.
    text_revision: u64,
}

impl Baseline {
    /// The outline of `doc` as it is now (its text at `text_revision`).
    pub fn of(doc: &Document, text_revision: u64) -> Baseline {
        let mut notes = Vec::new();
        let items = doc
            .items()
            .iter()
            .map(|it| {
                if it.is_note() {
                    notes.push(doc.note_text(it).to_string());
                    Item::note(it.start as usize, it.depth, notes.len() - 1)
                } else {
                    *it
                }
            })
            .collect();
        Baseline {
            items,
            notes,
            text_revision,
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
        let at = at as u32;
        for it in part.items() {
            let mut moved = *it;
            if it.is_note() {
                self.notes.push(part.note_text(it).to_string());
                moved = Item::note(it.start as usize, it.depth, self.notes.len() - 1);
            }
            moved.start += at;
            moved.end += at;
            self.items.push(moved);
        }
        self.text_revision = text_revision;
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
            items: self.items.clone(),
            note_texts: self.notes.clone(),
            diagnostics: Vec::new(),
        };
        serialize_unchecked(&base)
    }
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
