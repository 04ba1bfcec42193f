//! Soft wrapping by display width: what goes on which screen row.
//!
//! The unit of layout is a *segment*: one source line, or a block of `BLOCK` chars of a very long
//! line, so that a key never costs more than the segments on screen, whatever the file size.
//! A segment becomes a list of atoms (graphemes, tag delimiters, note markers) and the atoms are
//! cut into rows greedily: a CJK character is 2 columns and moves whole to the next row when it
//! does not fit; a grapheme cluster is never split.

use crate::conflict_label::conflict_label;
use crate::markup::Document;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Lines longer than this many chars are laid out in blocks of this size.
pub const BLOCK: usize = 4096;
/// Columns a tab takes.
pub const TAB_WIDTH: u16 = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomKind {
    /// A grapheme cluster of the plain text, `[start, end)` in chars.
    Text { start: usize, end: usize },
    /// The opening delimiter of tag `items[item]`.
    Open { item: usize },
    /// Its closing delimiter.
    Close { item: usize },
    /// A note's marker.
    Note { item: usize },
    /// Cell `cell` of `labels`: a conflict note shown with both sides' versions.
    Label { item: usize, cell: usize },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub kind: AtomKind,
    /// Display columns (0 for hidden delimiters).
    pub width: u16,
    /// Plain char position the atom sits at (for markers) or starts at (for text).
    pub pos: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub atoms: Range<usize>,
    /// First plain char position on this row.
    pub start: usize,
}

#[derive(Debug, Clone)]
pub struct SegmentLayout {
    pub range: Range<usize>,
    pub atoms: Vec<Atom>,
    pub rows: Vec<Row>,
    /// The text of the segment, for drawing.
    pub text: String,
    /// Byte offset in `text` of every text atom (parallel to `atoms`; 0 for markers).
    pub bytes: Vec<Range<usize>>,
    /// Tags already open when the segment starts (a long line cut into blocks).
    pub open_at_start: Vec<usize>,
    /// The cells of the conflict notes' labels (`AtomKind::Label`).
    pub labels: Vec<crate::conflict_label::LabelCell>,
}

/// The segment (line or block of a long line) holding char `pos`.
pub fn segment_of(doc: &Document, pos: usize) -> Range<usize> {
    let line = doc.line_range_of(pos);
    if line.len() <= BLOCK {
        return line;
    }
    let k = (pos.min(line.end.saturating_sub(1)) - line.start) / BLOCK;
    let start = line.start + k * BLOCK;
    start..(start + BLOCK).min(line.end)
}

/// The segment after `seg`, if any.
pub fn next_segment(doc: &Document, seg: &Range<usize>) -> Option<Range<usize>> {
    let len = doc.text.len_chars();
    if seg.end >= len {
        // A final line break ends the last line: no empty row after it (`Document::content_end`).
        return None;
    }
    Some(segment_of(doc, seg.end))
}

/// The segment before `seg`, if any.
pub fn prev_segment(doc: &Document, seg: &Range<usize>) -> Option<Range<usize>> {
    (seg.start > 0).then(|| segment_of(doc, seg.start - 1))
}

/// Display width of one grapheme as ptag draws it.
pub fn grapheme_width(g: &str) -> u16 {
    if g == "\t" {
        return TAB_WIDTH;
    }
    let w = UnicodeWidthStr::width(g);
    // Zero-width and control characters are drawn as a visible dot so the cursor can sit on them.
    if w == 0 || g.chars().all(|c| c.is_control()) {
        1
    } else {
        w as u16
    }
}

