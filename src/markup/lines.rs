//! A file read line by line, each line parsed on its own, with no rope and no whole-file
//! outline: what comparing and merging two or three 100 MB files needs (a tag never spans
//! lines, SPEC rule 3, so a line is a complete unit of annotation).

use super::document::Span;
use super::line::{LineCtx, LineLexer, Scratch, count_chars};
use super::parse::LineStart;
use crate::scheme::{RoleId, Scheme};
use std::borrow::Cow;

/// A tag on one line: positions are chars into the line's plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineTag {
    pub start: usize,
    pub end: usize,
    pub role: RoleId,
}

impl LineTag {
    pub fn overlaps(&self, o: &LineTag) -> bool {
        self.start < o.end && o.start < self.end
    }

    /// Neither holds the other, yet they share chars: tags that cannot both be in a file.
    pub fn crosses(&self, o: &LineTag) -> bool {
        self.overlaps(o)
            && !(self.start <= o.start && o.end <= self.end)
            && !(o.start <= self.start && self.end <= o.end)
    }

    /// The same tag, `base` chars further on (a position in the whole plain text).
    pub fn span(&self, base: usize) -> Span {
        Span {
            role: self.role,
            start: base + self.start,
            end: base + self.end,
        }
    }
}

/// One parsed line.
#[derive(Debug, Clone)]
pub struct MarkedLine<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The line as the file spells it, line break included (the BOM left out).
    pub source: &'a str,
    /// The plain text of the line, line break included.
    pub plain: Cow<'a, str>,
    /// Chars in `plain`.
    pub chars: usize,
    /// Tags in file order (pre-order), with their depth (how many tags enclose them).
    pub tags: Vec<(LineTag, u32)>,
    /// Notes in file order: position in the plain text and text.
    pub notes: Vec<(usize, String)>,
    /// 1-based column (chars into `source`) of each tag's opening delimiter, as `tags`.
    pub tag_columns: Vec<usize>,
    /// 1-based column of each note's opening mark, as `notes`.
    pub note_columns: Vec<usize>,
}

impl MarkedLine<'_> {
    /// The 1-based column in `source` of plain char `p` (or of the line's end).
    pub fn column_of(&self, p: usize) -> usize {
        let tags = self
            .tags
            .iter()
            .map(|(t, _)| usize::from(t.start <= p) + usize::from(t.end <= p))
            .sum::<usize>();
        let notes = self
            .notes
            .iter()
            .filter(|(pos, _)| *pos <= p)
            .map(|(_, t)| t.chars().count() + 2)
            .sum::<usize>();
        p + tags + notes + 1
    }

    /// The plain text of `[a, b)` (chars).
    pub fn text(&self, a: usize, b: usize) -> String {
        self.plain.chars().skip(a).take(b - a).collect()
    }

    /// The plain text without its line break: what agreement counts chars over.
    pub fn content_chars(&self) -> usize {
        let t = self.plain.trim_end_matches(['\n', '\r']);
        if t.len() == self.plain.len() {
            self.chars
        } else {
            self.chars - (self.plain.len() - t.len())
        }
    }
}

/// The lines of a file's markup, parsed one by one (no diagnostics: see `parse` for those).
pub struct MarkedLines<'a, 's> {
    lexer: LineLexer<'s>,
    scratch: Scratch,
    rest: std::str::SplitInclusive<'a, char>,
    number: usize,
}

/// Parses `src` line by line under `scheme`; a leading BOM is not part of the first line.
pub fn marked_lines<'a, 's>(src: &'a str, scheme: &'s Scheme) -> MarkedLines<'a, 's> {
    marked_lines_at(src, scheme, LineStart::FILE)
}

/// `marked_lines` of a run of whole lines cut from a file `at` a line start: numbered from
/// there, and a BOM left out only at the file's start.
pub fn marked_lines_at<'a, 's>(
    src: &'a str,
    scheme: &'s Scheme,
    at: LineStart,
) -> MarkedLines<'a, 's> {
    let body = match src.strip_prefix('\u{feff}') {
        Some(rest) if at.byte == 0 => rest,
        _ => src,
    };
    MarkedLines {
        lexer: LineLexer::new(scheme),
        scratch: Scratch::default(),
        rest: body.split_inclusive('\n'),
        number: at.line_no - 1,
    }
}

impl<'a> Iterator for MarkedLines<'a, '_> {
    type Item = MarkedLine<'a>;

    fn next(&mut self) -> Option<MarkedLine<'a>> {
        let source = self.rest.next()?;
        self.number += 1;
        if !self.lexer.has_markup(source) {
            return Some(MarkedLine {
                number: self.number,
                source,
                plain: Cow::Borrowed(source),
                chars: count_chars(source.as_bytes()),
                tags: Vec::new(),
                notes: Vec::new(),
                tag_columns: Vec::new(),
                note_columns: Vec::new(),
            });
        }
        let ctx = LineCtx {
            line_no: self.number,
            byte_base: 0,
            plain_base: 0,
        };
        let out = self
            .lexer
            .parse_line(source, &ctx, false, &mut self.scratch);
        let mut line = MarkedLine {
            number: self.number,
            source,
            plain: Cow::Owned(out.plain),
            chars: out.plain_chars,
            tags: Vec::new(),
            notes: Vec::new(),
            tag_columns: Vec::new(),
            note_columns: Vec::new(),
        };
        // Replays the serializer: before an item come the text up to its start, the opening
        // marks (and whole notes) of the items before it, and the closes of the tags it is
        // not inside.
        let mut open: Vec<u32> = Vec::new();
        let mut marks = 0usize;
        for it in out.items {
            while open.last().is_some_and(|&d| d >= it.depth) {
                open.pop();
                marks += 1;
            }
            let column = it.start + marks + 1;
            match it.note {
                Some(text) => {
                    marks += text.chars().count() + 2;
                    line.notes.push((it.start, text));
                    line.note_columns.push(column);
                }
                None => {
                    marks += 1;
                    open.push(it.depth);
                    line.tags.push((
                        LineTag {
                            start: it.start,
                            end: it.end,
                            role: it.role,
                        },
                        it.depth,
                    ));
                    line.tag_columns.push(column);
                }
            }
        }
        Some(line)
    }
}
