//! `ptag check`: every diagnostic, gcc style or JSON; `--fix` applies the safe fixes in place.

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::paths::{Input, io_message};
use super::progress::{Progress, Results};
use super::streamed::for_each_piece;
use crate::markup::{
    Columns, Diagnostic, Document, Fix, Lines, Omitted, Severity, apply_fixes, diagnose_part,
    parse, serialize,
};
use crate::scheme::Scheme;
use crate::store;
use crate::stream;
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
            colour: self.format == OutputFormat::Text
                && !self.fix
                && self.common.color.colours_stdout(),
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
    /// Text drawn in colour, each diagnostic with its source line (`--color`).
    pub colour: bool,
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
    /// On a line's last diagnostic listed: those after it, counted but not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    more_on_line: Option<&'a Omitted>,
}

/// Counts by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    /// Counts `diagnostics` and those their lines counted but did not keep.
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        let mut t = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
            if let Some(more) = &d.more_on_line {
                t.errors += more.errors;
                t.warnings += more.warnings;
                t.infos += more.infos;
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
/// Without `fix`, a UTF-8 file is checked in pieces on every core (`streamed`), in memory that
/// does not grow with the file; the output is the same as reading it whole.
pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    options: CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    run_in_pieces(inputs, scheme, options, out, err, Some(stream::CHUNK_BYTES))
}

/// `run`, streaming in pieces of about `chunk_bytes` (tests cut small pieces; `None` reads
/// every input whole, as standard input always is).
pub(crate) fn run_in_pieces(
    inputs: &[Input],
    scheme: &Scheme,
    options: CheckOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
    chunk_bytes: Option<usize>,
) -> io::Result<Exit> {
    let CheckOptions {
        format,
        fix,
        deny_warnings,
        column_unit,
        colour,
    } = options;
    let mut exit = Exit::Ok;
    let mut total = Tally::default();
    let mut safe_fixes_left = 0;
    let mut fixed = 0;
    let mut json = JsonArray::default();
    let mut checked = 0;
    let progress = Progress::files(inputs.len(), "checking", Results::Streamed);
    for input in inputs {
        let name = input.name();
        progress.file(&name);
        let render = |diagnostics: &[Diagnostic], src: &str, first_line: usize| {
            let style = (format, colour);
            Findings::render(diagnostics, src, first_line, &name, style, column_unit)
        };
        let mut findings = Findings::default();
        let streamed = !fix
            && for_each_piece(
                input,
                chunk_bytes,
                |text, at| render(&diagnose_part(text, scheme, at), text, at.line_no),
                Findings::bytes,
                |piece| {
                    piece.write(out, &mut json)?;
                    findings.add(piece);
                    Ok(())
                },
            )?;
        if !streamed {
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
            let whole = render(&doc.diagnostics, &src, 1);
            whole.write(out, &mut json)?;
            findings.add(whole);
        }
        checked += 1;
        let tally = findings.tally;
        total.add(tally);
        if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
            exit = exit.max(Exit::Findings);
        }
        safe_fixes_left += findings.safe_fixes;
    }
    if format == OutputFormat::Json {
        json.finish(out)?;
    }
    write_summary(err, checked, total, fixed, safe_fixes_left, fix)?;
    Ok(exit)
}

/// The findings of a file, or of a run of its lines, rendered for output.
#[derive(Debug, Default)]
struct Findings {
    tally: Tally,
    safe_fixes: usize,
    /// gcc-style lines (text output).
    text: String,
    /// One pretty JSON object per diagnostic, indented as an element of the output array.
    json: Vec<String>,
}

