//! What the parser has to say about a line: warnings on well-formed tags, stray and unclosed
//! delimiters, and the fixes it offers. Kept apart from the lexer that finds the tags.

use super::diagnostic::{Fix, Severity, TextEdit};
use super::line::{LineItem, LineLexer, Scratch, TagText, parse_one_line};
use crate::scheme::{RoleId, ascii_twin, full_width};

impl LineLexer<'_> {
    /// Warnings and hints about one well-formed tag.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn tag_findings(
        &self,
        role: RoleId,
        open: usize,
        close: usize,
        text: TagText<'_>,
        nested_same: bool,
        line: &str,
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
    pub(super) fn unmatched_close(
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
    pub(super) fn unclosed_open(
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
    pub(super) fn fix_forms_tag(
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

/// Does the text end with a closing bracket that closes a bracket opened inside the same text?
/// Such a bracket belongs to the tagged words (`链接（“URL”）`), so it is not stray punctuation.
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

/// White space or punctuation that should not sit at the edge of a tag.
pub fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：！？“”‘’（）《》【】「」『』…—·～\u{3000}".contains(c)
}
