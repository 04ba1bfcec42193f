//! The non-interactive commands. Each returns the process exit code:
//! 0 ok, 1 found problems (check errors, diff differences, merge conflicts, export refusals),
//! 2 usage or input error. Results go to stdout, everything else to stderr
//! (`docs/cli-contract.md`).

use super::common::OutputFormat;
use super::common::{Common, Exit, with_inputs};
use super::console::ErrorsOnly;
use super::output::Target;
use super::paths::io_message;
use super::{
    Command, agree, check, config, diff, docs, export, import, in_force, init, merge, stats, strip,
    suggest, train,
};
use crate::display_safe::{SafeText, Style};
use clap::CommandFactory;
use std::io::{self, BufWriter, Write};

/// Runs `command` on the process's stdout and stderr; `global` holds the options given
/// before or after the subcommand (`-q`, `-v`, `--color`).
pub fn run(mut command: Command, global: &Common) -> i32 {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    // stderr is not held locked for the run: the progress bar's thread draws on it too.
    let mut err: Box<dyn Write> = if global.quiet {
        Box::new(ErrorsOnly::new(io::stderr()))
    } else {
        Box::new(io::stderr())
    };
    super::progress::allow(!global.quiet);
    let started = std::time::Instant::now();
    // The project file's settings where no flag was given; an unusable one stops the command.
    if let Err(e) = in_force::apply(&mut command) {
        let _ = writeln!(SafeText::new(&mut err, Style::Text), "{e}");
        let _ = err.flush();
        return Exit::Failure as i32;
    }
    let code = run_with(command, &mut out, &mut err);
    let code = match out.flush() {
        Ok(()) => code,
        Err(e) => output_failed(&e, &mut err),
    };
    if global.verbose {
        let _ = writeln!(
            err,
            "ptag: exit {code} after {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    let _ = err.flush();
    code
}

/// Runs `command`, writing results to `out` and messages to `err`. Messages, and results
/// meant for reading (check, stats, suggest), go through `SafeText`: text from the files never
/// reaches the terminal as control sequences. Data (strip, export, import `-o -`) is written
/// as it is.
pub fn run_with(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut err = SafeText::new(err, Style::Text);
    let shown = match &command {
        // In colour, check escapes what comes from the files itself (`snippet`): SafeText
        // would show the colours' own escape sequences as text.
        Command::Check(a) => (!a.options().colour).then_some(a.format),
        Command::Stats(a) => Some(a.format),
        Command::Suggest(a) => Some(a.format),
        // `-o -` puts the model or the merged file (data) on stdout.
        Command::Train(a) => (!Target::of(&a.output).is_stdout()).then_some(a.format),
        Command::Merge(a) => (!a
            .output
            .as_deref()
            .is_some_and(|o| Target::of(o).is_stdout()))
        .then_some(a.format),
        Command::Agree(a) => Some(a.format),
        Command::Diff(a) => Some(a.format),
        Command::Config(a) => Some(a.format),
        Command::Review(_) => Some(OutputFormat::Text),
        Command::Strip(_)
        | Command::Export(_)
        | Command::Import(_)
        | Command::Init(_)
        | Command::Completions(_)
        | Command::Man(_) => None,
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
        Command::Merge(a) => merge::run(&a, out, err),
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
        Command::Man(a) => docs::man(&a, super::Cli::command(), out, err)
            .map(|written| if written { Exit::Ok } else { Exit::Failure }),
    }
}
