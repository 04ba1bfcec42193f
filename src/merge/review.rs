//! The document an adjudicator works on (`ptag review A B`): A's file with every disagreement
//! with B turned into a conflict note (ours = A, theirs = B), so the editor's conflict keys
//! resolve a disagreement exactly as they resolve a merge conflict.

use super::decide::{Side, disagreements};
use super::file::{end_of, rebuild, tags};
use crate::agree::TextDiffers;
use crate::agree::compare::first_difference;
use crate::markup::marked_lines;
use crate::scheme::Scheme;

/// Why there is no review document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// A's and B's policy texts differ (first differing char: A's and B's line:col).
    #[error("the policy text differs")]
    TextDiffers(TextDiffers),
    #[error("line {line}: cannot mark the disagreement: {why}")]
    Line { line: usize, why: String },
}

/// Appends A's markup with a conflict note for each disagreement with B to `out`; returns
/// how many disagreements there are.
pub fn review(a: &str, b: &str, scheme: &Scheme, out: &mut String) -> Result<usize, ReviewError> {
    if a.starts_with('\u{feff}') {
        out.push('\u{feff}');
    }
    let mut a_lines = marked_lines(a, scheme);
    let mut b_lines = marked_lines(b, scheme);
    let mut count = 0;
    let mut last = ((1, 1), (1, 1));
    loop {
        let (x, y) = match (a_lines.next(), b_lines.next()) {
            (None, None) => return Ok(count),
            (Some(x), Some(y)) => (x, y),
            (x, y) => {
                let here = |l: Option<crate::markup::MarkedLine<'_>>, end| {
                    l.map_or(end, |l| (l.number, 1))
                };
                return Err(ReviewError::TextDiffers(TextDiffers {
                    a: here(x, last.0),
                    b: here(y, last.1),
                }));
            }
        };
        if x.source != y.source && x.plain != y.plain {
            return Err(ReviewError::TextDiffers(first_difference(&x, &y)));
        }
        last = (end_of(&x), end_of(&y));
        if x.source == y.source {
            out.push_str(x.source);
            continue;
        }
        let (xt, yt) = (tags(&x), tags(&y));
        let d = disagreements(
            Side {
                tags: &xt,
                notes: &x.notes,
            },
            Side {
                tags: &yt,
                notes: &y.notes,
            },
        );
        count += d.conflicts.len();
        let line = rebuild(&x, &d, scheme).map_err(|e| ReviewError::Line {
            line: x.number,
            why: e.to_string(),
        })?;
        out.push_str(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_disagreement_becomes_a_conflict_note_and_agreement_stays() {
        let s = Scheme::default();
        let a = "(我们)会收集<手机号码>和<设备信息>#注#。\n第二行相同<数据>。\n";
        let b = "(我们)会收集{手机号码}和设备信息。\n第二行相同<数据>。\n";
        let mut out = String::new();
        let n = review(a, b, &s, &mut out).unwrap();
        // Retagged 手机号码, 设备信息 only in A, the note only in A.
        assert_eq!(n, 3, "{out}");
        assert!(out.starts_with("(我们)会收集#ptag-conflict {\"ours\":\"<手机号码>\",\"theirs\":\"{手机号码}\"}#手机号码和"), "{out}");
        assert!(
            out.contains(r#"#ptag-conflict {"ours":"<设备信息>","theirs":"设备信息"}#设备信息"#),
            "{out}"
        );
        assert!(out.ends_with("第二行相同<数据>。\n"), "{out}");
        let mut same = String::new();
        assert_eq!(review(a, a, &s, &mut same).unwrap(), 0);
        assert_eq!(same, a);
    }

    #[test]
    fn a_different_text_is_refused_with_both_locations() {
        let s = Scheme::default();
        let mut out = String::new();
        let e = review("<我们>会收集\n", "我们会收藏\n", &s, &mut out).unwrap_err();
        assert_eq!(
            e,
            ReviewError::TextDiffers(TextDiffers {
                a: (1, 7),
                b: (1, 5)
            })
        );
    }
}
