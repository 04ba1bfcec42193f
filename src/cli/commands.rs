//! The non-interactive commands. Each returns the process exit code:
//! 0 ok, 1 findings (check: errors, or warnings with --deny-warnings), 2 usage or I/O error.

use super::common::{Exit, with_inputs};
use super::paths::io_message;
use super::{Command, check, export, import, stats, strip, suggest};
use std::io::{self, BufWriter, Write};

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
    let _ = writeln!(err, "ptag: error: cannot write output: {}", io_message(e));
    Exit::Failure as i32
}

fn dispatch(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    match command {
        Command::Check(a) => with_inputs(
            &a.common,
            a.read.encoding,
            &a.paths,
            err,
            |scheme, inputs, err| check::run(inputs, scheme, a.options(), out, err),
        ),
        Command::Stats(a) => with_inputs(
            &a.common,
            a.read.encoding,
            &a.paths,
            err,
            |scheme, inputs, err| stats::run(inputs, scheme, a.format, out, err),
        ),
        Command::Strip(a) => with_inputs(
            &a.common,
            a.read.encoding,
            std::slice::from_ref(&a.file),
            err,
            |scheme, inputs, err| strip::run(inputs, scheme, out, err),
        ),
        Command::Export(a) => with_inputs(
            &a.common,
            a.read.encoding,
            &a.paths,
            err,
            |scheme, inputs, err| export::run(inputs, scheme, a.format, out, err),
        ),
        Command::Import(a) => with_inputs(
            &a.common,
            a.read.encoding,
            std::slice::from_ref(&a.input),
            err,
            |scheme, inputs, err| import::run(inputs, &a.output, scheme, a.format, out, err),
        ),
        Command::Suggest(a) => suggest::run(&a, out, err),
    }
}
