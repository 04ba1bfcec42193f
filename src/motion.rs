//! Where the cursor goes: graphemes, Chinese words (jieba), clauses and sentences.
//! Every function looks at a bounded window of text around the cursor, never the whole file.

use crate::layout::segment_of;
use crate::markup::{Document, is_edge_junk};
use jieba_rs::Jieba;
use std::ops::Range;
use std::sync::OnceLock;
use unicode_segmentation::UnicodeSegmentation;

/// How far around the cursor grapheme boundaries are looked for (a cluster is never this long).
const GRAPHEME_WINDOW: usize = 64;
/// How far clause and sentence motions search before giving up.
const CLAUSE_WINDOW: usize = 20_000;

pub const CLAUSE_PUNCT: &str = "，、；：。！？,;:!?";
pub const SENTENCE_PUNCT: &str = "。！？!?";

pub fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Loads the segmenter's dictionary now (it takes a moment) instead of on the first word key.
pub fn warm_up() {
    let _ = jieba();
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Grapheme boundaries (absolute char positions) in a window around `pos`.
fn boundaries_around(doc: &Document, pos: usize) -> Vec<usize> {
    let len = doc.text.len_chars();
    let a = pos.saturating_sub(GRAPHEME_WINDOW);
    let b = (pos + GRAPHEME_WINDOW).min(len);
    let s = doc.text.slice(a..b).to_string();
    let mut out = vec![a];
    let mut at = a;
    for g in s.graphemes(true) {
        at += g.chars().count();
        out.push(at);
    }
    out
}

/// The start of the grapheme after the one at `pos`.
pub fn next_grapheme(doc: &Document, pos: usize) -> usize {
    let len = doc.text.len_chars();
    if pos >= len {
        return len;
    }
    boundaries_around(doc, pos)
        .into_iter()
        .find(|&b| b > pos)
        .unwrap_or(len)
}

/// The start of the grapheme before `pos`.
pub fn prev_grapheme(doc: &Document, pos: usize) -> usize {
    if pos == 0 {
        return 0;
    }
    boundaries_around(doc, pos)
        .into_iter()
        .rev()
        .find(|&b| b < pos)
        .unwrap_or(pos - 1)
}

/// The start of the grapheme holding `pos` (snaps a position into a cluster back to its start).
pub fn grapheme_start(doc: &Document, pos: usize) -> usize {
    boundaries_around(doc, pos)
        .into_iter()
        .rev()
        .find(|&b| b <= pos)
        .unwrap_or(pos)
}

/// Jieba's words in the segment holding `pos`, as absolute char ranges (line breaks dropped).
pub fn words_of_segment(doc: &Document, pos: usize) -> Vec<Range<usize>> {
    let seg = segment_of(doc, pos);
    let text = doc.text.slice(seg.clone()).to_string();
    cut_cached(&text)
        .iter()
        .map(|r| seg.start + r.start..seg.start + r.end)
        .collect()
}

/// How many segments' cuts are kept: a motion looks at its segment and its neighbours.
const CUT_CACHE: usize = 8;

/// A segment's text and its words (relative char ranges).
type Cut = (String, std::rc::Rc<Vec<Range<usize>>>);

thread_local! {
    /// The last few segments cut, most recent last: every word key on a long paragraph line
    /// would otherwise run jieba over the whole line again.
    static CUTS: std::cell::RefCell<Vec<Cut>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Jieba's words of `text` (relative char ranges, line breaks dropped), from the cache if cut lately.
fn cut_cached(text: &str) -> std::rc::Rc<Vec<Range<usize>>> {
    CUTS.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(k) = c.iter().position(|(t, _)| t == text) {
            let hit = c.remove(k);
            let words = hit.1.clone();
            c.push(hit);
            return words;
        }
        let mut at = 0;
        let mut out = Vec::new();
        for token in jieba().cut(text, true) {
            let n = token.end - token.start;
            if !token.word.chars().all(is_line_break) {
                out.push(at..at + n);
            }
            at += n;
        }
        let words = std::rc::Rc::new(out);
        if c.len() == CUT_CACHE {
            c.remove(0);
        }
        c.push((text.to_string(), words.clone()));
        words
    })
}

fn is_blank(doc: &Document, r: &Range<usize>) -> bool {
    doc.text.slice(r.clone()).chars().all(char::is_whitespace)
}

/// Start of the next word (skipping white space), possibly on a later line.
pub fn word_next(doc: &Document, pos: usize) -> usize {
    let len = doc.text.len_chars();
    let mut probe = pos;
    loop {
        let words = words_of_segment(doc, probe);
        if let Some(w) = words.iter().find(|w| w.start > pos && !is_blank(doc, w)) {
            return w.start;
        }
        let seg_end = segment_of(doc, probe).end;
        if seg_end >= len || seg_end <= probe {
            return len;
        }
        probe = seg_end;
    }
}

