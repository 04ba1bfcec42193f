//! What the sequence model sees at each char of a line: char n-grams in a window, the jieba
//! word the char sits in and its position in it, char classes, lexicon hits, the distance to
//! clause punctuation and how the clause starts. Each feature is a 64-bit hash of its template
//! and value; the model maps the hashes it saw in training to weight rows.

use super::lexicon::{Lexicon, Matcher};
use crate::markup::Document;
use crate::scheme::RoleId;
use xxhash_rust::xxh3::xxh3_64;

/// The feature set's name, written into model files: a model trained with other features
/// must not be loaded by this code.
pub const FEATURE_SET: &str = "ptag-chars5-bigrams-trigrams-jieba-class-lexicon-clause-v1";

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

/// Word positions (B, M, E, S) and the word each char sits in, from jieba.
fn words(chars: &[char], text: &str) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut pos = Vec::with_capacity(chars.len());
    let mut span = Vec::with_capacity(chars.len());
    let mut at = 0;
    for w in crate::motion::jieba().cut(text, false) {
        let w = w.word;
        let n = w.chars().count();
        for k in 0..n {
            pos.push(match (k, n) {
                (_, 1) => b'S',
                (0, _) => b'B',
                (k, n) if k + 1 == n => b'E',
                _ => b'M',
            });
            span.push((at, at + n));
        }
        at += n;
    }
    (pos, span)
}

/// Builds the feature hashes of one char.
struct Hasher {
    buf: Vec<u8>,
    out: Vec<u64>,
}

impl Hasher {
    fn begin(&mut self, template: &str) {
        self.buf.clear();
        self.buf.extend_from_slice(template.as_bytes());
        self.buf.push(0);
    }

    fn ch(&mut self, c: char) {
        let mut b = [0; 4];
        self.buf.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    fn end(&mut self) {
        self.out.push(xxh3_64(&self.buf));
    }
}

/// The feature hashes of every char of one line (`chars`, no line break), given its lexicon
/// hits (same length).
pub fn line_features(chars: &[char], hits: &LexiconHits) -> Vec<Vec<u64>> {
    let n = chars.len();
    let text: String = chars.iter().collect();
    let (wpos, wspan) = words(chars, &text);
    let at = |i: isize| -> char {
        if i < 0 {
            '\u{2}'
        } else if i as usize >= n {
            '\u{3}'
        } else {
            chars[i as usize]
        }
    };
    let cls = |i: isize| class(at(i));
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
    let mut next: Option<usize> = None;
    for i in (0..n).rev() {
        after[i] = next.map_or(n - i, |p| p - i);
        if is_p(chars[i]) {
            next = Some(i);
        }
    }
    let mut h = Hasher {
        buf: Vec::with_capacity(64),
        out: Vec::new(),
    };
    let mut all = Vec::with_capacity(n);
    for i in 0..n {
        let ii = i as isize;
        h.out = Vec::with_capacity(40);
        h.begin("bias");
        h.end();
        for d in -2..=2isize {
            h.begin("u");
            h.byte((d + 2) as u8);
            h.ch(at(ii + d));
            h.end();
        }
        for d in -2..=1isize {
            h.begin("b");
            h.byte((d + 2) as u8);
            h.ch(at(ii + d));
            h.ch(at(ii + d + 1));
            h.end();
        }
        for d in -2..=0isize {
            h.begin("t");
            h.byte((d + 2) as u8);
            for k in 0..3 {
                h.ch(at(ii + d + k));
            }
            h.end();
        }
        h.begin("cls");
        for d in -2..=2 {
            h.byte(cls(ii + d));
        }
        h.end();
        h.begin("cls1");
        h.byte(cls(ii - 1));
        h.byte(cls(ii));
        h.byte(cls(ii + 1));
        h.end();
        // The jieba word: its position, the word, its neighbours.
        let (ws, we) = wspan[i];
        let word: String = chars[ws..we].iter().collect();
        h.begin("wp");
        h.byte(wpos[i]);
        h.end();
        h.begin("wpc");
        h.byte(wpos[i]);
        h.ch(chars[i]);
        h.end();
        h.begin("w");
        h.byte(wpos[i]);
        h.buf.extend_from_slice(word.as_bytes());
        h.end();
        h.begin("wlen");
        h.byte(wpos[i]);
        h.byte(bucket(we - ws));
        h.end();
        let prev_word = if ws > 0 {
            let (a, b) = wspan[ws - 1];
            chars[a..b].iter().collect()
        } else {
            String::from("^")
        };
        let next_word = if we < n {
            let (a, b) = wspan[we];
            chars[a..b].iter().collect()
        } else {
            String::from("$")
        };
        h.begin("pw");
        h.byte(wpos[i]);
        h.buf.extend_from_slice(prev_word.as_bytes());
        h.end();
        h.begin("nw");
        h.byte(wpos[i]);
        h.buf.extend_from_slice(next_word.as_bytes());
        h.end();
        // Lexicon hits here and next door.
        for d in -1..=1isize {
            let j = ii + d;
            let hit = if j >= 0 && (j as usize) < n {
                hits[j as usize]
            } else {
                None
            };
            h.begin("lex");
            h.byte((d + 1) as u8);
            match hit {
                Some((r, p, share)) => {
                    h.byte(r as u8);
                    h.byte(p);
                    if d == 0 {
                        h.end();
                        h.begin("lexs");
                        h.byte(r as u8);
                        h.byte(p);
                        h.byte(share);
                    }
                }
                None => h.byte(b'-'),
            }
            h.end();
        }
        // The clause: distances to its punctuation, and how it starts.
        h.begin("pb");
        h.byte(bucket(before[i]));
        h.end();
        h.begin("pa");
        h.byte(bucket(after[i]));
        h.end();
        h.begin("pba");
        h.byte(bucket(before[i]));
        h.byte(bucket(after[i]));
        h.byte(wpos[i]);
        h.end();
        let cs = clause_start[i];
        h.begin("cs");
        h.ch(at(cs as isize));
        h.ch(at(cs as isize + 1));
        h.byte(bucket(i - cs));
        h.end();
        h.begin("cs2");
        h.ch(at(cs as isize));
        h.ch(at(cs as isize + 1));
        h.end();
        all.push(std::mem::take(&mut h.out));
    }
    all
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
        assert!(a.iter().all(|f| f.len() == a[0].len()));
        let mut hits = none.clone();
        hits[6] = Some((2, b'B', 4));
        let b = line_features(&chars, &hits);
        assert_eq!(a[3], b[3], "far from the hit nothing changes");
        assert_ne!(a[6], b[6]);
    }
}
