//! The tree of tags and notes. The exchange formats list tags and notes flat; most trees are
//! the default arrangement of those lists (`arrange`), so only the others carry an `outline`.

use super::ImportError;
use crate::markup::{Document, Item, serialize};
use crate::scheme::{RoleId, Scheme};
use ropey::Rope;
use serde::{Deserialize, Serialize};

/// What an outline entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Label,
    Note,
}

/// The tree of tags and notes in file order: `(kind, index into label or notes, depth)`.
pub type Outline = Vec<(Kind, usize, u32)>;

/// Which tags an export keeps (notes are always kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every tag, empty ones included: formats that hold nesting.
    All,
    /// The outermost non-empty tags (BIO's `--nested outer`).
    Outer,
    /// The innermost non-empty tags: those with no non-empty tag inside (`--nested inner`).
    Inner,
}

/// Tags and notes as export lists them.
pub struct Layout {
    /// `(start, end, role id)` sorted by (start, end), outer first on equal ranges.
    pub spans: Vec<(usize, usize, RoleId)>,
    /// For each span, the index of its item in the document (to locate it in the file).
    pub span_items: Vec<usize>,
    pub notes: Vec<(usize, String)>,
    pub outline: Option<Outline>,
    /// Items of the non-empty tags left out by `Keep::Outer` / `Keep::Inner`, in file order.
    pub dropped: Vec<usize>,
    /// Items of the empty tags left out by `Keep::Outer` / `Keep::Inner`, in file order.
    pub dropped_empty: Vec<usize>,
}

impl Layout {
    pub fn labels(&self, doc: &Document) -> Vec<(usize, usize, String)> {
        self.spans
            .iter()
            .map(|&(s, e, r)| (s, e, doc.scheme.role(r).name.clone()))
            .collect()
    }
}

/// Whether each tag item of `doc` has a non-empty tag inside it.
fn has_nonempty_child(doc: &Document) -> Vec<bool> {
    let items = doc.items();
    let mut out = vec![false; items.len()];
    // Open tags, innermost last: (depth, item index).
    let mut open: Vec<(u32, usize)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        while open.last().is_some_and(|&(d, _)| d >= it.depth) {
            open.pop();
        }
        if it.role().is_some() && it.end > it.start {
            if let Some(&(_, parent)) = open.last() {
                out[parent] = true;
            }
            open.push((it.depth, i));
        }
    }
    out
}

/// Lists the tags and notes of `doc` that `keep` keeps and, if `arrange` would not rebuild
/// the same tree from those lists, the tree itself. A kept item's depth counts only the kept
/// tags around it, so notes inside a dropped tag sit in the kept one around it, if any.
pub fn layout(doc: &Document, keep: Keep) -> Layout {
    let inner = match keep {
        Keep::Inner => has_nonempty_child(doc),
        _ => Vec::new(),
    };
    // (kind, index in its list, depth) in file order; label indices are fixed up after sorting.
    let mut tree: Vec<(Kind, usize, u32)> = Vec::with_capacity(doc.items().len());
    let mut spans: Vec<(usize, usize, RoleId)> = Vec::new();
    let mut span_items: Vec<usize> = Vec::new();
    let mut notes: Vec<(usize, String)> = Vec::new();
    let (mut dropped, mut dropped_empty) = (Vec::new(), Vec::new());
    // Open tags around the current item, innermost last: (depth in the file, kept).
    let mut open: Vec<(u32, bool)> = Vec::new();
    for (i, it) in doc.items().iter().enumerate() {
        while open.last().is_some_and(|&(d, _)| d >= it.depth) {
            open.pop();
        }
        let depth = open.iter().filter(|o| o.1).count() as u32;
        match it.role() {
            None => {
                tree.push((Kind::Note, notes.len(), depth));
                notes.push((it.start as usize, doc.note_text(it).to_string()));
            }
            Some(role) => {
                let nonempty = it.end > it.start;
                let kept = match keep {
                    Keep::All => true,
                    Keep::Outer => nonempty && it.depth == 0,
                    Keep::Inner => nonempty && !inner[i],
                };
                open.push((it.depth, kept));
                if !kept {
                    if nonempty {
                        dropped.push(i);
                    } else {
                        dropped_empty.push(i);
                    }
                    continue;
                }
                tree.push((Kind::Label, spans.len(), depth));
                spans.push((it.start as usize, it.end as usize, role));
                span_items.push(i);
            }
        }
    }
    // Sort the labels by (start, end); stable, so equal ranges keep file order (outer first).
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, spans[i].1));
    let mut rank = vec![0; spans.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    let spans: Vec<_> = order.iter().map(|&i| spans[i]).collect();
    let span_items: Vec<_> = order.iter().map(|&i| span_items[i]).collect();
    for entry in &mut tree {
        if entry.0 == Kind::Label {
            entry.1 = rank[entry.1];
        }
    }
    let ranges: Vec<(usize, usize)> = spans.iter().map(|&(s, e, _)| (s, e)).collect();
    let positions: Vec<usize> = notes.iter().map(|n| n.0).collect();
    let outline = match arrange(&ranges, &positions) {
        Ok(default) if default == tree => None,
        _ => Some(tree),
    };
    Layout {
        spans,
        span_items,
        notes,
        outline,
        dropped,
        dropped_empty,
    }
}

