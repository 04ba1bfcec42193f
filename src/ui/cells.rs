//! Writing a string into the cell grid, clipped: the one primitive every panel uses.

use ratatui::buffer::Buffer;
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
