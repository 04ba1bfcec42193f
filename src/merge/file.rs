//! The three-way merge of whole files, line by line: lines no one changed, or only one side
//! changed, are copied as that side spells them; other lines are rebuilt from ours with the
//! merged tags and notes (through the same checked edits as the editor's), with a conflict
//! note where the sides disagree.

use super::decide::{LineMerge, Side, merge_line};
use crate::agree::TextDiffers;
use crate::agree::compare::first_difference;
use crate::agree::whole;
use crate::markup::{
    CONFLICT_MARK, EditError, LineTag, MarkedLine, Span, conflict_note, marked_lines,
    marked_lines_at, parse, serialize,
};
use crate::scheme::Scheme;
use crate::stream::{CHUNK_BYTES, TextPiece, aligned_texts};
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

/// A conflict left in the merged file: where its note stands (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictAt {
    pub line: usize,
    pub column: usize,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub conflicts: Vec<ConflictAt>,
    pub from_ours: usize,
    pub from_theirs: usize,
    pub from_both: usize,
}

/// Why there is no merge.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// The policy text of `side` ("ours" or "theirs") differs from base's.
    #[error("the policy text differs")]
    TextDiffers { side: &'static str, at: TextDiffers },
    /// A merged line could not be written (a literal delimiter in the way, …).
    #[error("line {line}: cannot merge: {why}")]
    Line { line: usize, why: String },
}

impl MergeReport {
    /// Adds the report of the lines that follow (a file merged in runs of lines).
    pub fn add(&mut self, o: MergeReport) {
        self.conflicts.extend(o.conflicts);
        self.from_ours += o.from_ours;
        self.from_theirs += o.from_theirs;
        self.from_both += o.from_both;
    }
}

/// Merges `ours` and `theirs`, both descended from `base`, appending the result to `out`.
pub fn merge(
    base: &str,
    ours: &str,
    theirs: &str,
    scheme: &Scheme,
    out: &mut String,
) -> Result<MergeReport, MergeError> {
    merge_part(whole(base), whole(ours), whole(theirs), scheme, out)
}

/// `merge` of the same run of lines of the three files, appending its result to `out`: the
/// results of a file's runs, in order, are the merge of the whole file.
pub fn merge_part(
    base: TextPiece<'_>,
    ours: TextPiece<'_>,
    theirs: TextPiece<'_>,
    scheme: &Scheme,
    out: &mut String,
) -> Result<MergeReport, MergeError> {
    let mut report = MergeReport::default();
    if ours.at.byte == 0 && ours.text.starts_with('\u{feff}') {
        out.push('\u{feff}');
    }
    let befores = [base.before, ours.before, theirs.before];
    let mut b_lines = marked_lines_at(base.text, scheme, base.at);
    let mut o_lines = marked_lines_at(ours.text, scheme, ours.at);
    let mut t_lines = marked_lines_at(theirs.text, scheme, theirs.at);
    let mut last: Option<[(usize, usize); 3]> = None;
    loop {
        let (b, o, t) = match (b_lines.next(), o_lines.next(), t_lines.next()) {
            (None, None, None) => return Ok(report),
            (Some(b), Some(o), Some(t)) => (b, o, t),
            (b, o, t) => return Err(length_differs(b, o, t, last.unwrap_or(befores))),
        };
        same_text(&b, &o, "ours")?;
        same_text(&b, &t, "theirs")?;
        last = Some([end_of(&b), end_of(&o), end_of(&t)]);
        if b.source == o.source && o.source == t.source {
            out.push_str(o.source);
            continue;
        }
        let (bt, ot, tt) = (tags(&b), tags(&o), tags(&t));
        let merged = merge_line(
            Side {
                tags: &bt,
                notes: &b.notes,
            },
            Side {
                tags: &ot,
                notes: &o.notes,
            },
            Side {
                tags: &tt,
                notes: &t.notes,
            },
        );
        report.from_ours += merged.from_ours;
        report.from_theirs += merged.from_theirs;
        report.from_both += merged.from_both;
        // A line only one side changed (or both alike) is copied as that side spells it.
        if o.source == t.source || b.source == t.source {
            out.push_str(o.source);
        } else if b.source == o.source {
            out.push_str(t.source);
        } else {
            let line = rebuild(&o, &merged, scheme).map_err(|e| MergeError::Line {
                line: o.number,
                why: e.to_string(),
            })?;
            if !merged.conflicts.is_empty()
                && let Some(l) = marked_lines(&line, scheme).next()
            {
                for (k, (_, text)) in l.notes.iter().enumerate() {
                    if text.starts_with(CONFLICT_MARK) {
                        report.conflicts.push(ConflictAt {
                            line: o.number,
                            column: l.note_columns[k],
                        });
                    }
                }
            }
            out.push_str(&line);
        }
    }
}