/// Lays out one segment for a text area `width` columns wide.
pub fn layout_segment(
    doc: &Document,
    seg: Range<usize>,
    width: u16,
    show_delimiters: bool,
    conflict_sides: Option<&[String; 2]>,
) -> SegmentLayout {
    let width = width.max(1);
    let text = doc.text.slice(seg.clone()).to_string();
    let items = doc.items();
    let in_seg = doc.items_in(seg.start, seg.end.max(seg.start + 1));
    let mut atoms = Vec::new();
    let mut bytes = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut open_at_start = Vec::new();
    let mut labels = Vec::new();

    // Text graphemes, with char and byte positions; the line break is not drawn.
    let mut graphemes = text
        .grapheme_indices(true)
        .scan(seg.start, |pos, (b, g)| {
            let start = *pos;
            *pos += g.chars().count();
            Some((start, *pos, b, g))
        })
        .filter(|(_, _, _, g)| *g != "\n" && *g != "\r\n")
        .peekable();
    let mut push_text_until =
        |until: usize, atoms: &mut Vec<Atom>, bytes: &mut Vec<Range<usize>>| {
            while let Some(&(start, end, b, g)) = graphemes.peek() {
                if start >= until {
                    break;
                }
                atoms.push(Atom {
                    kind: AtomKind::Text { start, end },
                    width: grapheme_width(g),
                    pos: start,
                });
                bytes.push(b..b + g.len());
                graphemes.next();
            }
        };
    let delim_w = u16::from(show_delimiters);
    let close = |it: usize, atoms: &mut Vec<Atom>, bytes: &mut Vec<Range<usize>>| {
        atoms.push(Atom {
            kind: AtomKind::Close { item: it },
            width: delim_w,
            pos: items[it].end as usize,
        });
        bytes.push(0..0);
    };
    for &i in &in_seg {
        let it = &items[i];
        if (it.start as usize) < seg.start {
            if !it.is_note() {
                open.push(i);
                open_at_start.push(i);
            }
            continue;
        }
        while let Some(&top) = open.last() {
            if items[top].depth < it.depth {
                break;
            }
            push_text_until(items[top].end as usize, &mut atoms, &mut bytes);
            close(top, &mut atoms, &mut bytes);
            open.pop();
        }
        push_text_until(it.start as usize, &mut atoms, &mut bytes);
        let label = conflict_sides
            .filter(|_| it.is_note())
            .and_then(|sides| conflict_label(doc.note_text(it), &doc.scheme, sides));
        if let Some(cells) = label {
            for (k, c) in cells.into_iter().enumerate() {
                if k > 0 {
                    bytes.push(0..0);
                }
                atoms.push(Atom {
                    kind: AtomKind::Label {
                        item: i,
                        cell: labels.len(),
                    },
                    width: grapheme_width(&c.text),
                    pos: it.start as usize,
                });
                labels.push(c);
            }
        } else if it.is_note() {
            atoms.push(Atom {
                kind: AtomKind::Note { item: i },
                width: 1,
                pos: it.start as usize,
            });
        } else {
            atoms.push(Atom {
                kind: AtomKind::Open { item: i },
                width: delim_w,
                pos: it.start as usize,
            });
            open.push(i);
        }
        bytes.push(0..0);
    }
    while let Some(top) = open.pop() {
        if items[top].end as usize > seg.end {
            continue;
        }
        push_text_until(items[top].end as usize, &mut atoms, &mut bytes);
        close(top, &mut atoms, &mut bytes);
    }
    push_text_until(usize::MAX, &mut atoms, &mut bytes);

    // Greedy wrap, with the line-breaking rules of CJK typesetting.
    let mut rows = Vec::new();
    let mut row_start = 0;
    let mut used: u16 = 0;
    // Blanks that end the line hang past the row's end (as word processors let them) rather
    // than wrap onto a row that would show nothing.
    let is_blank = |k: usize| {
        matches!(atoms[k].kind, AtomKind::Text { .. })
            && text[bytes[k].clone()].chars().all(char::is_whitespace)
    };
    let blank_tail = (0..atoms.len())
        .rposition(|k| !is_blank(k))
        .map_or(0, |last| last + 1);
    for (k, a) in atoms.iter().enumerate() {
        if used > 0 && used + a.width > width && k < blank_tail {
            let cut = kinsoku_cut(&atoms, &text, &bytes, row_start, k, width);
            rows.push(Row {
                atoms: row_start..cut,
                start: atoms[row_start].pos,
            });
            row_start = cut;
            used = atoms[cut..k].iter().map(|a| a.width).sum();
        }
        used += a.width;
    }
    let last_start = atoms.get(row_start).map_or(seg.start, |a| a.pos);
    rows.push(Row {
        atoms: row_start..atoms.len(),
        start: last_start,
    });
    SegmentLayout {
        range: seg,
        atoms,
        rows,
        text,
        bytes,
        open_at_start,
        labels,
    }
}

