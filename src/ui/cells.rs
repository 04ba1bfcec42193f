//! Writing a string into the cell grid, clipped: the one primitive every panel uses.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

/// Writes `s` at (`x`, `y`), at most `max_w` columns and never past the buffer; returns the
/// column after the last cell written.
pub(crate) fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max_w: u16, style: Style) -> u16 {
    let a = buf.area;
    if y >= a.bottom() || x >= a.right() || max_w == 0 {
        return x;
    }
    let max_w = max_w.min(a.right() - x);
    buf.set_stringn(x, y, s, max_w as usize, style).0
}

/// Blanks the wide characters that straddle the left edge of `area` (their first half just
/// outside, their second half under the box about to be drawn there). Left alone, the terminal
/// keeps drawing the whole character and it covers the box's left border.
pub(crate) fn clear_straddling(buf: &mut Buffer, area: Rect) {
    let Some(x) = area.x.checked_sub(1) else {
        return;
    };
    for y in area.top()..area.bottom().min(buf.area.bottom()) {
        if !buf.area.contains(Position::new(x, y)) {
            continue;
        }
        let cell = &mut buf[(x, y)];
        if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}
