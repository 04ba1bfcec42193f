//! Cursor, selection and scroll position, and the motions that need the screen layout.

use super::App;
use crate::layout::{next_segment, prev_segment, segment_of};
use std::ops::Range;

/// Where the user is in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// Char position of the cursor (always a grapheme start).
    pub cursor: usize,
    /// The other end of the selection, when there is one.
    pub anchor: Option<usize>,
    /// Selection mode (`v`): every motion extends the selection.
    pub selecting: bool,
    /// First row on screen: the segment starting at `top_seg`, row `top_row` of it.
    pub top_seg: usize,
    pub top_row: usize,
    /// Column kept across vertical moves.
    pub goal_col: Option<u16>,
    /// Suggestions the annotator rejected in this file, as char ranges.
    pub rejected: Vec<(usize, usize)>,
}

impl App {
    /// The selection as a char range (the cursor's grapheme included, unless the keymap's
    /// selection is exclusive), if any.
    pub fn selection(&self) -> Option<Range<usize>> {
        let v = self.view();
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let a = v.anchor?.min(len);
        let lo = a.min(v.cursor).min(len);
        let hi = a.max(v.cursor).min(len);
        let mut end = if self.keymap.selection_excludes_cursor {
            // An emacs region: between the mark and the point.
            hi
        } else {
            crate::motion::next_grapheme(doc, hi).max(hi).min(len)
        };
        // `v $` ends on the line end: the line break itself is never part of a selection.
        while end > lo && matches!(doc.text.char(end - 1), '\n' | '\r') {
            end -= 1;
        }
        // An empty region (mark and point together) is no selection.
        (end > lo || !self.keymap.selection_excludes_cursor).then_some(lo..end)
    }

    /// Moves the cursor down (`+1`) or up (`-1`) `n` screen rows, keeping the column.
    pub fn move_rows(&mut self, down: bool, n: usize) {
        let doc_len = self.buf().doc.text.len_chars();
        let mut pos = self.view().cursor.min(doc_len);
        let mut seg = segment_of(&self.buf().doc, pos);
        let mut layout = self.layout(seg.clone());
        let col = self
            .view()
            .goal_col
            .unwrap_or_else(|| layout.column_of(pos));
        let mut row = layout.row_of(pos);
        for _ in 0..n {
            if down {
                if row + 1 < layout.rows.len() {
                    row += 1;
                } else if let Some(next) = next_segment(&self.buf().doc, &seg) {
                    seg = next;
                    layout = self.layout(seg.clone());
                    row = 0;
                } else {
                    break;
                }
            } else if row > 0 {
                row -= 1;
            } else if let Some(prev) = prev_segment(&self.buf().doc, &seg) {
                seg = prev;
                layout = self.layout(seg.clone());
                row = layout.rows.len() - 1;
            } else {
                break;
            }
            pos = layout.pos_at(row, col);
        }
        let v = self.view_mut();
        v.cursor = pos;
        v.goal_col = Some(col);
    }

    /// Scrolls so the cursor's row is on screen with `scrolloff` rows of context above and
    /// below it where the text has them (never past the end of the file).
    pub fn scroll_to_cursor(&mut self) {
        let (_, height) = self.text_area();
        let height = height as usize;
        let so = (self.keymap.options.scrolloff as usize).min(height.saturating_sub(1) / 2);
        let doc_len = self.buf().doc.text.len_chars();
        let cursor = self.view().cursor.min(doc_len);
        let cur_seg = segment_of(&self.buf().doc, cursor);
        let cur_row = self.layout(cur_seg.clone()).row_of(cursor);
        let cur = (cur_seg, cur_row);
        // Re-anchor the top on a real segment start (text or width may have changed).
        let top_seg = segment_of(&self.buf().doc, self.view().top_seg.min(doc_len));
        let top_rows = self.layout(top_seg.clone()).rows.len();
        let top = (top_seg, self.view().top_row.min(top_rows - 1));

        let above = self.rows_back(&cur, so).1;
        let below = self.rows_ahead(&cur, so);
        let new_top = if (cur.0.start, cur.1) < (top.0.start, top.1) {
            Some(self.rows_back(&cur, so).0)
        } else {
            match self.rows_between(&top, &cur, height * 2 + 2) {
                Some(d) if d < above => Some(self.rows_back(&cur, so).0),
                Some(d) if d + below < height => None,
                // Just past the bottom (`j`, a page): scroll only as far as needed.
                Some(d) if d < height + so.max(1) => {
                    Some(self.rows_back(&cur, height.saturating_sub(1 + below)).0)
                }
                // A jump further down (`:N`, a search, the next tag): the target goes near the
                // top, so the lines after it, where the annotator reads on, are on screen.
                _ => {
                    let after = self.rows_ahead(&cur, height);
                    let back = so.max(height.saturating_sub(1 + after));
                    Some(self.rows_back(&cur, back).0)
                }
            }
        };
        if let Some(t) = new_top {
            let v = self.view_mut();
            v.top_seg = t.0.start;
            v.top_row = t.1;
        } else {
            let v = self.view_mut();
            v.top_seg = top.0.start;
            v.top_row = top.1;
        }
    }

