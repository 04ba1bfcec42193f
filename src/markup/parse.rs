//! `parse`: bracket markup → `Document`, by the SPEC's rules, recovery included. Never fails.

use super::diagnostic::Diagnostic;
use super::document::{Document, Item};
use super::line::{LineCtx, LineLexer, Scratch};
use crate::scheme::Scheme;
use ropey::RopeBuilder;

/// Parses a whole file. Lines are independent (a tag never spans lines), so the work is one
/// pass, line by line; lines without a markup character are copied straight to the rope.
pub fn parse(src: &str, scheme: &Scheme) -> Document {
    let (bom, body, mut byte_base) = match src.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest, '\u{feff}'.len_utf8()),
        None => (false, src, 0),
    };
    let lexer = LineLexer::new(scheme);
    let mut doc = Document::empty(scheme.clone());
    doc.bom = bom;
    let mut rope = RopeBuilder::new();
    let mut plain_pos = 0usize;
    let mut scratch = Scratch::default();
    for (line_idx, line) in body.split_inclusive('\n').enumerate() {
        if !lexer.has_markup(line) {
            rope.append(line);
            plain_pos += line.chars().count();
        } else {
            let ctx = LineCtx {
                line_no: line_idx + 1,
                byte_base,
                plain_base: plain_pos,
            };
            let out = lexer.parse_line(line, &ctx, true, &mut scratch);
            rope.append(&out.plain);
            plain_pos += out.plain_chars;
            for li in out.items {
                let item = match li.note {
                    Some(text) => {
                        let idx = doc.push_note_text(text);
                        Item::note(plain_pos - out.plain_chars + li.start, li.depth, idx)
                    }
                    None => Item::tag(
                        li.role,
                        plain_pos - out.plain_chars + li.start,
                        plain_pos - out.plain_chars + li.end,
                        li.depth,
                    ),
                };
                doc.items.push(item);
            }
            doc.diagnostics.extend(out.diagnostics);
        }
        byte_base += line.len();
    }
    doc.text = rope.finish();
    doc
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
