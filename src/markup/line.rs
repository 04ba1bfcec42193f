//! One line of markup on its own: the lexer that finds tags, notes and diagnostics in a line.
//! A tag never spans lines (SPEC rule 3), so this is all the parser there is; `parse` strings
//! lines together into a `Document`.

use super::diagnostic::{Diagnostic, Fix, Severity};
use crate::scheme::{RoleId, Scheme};

/// The first chars of a merge conflict note (`conflict::CONFLICT_MARK`).
const CONFLICT_CHARS: [char; 14] = [
    'p', 't', 'a', 'g', '-', 'c', 'o', 'n', 'f', 'l', 'i', 'c', 't', ' ',
];

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
    pub(super) chars: Vec<char>,
    pub(super) bytes: Vec<usize>,
    pub(super) markup: Vec<bool>,
    pub(super) in_note: Vec<bool>,
    pub(super) plain_before: Vec<usize>,
    /// The plain chars of the line, so a tag's text is a slice, not a copy.
    pub(super) plain_chars: Vec<char>,
    /// `last_solid[p]`: the last plain char before plain index `p` that is not white space.
    pub(super) last_solid: Vec<Option<(usize, char)>>,
}

/// What each character means to the parser, looked up fast.
pub(crate) struct LineLexer<'s> {
    pub(super) scheme: &'s Scheme,
    /// For schemes whose delimiters are all ASCII: a byte table for the no-markup fast path.
    ascii_table: Option<[bool; 128]>,
    delimiters: Vec<char>,
}

/// A well-formed tag's text, as the findings read it.
#[derive(Debug, Clone, Copy)]
pub(super) struct TagText<'a> {
    /// The plain chars between its delimiters (inner tags' delimiters and notes left out).
    pub(super) chars: &'a [char],
    /// Its last char that is not white space, if any.
    pub(super) last_solid: Option<char>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct RawTag {
    pub(super) role: RoleId,
    pub(super) open: usize,
    pub(super) close: usize,
}

impl<'s> LineLexer<'s> {
    pub(crate) fn new(scheme: &'s Scheme) -> Self {
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

    pub(crate) fn has_markup(&self, line: &str) -> bool {
        match &self.ascii_table {
            Some(t) => line.bytes().any(|b| b < 128 && t[b as usize]),
            None => line.chars().any(|c| self.delimiters.contains(&c)),
        }
    }

    /// The byte offset of the first markup character in `text`, if any.
    pub(crate) fn find_markup(&self, text: &str) -> Option<usize> {
        match &self.ascii_table {
            Some(t) => text.bytes().position(|b| b < 128 && t[b as usize]),
            None => text
                .char_indices()
                .find(|(_, c)| self.delimiters.contains(c))
                .map(|(i, _)| i),
        }
    }

    pub(crate) fn parse_line(
        &self,
        line: &str,
        ctx: &LineCtx,
        diagnose: bool,
        s: &mut Scratch,
    ) -> LineOut {
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
        // Open tags of each role on `stack`: a close of a role with none open is literal at
        // once, instead of searching the whole stack (quadratic on `((((…]]]]`).
        let mut open_of_role = vec![0usize; sch.roles.len()];

        let mut k = 0;
        while k < n {
            let c = chars[k];
            if c == sch.note {
                match (k + 1..n).find(|&j| chars[j] == sch.note) {
                    Some(j) => {
                        if diagnose && chars[k + 1..j].starts_with(&CONFLICT_CHARS) {
                            let note: String = chars[k + 1..j].iter().collect();
                            if let Some(message) = self.conflict_finding(&note) {
                                found.push((k, Severity::Error, message, None));
                            }
                        }
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
                open_of_role[usize::from(role)] += 1;
            } else if let Some(role) = sch.role_by_close(c) {
                let found_open = if open_of_role[usize::from(role)] == 0 {
                    None
                } else {
                    // Every entry passed over here is swept off the stack: linear in total.
                    stack.iter().rposition(|&(r, _)| r == role)
                };
                match found_open {
                    Some(at) => {
                        for &(r, _) in &stack[at..] {
                            open_of_role[usize::from(r)] -= 1;
                        }
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
        s.plain_chars.clear();
        s.last_solid.clear();
        let mut plain = String::with_capacity(line.len());
        let mut count = 0;
        let mut solid = None;
        for (i, &c) in chars.iter().enumerate() {
            s.plain_before.push(count);
            if !s.markup[i] && !s.in_note[i] {
                plain.push(c);
                s.plain_chars.push(c);
                s.last_solid.push(solid);
                if !c.is_whitespace() {
                    solid = Some((count, c));
                }
                count += 1;
            }
        }
        s.plain_before.push(count);
        s.last_solid.push(solid);

        // The outline: opening order is pre-order; depth from a stack of enclosing closes.
        let mut events: Vec<(usize, usize, Option<RoleId>)> = tags
            .iter()
            .map(|t| (t.open, t.close, Some(t.role)))
            .chain(notes.iter().map(|&(o, c)| (o, c, None)))
            .collect();
        events.sort_unstable_by_key(|e| e.0);
        let mut open_tags: Vec<(usize, RoleId)> = Vec::new();
        // How many of `open_tags` have each role: "nested in the same role" in O(1), where
        // searching `open_tags` was O(depth) per tag (quadratic on 200 k identical tags).
        let mut enclosing_of_role = vec![0usize; sch.roles.len()];
        let mut items = Vec::with_capacity(events.len());
        for &(open, close, role) in &events {
            while let Some(&(c, r)) = open_tags.last()
                && c < open
            {
                open_tags.pop();
                enclosing_of_role[usize::from(r)] -= 1;
            }
            let depth = open_tags.len() as u32;
            let start = s.plain_before[open];
            let end = s.plain_before[close];
            match role {
                Some(role) => {
                    if diagnose {
                        // The tag's text is a slice of the plain chars, and its last solid
                        // char a lookup: O(1) per tag, however deep tags nest or long they are.
                        let content = TagText {
                            chars: &s.plain_chars[start..end],
                            last_solid: s.last_solid[end]
                                .filter(|&(at, _)| at >= start)
                                .map(|(_, c)| c),
                        };
                        let nested_same = enclosing_of_role[usize::from(role)] > 0;
                        self.tag_findings(
                            role,
                            open,
                            close,
                            content,
                            nested_same,
                            line,
                            s,
                            &mut found,
                        );
                    }
                    open_tags.push((close, role));
                    enclosing_of_role[usize::from(role)] += 1;
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
            let inner = if literal_closes.is_empty() && literal_opens.is_empty() {
                Vec::new()
            } else {
                self.innermost_tags(&items, s.plain_chars.len())
            };
            for &(role, at) in &literal_closes {
                found.push(self.unmatched_close(role, at, line, &inner, s));
            }
            for &(role, at, swept_by) in &literal_opens {
                found.push(self.unclosed_open(role, at, swept_by, line, &inner, s));
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
