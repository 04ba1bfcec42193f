//! What the parser has to say about a line: warnings on well-formed tags, stray and unclosed
//! delimiters, and the fixes it offers. Kept apart from the lexer that finds the tags.

use super::diagnostic::{Fix, Severity, TextEdit};
use super::kept_findings::Found;
use super::kept_findings::KeptFindings;
use super::line::{At, LineItem, LineLexer, Scratch, TagText};
use crate::scheme::{RoleId, ascii_twin, full_width};

impl LineLexer<'_> {
    /// Warnings and hints about one well-formed tag.
    pub(super) fn tag_findings(
        &self,
        role: RoleId,
        open: At,
        close: At,
        text: TagText<'_>,
        nested_same: bool,
        found: &mut KeptFindings,
    ) {
        let r = self.scheme.role(role);
        let name = &r.name;
        let content = text.text;
        let (Some(first), Some(last)) = (content.chars().next(), content.chars().next_back())
        else {
            found.push((
                open.ci,
                Severity::Warning,
                format!("empty {name} tag '{}{}'", r.open, r.close),
                None,
            ));
            return;
        };
        if nested_same {
            found.push((
                open.ci,
                Severity::Warning,
                format!("{name} tag nested inside another {name} tag"),
                None,
            ));
        }
        let trimmed_last = text.last_solid.unwrap_or(last);
        if trimmed_last == '。' {
            found.push((
                open.ci,
                Severity::Warning,
                format!("{name} tag encloses a whole clause ending in '。'"),
                None,
            ));
        } else if is_edge_junk(last) && !closes_bracket_opened_inside(content) {
            found.push((
                close.ci,
                Severity::Warning,
                format!("{name} tag text ends with white space or punctuation {last:?}"),
                None,
            ));
        }
        if is_edge_junk(first) {
            found.push((
                open.ci,
                Severity::Warning,
                format!("{name} tag text starts with white space or punctuation {first:?}"),
                None,
            ));
        }
        // `(1)`, `(SDK)`: ASCII brackets used as prose, parsed as a tag.
        if text.len <= 3 && content.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let fix = match (full_width(r.open), full_width(r.close)) {
                (Some(fo), Some(fc)) => Some(Fix {
                    label: format!(
                        "make '{}{content}{}' full-width: '{fo}{content}{fc}'",
                        r.open, r.close
                    ),
                    edits: vec![
                        replace_delimiter(open.byte, r.open, fo),
                        replace_delimiter(close.byte, r.close, fc),
                    ],
                    safe: false,
                }),
                _ => None,
            };
            found.push((
                open.ci,
                Severity::Info,
                format!(
                    "'{}{content}{}' looks like prose, not {} {name} tag",
                    r.open,
                    r.close,
                    a_or_an(name)
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
        inner: &[u32],
        s: &Scratch,
    ) -> Found {
        let r = self.scheme.role(role);
        let chars = &s.chars;
        let twin_close = full_width(r.close);
        for j in (0..at).rev() {
            let c = chars[j];
            if s.in_note[j] || c == r.open || Some(c) == twin_close || c == r.close {
                break;
            }
            if ascii_twin(c) == Some(r.open) && fix_forms_tag(s, j, at, inner) {
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
        inner: &[u32],
        s: &Scratch,
    ) -> Found {
        let r = self.scheme.role(role);
        if let Some(j) = self.closed_full_width(role, at, inner, s) {
            let c = s.chars[j];
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

    /// The full-width close (char index) that would make the unclosed ASCII open at `at` a
    /// tag if it were ASCII, if any: whether `unclosed_open` offers a fix (a safe one).
    pub(super) fn closed_full_width(
        &self,
        role: RoleId,
        at: usize,
        inner: &[u32],
        s: &Scratch,
    ) -> Option<usize> {
        let r = self.scheme.role(role);
        let twin_open = full_width(r.open);
        for (j, &c) in s.chars.iter().enumerate().skip(at + 1) {
            if s.in_note[j] || c == r.open || c == r.close || Some(c) == twin_open {
                break;
            }
            if ascii_twin(c) == Some(r.close) && fix_forms_tag(s, at, j, inner) {
                return Some(j);
            }
        }
        None
    }

    /// For each plain char of the line, the innermost tag holding it (its index in `items`), or
    /// `u32::MAX` outside every tag. One pass over the line, made only for a line with a literal
    /// delimiter: `fix_forms_tag` then answers each candidate in O(1).
    pub(super) fn innermost_tags(&self, items: &[LineItem], plain_len: usize) -> Vec<u32> {
        let mut inner = vec![u32::MAX; plain_len];
        // Items come in opening order, an outer tag before the tags inside it.
        let mut tags = items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.note.is_none() && i.start < i.end)
            .peekable();
        let mut open: Vec<(usize, u32)> = Vec::new();
        for (q, slot) in inner.iter_mut().enumerate() {
            while open.last().is_some_and(|&(end, _)| end <= q) {
                open.pop();
            }
            while let Some((k, t)) = tags.next_if(|(_, t)| t.start <= q) {
                if t.end > q {
                    open.push((t.end, k as u32));
                }
            }
            if let Some(&(_, k)) = open.last() {
                *slot = k;
            }
        }
        inner
    }
}

/// Would making literal chars `lo` < `hi` (raw indices; the mixed pair's full-width half and
/// the literal delimiter it would pair with, nothing of their role between them) into a tag
/// add exactly that one tag and keep every other? Tags nest, so that is so exactly when no tag
/// has one end between them and the other outside: when the innermost tag around `lo` is the
/// one around `hi`. (Re-parsing the line for each candidate was quadratic on `（)（)（)…`.)
fn fix_forms_tag(s: &Scratch, lo: usize, hi: usize, inner: &[u32]) -> bool {
    let at = |raw: usize| inner.get(s.plain_before[raw] as usize).copied();
    at(lo) == at(hi)
}

fn replace_char(s: &Scratch, ci: usize, with: char, _line: &str) -> TextEdit {
    replace_delimiter(s.bytes[ci] as usize, s.chars[ci], with)
}

/// Replaces char `was` at byte `at` of the line with `with`.
fn replace_delimiter(at: usize, was: char, with: char) -> TextEdit {
    TextEdit {
        byte_start: at,
        byte_end: at + was.len_utf8(),
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
fn closes_bracket_opened_inside(content: &str) -> bool {
    let mut rev = content.chars().rev();
    let Some(last) = rev.next() else {
        return false;
    };
    let Some(&(open, close)) = BRACKET_PAIRS.iter().find(|(_, c)| *c == last) else {
        return false;
    };
    // Walk back from the end: the last bracket is matched when its depth returns to zero.
    let mut depth = 1usize;
    for c in rev {
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

/// The article before a role name in a message: "an actor tag", "a data tag".
pub(super) fn a_or_an(name: &str) -> &'static str {
    match name.chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

/// White space or punctuation that should not sit at the edge of a tag.
pub fn is_edge_junk(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：！？“”‘’（）《》【】「」『』…—·～\u{3000}".contains(c)
}

#[cfg(test)]
mod tests {
    use super::super::line::{LineCtx, parse_one_line};
    use super::*;
    use crate::scheme::Scheme;
    use proptest::prelude::*;

    fn lex(line: &str, scheme: &Scheme) -> (Scratch, Vec<super::super::diagnostic::Diagnostic>) {
        let mut s = Scratch::default();
        let ctx = LineCtx {
            line_no: 1,
            byte_base: 0,
            plain_base: 0,
        };
        let out = LineLexer::new(scheme).parse_line(line, &ctx, true, &mut s);
        s.char_tables(line);
        (s, out.diagnostics)
    }

    /// What "the fix forms a tag" means, by re-parsing the fixed line (the old, quadratic way,
    /// made strict): the fixed line has exactly the tags of the line plus `lo..hi` of `role`.
    fn fixed_line_adds_just_that_tag(
        line: &str,
        lo: usize,
        hi: usize,
        fixed_at: usize,
        with: char,
        scheme: &Scheme,
    ) -> bool {
        let chars: Vec<char> = line.chars().collect();
        let fixed: String = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| if i == fixed_at { with } else { c })
            .collect();
        let (_, before) = parse_one_line(line, scheme);
        let (_, after) = parse_one_line(&fixed, scheme);
        let (s, _) = lex(line, scheme);
        let (pl, ph) = (s.plain_before[lo] as usize, s.plain_before[hi] as usize);
        let shift = |p: usize| p - usize::from(pl < p) - usize::from(ph < p);
        let role = scheme
            .role_by_open(with)
            .or(scheme.role_by_close(with))
            .unwrap();
        let tags = |items: &[LineItem]| {
            let mut t: Vec<(RoleId, usize, usize)> = items
                .iter()
                .filter(|i| i.note.is_none())
                .map(|i| (i.role, i.start, i.end))
                .collect();
            t.sort_unstable();
            t
        };
        let mut expected: Vec<_> = tags(&before)
            .into_iter()
            .map(|(r, a, b)| (r, shift(a), shift(b)))
            .collect();
        expected.push((role, pl, ph - 1));
        expected.sort_unstable();
        tags(&after) == expected
    }

    /// Every candidate the scans in `unmatched_close` and `unclosed_open` would try, as
    /// (lo, hi, the char replaced, its replacement).
    fn candidates(line: &str, scheme: &Scheme) -> Vec<(usize, usize, usize, char)> {
        let (s, _) = lex(line, scheme);
        let chars = &s.chars;
        let mut out = Vec::new();
        for (at, &c) in chars.iter().enumerate() {
            if s.markup[at] || s.in_note[at] {
                continue;
            }
            if let Some(role) = scheme.role_by_close(c) {
                let r = scheme.role(role);
                for j in (0..at).rev() {
                    let d = chars[j];
                    if s.in_note[j] || d == r.open || Some(d) == full_width(r.close) || d == r.close
                    {
                        break;
                    }
                    if ascii_twin(d) == Some(r.open) {
                        out.push((j, at, j, r.open));
                    }
                }
            }
            if let Some(role) = scheme.role_by_open(c) {
                let r = scheme.role(role);
                for (j, &d) in chars.iter().enumerate().skip(at + 1) {
                    if s.in_note[j] || d == r.open || d == r.close || Some(d) == full_width(r.open)
                    {
                        break;
                    }
                    if ascii_twin(d) == Some(r.close) {
                        out.push((at, j, j, r.close));
                    }
                }
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_linear_check_agrees_with_re_parsing_the_fixed_line(
            picks in proptest::collection::vec(0usize..20, 0..24)
        ) {
            const ALPHABET: [char; 20] = [
                '(', ')', '[', ']', '<', '>', '{', '}', '（', '）', '【', '】', '《', '》',
                '［', '］', '｛', '｝', '我', '，',
            ];
            let line: String = picks.iter().map(|&i| ALPHABET[i]).collect();
            let scheme = Scheme::default();
            let (s, _) = lex(&line, &scheme);
            let items = parse_one_line(&line, &scheme).1;
            let lexer = LineLexer::new(&scheme);
            let inner = lexer.innermost_tags(&items, *s.plain_before.last().unwrap() as usize);
            for (lo, hi, at, with) in candidates(&line, &scheme) {
                prop_assert_eq!(
                    fix_forms_tag(&s, lo, hi, &inner),
                    fixed_line_adds_just_that_tag(&line, lo, hi, at, with, &scheme),
                    "{} at {}..{}", line, lo, hi
                );
            }
        }
    }

    #[test]
    fn a_fix_that_would_undo_another_tag_is_not_offered() {
        // `（` → `(` would pair with `)` but sweep away the `[…]` that closes after it: the old
        // check counted tags and offered this as a safe fix.
        let scheme = Scheme::default();
        let (_, diags) = lex("[[（[)]]", &scheme);
        assert!(diags.iter().all(|d| d.fix.is_none()), "{diags:?}");
        assert!(
            diags
                .iter()
                .any(|d| d.message.starts_with("unmatched closing ')'")),
            "{diags:?}"
        );
        // Around tags that stay whole, the fix is offered.
        let (_, diags) = lex("[（我)]<手机>", &scheme);
        assert!(
            diags
                .iter()
                .any(|d| d.message.starts_with("mixed pair") && d.fix.is_some())
        );
    }

    #[test]
    fn many_mixed_pairs_on_one_line_cost_a_pass_each_not_a_parse_each() {
        // 100 000 mixed pairs on one line: each one re-parsed the whole line before (hours).
        let line = "（)".repeat(50_000) + &"(我）".repeat(50_000);
        let scheme = Scheme::default();
        let start = std::time::Instant::now();
        // Every one kept, so every fix is worked out (a line keeps a hundred by default).
        let ctx = LineCtx {
            line_no: 1,
            byte_base: 0,
            plain_base: 0,
        };
        let diags = LineLexer::new(&scheme)
            .with_cap(usize::MAX)
            .parse_line(&line, &ctx, true, &mut Scratch::default())
            .diagnostics;
        let fixes = diags.iter().filter(|d| d.fix.is_some()).count();
        assert_eq!(fixes, 100_000);
        // Printed, not asserted: a figure, not a timing test.
        eprintln!("100 000 mixed pairs on one line: {:?}", start.elapsed());
    }
}