pub(crate) fn end_of(l: &MarkedLine<'_>) -> (usize, usize) {
    (l.number, l.source.chars().count() + 1)
}

fn same_text(b: &MarkedLine<'_>, s: &MarkedLine<'_>, name: &'static str) -> Result<(), MergeError> {
    if b.source != s.source && b.plain != s.plain {
        return Err(MergeError::TextDiffers {
            side: name,
            at: first_difference(b, s),
        });
    }
    Ok(())
}

/// One file ended before another: the text differs at the shorter one's end.
fn length_differs(
    b: Option<MarkedLine<'_>>,
    o: Option<MarkedLine<'_>>,
    t: Option<MarkedLine<'_>>,
    ends: [(usize, usize); 3],
) -> MergeError {
    let here = |l: &Option<MarkedLine<'_>>, k: usize| l.as_ref().map_or(ends[k], |l| (l.number, 1));
    let side = if o.is_some() != b.is_some() {
        "ours"
    } else {
        "theirs"
    };
    let (k, other) = if side == "ours" { (1, &o) } else { (2, &t) };
    MergeError::TextDiffers {
        side,
        at: TextDiffers {
            a: here(&b, 0),
            b: here(other, k),
        },
    }
}

pub(crate) fn tags(l: &MarkedLine<'_>) -> Vec<LineTag> {
    l.tags.iter().map(|t| t.0).collect()
}

/// Ours' line with the merged tags and notes and a note for each conflict.
pub(crate) fn rebuild(
    ours: &MarkedLine<'_>,
    merged: &LineMerge,
    scheme: &Scheme,
) -> Result<String, EditError> {
    let mut doc = parse(ours.source, scheme);
    let mut left: Vec<LineTag> = merged.tags.clone();
    for (t, _) in &ours.tags {
        match left.iter().position(|m| m == t) {
            Some(k) => {
                left.swap_remove(k);
            }
            None => {
                let span = Span {
                    role: t.role,
                    start: t.start,
                    end: t.end,
                };
                let i = doc.find_span(&span).ok_or(EditError::NoSuchItem)?;
                doc.untag(i)?;
            }
        }
    }
    left.sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));
    for t in &left {
        doc.tag(t.role, t.start, t.end)?;
    }
    let mut notes_left: Vec<&(usize, String)> = merged.notes.iter().collect();
    for n in &ours.notes {
        match notes_left.iter().position(|m| *m == n) {
            Some(k) => {
                notes_left.remove(k);
            }
            None => {
                let i = doc
                    .items()
                    .iter()
                    .position(|it| {
                        it.is_note() && it.start as usize == n.0 && doc.note_text(it) == n.1
                    })
                    .ok_or(EditError::NoSuchItem)?;
                doc.set_note(i, "")?;
            }
        }
    }
    for (pos, text) in notes_left {
        doc.add_note(*pos, text)?;
    }
    for c in &merged.conflicts {
        let text = ours.text(c.start, c.end);
        let note = conflict_note(&text, &c.ours, &c.theirs, scheme)?;
        doc.add_note(c.start, &note)?;
    }
    serialize(&doc).map_err(|_| EditError::WouldNotReadBack)
}

/// `merge` of three UTF-8 files read in pieces (`stream::aligned_texts`), each run of lines
/// merged on any core and written to `out` in order as it comes: memory holds a few runs.
/// `None` when they cannot be streamed (the caller reads them whole, which says why); what was
/// written to `out` is then to be thrown away, as it is on an error.
pub fn merge_files(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    scheme: &Scheme,
    out: &mut dyn Write,
) -> Option<io::Result<Result<MergeReport, MergeError>>> {
    let mut report = MergeReport::default();
    let mut failed: Option<io::Result<MergeError>> = None;
    let streamed = aligned_texts(
        &[base, ours, theirs],
        CHUNK_BYTES,
        |p| {
            let mut merged = String::with_capacity(p[1].text.len() + 64);
            merge_part(p[0], p[1], p[2], scheme, &mut merged).map(|r| (merged, r))
        },
        |run| {
            let stop = match run {
                Ok((merged, r)) => match out.write_all(merged.as_bytes()) {
                    Ok(()) => {
                        report.add(r);
                        return ControlFlow::Continue(());
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Ok(e),
            };
            failed = Some(stop);
            ControlFlow::Break(())
        },
    );
    let result = match failed {
        None => Ok(Ok(report)),
        Some(Ok(e)) => Ok(Err(e)),
        Some(Err(e)) => Err(e),
    };
    streamed.then_some(result)
}
