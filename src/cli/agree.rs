//! `ptag agree A B`: how far annotator B agrees with annotator A on the same texts.

use super::common::{Common, EncodingArg, Exit, OutputFormat, scheme_or_report};
use super::paths::Input;
use super::progress::{Progress, Results};
use crate::agree::{Scores, Tally, TextDiffers, agree, agree_files};
use crate::scheme::{RoleId, Scheme};
use crate::source::pair_folders;
use crate::store::TextEncoding;
use clap::Args;
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct AgreeArgs {
    /// The reference annotation: a file, or a folder (its *.txt, paired by relative path).
    pub a: PathBuf,
    /// The other annotation of the same text(s), scored against A.
    pub b: PathBuf,
    /// Output: text tables for people, or json for programs.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// The files to compare: pairs, and those of a folder with no counterpart.
pub struct FilePairs {
    pub pairs: Vec<(PathBuf, PathBuf)>,
    pub only_a: Vec<PathBuf>,
    pub only_b: Vec<PathBuf>,
}

/// A and B as pairs of files: two files, or two folders paired by relative path. `None` once
/// the reason is reported.
pub fn file_pairs(a: &Path, b: &Path, err: &mut dyn Write) -> io::Result<Option<FilePairs>> {
    match (a.is_dir(), b.is_dir()) {
        (false, false) => Ok(Some(FilePairs {
            pairs: vec![(a.to_path_buf(), b.to_path_buf())],
            only_a: vec![],
            only_b: vec![],
        })),
        (true, true) => {
            let p = pair_folders(a, b);
            for e in &p.errors {
                writeln!(err, "{e}")?;
            }
            if !p.errors.is_empty() {
                return Ok(None);
            }
            Ok(Some(FilePairs {
                pairs: p.pairs,
                only_a: p.only_a,
                only_b: p.only_b,
            }))
        }
        _ => {
            writeln!(
                err,
                "ptag: error: {} and {} must both be files or both be folders",
                a.display(),
                b.display()
            )?;
            Ok(None)
        }
    }
}

/// Reads both files of a pair; `None` once a failure is reported.
pub fn read_pair(
    a: &Path,
    b: &Path,
    encoding: TextEncoding,
    err: &mut dyn Write,
) -> io::Result<Option<(String, String)>> {
    let read = |p: &Path| Input::file(p).in_encoding(encoding).read();
    match (read(a), read(b)) {
        (Ok(x), Ok(y)) => Ok(Some((x, y))),
        (x, y) => {
            for e in [x.err(), y.err()].into_iter().flatten() {
                writeln!(err, "{e}")?;
            }
            Ok(None)
        }
    }
}

/// What comparing a pair gives: `streamed` (UTF-8 files read in pieces on every core) when it
/// can, else `whole` on both files read whole, which also reports why a file cannot be read;
/// `None` once such a failure is reported.
pub fn compare_pair<R>(
    (a, b): (&Path, &Path),
    encoding: TextEncoding,
    err: &mut dyn Write,
    streamed: impl FnOnce() -> Option<R>,
    whole: impl FnOnce(&str, &str) -> R,
) -> io::Result<Option<R>> {
    if encoding == TextEncoding::Utf8
        && let Some(r) = streamed()
    {
        return Ok(Some(r));
    }
    Ok(read_pair(a, b, encoding, err)?.map(|(x, y)| whole(&x, &y)))
}

/// The located message for two texts that differ.
pub fn text_differs(a: &Path, b: &Path, d: &TextDiffers) -> String {
    format!(
        "{}:{}:{}: error: the plain text differs from {}:{}:{} (first differing char); \
         comparing annotations needs the same text",
        a.display(),
        d.a.0,
        d.a.1,
        b.display(),
        d.b.0,
        d.b.1
    )
}

pub fn run(args: &AgreeArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let Some(files) = file_pairs(&args.a, &args.b, err)? else {
        return Ok(Exit::Failure);
    };
    let mut exit = Exit::Ok;
    let mut total = Tally::new(&scheme);
    let mut rows: Vec<(&Path, &Path, Tally)> = Vec::new();
    let progress = Progress::files(files.pairs.len(), "comparing", Results::AtTheEnd);
    for (a, b) in &files.pairs {
        progress.file(&a.display().to_string());
        let Some(result) = compare_pair(
            (a, b),
            args.read.encoding,
            err,
            || agree_files(a, b, &scheme),
            |x, y| agree(x, y, &scheme),
        )?
        else {
            exit = Exit::Failure;
            continue;
        };
        match result {
            Ok(t) => {
                total.add(&t);
                rows.push((a, b, t));
            }
            Err(d) => {
                writeln!(err, "{}", text_differs(a, b, &d))?;
                exit = Exit::Failure;
            }
        }
    }
    if rows.is_empty() && exit == Exit::Failure {
        return Ok(exit);
    }
    match args.format {
        OutputFormat::Json => {
            let doc = json!({
                "overall": scores_json(&total.scores(None)),
                "roles": roles_json(&total, &scheme),
                "confusion": confusion_json(&total, &scheme),
                "files": rows.iter().map(|(a, b, t)| json!({
                    "a": a.display().to_string(),
                    "b": b.display().to_string(),
                    "overall": scores_json(&t.scores(None)),
                    "roles": roles_json(t, &scheme),
                })).collect::<Vec<_>>(),
                "unpaired": {
                    "a": files.only_a.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                    "b": files.only_b.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                },
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_text(out, &scheme, &rows, &total, &files)?,
    }
    Ok(exit)
}

fn scores_json(s: &Scores) -> Value {
    json!({
        "a_tags": s.counts.a_tags,
        "b_tags": s.counts.b_tags,
        "matched": s.counts.matched,
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "partial_precision": s.partial_precision,
        "partial_recall": s.partial_recall,
        "partial_f1": s.partial_f1,
        "kappa": s.kappa,
    })
}

fn roles_json(t: &Tally, scheme: &Scheme) -> Value {
    Value::Array(
        (0..scheme.roles.len())
            .map(|r| {
                let mut v = scores_json(&t.scores(Some(r as RoleId)));
                v["role"] = json!(scheme.roles[r].name);
                v
            })
            .collect(),
    )
}

fn role_name(scheme: &Scheme, r: Option<RoleId>) -> Value {
    r.map_or(Value::Null, |r| json!(scheme.role(r).name))
}

fn confusion_json(t: &Tally, scheme: &Scheme) -> Value {
    Value::Array(
        t.confusion
            .iter()
            .map(|(&(a, b), c)| {
                json!({
                    "a": role_name(scheme, a),
                    "b": role_name(scheme, b),
                    "same_span": c.same_span,
                    "overlapping": c.overlapping,
                    "alone": c.alone,
                })
            })
            .collect(),
    )
}

fn fmt(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.4}"))
}

fn score_row(out: &mut dyn Write, name: &str, s: &Scores) -> io::Result<()> {
    writeln!(
        out,
        "{name:<10} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>10} {:>7}",
        s.counts.a_tags,
        s.counts.b_tags,
        s.counts.matched,
        fmt(s.precision),
        fmt(s.recall),
        fmt(s.f1),
        fmt(s.partial_f1),
        fmt(s.kappa)
    )
}

const HEADER: &str =
    "role        A tags  B tags matched       P       R      F1 partial F1   kappa";

fn write_text(
    out: &mut dyn Write,
    scheme: &Scheme,
    rows: &[(&Path, &Path, Tally)],
    total: &Tally,
    files: &FilePairs,
) -> io::Result<()> {
    if rows.len() > 1 {
        writeln!(out, "per file (all roles):")?;
        for (a, _, t) in rows {
            let s = t.scores(None);
            writeln!(
                out,
                "  {}: A {} B {} matched {} F1 {} partial F1 {} kappa {}",
                a.display(),
                s.counts.a_tags,
                s.counts.b_tags,
                s.counts.matched,
                fmt(s.f1),
                fmt(s.partial_f1),
                fmt(s.kappa)
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{HEADER}")?;
    for r in 0..scheme.roles.len() {
        score_row(out, &scheme.roles[r].name, &total.scores(Some(r as RoleId)))?;
    }
    score_row(out, "overall", &total.scores(None))?;
    if !total.confusion.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "tags that do not match (A role → B role: same span / overlapping / no counterpart):"
        )?;
        for (&(a, b), c) in &total.confusion {
            let name =
                |r: Option<RoleId>| r.map_or("—".to_string(), |r| scheme.role(r).name.clone());
            writeln!(
                out,
                "  {:<8} → {:<8} {:>7} {:>7} {:>7}",
                name(a),
                name(b),
                c.same_span,
                c.overlapping,
                c.alone
            )?;
        }
    }
    for (side, list) in [("A", &files.only_a), ("B", &files.only_b)] {
        for p in list.iter() {
            writeln!(out, "only in {side}: {}", p.display())?;
        }
    }
    Ok(())
}
