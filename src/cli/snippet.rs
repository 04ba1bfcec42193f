//! A located diagnostic drawn in colour as rustc and ruff draw one: the severity and message,
//! `--> path:line:col`, the source line with the column underlined, and the fix as help. Only
//! for a terminal that wants colour (`--color`); plain output stays `path:line:col: error: …`.
//! annotate-snippets draws it; every text that comes from a file goes through
//! `display_safe::escape` first, since this output bypasses `SafeText` (its escapes are ours).

use crate::display_safe::escape;
use crate::markup::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::fmt::Write as _;

/// Appends `d`, found on `line_text` (line `d.line` of the file `name`), drawn in colour.
pub fn write_coloured(out: &mut String, name: &str, line_text: &str, d: &Diagnostic) {
    let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
    let before: String = line_text.chars().take(d.column.saturating_sub(1)).collect();
    let at: String = line_text
        .chars()
        .skip(d.column.saturating_sub(1))
        .take(1)
        .collect();
    let (before, at) = (escape(&before), escape(&at));
    let shown = format!(
        "{before}{at}{}",
        escape(&line_text[before_len(line_text, d)..])
    );
    let span = before.len()..before.len() + at.len();
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let path = escape(name);
    let message = escape(&d.message);
    let snippet = Snippet::source(shown.as_str())
        .line_start(d.line)
        .path(path.as_ref())
        .annotation(AnnotationKind::Primary.span(span));
    let mut group = level.primary_title(message.as_ref()).element(snippet);
    let fix_label;
    if let Some(f) = &d.fix {
        let kind = if f.safe { "fix" } else { "fix (needs review)" };
        fix_label = format!("{kind}: {}", escape(&f.label));
        group = group.element(Level::HELP.message(fix_label.as_str()));
    }
    // A blank line between diagnostics, as rustc leaves.
    let _ = writeln!(out, "{}\n", Renderer::styled().render(&[group]));
}

/// The byte length of the part of `line` up to and including the diagnostic's column.
fn before_len(line: &str, d: &Diagnostic) -> usize {
    line.char_indices()
        .nth(d.column)
        .map_or(line.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: usize, column: usize, message: &str) -> Diagnostic {
        Diagnostic {
            line,
            column,
            severity: Severity::Error,
            message: message.to_string(),
            offset: 0,
            fix: None,
            more_on_line: None,
        }
    }

    #[test]
    fn the_column_is_underlined_under_the_source_line_in_colour() {
        let mut out = String::new();
        write_coloured(
            &mut out,
            "a.txt",
            "我们(会收集",
            &diagnostic(3, 3, "unclosed '('"),
        );
        assert!(out.contains('\u{1b}'), "coloured: {out:?}");
        let plain = strip_ansi(&out);
        assert!(plain.contains("error: unclosed '('"), "{plain}");
        assert!(plain.contains("--> a.txt:3:3"), "{plain}");
        let source = plain
            .lines()
            .position(|l| l.contains("我们(会收集"))
            .unwrap();
        let marks = plain.lines().nth(source + 1).unwrap();
        // Two wide characters before the mark: four columns.
        let source_at = plain.lines().nth(source).unwrap().find('我').unwrap();
        assert_eq!(marks.find('^'), Some(source_at + 4), "{plain}");
    }

    #[test]
    fn control_characters_from_the_file_are_shown_not_sent() {
        let mut out = String::new();
        let hostile = "x\u{1b}]52;c;AAAA\u{7}(";
        write_coloured(
            &mut out,
            "a\u{1b}[2J.txt",
            hostile,
            &diagnostic(1, 12, "m\u{202e}x"),
        );
        let plain = strip_ansi(&out);
        for shown in ["\\x1b]52", "\\x07", "a\\x1b[2J.txt", "m\\u{202e}x"] {
            assert!(plain.contains(shown), "{shown} in {plain}");
        }
        assert!(
            !plain.contains('\u{7}') && !plain.contains('\u{202e}'),
            "{plain:?}"
        );
    }

    /// The text without the SGR colour sequences the renderer adds.
    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' && chars.clone().next() == Some('[') {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
