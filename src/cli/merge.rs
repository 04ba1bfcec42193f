//! `ptag merge BASE OURS THEIRS [-o OUT]`: the three-way merge of annotations, usable as a git
//! merge driver (`ptag merge %O %A %B` writes the result over `%A`, exit 1 on conflicts).

use super::common::{Common, EncodingArg, Exit, plural, scheme_or_report};
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
    /// Where to write the result (default: OURS).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Exit 0 merged cleanly, 1 merged with conflicts left as conflict notes, 2 not merged (the
/// policy texts differ, or a file cannot be read or written); nothing is written then.
pub fn run(args: &MergeArgs, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let out_path = args.output.as_deref().unwrap_or(&args.ours);
    // UTF-8 files are merged in pieces on every core, written as they come to a temp file
    // that replaces OUT only once all is merged; the rest (and what cannot be streamed) is
    // read whole, which reports why a file cannot be read.
    if args.read.encoding == TextEncoding::Utf8
        && let Ok(mut file) = store::AtomicFile::create(out_path)
    {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, &mut file);
        let merged = merge_files(&args.base, &args.ours, &args.theirs, &scheme, &mut buffered);
        let flushed = buffered.flush();
        drop(buffered);
        match merged {
            None => {}
            Some(Ok(Ok(report))) => {
                return finish(out_path, report, flushed.and_then(|()| file.commit()), err);
            }
            Some(Ok(Err(e))) => return refuse(args, &e, err),
            Some(Err(e)) => return finish(out_path, MergeReport::default(), Err(e), err),
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
    let report = match merge(&texts[0], &texts[1], &texts[2], &scheme, &mut merged) {
        Ok(r) => r,
        Err(e) => return refuse(args, &e, err),
    };
    drop(texts);
    let bytes = args.read.encoding.encode(&merged);
    drop(merged);
    let written = store::write_atomic(out_path, &bytes);
    finish(out_path, report, written, err)
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

/// A merge done and `written` to `out_path` (or not): the conflicts and the counts.
fn finish(
    out_path: &Path,
    report: MergeReport,
    written: io::Result<()>,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    if let Err(e) = written {
        writeln!(
            err,
            "ptag: error: cannot write {}: {}",
            out_path.display(),
            io_message(&e)
        )?;
        return Ok(Exit::Failure);
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
    Ok(if report.conflicts.is_empty() {
        Exit::Ok
    } else {
        Exit::Findings
    })
}
