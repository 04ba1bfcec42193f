//! Two annotations of one text, walked line by line: agreement counts and the list of
//! disagreements. The plain texts must be the same; the first char where they differ is
//! located in both files.

use super::pairing::{Pair, pair};
use super::tally::Tally;
use crate::markup::{LineStart, LineTag, MarkedLine, marked_lines_at};
use crate::scheme::Scheme;
use crate::stream::TextPiece;

/// Where the plain texts of two files first differ: 1-based line and column (chars of the
/// markup line) in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextDiffers {
    pub a: (usize, usize),
    pub b: (usize, usize),
}

/// One way the two files' annotations differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disagreement {
    /// A tag only A has (at A's line:col).
    OnlyA {
        at: (usize, usize),
        tag: LineTag,
        text: String,
    },
    /// A tag only B has (at B's line:col).
    OnlyB {
        at: (usize, usize),
        tag: LineTag,
        text: String,
    },
    /// The same span, tagged with another role (at A's line:col).
    RoleDiffers {
        at: (usize, usize),
        a: LineTag,
        b: LineTag,
        text: String,
    },
    /// Overlapping tags with other boundaries (and maybe another role).
    BoundaryDiffers {
        at: (usize, usize),
        a: LineTag,
        b: LineTag,
        a_text: String,
        b_text: String,
    },
    /// A note only one side has (`in_a`: A's) at that side's line:col.
    Note {
        at: (usize, usize),
        in_a: bool,
        text: String,
    },
}

/// A whole file as one piece.
pub fn whole(text: &str) -> TextPiece<'_> {
    TextPiece {
        text,
        at: LineStart::FILE,
        before: (1, 1),
    }
}

/// The line pairs of two files (or of the same run of lines of each) with the same plain
/// text, or where the texts differ.
fn walk<'a>(
    a_part: TextPiece<'a>,
    b_part: TextPiece<'a>,
    scheme: &Scheme,
    mut each: impl FnMut(&MarkedLine<'a>, &MarkedLine<'a>),
) -> Result<(), TextDiffers> {
    let mut a_lines = marked_lines_at(a_part.text, scheme, a_part.at);
    let mut b_lines = marked_lines_at(b_part.text, scheme, b_part.at);
    let mut last: Option<(MarkedLine<'a>, MarkedLine<'a>)> = None;
    loop {
        match (a_lines.next(), b_lines.next()) {
            (None, None) => return Ok(()),
            (Some(a), Some(b)) => {
                if a.source != b.source && a.plain != b.plain {
                    return Err(first_difference(&a, &b));
                }
                each(&a, &b);
                last = Some((a, b));
            }
            (Some(a), None) => {
                let b_end = last.as_ref().map_or(b_part.before, |(_, b)| end_of(b));
                return Err(TextDiffers {
                    a: (a.number, 1),
                    b: b_end,
                });
            }
            (None, Some(b)) => {
                let a_end = last.as_ref().map_or(a_part.before, |(a, _)| end_of(a));
                return Err(TextDiffers {
                    a: a_end,
                    b: (b.number, 1),
                });
            }
        }
    }
}

/// Line and column just past the last char of `line`.
fn end_of(line: &MarkedLine<'_>) -> (usize, usize) {
    (line.number, line.source.chars().count() + 1)
}

/// The first char where two lines' plain texts differ, located in each.
pub fn first_difference(a: &MarkedLine<'_>, b: &MarkedLine<'_>) -> TextDiffers {
    let p = a
        .plain
        .chars()
        .zip(b.plain.chars())
        .take_while(|(x, y)| x == y)
        .count();
    TextDiffers {
        a: (a.number, a.column_of(p)),
        b: (b.number, b.column_of(p)),
    }
}

/// Agreement counts of B against A.
pub fn agree(a_src: &str, b_src: &str, scheme: &Scheme) -> Result<Tally, TextDiffers> {
    agree_part(whole(a_src), whole(b_src), scheme)
}

/// Agreement counts of B against A over the same run of lines of each: counts add up, so a
/// file's are the sum of its runs'.
pub fn agree_part(
    a: TextPiece<'_>,
    b: TextPiece<'_>,
    scheme: &Scheme,
) -> Result<Tally, TextDiffers> {
    let mut tally = Tally::new(scheme);
    walk(a, b, scheme, |a, b| {
        if a.source == b.source {
            tally.count_same_line(a);
        } else {
            let at: Vec<LineTag> = a.tags.iter().map(|t| t.0).collect();
            let bt: Vec<LineTag> = b.tags.iter().map(|t| t.0).collect();
            tally.count_line(a, b, &pair(&at, &bt));
        }
    })?;
    Ok(tally)
}

/// Every disagreement between A and B, in file order, each handed to `found`.
pub fn diff(
    a_src: &str,
    b_src: &str,
    scheme: &Scheme,
    found: impl FnMut(Disagreement),
) -> Result<(), TextDiffers> {
    diff_part(whole(a_src), whole(b_src), scheme, found)
}

/// `diff` over the same run of lines of each file.
pub fn diff_part(
    a: TextPiece<'_>,
    b: TextPiece<'_>,
    scheme: &Scheme,
    mut found: impl FnMut(Disagreement),
) -> Result<(), TextDiffers> {
    walk(a, b, scheme, |a, b| {
        if a.source == b.source {
            return;
        }
        let at: Vec<LineTag> = a.tags.iter().map(|t| t.0).collect();
        let bt: Vec<LineTag> = b.tags.iter().map(|t| t.0).collect();
        for p in pair(&at, &bt) {
            let d = match p {
                Pair::Match(..) => continue,
                Pair::OnlyA(i) => Disagreement::OnlyA {
                    at: (a.number, a.tag_columns[i]),
                    tag: at[i],
                    text: a.text(at[i].start, at[i].end),
                },
                Pair::OnlyB(j) => Disagreement::OnlyB {
                    at: (b.number, b.tag_columns[j]),
                    tag: bt[j],
                    text: b.text(bt[j].start, bt[j].end),
                },
                Pair::RoleDiffers(i, j) => Disagreement::RoleDiffers {
                    at: (a.number, a.tag_columns[i]),
                    a: at[i],
                    b: bt[j],
                    text: a.text(at[i].start, at[i].end),
                },
                Pair::BoundaryDiffers(i, j) | Pair::BothDiffer(i, j) => {
                    Disagreement::BoundaryDiffers {
                        at: (a.number, a.tag_columns[i]),
                        a: at[i],
                        b: bt[j],
                        a_text: a.text(at[i].start, at[i].end),
                        b_text: b.text(bt[j].start, bt[j].end),
                    }
                }
            };
            found(d);
        }
        // Notes, as multisets of (position, text).
        let mut b_left: Vec<Option<&(usize, String)>> = b.notes.iter().map(Some).collect();
        let mut a_only = Vec::new();
        for (i, n) in a.notes.iter().enumerate() {
            match b_left.iter().position(|m| *m == Some(n)) {
                Some(k) => b_left[k] = None,
                None => a_only.push(i),
            }
        }
        for i in a_only {
            found(Disagreement::Note {
                at: (a.number, a.note_columns[i]),
                in_a: true,
                text: a.notes[i].1.clone(),
            });
        }
        for (j, n) in b_left.iter().enumerate() {
            if n.is_some() {
                found(Disagreement::Note {
                    at: (b.number, b.note_columns[j]),
                    in_a: false,
                    text: b.notes[j].1.clone(),
                });
            }
        }
    })
}
