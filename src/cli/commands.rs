//! The non-interactive commands. Each returns the process exit code:
//! 0 ok, 1 findings, 2 usage or I/O error.

use super::paths::{self, Input};
use super::{Command, Common, check, export, import, stats, strip};
use crate::scheme::Scheme;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

/// How a command ended, ordered so that the worst outcome of several files wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    /// `check` found an error or a warning.
    Findings = 1,
    /// Bad usage, or a file that could not be read or written.
    Failure = 2,
}

/// Runs `command` on the process's stdout and stderr.
pub fn run(command: Command) -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = stderr.lock();
    let code = run_with(command, &mut out, &mut err);
    match out.flush() {
        Ok(()) => code,
        Err(e) => output_failed(&e, &mut err),
    }
}

/// Runs `command`, writing results to `out` and messages to `err`.
pub fn run_with(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let result = dispatch(command, out, err);
    match result {
        Ok(exit) => exit as i32,
        Err(e) => output_failed(&e, err),
    }
}

/// Writing the output failed. A closed pipe (`ptag export … | head`) is not an error.
fn output_failed(e: &io::Error, err: &mut dyn Write) -> i32 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Exit::Ok as i32;
    }
    let _ = writeln!(
        err,
        "ptag: error: cannot write output: {}",
        paths::io_message(e)
    );
    Exit::Failure as i32
}

fn dispatch(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    match command {
        Command::Check {
            paths,
            format,
            fix,
            common,
        } => with_inputs(&common, &paths, err, |scheme, inputs, err| {
            check::run(inputs, scheme, format, fix, out, err)
        }),
        Command::Stats {
            paths,
            format,
            common,
        } => with_inputs(&common, &paths, err, |scheme, inputs, err| {
            stats::run(inputs, scheme, format, out, err)
        }),
        Command::Strip { file, common } => {
            with_inputs(&common, &[file], err, |scheme, inputs, err| {
                strip::run(inputs, scheme, out, err)
            })
        }
        Command::Export {
            format,
            paths,
            common,
        } => with_inputs(&common, &paths, err, |scheme, inputs, err| {
            export::run(inputs, scheme, format, out, err)
        }),
        Command::Import {
            format,
            input,
            output,
            common,
        } => with_inputs(&common, &[input], err, |scheme, inputs, err| {
            import::run(inputs, &output, scheme, format, out, err)
        }),
        Command::Suggest(args) => super::suggest::run(&args, out, err),
    }
}

/// Loads the scheme and expands the PATH arguments, reporting either's failure (exit 2),
/// then runs `body`.
fn with_inputs(
    common: &Common,
    paths: &[PathBuf],
    err: &mut dyn Write,
    body: impl FnOnce(&Scheme, &[Input], &mut dyn Write) -> io::Result<Exit>,
) -> io::Result<Exit> {
    let scheme = match load_scheme(common) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(Exit::Failure);
        }
    };
    match paths::expand(paths) {
        Ok(inputs) => body(&scheme, &inputs, err),
        Err(errors) => {
            for e in errors {
                writeln!(err, "{e}")?;
            }
            Ok(Exit::Failure)
        }
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The scheme named by `--scheme`, or the built-in one.
pub fn load_scheme(common: &Common) -> Result<Scheme, String> {
    match &common.scheme {
        Some(path) => Scheme::load(path).map_err(|e| e.to_string()),
        None => Ok(Scheme::default()),
    }
}
