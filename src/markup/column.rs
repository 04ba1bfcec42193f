//! One column in the units different tools count: characters (ptag, the spec), bytes (gcc,
//! vim's quickfix) and UTF-16 code units (the Language Server Protocol). They differ as soon as
//! a line holds CJK (3 bytes, 1 unit) or an astral-plane character (4 bytes, 2 units).

use serde::Serialize;

/// A 1-based column counted three ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Columns {
    pub chars: usize,
    pub bytes: usize,
    pub utf16: usize,
}

impl Columns {
    /// The column before which `char_column - 1` characters of `line` stand. A column past the
    /// line's end counts the missing characters as one unit each, as at the end of a line.
    pub fn of(line: &str, char_column: usize) -> Columns {
        let before = char_column.saturating_sub(1);
        let mut bytes = 0;
        let mut utf16 = 0;
        let mut seen = 0;
        for c in line.chars().take(before) {
            bytes += c.len_utf8();
            utf16 += c.len_utf16();
            seen += 1;
        }
        let past_end = before - seen;
        Columns {
            chars: char_column,
            bytes: bytes + past_end + 1,
            utf16: utf16 + past_end + 1,
        }
    }
}

/// The lines of `src` by 1-based number, for finding the text before a diagnostic's column.
pub struct Lines<'a>(Vec<&'a str>);

impl<'a> Lines<'a> {
    pub fn of(src: &'a str) -> Lines<'a> {
        Lines(src.split('\n').collect())
    }

    /// `line`'s columns; a line number past the end reads as an empty line.
    pub fn columns(&self, line: usize, char_column: usize) -> Columns {
        Columns::of(self.text(line), char_column)
    }

    /// The text of 1-based `line` (without its line feed); past the end, empty.
    pub fn text(&self, line: usize) -> &'a str {
        line.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or("")
    }

    /// Columns asked for in order along the lines, each counted on from the one before.
    pub fn cursor(&self) -> ColumnCursor<'_, 'a> {
        ColumnCursor {
            lines: self,
            line: 0,
            chars: 0,
            bytes: 0,
            utf16: 0,
        }
    }
}

/// `Lines::columns`, counting on from the last column asked for when the next is further
/// along the same line: a line of a million diagnostics was counted from its start for each.
pub struct ColumnCursor<'l, 'a> {
    lines: &'l Lines<'a>,
    line: usize,
    /// Chars, bytes and UTF-16 units of `line` passed so far.
    chars: usize,
    bytes: usize,
    utf16: usize,
}

impl ColumnCursor<'_, '_> {
    /// What `Lines::columns(line, char_column)` gives.
    pub fn columns(&mut self, line: usize, char_column: usize) -> Columns {
        let before = char_column.saturating_sub(1);
        if line != self.line || before < self.chars {
            (self.line, self.chars, self.bytes, self.utf16) = (line, 0, 0, 0);
        }
        let text = self.lines.text(line);
        for c in text[self.bytes..].chars() {
            if self.chars == before {
                break;
            }
            self.chars += 1;
            self.bytes += c.len_utf8();
            self.utf16 += c.len_utf16();
        }
        let past_end = before - self.chars;
        Columns {
            chars: char_column,
            bytes: self.bytes + past_end + 1,
            utf16: self.utf16 + past_end + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_and_astral_characters_count_differently_in_each_unit() {
        // 我 is 3 bytes and 1 UTF-16 unit; 𠀀 (U+20000) is 4 bytes and 2 units.
        let line = "我𠀀a<x>";
        assert_eq!(
            Columns::of(line, 4),
            Columns {
                chars: 4,
                bytes: 9,
                utf16: 5
            }
        );
        assert_eq!(
            Columns::of(line, 1),
            Columns {
                chars: 1,
                bytes: 1,
                utf16: 1
            }
        );
        let lines = Lines::of("x\r\n我𠀀<x>\n");
        assert_eq!(lines.columns(2, 3).bytes, 8);
        assert_eq!(lines.columns(9, 2).bytes, 2, "a missing line is empty");
    }

    #[test]
    fn the_cursor_gives_what_each_column_counted_from_its_line_start_gives() {
        let lines = Lines::of("我𠀀a<x>\n\nab\r\n𠀀𠀀我\n");
        let mut cursor = lines.cursor();
        // Along a line, back on it, past its end, to other lines and back, past the last.
        let asks = [
            (1, 1),
            (1, 3),
            (1, 3),
            (1, 6),
            (1, 2),
            (1, 9),
            (1, 4),
            (2, 1),
            (3, 2),
            (3, 5),
            (4, 3),
            (4, 4),
            (1, 5),
            (4, 1),
            (9, 3),
        ];
        for (line, column) in asks {
            assert_eq!(
                cursor.columns(line, column),
                lines.columns(line, column),
                "line {line}, column {column}"
            );
        }
    }
}
