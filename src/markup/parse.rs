//! `parse`: bracket markup → `Document`, by the SPEC's rules, recovery included. Never fails.

use super::diagnostic::{Diagnostic, Fix, Severity, TextEdit};
use super::document::{Document, Item};
use crate::scheme::{RoleId, Scheme, ascii_twin, full_width};
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

/// Parses one line on its own (used to check a single edited line). Positions are relative
/// to the line; notes carry their text.
pub(crate) fn parse_one_line(line: &str, scheme: &Scheme) -> (String, Vec<LineItem>) {
    let lexer = LineLexer::new(scheme);
    let ctx = LineCtx {
        line_no: 1,
        byte_base: 0,
        plain_base: 0,
    };
    let out = lexer.parse_line(line, &ctx, false, &mut Scratch::default());
    (out.plain, out.items)
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

/// Where a line sits in the file, for locating diagnostics.
pub(crate) struct LineCtx {
    pub line_no: usize,
    pub byte_base: usize,
    pub plain_base: usize,
}

/// A tag or note found on one line, positions relative to the line's plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineItem {
    pub start: usize,
    pub end: usize,
    pub depth: u32,
    pub role: RoleId,
    pub note: Option<String>,
}

pub(crate) struct LineOut {
    pub plain: String,
    pub plain_chars: usize,
    pub items: Vec<LineItem>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Buffers reused from line to line so a 100 MB parse does not allocate per line.
#[derive(Default)]
pub(crate) struct Scratch {
    chars: Vec<char>,
    bytes: Vec<usize>,
    markup: Vec<bool>,
    in_note: Vec<bool>,
    plain_before: Vec<usize>,
}

/// What each character means to the parser, looked up fast.
struct LineLexer<'s> {
    scheme: &'s Scheme,
    /// For schemes whose delimiters are all ASCII: a byte table for the no-markup fast path.
    ascii_table: Option<[bool; 128]>,
    delimiters: Vec<char>,
}

#[derive(Debug, Clone, Copy)]
struct RawTag {
    role: RoleId,
    open: usize,
    close: usize,
}

impl<'s> LineLexer<'s> {
    fn new(scheme: &'s Scheme) -> Self {
        let delimiters = scheme.delimiters();
        let ascii_table = delimiters.iter().all(|c| c.is_ascii()).then(|| {
            let mut t = [false; 128];
            for c in &delimiters {
                t[*c as usize] = true;
            }
            t
        });
        LineLexer {
            scheme,
            ascii_table,
            delimiters,
        }
    }

    fn has_markup(&self, line: &str) -> bool {
        match &self.ascii_table {
            Some(t) => line.bytes().any(|b| b < 128 && t[b as usize]),
            None => line.chars().any(|c| self.delimiters.contains(&c)),
        }
    }

