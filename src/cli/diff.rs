//! `ptag diff A B`: every place two annotations of the same text differ, one gcc-style line each.

use super::agree::{compare_pair, file_pairs, text_differs};
use super::common::{Common, EncodingArg, Exit, scheme_or_report};
use crate::agree::{Disagreement, diff, diff_files};
use crate::markup::LineTag;
use crate::scheme::Scheme;
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct DiffArgs {
    /// One annotation: a file, or a folder (its *.txt, paired by relative path).
    pub a: PathBuf,
    /// The other annotation of the same text(s).
    pub b: PathBuf,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Exit 0 when the annotations are the same, 1 when they differ, 2 when the texts differ or a
/// file cannot be read.
pub fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let Some(files) = file_pairs(&args.a, &args.b, err)? else {
        return Ok(Exit::Failure);
    };
    let mut exit = Exit::Ok;
    for p in &files.only_a {
        writeln!(out, "{}: only in A", p.display())?;
        exit = exit.max(Exit::Findings);
    }
    for p in &files.only_b {
        writeln!(out, "{}: only in B", p.display())?;
        exit = exit.max(Exit::Findings);
    }
    for (a, b) in &files.pairs {
        let Some(result) = compare_pair(
            (a, b),
            args.read.encoding,
            err,
            || diff_files(a, b, &scheme, |d| describe(&d, a, b, &scheme)),
            |x, y| {
                let mut lines = Vec::new();
                diff(x, y, &scheme, |d| lines.push(describe(&d, a, b, &scheme))).map(|()| lines)
            },
        )?
        else {
            exit = Exit::Failure;
            continue;
        };
        match result {
            Ok(lines) => {
                for l in &lines {
                    writeln!(out, "{l}")?;
                }
                if !lines.is_empty() {
                    exit = exit.max(Exit::Findings);
                }
            }
            Err(d) => {
                writeln!(err, "{}", text_differs(a, b, &d))?;
                exit = Exit::Failure;
            }
        }
    }
    Ok(exit)
}

fn marked(scheme: &Scheme, t: &LineTag, text: &str) -> String {
    let r = scheme.role(t.role);
    format!("{}{text}{}", r.open, r.close)
}

/// One disagreement as `path:line:col: what`.
pub fn describe(d: &Disagreement, a: &Path, b: &Path, scheme: &Scheme) -> String {
    let name = |t: &LineTag| scheme.role(t.role).name.clone();
    let (path, at, what) = match d {
        Disagreement::OnlyA { at, tag, text } => {
            (a, at, format!("only in A: {} “{text}”", name(tag)))
        }
        Disagreement::OnlyB { at, tag, text } => {
            (b, at, format!("only in B: {} “{text}”", name(tag)))
        }
        Disagreement::RoleDiffers {
            at,
            a: x,
            b: y,
            text,
        } => (
            a,
            at,
            format!("role differs: {} vs {} “{text}”", name(x), name(y)),
        ),
        Disagreement::BoundaryDiffers {
            at,
            a: x,
            b: y,
            a_text,
            b_text,
        } => {
            let kind = if x.role == y.role {
                "boundary differs"
            } else {
                "role and boundary differ"
            };
            (
                a,
                at,
                format!(
                    "{kind}: {} vs {}",
                    marked(scheme, x, a_text),
                    marked(scheme, y, b_text)
                ),
            )
        }
        Disagreement::Note { at, in_a, text } => {
            let (path, side) = if *in_a { (a, "A") } else { (b, "B") };
            (path, at, format!("note only in {side}: “{text}”"))
        }
    };
    format!("{}:{}:{}: {what}", path.display(), at.0, at.1)
}
