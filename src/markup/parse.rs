//! `parse`: bracket markup → `Document`, by the SPEC's rules, recovery included. Never fails.

use super::diagnostic::Diagnostic;
use super::document::{Document, Item};
use super::line::{LineCtx, LineLexer, LineOut, Scratch, count_chars};
use crate::scheme::Scheme;
use ropey::RopeBuilder;

/// Where a run of whole lines starts in its file: what locates its diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStart {
    /// 1-based number of the run's first line.
    pub line_no: usize,
    /// Byte offset of the run in the file; 0 is the file's start (where a byte-order mark may be).
    pub byte: usize,
}

impl LineStart {
    /// The start of a file.
    pub const FILE: LineStart = LineStart {
        line_no: 1,
        byte: 0,
    };
}

/// Parses a whole file. Lines are independent (a tag never spans lines), so the work is one
/// pass, line by line; lines without a markup character are copied straight to the rope.
pub fn parse(src: &str, scheme: &Scheme) -> Document {
    parse_part(src, scheme, LineStart::FILE)
}

/// Parses a run of whole lines cut from a file at line ends, starting `at` (a run at byte 0
/// may start with a byte-order mark). Its diagnostics are located in the file; its plain
/// offsets count from the run's start: `Document::append` joins runs, in order, into exactly
/// the document `parse` gives for the whole file. This is what lets big files be parsed in
/// pieces, on every core, with only the pieces in flight in memory.
pub fn parse_part(src: &str, scheme: &Scheme, at: LineStart) -> Document {
    let mut doc = Document::empty(scheme.clone());
    let mut rope = RopeBuilder::new();
    doc.bom = walk_lines(src, scheme, at, |run| match run {
        // Lines without a markup character are copied to the rope whole.
        Run::Plain(text) => rope.append(text),
        Run::Line(out, plain_base) => {
            rope.append(&out.plain);
            for li in out.items {
                let item = match li.note {
                    Some(text) => {
                        let idx = doc.push_note_text(text);
                        Item::note(plain_base + li.start, li.depth, idx)
                    }
                    None => Item::tag(
                        li.role,
                        plain_base + li.start,
                        plain_base + li.end,
                        li.depth,
                    ),
                };
                doc.items.push(item);
            }
            doc.diagnostics.extend(out.diagnostics);
        }
    });
    doc.text = rope.finish();
    doc
}

/// The diagnostics `parse_part` finds in the same lines, without building their document:
/// what `check` needs. Lines without a markup character are stepped over by a byte search.
pub fn diagnose_part(src: &str, scheme: &Scheme, at: LineStart) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    walk_lines(src, scheme, at, |run| {
        if let Run::Line(out, _) = run {
            diagnostics.extend(out.diagnostics);
        }
    });
    diagnostics
}

/// A run of whole lines as `walk_lines` hands it on.
enum Run<'a> {
    /// Lines without a markup character: their plain text as they are.
    Plain(&'a str),
    /// One line with markup, lexed, and where its plain text starts in the part's.
    Line(LineOut, usize),
}

/// Walks a part (see `parse_part`) from one markup character to the next, handing `each` the
/// lines between them whole and each line with markup lexed, in order, the last lines too.
/// Returns whether the part starts with a byte-order mark (only a part at byte 0 may).
fn walk_lines<'a>(
    src: &'a str,
    scheme: &Scheme,
    at: LineStart,
    mut each: impl FnMut(Run<'a>),
) -> bool {
    let (bom, body, mut byte_base) = match src.strip_prefix('\u{feff}').filter(|_| at.byte == 0) {
        Some(rest) => (true, rest, '\u{feff}'.len_utf8()),
        None => (false, src, at.byte),
    };
    let lexer = LineLexer::new(scheme);
    let mut scratch = Scratch::default();
    let (mut line_no, mut plain_pos, mut rest) = (at.line_no, 0usize, body);
    while let Some(hit) = lexer.find_markup(rest) {
        let bytes = rest.as_bytes();
        let start = memchr::memrchr(b'\n', &bytes[..hit]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(rest.len(), |i| hit + i + 1);
        let skipped = &rest[..start];
        each(Run::Plain(skipped));
        line_no += memchr::memchr_iter(b'\n', skipped.as_bytes()).count();
        plain_pos += count_chars(skipped.as_bytes());
        byte_base += start;
        let line = &rest[start..end];
        let ctx = LineCtx {
            line_no,
            byte_base,
            plain_base: plain_pos,
        };
        let out = lexer.parse_line(line, &ctx, true, &mut scratch);
        plain_pos += out.plain_chars;
        each(Run::Line(out, ctx.plain_base));
        line_no += 1;
        byte_base += line.len();
        rest = &rest[end..];
    }
    each(Run::Plain(rest));
    bom
}

/// The diagnostics of one line's markup, as line `line_no` of a file whose plain text has the
/// line start at `plain_base`. Fix offsets are relative to the line.
pub(crate) fn line_diagnostics(
    line: &str,
    scheme: &Scheme,
    line_no: usize,
    plain_base: usize,
) -> Vec<Diagnostic> {
    let lexer = LineLexer::new(scheme);
    let ctx = LineCtx {
        line_no,
        byte_base: 0,
        plain_base,
    };
    lexer
        .parse_line(line, &ctx, true, &mut Scratch::default())
        .diagnostics
}
