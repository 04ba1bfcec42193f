//! What the sequence model sees at each char of a line: char n-grams in a window, the jieba
//! word the char sits in and its position in it, char classes, lexicon hits, the distance to
//! clause punctuation and how the clause starts. Each feature is a 64-bit hash of its template
//! and value; the model maps the hashes it saw in training to weight rows.

use super::lexicon::{Lexicon, Matcher};
use crate::markup::Document;
use crate::scheme::RoleId;

/// The feature set's name, written into model files: a model trained with other features
/// must not be loaded by this code.
pub const FEATURE_SET: &str = "ptag-chars5-bigrams-trigrams-jieba-class-lexicon-clause-v3";

/// Clause punctuation: where a span of the corpus starts or ends far more often than elsewhere.
const CLAUSE_PUNCT: &str = "，、；：。！？,;:!?（）()“”\"";

/// The class of a char, as the model sees it.
fn class(c: char) -> u8 {
    match c {
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' => b'C',
        '0'..='9' | '０'..='９' => b'D',
        'a'..='z' | 'A'..='Z' | 'ａ'..='ｚ' | 'Ａ'..='Ｚ' => b'L',
        c if CLAUSE_PUNCT.contains(c) => b'P',
        c if c.is_whitespace() => b'W',
        c if c.is_ascii_punctuation() || ('\u{3000}'..='\u{303f}').contains(&c) => b'Q',
        c if ('\u{ff00}'..='\u{ffef}').contains(&c) => b'Q',
        _ => b'O',
    }
}

/// A distance in chars, in buckets that grow with it.
fn bucket(d: usize) -> u8 {
    match d {
        0..=3 => d as u8,
        4..=5 => 4,
        6..=9 => 5,
        10..=19 => 6,
        _ => 7,
    }
}

/// Lexicon hits of one line: for each char, the role of the known text covering it and the
/// char's position in it (B, I, E, S), or nothing.
pub type LexiconHits = Vec<Option<(RoleId, u8, u8)>>;

/// Lexicon hits for every char of `text` (one line, no tags), `None` for chars no known text
/// covers. The third value is how sure the lexicon is of the role (its majority share, 0..=4).
pub fn lexicon_hits(lex: &Lexicon, matcher: &Matcher, scheme_doc: &Document) -> LexiconHits {
    let n = scheme_doc.text.len_chars();
    let mut out = vec![None; n];
    for s in matcher.find(lex, scheme_doc, 0..n) {
        let e = &lex.entries[s.entry];
        let (_, top) = e.majority();
        let share = (4 * top / e.total().max(1)).min(4) as u8;
        let len = s.range.len();
        for (k, slot) in out[s.range.clone()].iter_mut().enumerate() {
            let pos = match (k, len) {
                (_, 1) => b'S',
                (0, _) => b'B',
                (k, l) if k + 1 == l => b'E',
                _ => b'I',
            };
            *slot = Some((s.role, pos, share));
        }
    }
    out
}

/// Word positions (B, M, E, S), the word each char sits in and each word's hash, from jieba.
fn words(text: &str, n: usize) -> (Vec<u8>, Vec<(usize, usize)>, Vec<u64>) {
    let mut pos = Vec::with_capacity(n);
    let mut span = Vec::with_capacity(n);
    let mut hash = Vec::with_capacity(n);
    let mut at = 0;
    for w in crate::motion::jieba().cut(text, false) {
        let mut h = Mix::new(0);
        let mut k = 0;
        for c in w.word.chars() {
            h = h.ch(c);
            k += 1;
        }
        let hw = h.finish();
        for j in 0..k {
            pos.push(match (j, k) {
                (_, 1) => b'S',
                (0, _) => b'B',
                (j, k) if j + 1 == k => b'E',
                _ => b'M',
            });
            span.push((at, at + k));
            hash.push(hw);
        }
        at += k;
    }
    (pos, span, hash)
}

/// A feature's hash, built a value at a time: a folded 64×64→128-bit multiply per value
/// (no buffer, no allocation; the hashes only need to tell ~10⁶ features apart).
#[derive(Clone, Copy)]
struct Mix(u64);

impl Mix {
    fn new(template: u8) -> Mix {
        Mix(0x243f_6a88_85a3_08d3 ^ template as u64).add(template as u64)
    }