/// Start of the word before `pos` (or of the word `pos` is inside).
pub fn word_prev(doc: &Document, pos: usize) -> usize {
    let mut probe = pos;
    loop {
        let words = words_of_segment(doc, probe);
        if let Some(w) = words
            .iter()
            .rev()
            .find(|w| w.start < pos && !is_blank(doc, w))
        {
            return w.start;
        }
        let seg_start = segment_of(doc, probe).start;
        if seg_start == 0 {
            return 0;
        }
        probe = seg_start - 1;
    }
}

/// Position of the last character of the current or next word.
pub fn word_end(doc: &Document, pos: usize) -> usize {
    let len = doc.text.len_chars();
    let mut probe = pos;
    loop {
        let words = words_of_segment(doc, probe);
        if let Some(w) = words.iter().find(|w| w.end > pos + 1 && !is_blank(doc, w)) {
            return prev_grapheme(doc, w.end);
        }
        let seg_end = segment_of(doc, probe).end;
        if seg_end >= len || seg_end <= probe {
            return pos;
        }
        probe = seg_end;
    }
}

/// The word under the cursor, if it is a word (not white space or punctuation).
pub fn word_at(doc: &Document, pos: usize) -> Option<Range<usize>> {
    let w = words_of_segment(doc, pos)
        .into_iter()
        .find(|w| w.start <= pos && pos < w.end)?;
    let all_junk = doc.text.slice(w.clone()).chars().all(is_edge_junk);
    (!all_junk).then_some(w)
}

fn char_at(doc: &Document, i: usize) -> char {
    doc.text.char(i)
}

/// Start of the next clause/sentence after `pos`: the char after the next `punct` (and blanks).
fn unit_next(doc: &Document, pos: usize, punct: &str) -> usize {
    let len = doc.text.len_chars();
    let limit = (pos + CLAUSE_WINDOW).min(len);
    let mut i = pos;
    while i < limit {
        let c = char_at(doc, i);
        i += 1;
        if punct.contains(c) || is_line_break(c) {
            while i < len && (char_at(doc, i).is_whitespace() || punct.contains(char_at(doc, i))) {
                i += 1;
            }
            if i > pos + 1 || !is_line_break(c) {
                return i.min(len);
            }
        }
    }
    limit
}

/// Start of the clause holding `pos`.
fn unit_start(doc: &Document, pos: usize, punct: &str) -> usize {
    let floor = pos.saturating_sub(CLAUSE_WINDOW);
    let mut i = pos.min(doc.text.len_chars());
    while i > floor {
        let c = char_at(doc, i - 1);
        if punct.contains(c) || is_line_break(c) {
            break;
        }
        i -= 1;
    }
    // Skip leading blanks.
    while i < pos && char_at(doc, i).is_whitespace() {
        i += 1;
    }
    i
}

fn unit_prev(doc: &Document, pos: usize, punct: &str) -> usize {
    let here = unit_start(doc, pos, punct);
    if here < pos {
        return here;
    }
    // Already at a start: go to the start of the unit before, skipping its punctuation.
    let mut i = pos;
    while i > 0 {
        let c = char_at(doc, i - 1);
        if !(punct.contains(c) || c.is_whitespace()) {
            break;
        }
        i -= 1;
    }
    if i == 0 {
        return 0;
    }
    unit_start(doc, i - 1, punct)
}

pub fn clause_next(doc: &Document, pos: usize) -> usize {
    unit_next(doc, pos, CLAUSE_PUNCT)
}

pub fn clause_prev(doc: &Document, pos: usize) -> usize {
    unit_prev(doc, pos, CLAUSE_PUNCT)
}

pub fn sentence_next(doc: &Document, pos: usize) -> usize {
    unit_next(doc, pos, SENTENCE_PUNCT)
}

pub fn sentence_prev(doc: &Document, pos: usize) -> usize {
    unit_prev(doc, pos, SENTENCE_PUNCT)
}

/// The clause under the cursor, without its closing punctuation.
pub fn clause_at(doc: &Document, pos: usize) -> Option<Range<usize>> {
    let len = doc.text.len_chars();
    let start = unit_start(doc, pos, CLAUSE_PUNCT);
    let mut end = start;
    while end < len && end < start + CLAUSE_WINDOW {
        let c = char_at(doc, end);
        if CLAUSE_PUNCT.contains(c) || is_line_break(c) {
            break;
        }
        end += 1;
    }
    while end > start && char_at(doc, end - 1).is_whitespace() {
        end -= 1;
    }
    (end > start).then_some(start..end)
}