    /// The cursor's row on screen (0 the top), None when it is off screen.
    pub(super) fn cursor_screen_row(&self) -> Option<usize> {
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let cursor = self.view().cursor.min(len);
        let cur_seg = segment_of(doc, cursor);
        let cur = (cur_seg.clone(), self.layout(cur_seg).row_of(cursor));
        let top_seg = segment_of(doc, self.view().top_seg.min(len));
        let top_rows = self.layout(top_seg.clone()).rows.len();
        let top = (top_seg, self.view().top_row.min(top_rows - 1));
        if (cur.0.start, cur.1) < (top.0.start, top.1) {
            return None;
        }
        let height = self.text_area().1 as usize;
        self.rows_between(&top, &cur, height)
            .filter(|&d| d < height)
    }

    /// Scrolls so that the cursor is on screen row `row` (as near as the file's start allows):
    /// a page key moves the text with the cursor, as vim's do, so what comes on screen is new.
    pub(super) fn put_cursor_on_screen_row(&mut self, row: usize) {
        let doc = &self.buf().doc;
        let cursor = self.view().cursor.min(doc.text.len_chars());
        let cur_seg = segment_of(doc, cursor);
        let cur = (cur_seg.clone(), self.layout(cur_seg).row_of(cursor));
        let (top, _) = self.rows_back(&cur, row);
        let v = self.view_mut();
        v.top_seg = top.0.start;
        v.top_row = top.1;
    }

    /// The screen row `n` rows above `from` (or the first row), and how many rows that is.
    fn rows_back(&self, from: &(Range<usize>, usize), n: usize) -> ((Range<usize>, usize), usize) {
        let (mut seg, mut row) = from.clone();
        let mut moved = 0;
        while moved < n {
            if row > 0 {
                row -= 1;
            } else if let Some(p) = prev_segment(&self.buf().doc, &seg) {
                seg = p;
                row = self.layout(seg.clone()).rows.len() - 1;
            } else {
                break;
            }
            moved += 1;
        }
        ((seg, row), moved)
    }

    /// How many rows (up to `n`) the text has below `from`.
    fn rows_ahead(&self, from: &(Range<usize>, usize), n: usize) -> usize {
        let (mut seg, mut row) = from.clone();
        let mut rows = self.layout(seg.clone()).rows.len();
        let mut moved = 0;
        while moved < n {
            if row + 1 < rows {
                row += 1;
            } else if let Some(next) = next_segment(&self.buf().doc, &seg) {
                seg = next;
                rows = self.layout(seg.clone()).rows.len();
                row = 0;
            } else {
                break;
            }
            moved += 1;
        }
        moved
    }

    /// Rows from `top` down to `to` (`to` at or below `top`), or None past `limit`.
    fn rows_between(
        &self,
        top: &(Range<usize>, usize),
        to: &(Range<usize>, usize),
        limit: usize,
    ) -> Option<usize> {
        let (mut seg, mut row) = top.clone();
        let mut dist = 0usize;
        while dist < limit {
            if seg.start == to.0.start {
                return Some(dist + to.1 - row);
            }
            dist += self.layout(seg.clone()).rows.len() - row;
            row = 0;
            seg = next_segment(&self.buf().doc, &seg)?;
        }
        None
    }
}
