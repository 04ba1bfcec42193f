//! `ptag diff A B`: every place two annotations of the same text differ, one gcc-style line each.

use super::agree::{compare_pair, file_pairs, text_differs};
use super::common::{Common, EncodingArg, Exit, OutputFormat, scheme_or_report};
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
    /// Output: text (one `path:line:col: what` line per disagreement) or json (JSON Lines:
    /// one object per disagreement, a line each, as it is found).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
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
    let json = args.format == OutputFormat::Json;
    for (p, side) in files
        .only_a
        .iter()
        .map(|p| (p, "A"))
        .chain(files.only_b.iter().map(|p| (p, "B")))
    {
        if json {
            let kind = format!("file_only_in_{}", side.to_lowercase());
            let message = format!("only in {side}");
            let object = serde_json::json!({"path": p.display().to_string(), "kind": kind, "message": message});
            writeln!(out, "{object}")?;
        } else {
            writeln!(out, "{}: only in {side}", p.display())?;
        }
        exit = exit.max(Exit::Findings);
    }
    let render = |d: &Disagreement, a: &Path, b: &Path| {
        if json {
            describe_json(d, a, b, &scheme)
        } else {
            describe(d, a, b, &scheme)
        }
    };
    for (a, b) in &files.pairs {
        let Some(result) = compare_pair(
            (a, b),
            args.read.encoding,
            err,
            || diff_files(a, b, &scheme, |d| render(&d, a, b)),
            |x, y| {
                let mut lines = Vec::new();
                diff(x, y, &scheme, |d| lines.push(render(&d, a, b))).map(|()| lines)
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

/// One disagreement as a JSON object on one line: where (`path`, `line`, `column`), `kind`
/// (only_in_a, only_in_b, role_differs, boundary_differs, role_and_boundary_differ,
/// note_only_in_a, note_only_in_b), the roles and texts of each side it has, and the `message`
/// the text output gives.
pub fn describe_json(d: &Disagreement, a: &Path, b: &Path, scheme: &Scheme) -> String {
    let name = |t: &LineTag| scheme.role(t.role).name.clone();
    let line = describe(d, a, b, scheme);
    // The text form is `path:line:col: message`; the path may hold colons, the rest not.
    let (path, at) = match d {
        Disagreement::OnlyB { at, .. } => (b, at),
        Disagreement::Note {
            at, in_a: false, ..
        } => (b, at),
        Disagreement::OnlyA { at, .. }
        | Disagreement::RoleDiffers { at, .. }
        | Disagreement::BoundaryDiffers { at, .. }
        | Disagreement::Note { at, .. } => (a, at),
    };
    let prefix = format!("{}:{}:{}: ", path.display(), at.0, at.1);
    let message = line.strip_prefix(&prefix).unwrap_or(&line);
    let mut object = serde_json::json!({
        "path": path.display().to_string(),
        "line": at.0,
        "column": at.1,
        "message": message,
    });
    let fields = match d {
        Disagreement::OnlyA { tag, text, .. } => {
            serde_json::json!({"kind": "only_in_a", "role_a": name(tag), "text_a": text})
        }
        Disagreement::OnlyB { tag, text, .. } => {
            serde_json::json!({"kind": "only_in_b", "role_b": name(tag), "text_b": text})
        }
        Disagreement::RoleDiffers { a, b, text, .. } => serde_json::json!({
            "kind": "role_differs", "role_a": name(a), "role_b": name(b),
            "text_a": text, "text_b": text,
        }),
        Disagreement::BoundaryDiffers {
            a,
            b,
            a_text,
            b_text,
            ..
        } => serde_json::json!({
            "kind": if a.role == b.role { "boundary_differs" } else { "role_and_boundary_differ" },
            "role_a": name(a), "role_b": name(b), "text_a": a_text, "text_b": b_text,
        }),
        Disagreement::Note { in_a, text, .. } => {
            let (kind, key) = if *in_a {
                ("note_only_in_a", "text_a")
            } else {
                ("note_only_in_b", "text_b")
            };
            serde_json::json!({"kind": kind, key: text})
        }
    };
    if let (Some(all), serde_json::Value::Object(more)) = (object.as_object_mut(), fields) {
        all.extend(more);
    }
    object.to_string()
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
