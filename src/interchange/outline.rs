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

/// Tags and notes as export lists them.
pub struct Layout {
    /// `(start, end, role id)` sorted by (start, end), outer first on equal ranges.
    pub spans: Vec<(usize, usize, RoleId)>,
    pub notes: Vec<(usize, String)>,
    pub outline: Option<Outline>,
}

impl Layout {
    pub fn labels(&self, doc: &Document) -> Vec<(usize, usize, String)> {
        self.spans
            .iter()
            .map(|&(s, e, r)| (s, e, doc.scheme.role(r).name.clone()))
            .collect()
    }
}

/// Lists the tags and notes of `doc` and, if `arrange` would not rebuild the same tree from
/// those lists, the tree itself. `outermost`: keep only the outermost non-empty tags (BIO's
/// view); notes inside a dropped tag then sit in the kept one around it.
pub fn layout(doc: &Document, outermost: bool) -> Layout {
    // (kind, index in its list, depth) in file order; label indices are fixed up after sorting.
    let mut tree: Vec<(Kind, usize, u32)> = Vec::with_capacity(doc.items().len());
    let mut spans: Vec<(usize, usize, RoleId)> = Vec::new();
    let mut notes: Vec<(usize, String)> = Vec::new();
    let mut top_kept = false;
    for it in doc.items() {
        match it.role() {
            None => {
                let depth = if outermost {
                    u32::from(it.depth > 0 && top_kept)
                } else {
                    it.depth
                };
                tree.push((Kind::Note, notes.len(), depth));
                notes.push((it.start as usize, doc.note_text(it).to_string()));
            }
            Some(role) => {
                if outermost {
                    if it.depth > 0 {
                        continue;
                    }
                    top_kept = it.end > it.start;
                    if !top_kept {
                        continue;
                    }
                }
                tree.push((Kind::Label, spans.len(), it.depth));
                spans.push((it.start as usize, it.end as usize, role));
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
        notes,
        outline,
    }
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
