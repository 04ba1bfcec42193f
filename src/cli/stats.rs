//! `ptag stats`: per role the tag count, distinct texts and top texts; notes; chars covered.

use super::check::Tally;
use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::paths::Input;
use super::progress::{Progress, Results};
use super::streamed::for_each_piece;
use crate::markup::{Document, Span, parse_part};
use crate::scheme::Scheme;
use crate::stream;
use clap::Args;
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Args, Clone)]
pub struct StatsArgs {
    /// Files or folders (searched for *.txt); `-` is stdin. Figures are summed over all.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output: text for people (gcc-style lines, tables) or json for programs.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// How many texts `top` lists per role.
const TOP: usize = 10;

/// The figures of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileStats {
    pub file: String,
    pub chars: usize,
    /// Chars inside at least one tag (nested tags counted once).
    pub covered: usize,
    /// Tags per role, keyed by role name, in scheme order.
    pub tags: Vec<(String, usize)>,
    pub notes: usize,
    pub diagnostics: Tally,
}

/// The figures of one role over all files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleStats {
    pub name: String,
    pub zh: String,
    pub tags: usize,
    pub distinct: usize,
    /// Chars inside at least one tag of this role.
    pub chars: usize,
    pub top: Vec<TextCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextCount {
    pub text: String,
    pub count: usize,
}

/// Everything `stats` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub files: usize,
    pub chars: usize,
    pub covered: usize,
    pub notes: usize,
    pub diagnostics: Tally,
    pub roles: Vec<RoleStats>,
    pub per_file: Vec<FileStats>,
}

/// Adds up documents one at a time, so only one is in memory.
pub struct Collector<'s> {
    scheme: &'s Scheme,
    texts: Vec<HashMap<String, usize>>,
    role_tags: Vec<usize>,
    role_chars: Vec<usize>,
    per_file: Vec<FileStats>,
}

impl<'s> Collector<'s> {
    pub fn new(scheme: &'s Scheme) -> Self {
        let n = scheme.roles.len();
        Collector {
            scheme,
            texts: vec![HashMap::new(); n],
            role_tags: vec![0; n],
            role_chars: vec![0; n],
            per_file: Vec::new(),
        }
    }

    pub fn add(&mut self, file: String, doc: &Document) {
        let mut totals = self.begin_file();
        self.add_part(&mut totals, doc);
        self.end_file(file, totals);
    }

    /// A file's figures start from nothing; its documents (`parse_part` of runs of its lines,
    /// in order) are added with `add_part`, and `end_file` counts the file in.
    pub fn begin_file(&self) -> FileTotals {
        let n = self.scheme.roles.len();
        FileTotals {
            tags: vec![0; n],
            all: Union::default(),
            by_role: vec![Union::default(); n],
            chars: 0,
            notes: 0,
            diagnostics: Tally::default(),
        }
    }

    /// Adds the document of the next run of a file's lines (its plain offsets count from the
    /// run's start, which is where the runs before it end).
    pub fn add_part(&mut self, file: &mut FileTotals, doc: &Document) {
        let base = file.chars;
        for span in doc.spans() {
            let r = span.role as usize;
            let in_file = Span {
                start: span.start + base,
                end: span.end + base,
                ..span
            };
            file.tags[r] += 1;
            file.all.add(&in_file);
            file.by_role[r].add(&in_file);
            *self.texts[r].entry(doc.span_text(&span)).or_insert(0) += 1;
        }
        file.chars += doc.text.len_chars();
        file.notes += doc.notes().count();
        file.diagnostics.add(Tally::of(&doc.diagnostics));
    }

    pub fn end_file(&mut self, file: String, totals: FileTotals) {
        for (r, union) in totals.by_role.iter().enumerate() {
            self.role_tags[r] += totals.tags[r];
            self.role_chars[r] += union.chars;
        }
        self.per_file.push(FileStats {
            file,
            chars: totals.chars,
            covered: totals.all.chars,
            tags: self
                .scheme
                .roles
                .iter()
                .map(|r| r.name.clone())
                .zip(totals.tags)
                .collect(),
            notes: totals.notes,
            diagnostics: totals.diagnostics,
        });
    }

    pub fn finish(self) -> Stats {
        let roles = self
            .scheme
            .roles
            .iter()
            .enumerate()
            .map(|(r, role)| {
                let mut top: Vec<TextCount> = self.texts[r]
                    .iter()
                    .map(|(text, &count)| TextCount {
                        text: text.clone(),
                        count,
                    })
                    .collect();
                top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
                top.truncate(TOP);
                RoleStats {
                    name: role.name.clone(),
                    zh: role.zh.clone(),
                    tags: self.role_tags[r],
                    distinct: self.texts[r].len(),
                    chars: self.role_chars[r],
                    top,
                }
            })
            .collect();
        let mut diagnostics = Tally::default();
        for f in &self.per_file {
            diagnostics.add(f.diagnostics);
        }
        Stats {
            files: self.per_file.len(),
            chars: self.per_file.iter().map(|f| f.chars).sum(),
            covered: self.per_file.iter().map(|f| f.covered).sum(),
            notes: self.per_file.iter().map(|f| f.notes).sum(),
            diagnostics,
            roles,
            per_file: self.per_file,
        }
    }
}

/// One file's figures while its pieces are added.
#[derive(Debug, Clone)]
pub struct FileTotals {
    tags: Vec<usize>,
    all: Union,
    by_role: Vec<Union>,
    chars: usize,
    notes: usize,
    diagnostics: Tally,
}