    fn parse_line(&self, line: &str, ctx: &LineCtx, diagnose: bool, s: &mut Scratch) -> LineOut {
        let sch = self.scheme;
        s.chars.clear();
        s.bytes.clear();
        for (b, c) in line.char_indices() {
            s.chars.push(c);
            s.bytes.push(b);
        }
        let n = s.chars.len();
        s.markup.clear();
        s.markup.resize(n, false);
        s.in_note.clear();
        s.in_note.resize(n, false);
        let chars = &s.chars;

        let mut tags: Vec<RawTag> = Vec::new();
        let mut notes: Vec<(usize, usize)> = Vec::new();
        let mut stack: Vec<(RoleId, usize)> = Vec::new();
        // (char index, severity, message, fix)
        let mut found: Vec<(usize, Severity, String, Option<Fix>)> = Vec::new();
        // Opens that became literal text, with the close that swept them away (if any).
        let mut literal_opens: Vec<(RoleId, usize, Option<usize>)> = Vec::new();
        let mut literal_closes: Vec<(RoleId, usize)> = Vec::new();

        let mut k = 0;
        while k < n {
            let c = chars[k];
            if c == sch.note {
                match (k + 1..n).find(|&j| chars[j] == sch.note) {
                    Some(j) => {
                        notes.push((k, j));
                        s.markup[k] = true;
                        s.markup[j] = true;
                        for flag in &mut s.in_note[k + 1..j] {
                            *flag = true;
                        }
                        k = j + 1;
                        continue;
                    }
                    None => {
                        if diagnose {
                            found.push((
                                k,
                                Severity::Error,
                                format!(
                                    "unclosed note: '{0}' has no closing '{0}' on this line",
                                    sch.note
                                ),
                                None,
                            ));
                        }
                    }
                }
            } else if let Some(role) = sch.role_by_open(c) {
                stack.push((role, k));
            } else if let Some(role) = sch.role_by_close(c) {
                match stack.iter().rposition(|&(r, _)| r == role) {
                    Some(at) => {
                        for &(r, open) in &stack[at + 1..] {
                            literal_opens.push((r, open, Some(k)));
                        }
                        let open = stack[at].1;
                        stack.truncate(at);
                        s.markup[open] = true;
                        s.markup[k] = true;
                        tags.push(RawTag {
                            role,
                            open,
                            close: k,
                        });
                    }
                    None => literal_closes.push((role, k)),
                }
            }
            k += 1;
        }
        for &(r, open) in &stack {
            literal_opens.push((r, open, None));
        }

        // Plain text and the plain index of every char.
        s.plain_before.clear();
        let mut plain = String::with_capacity(line.len());
        let mut count = 0;
        for (i, &c) in chars.iter().enumerate() {
            s.plain_before.push(count);
            if !s.markup[i] && !s.in_note[i] {
                plain.push(c);
                count += 1;
            }
        }
        s.plain_before.push(count);

        // The outline: opening order is pre-order; depth from a stack of enclosing closes.
        let mut events: Vec<(usize, usize, Option<RoleId>)> = tags
            .iter()
            .map(|t| (t.open, t.close, Some(t.role)))
            .chain(notes.iter().map(|&(o, c)| (o, c, None)))
            .collect();
        events.sort_unstable_by_key(|e| e.0);
        let mut open_tags: Vec<(usize, RoleId)> = Vec::new();
        let mut items = Vec::with_capacity(events.len());
        for &(open, close, role) in &events {
            while open_tags.last().is_some_and(|&(c, _)| c < open) {
                open_tags.pop();
            }
            let depth = open_tags.len() as u32;
            let start = s.plain_before[open];
            let end = s.plain_before[close];
            match role {
                Some(role) => {
                    if diagnose {
                        // The tag's own chars, read off the line: O(tag length), where
                        // skipping through `plain` was O(line) per tag (quadratic on a long line).
                        let content: Vec<char> = (open + 1..close)
                            .filter(|&i| !s.markup[i] && !s.in_note[i])
                            .map(|i| s.chars[i])
                            .collect();
                        let nested_same = open_tags.iter().any(|&(_, r)| r == role);
                        self.tag_findings(
                            role,
                            open,
                            close,
                            &content,
                            nested_same,
                            line,
                            s,
                            &mut found,
                        );
                    }
                    open_tags.push((close, role));
                    items.push(LineItem {
                        start,
                        end,
                        depth,
                        role,
                        note: None,
                    });
                }
                None => {
                    let text: String = chars[open + 1..close].iter().collect();
                    items.push(LineItem {
                        start,
                        end: start,
                        depth,
                        role: 0,
                        note: Some(text),
                    });
                }
            }
        }

        let mut diagnostics = Vec::new();
        if diagnose {
            for &(role, at) in &literal_closes {
                found.push(self.unmatched_close(role, at, line, &items, s));
            }
            for &(role, at, swept_by) in &literal_opens {
                found.push(self.unclosed_open(role, at, swept_by, line, &items, s));
            }
            found.sort_by_key(|f| f.0);
            for (ci, severity, message, fix) in found {
                diagnostics.push(Diagnostic {
                    line: ctx.line_no,
                    column: ci + 1,
                    severity,
                    message,
                    offset: ctx.plain_base + s.plain_before[ci],
                    fix: fix.map(|mut f| {
                        for e in &mut f.edits {
                            e.byte_start += ctx.byte_base;
                            e.byte_end += ctx.byte_base;
                        }
                        f
                    }),
                });
            }
        }
        let plain_chars = count;
        LineOut {
            plain,
            plain_chars,
            items,
            diagnostics,
        }
    }

    /// Warnings and hints about one well-formed tag.
    #[allow(clippy::too_many_arguments)]
    fn tag_findings(
        &self,
        role: RoleId,
        open: usize,
        close: usize,
        content: &[char],
        nested_same: bool,
        line: &str,
        s: &Scratch,
        found: &mut Vec<(usize, Severity, String, Option<Fix>)>,
    ) {
        let r = self.scheme.role(role);
        let name = &r.name;
        if content.is_empty() {
            found.push((
                open,
                Severity::Warning,
                format!("empty {name} tag '{}{}'", r.open, r.close),
                None,
            ));
            return;
        }
        if nested_same {
            found.push((
                open,
                Severity::Warning,
                format!("{name} tag nested inside another {name} tag"),
                None,
            ));
        }
        let last = *content.last().expect("non-empty");
        let first = content[0];
        let trimmed_last = content
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .copied()
            .unwrap_or(last);
        if trimmed_last == '。' {
            found.push((
                open,
                Severity::Warning,
                format!("{name} tag encloses a whole clause ending in '。'"),
                None,
            ));
        } else if is_edge_junk(last) {
            found.push((
                close,
                Severity::Warning,
                format!("{name} tag text ends with white space or punctuation {last:?}"),
                None,
            ));
        }
        if is_edge_junk(first) {
            found.push((
                open,
                Severity::Warning,
                format!("{name} tag text starts with white space or punctuation {first:?}"),
                None,
            ));
        }
        // `(1)`, `(SDK)`: ASCII brackets used as prose, parsed as a tag.
        let text: String = content.iter().collect();
        if content.len() <= 3 && content.iter().all(|c| c.is_ascii_alphanumeric()) {
            let fix = match (full_width(r.open), full_width(r.close)) {
                (Some(fo), Some(fc)) => Some(Fix {
                    label: format!(
                        "make '{}{text}{}' full-width: '{fo}{text}{fc}'",
                        r.open, r.close
                    ),
                    edits: vec![
                        replace_char(s, open, fo, line),
                        replace_char(s, close, fc, line),
                    ],
                    safe: false,
                }),
                _ => None,
            };
            found.push((
                open,
                Severity::Info,
                format!(
                    "'{}{text}{}' looks like prose, not an {name} tag",
                    r.open, r.close
                ),
                fix,
            ));
        }
    }