    fn add(self, x: u64) -> Mix {
        let r = ((self.0 ^ x) as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        Mix((r as u64) ^ ((r >> 64) as u64) ^ x.rotate_left(29))
    }

    fn ch(self, c: char) -> Mix {
        self.add(c as u64)
    }

    fn finish(self) -> u64 {
        // murmur3's finaliser: every input bit reaches every output bit.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// The templates: the first value of each feature's hash.
mod template {
    pub const BIAS: u8 = 1;
    pub const UNI: u8 = 2;
    pub const BI: u8 = 3;
    pub const TRI: u8 = 4;
    pub const CLASS5: u8 = 5;
    pub const CLASS3: u8 = 6;
    pub const WORD_POS: u8 = 7;
    pub const WORD_POS_CHAR: u8 = 8;
    pub const WORD: u8 = 9;
    pub const WORD_LEN: u8 = 10;
    pub const PREV_WORD: u8 = 11;
    pub const NEXT_WORD: u8 = 12;
    pub const LEX: u8 = 13;
    pub const LEX_SHARE: u8 = 14;
    pub const PUNCT_BEFORE: u8 = 15;
    pub const PUNCT_AFTER: u8 = 16;
    pub const PUNCT_BOTH: u8 = 17;
    pub const CLAUSE_START_AT: u8 = 18;
    pub const CLAUSE_START: u8 = 19;
    pub const CLAUSE_END: u8 = 20;
    pub const CLAUSE_LAST_WORD: u8 = 21;
    pub const CLAUSE_FIRST_WORD: u8 = 22;
}

/// The feature hashes of one line: char `i`'s are `hashes[offs[i]..offs[i + 1]]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineFeatures {
    pub hashes: Vec<u64>,
    pub offs: Vec<u32>,
}

impl LineFeatures {
    pub fn len(&self) -> usize {
        self.offs.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Char `i`'s feature hashes.
    pub fn of(&self, i: usize) -> &[u64] {
        &self.hashes[self.offs[i] as usize..self.offs[i + 1] as usize]
    }
}

/// The feature hashes of every char of one line (`chars`, no line break), given its lexicon
/// hits (same length).
pub fn line_features(chars: &[char], hits: &[Option<(RoleId, u8, u8)>]) -> LineFeatures {
    use template::*;
    let n = chars.len();
    let text: String = chars.iter().collect();
    let (wpos, wspan, whash) = words(&text, n);
    let at = |i: isize| -> char {
        if i < 0 {
            '\u{2}'
        } else if i as usize >= n {
            '\u{3}'
        } else {
            chars[i as usize]
        }
    };
    let cls = |i: isize| class(at(i)) as u64;
    // Distance to the clause punctuation before and after each char, and where its clause
    // starts.
    let is_p = |c: char| CLAUSE_PUNCT.contains(c);
    let mut before = vec![0usize; n];
    let mut clause_start = vec![0usize; n];
    let mut last: Option<usize> = None;
    for i in 0..n {
        before[i] = last.map_or(i + 1, |p| i - p);
        clause_start[i] = last.map_or(0, |p| p + 1);
        if is_p(chars[i]) {
            last = Some(i);
        }
    }
    let mut after = vec![0usize; n];
    let mut clause_end = vec![0usize; n];
    let mut next: Option<usize> = None;
    for i in (0..n).rev() {
        after[i] = next.map_or(n - i, |p| p - i);
        clause_end[i] = next.unwrap_or(n);
        if is_p(chars[i]) {
            next = Some(i);
        }
    }
    let mut out = LineFeatures {
        hashes: Vec::with_capacity(n * 32),
        offs: Vec::with_capacity(n + 1),
    };
    out.offs.push(0);
    let h = &mut out.hashes;
    for i in 0..n {
        let ii = i as isize;
        h.push(Mix::new(BIAS).finish());
        for d in -2..=2isize {
            h.push(Mix::new(UNI).add(d as u64).ch(at(ii + d)).finish());
        }
        for d in -2..=1isize {
            let m = Mix::new(BI).add(d as u64);
            h.push(m.ch(at(ii + d)).ch(at(ii + d + 1)).finish());
        }
        for d in -2..=0isize {
            let m = Mix::new(TRI).add(d as u64);
            h.push(
                m.ch(at(ii + d))
                    .ch(at(ii + d + 1))
                    .ch(at(ii + d + 2))
                    .finish(),
            );
        }
        let mut m = Mix::new(CLASS5);
        for d in -2..=2 {
            m = m.add(cls(ii + d));
        }
        h.push(m.finish());
        let m = Mix::new(CLASS3)
            .add(cls(ii - 1))
            .add(cls(ii))
            .add(cls(ii + 1));
        h.push(m.finish());
        // The jieba word: its position, the word, its neighbours.
        let (ws, we) = wspan[i];
        let wp = wpos[i] as u64;
        h.push(Mix::new(WORD_POS).add(wp).finish());
        h.push(Mix::new(WORD_POS_CHAR).add(wp).ch(chars[i]).finish());
        h.push(Mix::new(WORD).add(wp).add(whash[i]).finish());
        h.push(
            Mix::new(WORD_LEN)
                .add(wp)
                .add(bucket(we - ws) as u64)
                .finish(),
        );
        let prev_word = if ws > 0 { whash[ws - 1] } else { 1 };
        let next_word = if we < n { whash[we] } else { 2 };
        h.push(Mix::new(PREV_WORD).add(wp).add(prev_word).finish());
        h.push(Mix::new(NEXT_WORD).add(wp).add(next_word).finish());
        // Lexicon hits here and next door.
        for d in -1..=1isize {
            let j = ii + d;
            let hit = if j >= 0 && (j as usize) < n {
                hits[j as usize]
            } else {
                None
            };
            let m = Mix::new(LEX).add(d as u64);
            match hit {
                Some((r, p, share)) => {
                    h.push(m.add(r as u64).add(p as u64).finish());
                    if d == 0 {
                        let m = Mix::new(LEX_SHARE).add(r as u64).add(p as u64);
                        h.push(m.add(share as u64).finish());
                    }
                }
                None => h.push(m.add(u64::MAX).finish()),
            }
        }
        // The clause: distances to its punctuation, and how it starts.
        let (pb, pa) = (bucket(before[i]) as u64, bucket(after[i]) as u64);
        h.push(Mix::new(PUNCT_BEFORE).add(pb).finish());
        h.push(Mix::new(PUNCT_AFTER).add(pa).finish());
        h.push(Mix::new(PUNCT_BOTH).add(pb).add(pa).add(wp).finish());
        let cs = clause_start[i] as isize;
        let m = Mix::new(CLAUSE_START).ch(at(cs)).ch(at(cs + 1));
        h.push(m.finish());
        h.push(
            Mix::new(CLAUSE_START_AT)
                .ch(at(cs))
                .ch(at(cs + 1))
                .add(bucket(i - cs as usize) as u64)
                .finish(),
        );
        // How the clause ends and how it starts, seen from every char of it: a purpose or a
        // condition is told by its cue (为了, 当您, 根据) and its end (时, 后, 目的, 除外),
        // often more than ±2 chars away.
        let ce = clause_end[i];
        if ce > cs as usize {
            let m = Mix::new(CLAUSE_END)
                .ch(at(ce as isize - 2))
                .ch(at(ce as isize - 1));
            h.push(m.ch(at(ce as isize)).add(pa).finish());
            let m = Mix::new(CLAUSE_LAST_WORD).add(whash[ce - 1]);
            h.push(m.add(pa.min(4)).finish());
            let m = Mix::new(CLAUSE_FIRST_WORD).add(whash[cs as usize]);
            h.push(m.add(bucket(i - cs as usize) as u64).finish());
        }
        out.offs.push(h.len() as u32);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_buckets() {
        assert_eq!(
            "我1a，\u{3000}x".chars().map(class).collect::<Vec<_>>(),
            b"CDLPWL"
        );
        assert_eq!(
            [0, 3, 4, 5, 6, 9, 10, 100].map(bucket),
            [0, 3, 4, 4, 5, 5, 6, 7]
        );
    }

    #[test]
    fn every_char_gets_the_same_number_of_features_and_lexicon_hits_change_them() {
        let chars: Vec<char> = "我们收集您的手机号码。".chars().collect();
        let none = vec![None; chars.len()];
        let a = line_features(&chars, &none);
        assert_eq!(a.len(), chars.len());
        assert!((0..a.len()).all(|i| a.of(i).len() == a.of(0).len()));
        let mut hits = none.clone();
        hits[6] = Some((2, b'B', 4));
        let b = line_features(&chars, &hits);
        assert_eq!(a.of(3), b.of(3), "far from the hit nothing changes");
        assert_ne!(a.of(6), b.of(6));
    }

    #[test]
    fn no_two_features_of_a_line_share_a_hash_by_accident() {
        // Every template at every char of a line with repeated chars and words: equal hashes
        // only where the same template sees the same values.
        let chars: Vec<char> = "我们收集您的手机号码，我们收集您的手机号码。abc 123"
            .chars()
            .collect();
        let f = line_features(&chars, &vec![None; chars.len()]);
        let mut seen = std::collections::HashMap::new();
        for i in 0..f.len() {
            for (k, &h) in f.of(i).iter().enumerate() {
                seen.entry(h).or_insert_with(Vec::new).push((i, k));
            }
        }
        // The bias is one feature everywhere; each other hash belongs to one template slot.
        for (h, at) in &seen {
            let slots: std::collections::HashSet<usize> = at.iter().map(|&(_, k)| k).collect();
            assert_eq!(
                slots.len(),
                1,
                "hash {h:x} shared by template slots {slots:?}"
            );
        }
        assert_eq!(seen[&f.of(0)[0]].len(), chars.len());
    }
}