/// Chars that may not start a row (closing punctuation, pause and stop marks: kinsoku shori,
/// GB/T 15834 and JIS X 4051).
const NOT_AT_ROW_START: &str = "。．，、；：？！…‥）」』》〉】〕〗〙〛］｝”’·・%％‰°℃,.;:?!)]}";
/// Chars that may not end a row (opening brackets and quotes).
const NOT_AT_ROW_END: &str = "（「『《〈【〔〖〘〚［｛“‘([{";

/// Where to cut the row `row_start..` that atom `k` no longer fits on: before `k`, or earlier so
/// that no row starts with closing punctuation or a tag's closing delimiter and none ends with
/// an opening one; the characters before the cut move down with it (oidashi). When no such cut
/// exists on the row, or the moved atoms would not fit the next row, before `k` after all.
fn kinsoku_cut(
    atoms: &[Atom],
    text: &str,
    bytes: &[Range<usize>],
    row_start: usize,
    k: usize,
    width: u16,
) -> usize {
    let first_char = |i: usize| text[bytes[i].clone()].chars().next();
    let no_start = |i: usize| match atoms[i].kind {
        AtomKind::Close { .. } => true,
        AtomKind::Text { .. } => first_char(i).is_some_and(|c| NOT_AT_ROW_START.contains(c)),
        _ => false,
    };
    let no_end = |i: usize| match atoms[i].kind {
        AtomKind::Open { .. } => true,
        AtomKind::Text { .. } => first_char(i).is_some_and(|c| NOT_AT_ROW_END.contains(c)),
        _ => false,
    };
    // Latin letters and digits run together are a word, kept whole when it fits a row
    // (`SDK`, `MAC`, `OPPO`), as CJK typesetting keeps Western words.
    let latin = |i: usize| {
        matches!(atoms[i].kind, AtomKind::Text { .. })
            && first_char(i).is_some_and(|c| c.is_ascii_alphanumeric())
    };
    let mut cut = k;
    while cut > row_start && (no_start(cut) || no_end(cut - 1) || (latin(cut) && latin(cut - 1))) {
        cut -= 1;
    }
    let moved: u16 = atoms[cut..=k].iter().map(|a| a.width).sum();
    if cut == row_start || moved > width {
        k
    } else {
        cut
    }
}

impl SegmentLayout {
    /// The row showing char `pos`.
    pub fn row_of(&self, pos: usize) -> usize {
        // A char belongs to the row whose text atoms contain it; markers do not count.
        for (r, row) in self.rows.iter().enumerate() {
            let contains = self.atoms[row.atoms.clone()].iter().any(|a| match a.kind {
                AtomKind::Text { start, end } => start <= pos && pos < end,
                _ => false,
            });
            if contains {
                return r;
            }
        }
        // Not on a grapheme (end of line): the last row starting at or before it.
        self.rows
            .iter()
            .rposition(|row| row.start <= pos)
            .unwrap_or(0)
    }

    /// Column of char `pos` on its row.
    pub fn column_of(&self, pos: usize) -> u16 {
        let row = &self.rows[self.row_of(pos)];
        let mut x = 0;
        for a in &self.atoms[row.atoms.clone()] {
            if let AtomKind::Text { start, end } = a.kind
                && start <= pos
                && pos < end
            {
                return x;
            }
            x += a.width;
        }
        x
    }

    /// The char position at column `x` of row `r` (the grapheme under it, or the row's last).
    pub fn pos_at(&self, r: usize, x: u16) -> usize {
        let row = &self.rows[r.min(self.rows.len() - 1)];
        let mut col = 0;
        let mut last = None;
        for a in &self.atoms[row.atoms.clone()] {
            if let AtomKind::Text { start, .. } = a.kind {
                if col + a.width > x {
                    return start;
                }
                last = Some(start);
            }
            col += a.width;
        }
        // Past the row's end: on the last row of a line, the line end itself is a place to be.
        let is_last = std::ptr::eq(row, self.rows.last().expect("a row"));
        if is_last && self.line_end() >= row.start {
            return self.line_end();
        }
        last.unwrap_or(row.start)
    }

    /// The last cursor position in the segment: before the line break.
    pub fn line_end(&self) -> usize {
        let trailing = if self.text.ends_with("\r\n") {
            2
        } else if self.text.ends_with('\n') {
            1
        } else {
            0
        };
        self.range.end - trailing
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