    /// An ASCII close with no open of its role: maybe the open was typed full-width (`（我们)`).
    fn unmatched_close(
        &self,
        role: RoleId,
        at: usize,
        line: &str,
        items: &[LineItem],
        s: &Scratch,
    ) -> (usize, Severity, String, Option<Fix>) {
        let r = self.scheme.role(role);
        let chars = &s.chars;
        let twin_close = full_width(r.close);
        for j in (0..at).rev() {
            let c = chars[j];
            if s.in_note[j] || c == r.open || Some(c) == twin_close || c == r.close {
                break;
            }
            if ascii_twin(c) == Some(r.open) && self.fix_forms_tag(line, s, j, r.open, role, items)
            {
                let fix = Fix {
                    label: format!("replace '{c}' with '{}'", r.open),
                    edits: vec![replace_char(s, j, r.open, line)],
                    safe: true,
                };
                return (
                    j,
                    Severity::Error,
                    format!(
                        "mixed pair: full-width '{c}' closed by ASCII '{}' (meant as an {} tag?)",
                        r.close, r.name
                    ),
                    Some(fix),
                );
            }
        }
        (
            at,
            Severity::Error,
            format!(
                "unmatched closing '{}' ({}): no open '{}' before it on this line",
                r.close, r.name, r.open
            ),
            None,
        )
    }

    /// An ASCII open that never closed: maybe the close was typed full-width (`(我们）`).
    fn unclosed_open(
        &self,
        role: RoleId,
        at: usize,
        swept_by: Option<usize>,
        line: &str,
        items: &[LineItem],
        s: &Scratch,
    ) -> (usize, Severity, String, Option<Fix>) {
        let r = self.scheme.role(role);
        let chars = &s.chars;
        let twin_open = full_width(r.open);
        for (j, &c) in chars.iter().enumerate().skip(at + 1) {
            if s.in_note[j] || c == r.open || c == r.close || Some(c) == twin_open {
                break;
            }
            if ascii_twin(c) == Some(r.close)
                && self.fix_forms_tag(line, s, j, r.close, role, items)
            {
                let fix = Fix {
                    label: format!("replace '{c}' with '{}'", r.close),
                    edits: vec![replace_char(s, j, r.close, line)],
                    safe: true,
                };
                return (
                    at,
                    Severity::Error,
                    format!(
                        "mixed pair: ASCII '{}' closed by full-width '{c}' (meant as an {} tag?)",
                        r.open, r.name
                    ),
                    Some(fix),
                );
            }
        }
        let message = match swept_by {
            Some(by) => format!(
                "unclosed '{}' ({}): the tag around it closed at column {} first",
                r.open,
                r.name,
                by + 1
            ),
            None => format!(
                "unclosed '{}' ({}): no matching '{}' on this line",
                r.open, r.name, r.close
            ),
        };
        (at, Severity::Error, message, None)
    }

    /// Would replacing char `j` with `with` make exactly one more tag of `role` and keep the rest?
    fn fix_forms_tag(
        &self,
        line: &str,
        s: &Scratch,
        j: usize,
        with: char,
        role: RoleId,
        items: &[LineItem],
    ) -> bool {
        let b = s.bytes[j];
        let old_len = s.chars[j].len_utf8();
        let fixed = format!("{}{with}{}", &line[..b], &line[b + old_len..]);
        let (_, new_items) = parse_one_line(&fixed, self.scheme);
        let old_tags = items.iter().filter(|i| i.note.is_none()).count();
        let new_tags: Vec<_> = new_items.iter().filter(|i| i.note.is_none()).collect();
        new_tags.len() == old_tags + 1
            && new_tags.iter().filter(|i| i.role == role).count()
                == items
                    .iter()
                    .filter(|i| i.note.is_none() && i.role == role)
                    .count()
                    + 1
    }
}

fn replace_char(s: &Scratch, ci: usize, with: char, _line: &str) -> TextEdit {
    let b = s.bytes[ci];
    TextEdit {
        byte_start: b,
        byte_end: b + s.chars[ci].len_utf8(),
        replacement: with.to_string(),
    }
}

/// White space or punctuation that should not sit at the edge of a tag.
pub fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：！？“”‘’（）《》【】「」『』…—·～\u{3000}".contains(c)
}
