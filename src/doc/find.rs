//! Finding in a document's text without a second copy of it: line by line (a match, like a
//! tag, never crosses a line end), each line borrowed from the rope when it lies in one of its
//! chunks and otherwise copied into one reused buffer. A search step costs the distance to the
//! match, and memory one line.

use ropey::Rope;
use std::ops::Range;

/// Finds matches in one line: `find(line, from)` gives the byte ranges of the matches that
/// start at byte `from` or later, in order.
pub type LineFinder<'f> = dyn Fn(&str, usize) -> Vec<Range<usize>> + 'f;

/// The lines of a rope as `&str`, line breaks left out.
pub struct LineText<'r> {
    rope: &'r Rope,
    buf: String,
}

impl<'r> LineText<'r> {
    pub fn new(rope: &'r Rope) -> LineText<'r> {
        LineText {
            rope,
            buf: String::new(),
        }
    }

    /// How many lines (an empty last line after a final break counts, as the rope counts).
    pub fn count(&self) -> usize {
        self.rope.len_lines()
    }

    /// Line `l`: the char offset where it starts and its text without its line break.
    pub fn get(&mut self, l: usize) -> (usize, &str) {
        let start = self.rope.line_to_char(l);
        let slice = self.rope.line(l);
        let text = match slice.as_str() {
            Some(s) => s,
            None => {
                self.buf.clear();
                slice.chunks().for_each(|c| self.buf.push_str(c));
                &self.buf
            }
        };
        (start, without_break(text))
    }
}

/// A line without the break that ends it (`\r\n` or one of the breaks the rope counts).
fn without_break(line: &str) -> &str {
    match line.strip_suffix('\n') {
        Some(l) => l.strip_suffix('\r').unwrap_or(l),
        None => line
            .strip_suffix(['\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'])
            .unwrap_or(line),
    }
}

/// The byte in `line` of its char `chars` (its end when past it).
fn byte_of(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(b, _)| b)
}

/// Byte range `r` of a line starting at char `start`, as a char range of the text.
fn to_chars(line: &str, start: usize, r: &Range<usize>) -> Range<usize> {
    let a = start + line[..r.start].chars().count();
    a..a + line[r.clone()].chars().count()
}

/// The first match starting at char `from` or after it that `keep` accepts, else (wrapping
/// round) the first from the start of the text; `true` beside it when it wrapped.
pub fn first_after(
    rope: &Rope,
    from: usize,
    find: &LineFinder,
    keep: &mut dyn FnMut(&Range<usize>) -> bool,
) -> Option<(Range<usize>, bool)> {
    let mut lines = LineText::new(rope);
    let first = rope.char_to_line(from.min(rope.len_chars()));
    let mut in_line =
        |lines: &mut LineText, l: usize, from_char: Option<usize>, before: Option<usize>| {
            let (start, text) = lines.get(l);
            let from_byte = from_char.map_or(0, |c| byte_of(text, c.saturating_sub(start)));
            let limit = before.map(|c| byte_of(text, c.saturating_sub(start)));
            find(text, from_byte)
                .into_iter()
                .take_while(|r| limit.is_none_or(|lim| r.start < lim))
                .map(|r| to_chars(text, start, &r))
                .find(|r| keep(r))
        };
    if let Some(r) = in_line(&mut lines, first, Some(from), None) {
        return Some((r, false));
    }
    for l in first + 1..lines.count() {
        if let Some(r) = in_line(&mut lines, l, None, None) {
            return Some((r, false));
        }
    }
    for l in 0..first {
        if let Some(r) = in_line(&mut lines, l, None, None) {
            return Some((r, true));
        }
    }
    in_line(&mut lines, first, None, Some(from)).map(|r| (r, true))
}

