//! The line lexer as it was before it worked on bytes (it decoded every char of a line with
//! markup into tables): kept for tests only, as the reference the byte-level lexer in `line`
//! must agree with exactly (items, plain text, diagnostics with their locations and fixes).

use super::diagnostic::Diagnostic;
use super::diagnostic::{Fix, Omitted, Severity, TextEdit};
use super::findings::is_edge_junk;
use super::line::{LineCtx, LineItem, LineLexer, LineOut, Scratch};
use crate::scheme::{RoleId, full_width};

/// The first chars of a merge conflict note (`conflict::CONFLICT_MARK`).
const CONFLICT_CHARS: [char; 14] = [
    'p', 't', 'a', 'g', '-', 'c', 'o', 'n', 'f', 'l', 'i', 'c', 't', ' ',
];

#[derive(Debug, Clone, Copy)]
struct RefTagText<'a> {
    chars: &'a [char],
    last_solid: Option<char>,
}

#[derive(Debug, Clone, Copy)]
struct RawTag {
    role: RoleId,
    open: usize,
    close: usize,
}

impl LineLexer<'_> {
    /// The old `has_markup`: any char of the line is a delimiter.
    pub(super) fn reference_has_markup(&self, line: &str) -> bool {
        let delimiters = self.scheme.delimiters();
        line.chars().any(|c| delimiters.contains(&c))
    }

    pub(super) fn reference_parse_line(
        &self,
        line: &str,
        ctx: &LineCtx,
        diagnose: bool,
    ) -> LineOut {
        let s = &mut Scratch::default();
        let mut plain_chars: Vec<char> = Vec::new();
        let mut last_solid: Vec<Option<(usize, char)>> = Vec::new();
        let sch = self.scheme;
        s.chars.clear();
        s.bytes.clear();
        for (b, c) in line.char_indices() {
            s.chars.push(c);
            s.bytes.push(b as u32);
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
        plain_chars.clear();
        last_solid.clear();
        let mut plain = String::with_capacity(line.len());
        let mut count = 0;
        let mut solid = None;
        for (i, &c) in chars.iter().enumerate() {
            s.plain_before.push(count as u32);
            if !s.markup[i] && !s.in_note[i] {
                plain.push(c);
                plain_chars.push(c);
                last_solid.push(solid);
                if !c.is_whitespace() {
                    solid = Some((count, c));
                }
                count += 1;
            }
        }
        s.plain_before.push(count as u32);
        last_solid.push(solid);

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
            let start = s.plain_before[open] as usize;
            let end = s.plain_before[close] as usize;
            match role {
                Some(role) => {
                    if diagnose {
                        // The tag's text is a slice of the plain chars, and its last solid
                        // char a lookup: O(1) per tag, however deep tags nest or long they are.
                        let content = RefTagText {
                            chars: &plain_chars[start..end],
                            last_solid: last_solid[end]
                                .filter(|&(at, _)| at >= start)
                                .map(|(_, c)| c),
                        };
                        let nested_same = enclosing_of_role[usize::from(role)] > 0;
                        self.reference_tag_findings(
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
                self.innermost_tags(&items, plain_chars.len())
            };
            for &(role, at) in &literal_closes {
                found.push(self.unmatched_close(role, at, line, &inner, s));
            }
            for &(role, at, swept_by) in &literal_opens {
                found.push(self.unclosed_open(role, at, swept_by, line, &inner, s));
            }
            found.sort_by_key(|f| f.0);
            // The cap, the plain way: every finding sorted, those past the cap counted.
            let mut more = Omitted::default();
            for f in found.drain(found.len().min(self.cap)..) {
                more.count(f.1, f.3.as_ref().is_some_and(|f| f.safe));
            }
            for (ci, severity, message, fix) in found {
                diagnostics.push(Diagnostic {
                    line: ctx.line_no,
                    column: ci + 1,
                    severity,
                    message,
                    offset: ctx.plain_base + s.plain_before[ci] as usize,
                    fix: fix.map(|mut f| {
                        for e in &mut f.edits {
                            e.byte_start += ctx.byte_base;
                            e.byte_end += ctx.byte_base;
                        }
                        f
                    }),
                    more_on_line: None,
                });
            }
            if let Some(last) = diagnostics.last_mut() {
                last.more_on_line = Some(more).filter(|m| m.total() > 0);
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
    fn reference_tag_findings(
        &self,
        role: RoleId,
        open: usize,
        close: usize,
        text: RefTagText<'_>,
        nested_same: bool,
        _line: &str,
        s: &Scratch,
        found: &mut Vec<(usize, Severity, String, Option<Fix>)>,
    ) {
        let r = self.scheme.role(role);
        let name = &r.name;
        let content = text.chars;
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
        let trimmed_last = text.last_solid.unwrap_or(last);
        if trimmed_last == '。' {
            found.push((
                open,
                Severity::Warning,
                format!("{name} tag encloses a whole clause ending in '。'"),
                None,
            ));
        } else if is_edge_junk(last) && !closes_bracket_opened_inside(content) {
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
        if content.len() <= 3 && content.iter().all(|c| c.is_ascii_alphanumeric()) {
            // Built only here: copying every tag's text is quadratic on deeply nested tags.
            let text: String = content.iter().collect();
            let fix = match (full_width(r.open), full_width(r.close)) {
                (Some(fo), Some(fc)) => Some(Fix {
                    label: format!(
                        "make '{}{text}{}' full-width: '{fo}{text}{fc}'",
                        r.open, r.close
                    ),
                    edits: vec![replace_char(s, open, fo), replace_char(s, close, fc)],
                    safe: false,
                }),
                _ => None,
            };
            found.push((
                open,
                Severity::Info,
                format!(
                    "'{}{text}{}' looks like prose, not {} {name} tag",
                    r.open,
                    r.close,
                    super::findings::a_or_an(name)
                ),
                fix,
            ));
        }
    }
}

fn replace_char(s: &Scratch, ci: usize, with: char) -> TextEdit {
    let b = s.bytes[ci] as usize;
    TextEdit {
        byte_start: b,
        byte_end: b + s.chars[ci].len_utf8(),
        replacement: with.to_string(),
    }
}

/// Full-width bracket pairs a tag's text may hold whole, as in `<我们认为有风险的链接（“URL”）>`.
const BRACKET_PAIRS: [(char, char); 8] = [
    ('（', '）'),
    ('《', '》'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
    ('〔', '〕'),
    ('［', '］'),
    ('｛', '｝'),
];

fn closes_bracket_opened_inside(content: &[char]) -> bool {
    let Some((&last, before)) = content.split_last() else {
        return false;
    };
    let Some(&(open, close)) = BRACKET_PAIRS.iter().find(|(_, c)| *c == last) else {
        return false;
    };
    // Walk back from the end: the last bracket is matched when its depth returns to zero.
    let mut depth = 1usize;
    for &c in before.iter().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth -= 1;
            if depth == 0 {
                return true;
            }
        }
    }
    false
}
