//! `ptag export`: spans as doccano-style JSONL, or BIO (one char a line). The formats are
//! `interchange`'s; this is the command around them.

use super::common::{Common, EncodingArg, Exit};
use super::paths::Input;
use crate::interchange::{record, write_bio};
use crate::scheme::Scheme;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    /// jsonl (doccano: one object per file, char offsets into the plain text) or bio (CoNLL:
    /// one char a line with its B-/I-/O tag).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Files or folders (searched for *.txt); `-` is stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Bio,
}

pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    format: ExportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    if format == ExportFormat::Bio
        && let Some(r) = scheme
            .roles
            .iter()
            .find(|r| r.name.chars().any(char::is_whitespace))
    {
        writeln!(
            err,
            "ptag export: error: role name {:?} holds white space: it cannot be a BIO tag",
            r.name
        )?;
        return Ok(Exit::Failure);
    }
    let mut exit = Exit::Ok;
    for input in inputs {
        let doc = match input.load(scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = Exit::Failure;
                continue;
            }
        };
        match format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &record(&doc, input.given()))
                    .map_err(io::Error::other)?;
                writeln!(out)?;
            }
            ExportFormat::Bio => write_bio(&doc, input.given(), out)?,
        }
    }
    Ok(exit)
}
