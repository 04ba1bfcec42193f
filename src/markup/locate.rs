//! Plain char offsets → line and column in the markup file.

use super::Document;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Maps plain char offsets, visited in increasing order, to 1-based line and column (in chars)
/// of the markup file: the column counts every delimiter and note before the char. Tags and
/// notes never leave their line, so only the line's items are walked, each once.
pub struct Locator<'d> {
    doc: &'d Document,
    /// Plain char range of the current line.
    line: usize,
    ls: usize,
    le: usize,
    /// Next item not yet passed.
    next: usize,
    /// Markup chars before the last position on this line.
    extra: usize,
    /// Ends of passed tags whose closing delimiter is still ahead.
    open_ends: BinaryHeap<Reverse<usize>>,
    last: usize,
}

impl<'d> Locator<'d> {
    pub fn new(doc: &'d Document) -> Locator<'d> {
        Locator {
            doc,
            line: 0,
            ls: 1,
            le: 0,
            next: 0,
            extra: 0,
            open_ends: BinaryHeap::new(),
            last: 0,
        }
    }

    /// Line and column of the markup char that shows plain char `pos`.
    pub fn locate(&mut self, pos: usize) -> (usize, usize) {
        let text = &self.doc.text;
        if pos < self.ls || pos >= self.le || pos < self.last {
            let pos = pos.min(text.len_chars());
            self.line = text.char_to_line(pos);
            self.ls = text.line_to_char(self.line);
            self.le = if self.line + 1 < text.len_lines() {
                text.line_to_char(self.line + 1)
            } else {
                usize::MAX
            };
            self.next = self.doc.first_item_at_or_after(self.ls);
            self.extra = 0;
            self.open_ends.clear();
        }
        self.last = pos;
        let items = self.doc.items();
        while let Some(it) = items.get(self.next) {
            if it.start as usize > pos {
                break;
            }
            if it.is_note() {
                self.extra += self.doc.note_text(it).chars().count() + 2;
            } else {
                self.extra += 1;
                self.open_ends.push(Reverse(it.end as usize));
            }
            self.next += 1;
        }
        while let Some(&Reverse(end)) = self.open_ends.peek() {
            if end > pos {
                break;
            }
            self.extra += 1;
            self.open_ends.pop();
        }
        (self.line + 1, pos - self.ls + self.extra + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;
    use crate::scheme::Scheme;

    fn positions(src: &str, plain_offsets: &[usize]) -> Vec<(usize, usize)> {
        let doc = parse(src, &Scheme::default());
        let mut at = Locator::new(&doc);
        plain_offsets.iter().map(|&p| at.locate(p)).collect()
    }

    #[test]
    fn locator_counts_delimiters_and_notes_before_the_char() {
        // plain: 我们收集手机号码\n和设备型号 ; markup adds ( ) [ #注# < > on line 1, { < > } on 2.
        let src = "(我们)[收#注#集]<手机>号码\n和{<设备>型号}";
        let doc = parse(src, &Scheme::default());
        assert_eq!(doc.text.to_string(), "我们收集手机号码\n和设备型号");
        // 我 1:2, 们 1:3, 收 1:6, 集 1:10 (after #注#), 手 1:13, 号 1:16, 和 2:1, 设 2:4, 型 2:7.
        assert_eq!(
            positions(src, &[0, 1, 2, 3, 4, 6, 9, 10, 12]),
            [
                (1, 2),
                (1, 3),
                (1, 6),
                (1, 10),
                (1, 13),
                (1, 16),
                (2, 1),
                (2, 4),
                (2, 7)
            ]
        );
        // The same answers visited out of order (each lookup restarts its line).
        assert_eq!(positions(src, &[12, 3]), [(2, 7), (1, 10)]);
    }

    #[test]
    fn locator_agrees_with_the_markup_for_every_char_of_a_nested_line() {
        let src = "见(甲[乙#n#]<丙{丁}>)戊()己#x##y#庚\n";
        let doc = parse(src, &Scheme::default());
        let plain: Vec<char> = doc.text.chars().collect();
        let lines: Vec<Vec<char>> = src.lines().map(|l| l.chars().collect()).collect();
        let mut at = Locator::new(&doc);
        for (p, &c) in plain.iter().enumerate() {
            if c == '\n' {
                continue;
            }
            let (line, col) = at.locate(p);
            assert_eq!(
                lines[line - 1][col - 1],
                c,
                "plain {p} ({c}) → {line}:{col}"
            );
        }
    }
}
