//! What every command shares: how it ends (the exit code), the `--scheme` option, the output
//! format, PATH arguments turned into inputs, and counted nouns. It names no command, so every
//! command can build on it.

use super::paths::{self, Input};
use crate::scheme::{Scheme, SchemeError};
use crate::store::TextEncoding;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

/// How a command ended, ordered so that the worst outcome of several files wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    /// `check` found an error (or, with `--deny-warnings`, a warning).
    Findings = 1,
    /// Bad usage, or a file that could not be read or written.
    Failure = 2,
}

/// Options shared by every command.
#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// A role scheme (JSON) instead of the built-in actor/action/data/purpose.
    #[arg(long, global = true, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
    /// Errors only on stderr: no summaries, warnings or progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say on stderr what ran and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour on stderr: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t)]
    pub color: super::console::ColorChoice,
}

/// `--encoding` for the commands that read policies, taken the way the editor takes it (the
/// editor's own `--encoding` lives in `EditorArgs`, which flattens `Common` too).
#[derive(Debug, Args, Clone, Default)]
pub struct EncodingArg {
    /// The files' encoding: utf-8 or gb18030 (also GBK/GB2312); files written back in place
    /// (`check --fix`, `suggest --apply`) keep it. Default: the project file's, else utf-8.
    #[arg(long = "encoding", value_name = "NAME", value_parser = parse_encoding)]
    pub given: Option<TextEncoding>,
    /// The encoding in force: `--encoding`, else the project file's, else UTF-8
    /// (`settings::apply` sets it).
    #[arg(skip)]
    pub encoding: TextEncoding,
}

pub(crate) fn parse_encoding(name: &str) -> Result<TextEncoding, String> {
    TextEncoding::parse(name).ok_or_else(|| format!("unknown encoding {name} (utf-8 or gb18030)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The scheme named by `--scheme`, or the built-in one.
pub fn load_scheme(common: &Common) -> Result<Scheme, SchemeError> {
    match &common.scheme {
        Some(path) => crate::store::load_scheme(path),
        None => Ok(Scheme::default()),
    }
}

/// The scheme named by `--scheme`; `None` once its failure is reported on `err`.
pub fn scheme_or_report(common: &Common, err: &mut dyn Write) -> io::Result<Option<Scheme>> {
    match load_scheme(common) {
        Ok(scheme) => Ok(Some(scheme)),
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(None)
        }
    }
}

/// Expands PATH arguments, to be read in `encoding`; `None` once every one that names nothing
/// usable is reported.
pub fn inputs_or_report(
    paths: &[PathBuf],
    encoding: TextEncoding,
    err: &mut dyn Write,
) -> io::Result<Option<Vec<Input>>> {
    match paths::expand(paths, encoding) {
        Ok(inputs) => Ok(Some(inputs)),
        Err(errors) => {
            for e in errors {
                writeln!(err, "{e}")?;
            }
            Ok(None)
        }
    }
}

/// Loads the scheme and expands the PATH arguments, reporting either's failure (exit 2),
/// then runs `body`.
pub fn with_inputs(
    common: &Common,
    encoding: TextEncoding,
    paths: &[PathBuf],
    err: &mut dyn Write,
    body: impl FnOnce(&Scheme, &[Input], &mut dyn Write) -> io::Result<Exit>,
) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(common, err)? else {
        return Ok(Exit::Failure);
    };
    match inputs_or_report(paths, encoding, err)? {
        Some(inputs) => body(&scheme, &inputs, err),
        None => Ok(Exit::Failure),
    }
}
