//! What a role key tags with nothing selected, beyond a word (`scheme::Extent`, `lead_in`):
//! the phrase from a word to its end (a list's `、` inside it, `等` or a bracket after it), and
//! the lead-in words (`您的`, `会`, `或`) a tag never starts with. `D` selects the same phrase;
//! jump labels skip the same lead-ins.

use crate::markup::Document;
use crate::motion;
use std::ops::Range;

/// What ends a phrase: the clause punctuation but a list's `、`, a line break, and what a list
/// or a name is followed by but not part of: `等` (etc.) and a bracket, opening or closing.
pub const PHRASE_STOPS: &str = "，；：。！？,;:!?";
pub const PHRASE_ENDS_BEFORE: &str = "等（()）";

/// Does `c` end a phrase (for `D` and a phrase role's key)?
pub fn is_phrase_stop(c: char) -> bool {
    PHRASE_STOPS.contains(c) || PHRASE_ENDS_BEFORE.contains(c) || c == '\n' || c == '\r'
}

/// `start` past the lead-in words there (`Scheme::lead_in`, the longest first, again and
/// again: `可能` `会`) and the punctuation or blanks after one (`例如：`), as long as a word no
/// tag holds follows on the line; else `start`.
pub fn skip_lead_in(doc: &Document, start: usize, lead_in: &[String]) -> usize {
    if lead_in.is_empty() {
        return start;
    }
    let line_end = doc.line_range_of(start).end;
    let mut pos = start;
    loop {
        let after = lead_in
            .iter()
            .filter_map(|w| {
                let mut end = pos + w.chars().count();
                if end >= line_end || !doc.text.slice(pos..end).chars().eq(w.chars()) {
                    return None;
                }
                while end + 1 < line_end && crate::markup::is_edge_junk(doc.text.char(end)) {
                    end += 1;
                }
                Some(end)
            })
            .filter(|&p| {
                motion::word_at(doc, p).is_some_and(|r| r.start == p) && doc.covering(p).is_empty()
            })
            .max();
        match after {
            Some(p) => pos = p,
            None => return pos,
        }
    }
}

/// What a phrase role's key tags from `pos` (`scheme::Extent::Phrase`): from the start of the
/// word there (or, on punctuation or a blank, of the next word on the line) to the end of its
/// phrase, stopping before any tag that starts inside it (a phrase never swallows or crosses
/// one), without the lead-in words (`和`, `或`) a cut left at its end. None when no word starts
/// there on this line.
pub fn phrase_from(doc: &Document, pos: usize, lead_in: &[String]) -> Option<Range<usize>> {
    let line_end = doc.line_range_of(pos).end;
    let start = match motion::word_at(doc, pos) {
        Some(w) => w.start,
        None => Some(motion::word_next(doc, pos)).filter(|&s| s < line_end)?,
    };
    let last = motion::last_before_stop(doc, start, is_phrase_stop);
    let mut end = motion::next_grapheme(doc, last).max(start + 1);
    // A tag starting inside the phrase ends it, with the blanks and punctuation before it.
    let first = doc.first_item_at_or_after(start + 1);
    if let Some(it) = doc.items()[first..].iter().find(|it| !it.is_note())
        && (it.start as usize) < end
    {
        end = it.start as usize;
    }
    loop {
        let before = end;
        while end > start + 1 && crate::markup::is_edge_junk(doc.text.char(end - 1)) {
            end -= 1;
        }
        // A lead-in word at the end, as a whole word: `手机号码和|[设备信息]`.
        if let Some(w) = lead_in.iter().find(|w| {
            let n = w.chars().count();
            end > start + n
                && doc.text.slice(end - n..end).chars().eq(w.chars())
                && motion::word_at(doc, end - n).is_some_and(|r| r.start == end - n)
        }) {
            end -= w.chars().count();
        }
        if end == before {
            return Some(start..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;
    use crate::scheme::Scheme;

    fn phrase(src: &str, at: usize) -> Option<String> {
        let scheme = Scheme::default();
        let d = parse(src, &scheme);
        phrase_from(&d, at, &scheme.lead_in).map(|r| d.text.slice(r).to_string())
    }

    fn skip(src: &str, at: usize) -> usize {
        let scheme = Scheme::default();
        skip_lead_in(&parse(src, &scheme), at, &scheme.lead_in)
    }

    #[test]
    fn a_phrase_runs_over_a_list_to_a_stop_and_not_past_the_line() {
        assert_eq!(
            phrase("收集姓名、性别和手机号码等信息", 2).unwrap(),
            "姓名、性别和手机号码"
        );
        assert_eq!(phrase("用于创建账户，并保障安全", 2).unwrap(), "创建账户");
        assert_eq!(
            phrase("信息（设备型号、版本）", 3).unwrap(),
            "设备型号、版本"
        );
        assert_eq!(phrase("提供服务\n下一行", 0).unwrap(), "提供服务");
        // On punctuation it starts at the next word; at the line's end there is none.
        assert_eq!(phrase("信息，提供服务。", 2).unwrap(), "提供服务");
        assert_eq!(phrase("信息。", 2), None);
    }

    #[test]
    fn a_phrase_stops_before_a_tag_and_drops_a_lead_in_left_at_its_end() {
        assert_eq!(phrase("手机号码或<设备信息>。", 0).unwrap(), "手机号码");
        assert_eq!(phrase("手机号码[收集]。", 0).unwrap(), "手机号码");
        // A lead-in inside the phrase stays: only one the cut leaves at the end goes.
        assert_eq!(
            phrase("手机号码或设备信息。", 0).unwrap(),
            "手机号码或设备信息"
        );
    }

    #[test]
    fn lead_ins_are_skipped_in_a_chain_only_when_a_free_word_follows() {
        // 可能 + 会 → 收集.
        assert_eq!(skip("可能会收集", 0), 3);
        // 您的 then 手机号码; 您 alone is not a lead-in.
        assert_eq!(skip("您的手机号码", 0), 2);
        assert_eq!(skip("您可以", 0), 0);
        // Past the punctuation after one: 例如：设备.
        assert_eq!(skip("例如：设备信息", 0), 3);
        // Nothing after it on the line, or a tag there: stays.
        assert_eq!(skip("会\n收集", 0), 0);
        assert_eq!(skip("会[收集]", 0), 0);
        // A word that only starts like a lead-in is not one: 和平 is not 和 + 平.
        assert_eq!(skip("和平", 0), 0);
        // No lead-in list: nothing skipped.
        let d = parse("您的手机号码", &Scheme::default());
        assert_eq!(skip_lead_in(&d, 0, &[]), 0);
    }
}
