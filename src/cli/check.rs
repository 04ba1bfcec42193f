//! `ptag check`: every diagnostic, gcc style or JSON; `--fix` applies the safe fixes in place.

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::paths::{Input, io_message};
use crate::markup::{
    Columns, Diagnostic, Document, Fix, Lines, Severity, apply_fixes, parse, serialize,
};
use crate::scheme::Scheme;
use crate::store;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Files or folders (searched for *.txt); `-` is stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output: text for people (gcc-style lines, tables) or json for programs.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Apply the safe fixes in place (atomically) and print what changed.
    #[arg(long)]
    pub fix: bool,
    /// Exit 1 on warnings too (by default only errors make check fail, as in clippy and ruff).
    #[arg(long)]
    pub deny_warnings: bool,
    /// What a column counts in text output: characters, bytes (gcc, vim's quickfix) or UTF-16
    /// units (LSP). JSON always gives all three.
    #[arg(long, value_enum, default_value_t = ColumnUnit::Char)]
    pub column_unit: ColumnUnit,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

impl CheckArgs {
    pub fn options(&self) -> CheckOptions {
        CheckOptions {
            format: self.format,
            fix: self.fix,
            deny_warnings: self.deny_warnings,
            column_unit: self.column_unit,
        }
    }
}

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColumnUnit {
    #[default]
    Char,
    Byte,
    Utf16,
}

impl ColumnUnit {
    fn pick(self, columns: Columns) -> usize {
        match self {
            ColumnUnit::Char => columns.chars,
            ColumnUnit::Byte => columns.bytes,
            ColumnUnit::Utf16 => columns.utf16,
        }
    }
}

/// How `check` runs and reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    pub format: OutputFormat,
    pub fix: bool,
    pub deny_warnings: bool,
    pub column_unit: ColumnUnit,
}

/// One diagnostic in `--format json`.
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    /// In characters, whatever `--column-unit` says, so JSON readers need not know the flag.
    column: usize,
    column_byte: usize,
    column_utf16: usize,
    severity: Severity,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a Fix>,
}

/// Counts by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut t = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }

    pub fn add(&mut self, other: Tally) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// Checks each input; with `fix`, first applies the safe fixes to files in place.
/// Exit 1 when an error remains (or, with `deny_warnings`, a warning), 2 when a file could not
/// be read or written: warnings alone pass, as a linter's do unless told otherwise.
pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    options: CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let CheckOptions {
        format,
        fix,
        deny_warnings,
        column_unit,
    } = options;
    let mut exit = Exit::Ok;
    let mut total = Tally::default();
    let mut safe_fixes_left = 0;
    let mut fixed = 0;
    let mut json: Vec<serde_json::Value> = Vec::new();
    let mut checked = 0;
    for input in inputs {
        let name = input.name();
        let (mut src, mut doc) = match input.load(scheme) {
            Ok(x) => x,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = exit.max(Exit::Failure);
                continue;
            }
        };
        if fix {
            // Under --format json the fixes are told on stderr, so stdout stays one JSON value.
            let sink: &mut dyn Write = match format {
                OutputFormat::Text => &mut *out,
                OutputFormat::Json => &mut *err,
            };
            match fix_file(input, src, doc, column_unit, sink)? {
                Ok((n, after_src, after)) => {
                    fixed += n;
                    src = after_src;
                    doc = after;
                }
                Err(message) => {
                    writeln!(err, "{name}: error: {message}")?;
                    exit = exit.max(Exit::Failure);
                    continue;
                }
            }
        }
        checked += 1;
        let tally = Tally::of(&doc.diagnostics);
        total.add(tally);
        if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
            exit = exit.max(Exit::Findings);
        }
        safe_fixes_left += doc
            .diagnostics
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.safe))
            .count();
        let lines = Lines::of(&src);
        for d in &doc.diagnostics {
            let columns = lines.columns(d.line, d.column);
            match format {
                OutputFormat::Text => write_gcc(out, &name, column_unit.pick(columns), d)?,
                OutputFormat::Json => json.push(
                    serde_json::to_value(JsonDiagnostic {
                        file: &name,
                        line: d.line,
                        column: columns.chars,
                        column_byte: columns.bytes,
                        column_utf16: columns.utf16,
                        severity: d.severity,
                        message: &d.message,
                        fix: d.fix.as_ref(),
                    })
                    .map_err(io::Error::other)?,
                ),
            }
        }
    }
    if format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::other)?;
        writeln!(out)?;
    }
    write_summary(err, checked, total, fixed, safe_fixes_left, fix)?;
    Ok(exit)
}