/// Does `c` end a clause (for `E`): clause punctuation or a line break.
pub fn is_clause_stop(c: char) -> bool {
    CLAUSE_PUNCT.contains(c) || c == '\n' || c == '\r'
}

/// From `pos` past punctuation and blanks (not past the line's last char): where a selection
/// to a stop starts when the cursor sits on the comma a tag before left it on.
pub fn skip_edge_junk(doc: &Document, pos: usize) -> usize {
    let line_end = doc.line_range_of(pos).end;
    let mut cur = pos;
    while cur + 1 < line_end && crate::markup::is_edge_junk(doc.text.char(cur)) {
        cur += 1;
    }
    cur
}

/// The last char before the first `stop` after `cur` that has text before it past `cur`
/// (blanks and closing quotes before the stop left out), else the line's last char that is not
/// a stop; on a grapheme's start.
pub fn last_before_stop(doc: &Document, cur: usize, stop: fn(char) -> bool) -> usize {
    let line_end = doc.line_range_of(cur).end;
    let junk = |i: usize| crate::markup::is_edge_junk(doc.text.char(i));
    let mut i = cur + 1;
    let mut end = None;
    while i < line_end {
        if stop(doc.text.char(i)) {
            let mut last = i - 1;
            while last > cur && junk(last) {
                last -= 1;
            }
            if last > cur {
                end = Some(last);
                break;
            }
        }
        i += 1;
    }
    let to = end.unwrap_or_else(|| {
        let mut last = line_end.saturating_sub(1).max(cur);
        while last > cur && (stop(doc.text.char(last)) || junk(last)) {
            last -= 1;
        }
        last
    });
    grapheme_start(doc, to)
}

/// `n` words from the word at `pos` (or, on punctuation or a blank, the next word on the line),
/// within the line: what a count before a role key tags. Punctuation counts as a word, as `w`
/// stops on it. None when no word starts there.
pub fn words_from(doc: &Document, pos: usize, n: usize) -> Option<Range<usize>> {
    let line_end = doc.line_range_of(pos).end;
    let start = match word_at(doc, pos) {
        Some(w) => w.start,
        None => Some(word_next(doc, pos)).filter(|&s| s < line_end)?,
    };
    let last = words_of_segment(doc, start)
        .into_iter()
        .filter(|w| w.start >= start && w.end <= line_end && !is_blank(doc, w))
        .take(n.max(1))
        .last()?;
    Some(start..last.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;
    use crate::scheme::Scheme;

    fn doc(s: &str) -> Document {
        parse(s, &Scheme::default())
    }

    #[test]
    fn graphemes() {
        let d = doc("ae\u{301}b");
        assert_eq!(next_grapheme(&d, 0), 1);
        assert_eq!(next_grapheme(&d, 1), 3);
        assert_eq!(prev_grapheme(&d, 3), 1);
        assert_eq!(grapheme_start(&d, 2), 1);
        assert_eq!(next_grapheme(&d, 4), 4);
    }

    #[test]
    fn chinese_words() {
        let d = doc("我们会收集手机号码用于注册");
        let w = word_at(&d, 6).unwrap();
        assert_eq!(d.text.slice(w).to_string(), "手机号码");
        assert_eq!(word_next(&d, 0), 2);
        assert_eq!(word_next(&d, 5), 9);
        assert_eq!(word_prev(&d, 9), 5);
        assert_eq!(word_end(&d, 5), 8);
        assert_eq!(
            word_at(&d, 0)
                .map(|r| d.text.slice(r).to_string())
                .as_deref(),
            Some("我们")
        );
    }

    #[test]
    fn words_cross_lines_and_skip_blanks() {
        let d = doc("收集\n  手机号码");
        assert_eq!(word_next(&d, 0), 5);
        assert_eq!(word_prev(&d, 5), 0);
        assert!(word_at(&d, 2).is_none(), "a line break is no word");
    }

    #[test]
    fn clauses_and_sentences() {
        let d = doc("为了注册，我们收集手机号码；用于登录。下一句！");
        assert_eq!(clause_next(&d, 0), 5);
        assert_eq!(clause_next(&d, 5), 14);
        assert_eq!(clause_prev(&d, 14), 5);
        assert_eq!(clause_prev(&d, 7), 5);
        assert_eq!(sentence_next(&d, 0), 19);
        assert_eq!(sentence_prev(&d, 19), 0);
        let c = clause_at(&d, 7).unwrap();
        assert_eq!(d.text.slice(c).to_string(), "我们收集手机号码");
    }
}
