//! `ptag merge BASE OURS THEIRS [-o OUT]`: the three-way merge of annotations, usable as a git
//! merge driver (`ptag merge %O %A %B` writes the result over `%A`, exit 1 on conflicts).

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural, scheme_or_report};
use super::output::{Target, check_overwrite, report_sink};
use super::paths::{Input, io_message};
use crate::merge::{MergeError, MergeReport, merge, merge_files};
use crate::store::{self, TextEncoding};
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct MergeArgs {
    /// The common ancestor of the two versions.
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here unless -o says otherwise.
    pub ours: PathBuf,
    /// Their version.
    pub theirs: PathBuf,
    /// Where to write the result (default: OURS, replaced as a git merge driver expects;
    /// `-` is stdout).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT when it exists already (without it, an existing OUT is refused).
    #[arg(long, requires = "output")]
    pub force: bool,
    /// The report (each conflict, the counts): text on stderr, or one JSON object (on stdout,
    /// or on stderr with `-o -`).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Exit 0 merged cleanly, 1 merged with conflicts left as conflict notes, 2 not merged (the
/// policy texts differ, or a file cannot be read or written); nothing is written then.
pub fn run(args: &MergeArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let out_path = args.output.as_deref().unwrap_or(&args.ours);
    let to_stdout = Target::of(out_path).is_stdout();
    // OURS is replaced by design (git's merge driver); an OUT named by -o only with --force.
    if args.output.is_some()
        && !to_stdout
        && let Err(message) = check_overwrite(out_path, args.force)
    {
        writeln!(err, "{message}")?;
        return Ok(Exit::Failure);
    }
    let report = Report {
        out_path,
        format: args.format,
        to_stdout,
    };
    // UTF-8 files are merged in pieces on every core, written as they come to a temp file
    // that replaces OUT only once all is merged (or, to stdout, held until all is merged: a
    // refused merge prints nothing); the rest (and what cannot be streamed) is read whole,
    // which reports why a file cannot be read.
    if to_stdout && args.read.encoding == TextEncoding::Utf8 {
        let mut held = Vec::new();
        match merge_files(&args.base, &args.ours, &args.theirs, &scheme, &mut held) {
            None => {}
            Some(Ok(Ok(merged))) => {
                let written = out.write_all(&held);
                return report.finish(merged, written, out, err);
            }
            Some(Ok(Err(e))) => return refuse(args, &e, err),
            Some(Err(e)) => return report.finish(MergeReport::default(), Err(e), out, err),
        }
    }
    if !to_stdout
        && args.read.encoding == TextEncoding::Utf8
        && let Ok(mut file) = store::AtomicFile::create(out_path)
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, &mut file);
        let merged = merge_files(&args.base, &args.ours, &args.theirs, &scheme, &mut buffered);
        let flushed = buffered.flush();
        drop(buffered);
        match merged {
            None => {}
            Some(Ok(Ok(merged))) => {
                let written = flushed.and_then(|()| file.commit());
                return report.finish(merged, written, out, err);
            }
            Some(Ok(Err(e))) => return refuse(args, &e, err),
            Some(Err(e)) => return report.finish(MergeReport::default(), Err(e), out, err),
        }
    }
    let mut texts = Vec::new();
    for p in [&args.base, &args.ours, &args.theirs] {
        match Input::file(p).in_encoding(args.read.encoding).read() {
            Ok(t) => texts.push(t),
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(Exit::Failure);
            }
        }
    }
    let mut merged = String::with_capacity(texts[1].len() + 1024);
    let merge_report = match merge(&texts[0], &texts[1], &texts[2], &scheme, &mut merged) {
        Ok(r) => r,
        Err(e) => return refuse(args, &e, err),
    };
    drop(texts);
    let bytes = args.read.encoding.encode(&merged);
    drop(merged);
    let written = if to_stdout {
        out.write_all(&bytes)
    } else {
        store::write_atomic(out_path, &bytes)
    };
    report.finish(merge_report, written, out, err)
}

/// No merge: why, located; nothing written (exit 2).
fn refuse(args: &MergeArgs, e: &MergeError, err: &mut dyn Write) -> io::Result<Exit> {
    match e {
        MergeError::TextDiffers { side, at } => {
            let other = if *side == "ours" {
                &args.ours
            } else {
                &args.theirs
            };
            writeln!(
                err,
                "{}:{}:{}: error: the policy text differs from {}:{}:{} (first differing char); \
                 ptag merges annotations of the same text only: nothing written",
                other.display(),
                at.b.0,
                at.b.1,
                args.base.display(),
                at.a.0,
                at.a.1
            )?;
        }
        MergeError::Line { line, why } => {
            writeln!(
                err,
                "{}:{line}: error: cannot merge this line: {why}; nothing written",
                args.ours.display()
            )?;
        }
    }
    Ok(Exit::Failure)
}

/// How a finished merge is reported.
struct Report<'a> {
    out_path: &'a Path,
    format: OutputFormat,
    /// The merged file went to stdout (`-o -`): a JSON report goes to stderr.
    to_stdout: bool,
}

impl Report<'_> {
    /// A merge done and `written` to OUT (or not): the conflicts and the counts.
    fn finish(
        &self,
        report: MergeReport,
        written: io::Result<()>,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<Exit> {
        let out_path = self.out_path;
        if let Err(e) = written {
            writeln!(
                err,
                "ptag: error: cannot write {}: {}",
                out_path.display(),
                io_message(&e)
            )?;
            return Ok(Exit::Failure);
        }
        let exit = if report.conflicts.is_empty() {
            Exit::Ok
        } else {
            Exit::Findings
        };
        if self.format == OutputFormat::Json {
            let conflicts: Vec<_> = report
                .conflicts
                .iter()
                .map(|c| serde_json::json!({"line": c.line, "column": c.column}))
                .collect();
            writeln!(
                report_sink(self.to_stdout, out, err),
                "{}",
                serde_json::json!({
                    "output": out_path.display().to_string(),
                    "from_ours": report.from_ours,
                    "from_theirs": report.from_theirs,
                    "from_both": report.from_both,
                    "conflicts": conflicts,
                })
            )?;
            return Ok(exit);
        }
        for c in &report.conflicts {
            writeln!(
                err,
                "{}:{}:{}: error: merge conflict: both sides changed these tags differently \
                 (a conflict note holds both versions; resolve it in the editor)",
                out_path.display(),
                c.line,
                c.column
            )?;
        }
        writeln!(
            err,
            "{}: merged {} from ours, {} from theirs, {} made alike on both; {}",
            out_path.display(),
            plural(report.from_ours, "change", "changes"),
            plural(report.from_theirs, "change", "changes"),
            report.from_both,
            plural(report.conflicts.len(), "conflict", "conflicts"),
        )?;
        Ok(exit)
    }
}