/// `path:line:col: severity: message` (the column in the unit asked for), then the fix on an
/// indented line.
fn write_gcc(out: &mut dyn Write, name: &str, column: usize, d: &Diagnostic) -> io::Result<()> {
    writeln!(
        out,
        "{name}:{}:{column}: {}: {}",
        d.line, d.severity, d.message
    )?;
    if let Some(f) = &d.fix {
        let kind = if f.safe { "fix" } else { "fix (needs review)" };
        writeln!(out, "    {kind}: {}", f.label)?;
    }
    Ok(())
}

fn write_summary(
    err: &mut dyn Write,
    files: usize,
    t: Tally,
    fixed: usize,
    safe_left: usize,
    fix: bool,
) -> io::Result<()> {
    let mut line = format!(
        "ptag check: {}: {}, {}, {}",
        plural(files, "file", "files"),
        plural(t.errors, "error", "errors"),
        plural(t.warnings, "warning", "warnings"),
        plural(t.infos, "info", "infos"),
    );
    if fix {
        line.push_str(&format!("; {} applied", plural(fixed, "fix", "fixes")));
    }
    if safe_left > 0 && !fix {
        line.push_str(&format!(
            "; {} (run ptag check --fix)",
            plural(safe_left, "safe fix available", "safe fixes available")
        ));
    }
    writeln!(err, "{line}")
}

/// Applies the safe fixes of `doc` to the file behind `input`, one fix per line per pass (a
/// fix is computed against its line as it stood), re-parsing between passes, then writes the
/// file atomically. Prints `path:line:col: fixed: label` for each. Returns the count and the
/// fixed text and its document, or why the file was left alone. The file is written back in
/// the encoding it was read in.
fn fix_file(
    input: &Input,
    mut src: String,
    mut doc: Document,
    column_unit: ColumnUnit,
    out: &mut dyn Write,
) -> io::Result<Result<(usize, String, Document), String>> {
    let Some(path) = &input.path else {
        if doc.diagnostics.iter().any(is_safe_fix) {
            return Ok(Err("cannot fix standard input in place; give a file".into()));
        }
        return Ok(Ok((0, src, doc)));
    };
    let name = input.name();
    let mut count = 0;
    // Each pass fixes at least one line, and a fix never creates another on its line, so
    // this ends; the bound is a guard against a fix that would.
    for _pass in 0..64 {
        let mut chosen: Vec<&Diagnostic> = Vec::new();
        for d in doc.diagnostics.iter().filter(|d| is_safe_fix(d)) {
            if chosen.last().is_none_or(|c| c.line != d.line) {
                chosen.push(d);
            }
        }
        if chosen.is_empty() {
            break;
        }
        let lines = Lines::of(&src);
        for d in &chosen {
            let label = &d.fix.as_ref().expect("safe fix").label;
            let columns = lines.columns(d.line, d.column);
            let column = column_unit.pick(columns);
            writeln!(out, "{name}:{}:{column}: fixed: {label}", d.line)?;
        }
        let (next, applied) = apply_fixes(&src, chosen.iter().filter_map(|d| d.fix.as_ref()));
        count += applied;
        src = next;
        doc = parse(&src, &doc.scheme);
    }
    if count == 0 {
        return Ok(Ok((0, src, doc)));
    }
    match serialize(&doc) {
        Ok(back) if back == src => {}
        _ => {
            return Ok(Err(
                "the fixed text would not read back byte for byte; file left unchanged".into(),
            ));
        }
    }
    if let Err(e) = store::write_atomic(path, &input.encoding.encode(&src)) {
        return Ok(Err(format!("cannot write the fixes: {}", io_message(&e))));
    }
    Ok(Ok((count, src, doc)))
}