/// The last match starting before char `before`, else (wrapping round) the last of the text;
/// `true` beside it when it wrapped.
pub fn last_before(rope: &Rope, before: usize, find: &LineFinder) -> Option<(Range<usize>, bool)> {
    let mut lines = LineText::new(rope);
    let first = rope.char_to_line(before.min(rope.len_chars()));
    let in_line =
        |lines: &mut LineText, l: usize, from_char: Option<usize>, below: Option<usize>| {
            let (start, text) = lines.get(l);
            let from_byte = from_char.map_or(0, |c| byte_of(text, c.saturating_sub(start)));
            let limit = below.map(|c| byte_of(text, c.saturating_sub(start)));
            find(text, from_byte)
                .into_iter()
                .take_while(|r| limit.is_none_or(|lim| r.start < lim))
                .last()
                .map(|r| to_chars(text, start, &r))
        };
    if let Some(r) = in_line(&mut lines, first, None, Some(before)) {
        return Some((r, false));
    }
    for l in (0..first).rev() {
        if let Some(r) = in_line(&mut lines, l, None, None) {
            return Some((r, false));
        }
    }
    for l in (first + 1..lines.count()).rev() {
        if let Some(r) = in_line(&mut lines, l, None, None) {
            return Some((r, true));
        }
    }
    in_line(&mut lines, first, Some(before), None).map(|r| (r, true))
}

/// Every match in the text, in order, as char ranges.
pub fn all(rope: &Rope, find: &LineFinder) -> Vec<Range<usize>> {
    let mut lines = LineText::new(rope);
    let mut out = Vec::new();
    for l in 0..lines.count() {
        let (start, text) = lines.get(l);
        out.extend(find(text, 0).iter().map(|r| to_chars(text, start, r)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(needle: &'static str) -> impl Fn(&str, usize) -> Vec<Range<usize>> {
        move |line: &str, from: usize| {
            line[from..]
                .match_indices(needle)
                .map(|(b, m)| from + b..from + b + m.len())
                .collect()
        }
    }

    /// A rope of many small chunks: lines straddle chunk ends.
    fn rope(s: &str) -> Rope {
        let mut b = ropey::RopeBuilder::new();
        for c in s.chars() {
            b.append(&c.to_string());
        }
        b.finish()
    }

    #[test]
    fn lines_read_across_chunks_without_their_breaks() {
        let text = "我们收集\r\n您的信息\n\n末行".repeat(300);
        let r = rope(&text);
        let mut lines = LineText::new(&r);
        let mut joined = Vec::new();
        for l in 0..lines.count() {
            let (start, t) = lines.get(l);
            assert_eq!(start, r.line_to_char(l));
            joined.push(t.to_string());
        }
        assert_eq!(joined.join("\n"), text.replace("\r\n", "\n"));
    }

    #[test]
    fn forward_backward_and_all_agree_with_a_whole_text_search() {
        let text = "甲乙甲\n乙甲乙甲\n\n甲\n".repeat(50);
        let r = rope(&text);
        let find = literal("甲");
        let every: Vec<Range<usize>> = text
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == '甲')
            .map(|(i, _)| i..i + 1)
            .collect();
        assert_eq!(all(&r, &find), every);
        let len = r.len_chars();
        for from in [0, 1, 2, 3, 5, 17, len - 3, len - 1, len] {
            let next = every.iter().find(|m| m.start >= from);
            let want = next.map_or((every[0].clone(), true), |m| (m.clone(), false));
            assert_eq!(
                first_after(&r, from, &find, &mut |_| true),
                Some(want),
                "{from}"
            );
            let prev = every.iter().rev().find(|m| m.start < from);
            let want = prev.map_or((every[every.len() - 1].clone(), true), |m| {
                (m.clone(), false)
            });
            assert_eq!(last_before(&r, from, &find), Some(want), "{from}");
        }
        // `keep` passes over matches, wrapping round to those before the start.
        let second = first_after(&r, 4, &find, &mut |m| m.start != 5);
        assert_eq!(second, Some((every[3].clone(), false)));
        let none = first_after(&r, 4, &find, &mut |_| false);
        assert_eq!(none, None);
        assert_eq!(first_after(&r, 0, &literal("丙"), &mut |_| true), None);
        assert_eq!(last_before(&r, 0, &literal("丙")), None);
    }

    #[test]
    fn a_match_starting_on_the_cursor_line_before_it_is_found_last_on_wrapping() {
        let r = rope("甲乙甲\n乙乙\n");
        let find = literal("甲");
        assert_eq!(first_after(&r, 3, &find, &mut |_| true), Some((0..1, true)));
        assert_eq!(last_before(&r, 1, &find), Some((0..1, false)));
        assert_eq!(last_before(&r, 0, &find), Some((2..3, true)));
    }
}