impl Findings {
    /// `diagnostics` of the lines of `src`, the first of which is line `first_line`.
    fn render(
        diagnostics: &[Diagnostic],
        src: &str,
        first_line: usize,
        name: &str,
        (format, colour): (OutputFormat, bool),
        column_unit: ColumnUnit,
    ) -> Findings {
        let mut f = Findings {
            tally: Tally::of(diagnostics),
            safe_fixes: diagnostics
                .iter()
                .map(|d| usize::from(is_safe_fix(d)) + d.more_on_line.map_or(0, |m| m.safe_fixes))
                .sum(),
            ..Findings::default()
        };
        if diagnostics.is_empty() {
            return f;
        }
        let lines = Lines::of(src);
        // Diagnostics come in order along their lines: each column is counted on from the last.
        let mut cursor = lines.cursor();
        for d in diagnostics {
            let columns = cursor.columns(d.line + 1 - first_line, d.column);
            match format {
                OutputFormat::Text if colour => {
                    let line = lines.text(d.line + 1 - first_line);
                    super::snippet::write_coloured(&mut f.text, name, line, d);
                    if let Some(more) = &d.more_on_line {
                        write_more_on_line(&mut f.text, name, d.line, more);
                    }
                }
                OutputFormat::Text => {
                    write_gcc(&mut f.text, name, column_unit.pick(columns), d);
                    if let Some(more) = &d.more_on_line {
                        write_more_on_line(&mut f.text, name, d.line, more);
                    }
                }
                OutputFormat::Json => {
                    let value = JsonDiagnostic {
                        file: name,
                        line: d.line,
                        column: columns.chars,
                        column_byte: columns.bytes,
                        column_utf16: columns.utf16,
                        severity: d.severity,
                        message: &d.message,
                        fix: d.fix.as_ref(),
                        more_on_line: d.more_on_line.as_ref(),
                    };
                    // Through a `Value`, as ever: its keys come out sorted.
                    let value = serde_json::to_value(value).expect("plain data");
                    let pretty = serde_json::to_string_pretty(&value).expect("plain data");
                    f.json.push(pretty.replace('\n', "\n  "));
                }
            }
        }
        f
    }

    /// What it holds, in bytes.
    fn bytes(&self) -> usize {
        self.text.len() + self.json.iter().map(String::len).sum::<usize>()
    }

    fn write(&self, out: &mut dyn Write, json: &mut JsonArray) -> io::Result<()> {
        out.write_all(self.text.as_bytes())?;
        for element in &self.json {
            json.push(out, element)?;
        }
        Ok(())
    }

    fn add(&mut self, other: Findings) {
        self.tally.add(other.tally);
        self.safe_fixes += other.safe_fixes;
    }
}

/// One JSON array written an element at a time, exactly as `serde_json::to_writer_pretty`
/// writes the whole array (`[]` when empty).
#[derive(Debug, Default)]
struct JsonArray {
    started: bool,
}

impl JsonArray {
    /// `element`: a pretty-printed value with its lines already indented by two spaces.
    fn push(&mut self, out: &mut dyn Write, element: &str) -> io::Result<()> {
        out.write_all(if self.started { b",\n  " } else { b"[\n  " })?;
        self.started = true;
        out.write_all(element.as_bytes())
    }

    fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"[]\n" })
    }
}

/// `path:line:col: severity: message` (the column in the unit asked for), then the fix on an
/// indented line.
fn write_gcc(out: &mut String, name: &str, column: usize, d: &Diagnostic) {
    use std::fmt::Write as _;
    let _ = writeln!(
        out,
        "{name}:{}:{column}: {}: {}",
        d.line, d.severity, d.message
    );
    if let Some(f) = &d.fix {
        let kind = if f.safe { "fix" } else { "fix (needs review)" };
        let _ = writeln!(out, "    {kind}: {}", f.label);
    }
}

/// `path:line: note: … and N more on this line, not listed (…)` after a line's last listed
/// diagnostic, when the line had more than it keeps.
fn write_more_on_line(out: &mut String, name: &str, line: usize, more: &Omitted) {
    use std::fmt::Write as _;
    let counts: Vec<String> = [
        (more.errors, "error", "errors"),
        (more.warnings, "warning", "warnings"),
        (more.infos, "info", "infos"),
    ]
    .into_iter()
    .filter(|&(n, _, _)| n > 0)
    .map(|(n, one, many)| plural(n, one, many))
    .collect();
    let mut counts = counts.join(", ");
    if more.safe_fixes > 0 {
        counts.push_str(&format!("; {} with a safe fix", more.safe_fixes));
    }
    let _ = writeln!(
        out,
        "{name}:{line}: note: … and {} more on this line, not listed ({counts})",
        more.total()
    );
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