/// Line and column (1-based, in chars) in the markup file of item `i`'s first character: a
/// tag's opening delimiter, a note's first `#`.
pub fn item_position(doc: &Document, i: usize) -> (usize, usize) {
    let items = doc.items();
    let start = items[i].start as usize;
    let line = doc.text.char_to_line(start);
    let line_start = doc.text.line_to_char(line);
    let ancestors = doc.chain_before(i + 1);
    let mut col = start - line_start;
    for (j, it) in items
        .iter()
        .enumerate()
        .take(i)
        .skip(doc.first_item_at_or_after(line_start))
    {
        if it.is_note() {
            col += doc.note_text(it).chars().count() + 2;
        } else {
            col += 1;
            if it.end as usize <= start && !ancestors.contains(&j) {
                col += 1;
            }
        }
    }
    (line + 1, col + 1)
}

/// The default tree of spans and notes: by start; at one position notes and empty tags come
/// before (outside) the tags that start there and after (outside) those that end there; a
/// longer tag encloses a shorter one; on equal ranges the earlier label encloses the later.
/// `spans` are (start, end) sorted by (start, end), as export lists them. Fails if two spans
/// cross.
pub fn arrange(spans: &[(usize, usize)], notes: &[usize]) -> Result<Outline, ImportError> {
    // (start, nonempty, end descending, notes before empty tags, index)
    let mut order: Vec<(usize, bool, std::cmp::Reverse<usize>, Kind, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| (s, e > s, std::cmp::Reverse(e), Kind::Label, i))
        .chain(
            notes
                .iter()
                .enumerate()
                .map(|(i, &p)| (p, false, std::cmp::Reverse(p), Kind::Note, i)),
        )
        .collect();
    order.sort_by_key(|&(s, nonempty, end, kind, i)| (s, nonempty, end, kind == Kind::Label, i));
    let mut open: Vec<usize> = Vec::new();
    let mut outline = Vec::with_capacity(order.len());
    for (s, nonempty, std::cmp::Reverse(e), kind, i) in order {
        while open.last().is_some_and(|&j| spans[j].1 <= s) {
            open.pop();
        }
        if let Some(&j) = open.last()
            && e > spans[j].1
        {
            return Err(ImportError::LabelsCross {
                outer_start: spans[j].0,
                outer_end: spans[j].1,
                start: s,
                end: e,
            });
        }
        outline.push((kind, i, open.len() as u32));
        if kind == Kind::Label && nonempty {
            open.push(i);
        }
    }
    Ok(outline)
}

/// Plain text + labels + notes (+ the outline, if given) → markup, checked by re-reading.
pub fn build(
    scheme: &Scheme,
    text: &str,
    bom: bool,
    labels: &[(usize, usize, String)],
    notes: &[(usize, String)],
    outline: Option<&Outline>,
) -> Result<String, ImportError> {
    let rope = Rope::from_str(text);
    let len = rope.len_chars();
    let mut roles = Vec::with_capacity(labels.len());
    for (k, (s, e, name)) in labels.iter().enumerate() {
        let (index, start, end, name) = (k, *s, *e, name.clone());
        let role = scheme.role_by_name(&name).ok_or_else(|| {
            let known: Vec<&str> = scheme.roles.iter().map(|r| r.name.as_str()).collect();
            ImportError::UnknownRole {
                index,
                start,
                end,
                name: name.clone(),
                known: known.join(", "),
            }
        })?;
        if start > end || end > len {
            return Err(ImportError::LabelOutsideText {
                index,
                start,
                end,
                name,
                len,
            });
        }
        // Ropey counts LF only as a line break here: a line change between the ends is a '\n'
        // inside, found in O(log n) where reading the span was O(length) per label.
        if rope.char_to_line(start) != rope.char_to_line(end) {
            return Err(ImportError::LabelSpansLineBreak {
                index,
                start,
                end,
                name,
            });
        }
        roles.push(role);
    }
    for (k, (p, t)) in notes.iter().enumerate() {
        if *p > len {
            return Err(ImportError::NoteOutsideText {
                index: k,
                pos: *p,
                len,
            });
        }
        if let Some(c) = t.chars().find(|&c| c == scheme.note || c == '\n') {
            return Err(ImportError::NoteEndsEarly {
                index: k,
                pos: *p,
                found: c,
            });
        }
    }
    let outline = match outline {
        Some(o) => {
            let mut seen_labels = vec![false; labels.len()];
            let mut seen_notes = vec![false; notes.len()];
            for &(kind, i, _) in o {
                let seen = match kind {
                    Kind::Label => seen_labels.get_mut(i),
                    Kind::Note => seen_notes.get_mut(i),
                };
                match seen {
                    Some(s) if !*s => *s = true,
                    _ => return Err(ImportError::OutlineEntry { kind, index: i }),
                }
            }
            if o.len() != labels.len() + notes.len() {
                return Err(ImportError::OutlineIncomplete);
            }
            o.clone()
        }
        None => {
            let mut order: Vec<usize> = (0..labels.len()).collect();
            order.sort_by_key(|&i| (labels[i].0, labels[i].1));
            let spans: Vec<(usize, usize)> =
                order.iter().map(|&i| (labels[i].0, labels[i].1)).collect();
            let positions: Vec<usize> = notes.iter().map(|n| n.0).collect();
            let mut o = arrange(&spans, &positions)?;
            for entry in &mut o {
                if entry.0 == Kind::Label {
                    entry.1 = order[entry.1];
                }
            }
            o
        }
    };
    let mut doc = Document::empty(scheme.clone());
    doc.text = rope;
    doc.bom = bom;
    doc.items.reserve(outline.len());
    for (kind, i, depth) in outline {
        let item = match kind {
            Kind::Label => Item::tag(roles[i], labels[i].0, labels[i].1, depth),
            Kind::Note => {
                let idx = doc.push_note_text(notes[i].1.clone());
                Item::note(notes[i].0, depth, idx)
            }
        };
        doc.items.push(item);
    }
    Ok(serialize(&doc)?)
}
