//! What the parser reports about the markup: located, with a severity and maybe a fix.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One replacement in the source file, by byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub byte_start: usize,
    pub byte_end: usize,
    pub replacement: String,
}

/// A change that resolves a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, for people: "replace '（' with '('".
    pub label: String,
    pub edits: Vec<TextEdit>,
    /// Safe fixes only restore what the annotator evidently meant; `check --fix` applies them.
    /// Others change policy text and need a human's eye.
    pub safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// 1-based source line.
    pub line: usize,
    /// 1-based column in chars.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// Char offset in the plain text closest to the problem (for the editor's jumps).
    pub offset: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// On the last diagnostic kept of a line that had more than `MAX_LINE_DIAGNOSTICS`: the
    /// ones after it, counted but not kept (a line of a million stray brackets would otherwise
    /// hold a million messages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more_on_line: Option<Omitted>,
}

/// Diagnostics counted but not kept, by severity, and how many of them offer a safe fix (what
/// `check` counts as fixes available).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Omitted {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub safe_fixes: usize,
}

impl Omitted {
    pub fn count(&mut self, severity: Severity, safe_fix: bool) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        self.safe_fixes += usize::from(safe_fix);
    }

    /// Counts `d`.
    pub fn count_diagnostic(&mut self, d: &Diagnostic) {
        self.count(d.severity, d.fix.as_ref().is_some_and(|f| f.safe));
    }

    /// Takes one counted back out.
    pub(super) fn uncount(&mut self, severity: Severity, safe_fix: bool) {
        match severity {
            Severity::Error => self.errors -= 1,
            Severity::Warning => self.warnings -= 1,
            Severity::Info => self.infos -= 1,
        }
        self.safe_fixes -= usize::from(safe_fix);
    }

    /// Diagnostics counted (whether or not they offer a fix).
    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

impl Diagnostic {
    /// `path:line:col: severity: message`, the gcc form editors and CI understand.
    pub fn gcc(&self, path: &str) -> String {
        format!(
            "{path}:{}:{}: {}: {}",
            self.line, self.column, self.severity, self.message
        )
    }
}

/// Applies fixes' edits to `src`; overlapping edits after the first are skipped.
/// Returns the new text and how many edits were applied.
pub fn apply_fixes<'a>(src: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut edits: Vec<&TextEdit> = fixes.into_iter().flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.byte_start, e.byte_end));
    let mut out = String::with_capacity(src.len());
    let mut cur = 0;
    let mut applied = 0;
    for e in edits {
        if e.byte_start < cur || e.byte_end > src.len() {
            continue;
        }
        out.push_str(&src[cur..e.byte_start]);
        out.push_str(&e.replacement);
        cur = e.byte_end;
        applied += 1;
    }
    out.push_str(&src[cur..]);
    (out, applied)
}