fn is_safe_fix(d: &Diagnostic) -> bool {
    d.fix.as_ref().is_some_and(|f| f.safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, format: OutputFormat) -> (Exit, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.txt");
        std::fs::write(&p, src).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = run(
            &[Input::file(&p)],
            &Scheme::default(),
            CheckOptions {
                format,
                ..CheckOptions::default()
            },
            &mut out,
            &mut err,
        )
        .unwrap();
        let dir_prefix = format!("{}/", dir.path().display());
        let clean = |b: Vec<u8>| String::from_utf8(b).unwrap().replace(&dir_prefix, "");
        (exit, clean(out), clean(err))
    }

    #[test]
    fn gcc_lines_fix_lines_and_summary() {
        let (exit, out, err) = check("（我们)[收集]\n见(1)。\n", OutputFormat::Text);
        assert_eq!(exit, Exit::Findings);
        let lines: Vec<_> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        assert!(
            lines[0].starts_with("p.txt:1:1: error: mixed pair"),
            "{out}"
        );
        assert_eq!(lines[1], "    fix: replace '（' with '('");
        assert!(lines[2].starts_with("p.txt:2:2: info: "), "{out}");
        assert!(
            lines[3].starts_with("    fix (needs review): make '(1)'"),
            "{out}"
        );
        assert_eq!(
            err,
            "ptag check: 1 file: 1 error, 0 warnings, 1 info; 1 safe fix available (run ptag check --fix)\n"
        );
    }

    #[test]
    fn info_alone_exits_zero_and_clean_files_say_so() {
        let (exit, out, _) = check("见(1)。\n", OutputFormat::Text);
        assert_eq!(exit, Exit::Ok, "{out}");
        let (exit, out, err) = check("(我们)[收集]<手机号码>\n", OutputFormat::Text);
        assert_eq!((exit, out.as_str()), (Exit::Ok, ""));
        assert_eq!(err, "ptag check: 1 file: 0 errors, 0 warnings, 0 infos\n");
    }

    #[test]
    fn json_is_one_array_with_the_fix_when_there_is_one() {
        let (exit, out, _) = check("（我们)\n<>\n", OutputFormat::Json);
        assert_eq!(exit, Exit::Findings);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0]["file"], "p.txt");
        assert_eq!(
            (a[0]["line"].as_u64(), a[0]["column"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(a[0]["severity"], "error");
        assert_eq!(a[0]["fix"]["safe"], true);
        assert_eq!(a[0]["fix"]["label"], "replace '（' with '('");
        assert_eq!(a[1]["severity"], "warning");
        assert!(a[1].get("fix").is_none());
    }

    #[test]
    fn fix_applies_safe_fixes_one_per_line_per_pass() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.txt");
        let src = "（我们)和（他们)[收集]见(1)\r\n[使用]<数据＞\n";
        std::fs::write(&p, src).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = run(
            &[Input::file(&p)],
            &Scheme::default(),
            CheckOptions {
                fix: true,
                ..CheckOptions::default()
            },
            &mut out,
            &mut err,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        assert_eq!(after, "(我们)和(他们)[收集]见(1)\r\n[使用]<数据>\n");
        assert_eq!(out.matches(": fixed: ").count(), 3, "{out}");
        assert_eq!(exit, Exit::Ok, "only the (1) hint is left: {out}");
        assert!(out.contains("info: '(1)' looks like prose"), "{out}");
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("3 fixes applied"), "{err}");
    }
}