/// The size of a union of spans fed in order of start (document order).
#[derive(Debug, Default, Clone)]
struct Union {
    reach: usize,
    chars: usize,
}

impl Union {
    fn add(&mut self, s: &Span) {
        let from = s.start.max(self.reach);
        if s.end > from {
            self.chars += s.end - from;
            self.reach = s.end;
        }
    }
}

/// Adds up every input; a UTF-8 file is read in pieces on every core (`streamed`), in memory
/// that does not grow with it.
pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    format: OutputFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    run_in_pieces(inputs, scheme, format, out, err, Some(stream::CHUNK_BYTES))
}

/// `run`, streaming in pieces of about `chunk_bytes` (tests cut small pieces; `None` reads
/// every input whole, as standard input always is).
pub(crate) fn run_in_pieces(
    inputs: &[Input],
    scheme: &Scheme,
    format: OutputFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
    chunk_bytes: Option<usize>,
) -> io::Result<Exit> {
    let mut exit = Exit::Ok;
    let mut collector = Collector::new(scheme);
    let progress = Progress::files(inputs.len(), "counting", Results::AtTheEnd);
    for input in inputs {
        progress.file(&input.name());
        let mut totals = collector.begin_file();
        let streamed = for_each_piece(
            input,
            chunk_bytes,
            |text, at| parse_part(text, scheme, at),
            |doc| doc.text.len_bytes(),
            |doc| {
                collector.add_part(&mut totals, &doc);
                Ok(())
            },
        )?;
        if streamed {
            collector.end_file(input.name(), totals);
            continue;
        }
        match input.load(scheme) {
            Ok((_, doc)) => collector.add(input.name(), &doc),
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = Exit::Failure;
            }
        }
    }
    let stats = collector.finish();
    if stats.files == 0 {
        return Ok(exit);
    }
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(&stats, out)?,
    }
    Ok(exit)
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// How many columns of a top text the text report shows (JSON has them whole).
const TEXT_WIDTH: usize = 60;

/// `s` cut to `width` columns, with `…` if cut.
pub(crate) fn clip(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Left-aligns `s` in `width` terminal columns (CJK counts two).
fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub(crate) fn write_text(s: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let d = s.diagnostics;
    let files = if s.files == 1 {
        s.per_file[0].file.clone()
    } else {
        format!("{} files", s.files)
    };
    if s.chars == 0 {
        writeln!(
            out,
            "{files}: empty (0 chars): no text, so no tags and nothing to count"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "{files}: {} chars, {} covered by tags ({}), {}, diagnostics: {}, {}, {}",
        s.chars,
        s.covered,
        percent(s.covered, s.chars),
        plural(s.notes, "note", "notes"),
        plural(d.errors, "error", "errors"),
        plural(d.warnings, "warning", "warnings"),
        plural(d.infos, "info", "infos"),
    )?;
    writeln!(out)?;
    let name_w = s
        .roles
        .iter()
        .map(|r| r.name.width() + r.zh.width() + 3)
        .max()
        .unwrap_or(0)
        .max(12);
    writeln!(
        out,
        "{}{:>7}{:>10}{:>8}{:>9}",
        pad("role", name_w),
        "tags",
        "distinct",
        "chars",
        "of text"
    )?;
    for r in &s.roles {
        writeln!(
            out,
            "{}{:>7}{:>10}{:>8}{:>9}",
            pad(&format!("{} ({})", r.name, r.zh), name_w),
            r.tags,
            r.distinct,
            r.chars,
            percent(r.chars, s.chars)
        )?;
    }
    let total_tags: usize = s.roles.iter().map(|r| r.tags).sum();
    writeln!(
        out,
        "{}{:>7}{:>10}{:>8}{:>9}",
        pad("all", name_w),
        total_tags,
        "",
        s.covered,
        percent(s.covered, s.chars)
    )?;
    for r in s.roles.iter().filter(|r| !r.top.is_empty()) {
        writeln!(out)?;
        writeln!(out, "top {} ({}) texts:", r.name, r.zh)?;
        for t in &r.top {
            writeln!(out, "{:>7}  {}", t.count, clip(&t.text, TEXT_WIDTH))?;
        }
    }
    if s.per_file.len() > 1 {
        write_table(s, out)?;
    }
    Ok(())
}

/// One row per file.
fn write_table(s: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let file_w = s
        .per_file
        .iter()
        .map(|f| f.file.width())
        .max()
        .unwrap_or(0)
        .max(4)
        + 2;
    let cols: Vec<usize> = s.roles.iter().map(|r| r.name.width().max(5) + 2).collect();
    writeln!(out)?;
    let mut head = format!("{}{:>9}", pad("file", file_w), "chars");
    for (r, w) in s.roles.iter().zip(&cols) {
        head.push_str(&format!("{:>w$}", r.name, w = *w));
    }
    head.push_str(&format!("{:>7}{:>14}", "notes", "diagnostics"));
    writeln!(out, "{head}")?;
    for f in &s.per_file {
        let mut row = format!("{}{:>9}", pad(&f.file, file_w), f.chars);
        for ((_, n), w) in f.tags.iter().zip(&cols) {
            row.push_str(&format!("{n:>w$}", w = *w));
        }
        let d = f.diagnostics;
        row.push_str(&format!(
            "{:>7}{:>14}",
            f.notes,
            format!("{}E {}W {}I", d.errors, d.warnings, d.infos)
        ));
        writeln!(out, "{row}")?;
    }
    Ok(())
}
