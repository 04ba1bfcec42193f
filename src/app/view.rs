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

    /// Scrolls so the cursor's row is on screen.
    pub fn scroll_to_cursor(&mut self) {
        let (_, height) = self.text_area();
        let height = height as usize;
        let doc_len = self.buf().doc.text.len_chars();
        let cursor = self.view().cursor.min(doc_len);
        let cur_seg = segment_of(&self.buf().doc, cursor);
        let cur_row = self.layout(cur_seg.clone()).row_of(cursor);
        // Re-anchor the top on a real segment start (text or width may have changed).
        let top_seg = segment_of(&self.buf().doc, self.view().top_seg.min(doc_len));
        let top_rows = self.layout(top_seg.clone()).rows.len();
        let mut top = (top_seg, self.view().top_row.min(top_rows - 1));

        // Cursor above the top: put its row on top.
        if (cur_seg.start, cur_row) < (top.0.start, top.1) {
            top = (cur_seg, cur_row);
        } else {
            // Count rows from the top to the cursor; stop once it is clearly below the screen.
            let mut seg = top.0.clone();
            let mut dist = 0usize;
            let mut row = top.1;
            let mut found = false;
            while dist < height * 2 + 2 {
                let rows = self.layout(seg.clone()).rows.len();
                if seg.start == cur_seg.start {
                    dist += cur_row - row;
                    found = true;
                    break;
                }
                dist += rows - row;
                row = 0;
                match next_segment(&self.buf().doc, &seg) {
                    Some(n) => seg = n,
                    None => break,
                }
            }
            if !found || dist >= height {
                // Walk back `height - 1` rows from the cursor.
                let mut seg = cur_seg.clone();
                let mut row = cur_row;
                for _ in 0..height.saturating_sub(1) {
                    if row > 0 {
                        row -= 1;
                    } else if let Some(p) = prev_segment(&self.buf().doc, &seg) {
                        seg = p;
                        row = self.layout(seg.clone()).rows.len() - 1;
                    } else {
                        break;
                    }
                }
                top = (seg, row);
            }
        }
        let v = self.view_mut();
        v.top_seg = top.0.start;
        v.top_row = top.1;
    }
}
