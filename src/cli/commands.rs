//! The non-interactive commands. Each returns the process exit code:
//! 0 ok, 1 findings (check: errors, or warnings with --deny-warnings), 2 usage or I/O error.

use super::common::OutputFormat;
use super::common::{Exit, with_inputs};
use super::paths::io_message;
use super::{
    Command, agree, check, config, diff, docs, export, import, in_force, init, merge, stats, strip,
    suggest, train,
};
use crate::display_safe::{SafeText, Style};
use clap::CommandFactory;
use std::io::{self, BufWriter, Write};

/// Runs `command` on the process's stdout and stderr.
pub fn run(mut command: Command) -> i32 {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut err = stderr.lock();
    // The project file's settings where no flag was given; an unusable one stops the command.
    if let Err(e) = in_force::apply(&mut command) {
        let _ = writeln!(SafeText::new(&mut err, Style::Text), "{e}");
        return Exit::Failure as i32;
    }
    let code = run_with(command, &mut out, &mut err);
    match out.flush() {
        Ok(()) => code,
        Err(e) => output_failed(&e, &mut err),
    }
}

/// Runs `command`, writing results to `out` and messages to `err`. Messages, and results
/// meant for reading (check, stats, suggest), go through `SafeText`: text from the files never
/// reaches the terminal as control sequences. Data (strip, export, import `-o -`) is written
/// as it is.
pub fn run_with(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut err = SafeText::new(err, Style::Text);
    let shown = match &command {
        Command::Check(a) => Some(a.format),
        Command::Stats(a) => Some(a.format),
        Command::Suggest(a) => Some(a.format),
        Command::Train(_) => Some(OutputFormat::Text),
        Command::Agree(a) => Some(a.format),
        Command::Diff(_) | Command::Merge(_) | Command::Review(_) | Command::Config(_) => {
            Some(OutputFormat::Text)
        }
        Command::Strip(_)
        | Command::Export(_)
        | Command::Import(_)
        | Command::Init(_)
        | Command::Completions(_)
        | Command::Man => None,
    };
    let result = match shown {
        Some(format) => {
            let style = match format {
                OutputFormat::Text => Style::Text,
                OutputFormat::Json => Style::Json,
            };
            let mut out = SafeText::new(&mut *out, style);
            dispatch(command, &mut out, &mut err).and_then(|exit| out.flush().map(|()| exit))
        }
        None => dispatch(command, out, &mut err),
    };
    let code = match result {
        Ok(exit) => exit as i32,
        Err(e) => output_failed(&e, &mut err),
    };
    let _ = err.flush();
    code
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
            |scheme, inputs, err| export::run(inputs, scheme, &a, out, err),
        ),
        Command::Import(a) => with_inputs(
            &a.common,
            a.read.encoding,
            std::slice::from_ref(&a.input),
            err,
            |scheme, inputs, err| import::run(inputs, &a, scheme, out, err),
        ),
        Command::Suggest(a) => suggest::run(&a, out, err),
        Command::Train(a) => train::run(&a, out, err),
        Command::Agree(a) => agree::run(&a, out, err),
        Command::Diff(a) => diff::run(&a, out, err),
        Command::Merge(a) => merge::run(&a, err),
        // `main` runs the review in the editor (`editor::review`): it takes the terminal.
        Command::Review(_) => {
            writeln!(
                err,
                "ptag review runs in the editor: start it from the command line"
            )?;
            Ok(Exit::Failure)
        }
        Command::Config(a) => config::run(&a, out, err),
        Command::Init(a) => init::run(&a, err),
        Command::Completions(a) => {
            docs::completions(&a, super::Cli::command(), out).map(|()| Exit::Ok)
        }
        Command::Man => docs::man(super::Cli::command(), out).map(|()| Exit::Ok),
    }
}
