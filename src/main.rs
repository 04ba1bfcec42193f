#![forbid(unsafe_code)]

use clap::Parser;
use ptag::cli::Cli;

fn main() {
    write_past_the_file_size_limit_fails();
    let args = Cli::args();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // `ptag exprot --format bio x`: clap refuses the flag before the editor's FILE
            // could be taken as a mistyped subcommand, so that is asked first.
            if e.use_stderr()
                && let Some(message) = Cli::mistyped_before_flags(args.get(1).cloned())
            {
                eprintln!("{message}");
                std::process::exit(2);
            }
            // Usage errors exit 2, --help and --version 0 (clap's own codes).
            e.exit()
        }
    };
    if let Some(message) = cli.mistyped_subcommand() {
        ptag::display_safe::to_stderr(&message);
        std::process::exit(2);
    }
    let code = match cli.command {
        Some(ptag::cli::Command::Review(args)) => ptag::editor::review(args),
        Some(command) => ptag::cli::commands::run(command, &cli.editor.common),
        None => ptag::editor::run(cli.editor),
    };
    std::process::exit(code);
}

/// Under a file-size limit (`ulimit -f`) a write past it raises SIGXFSZ, whose default is to
/// kill the process on the spot: the editor would leave the terminal raw on the alternate
/// screen, a command would die without a word. With the signal caught (the handler only sets
/// a flag nobody reads) the write fails with EFBIG instead, and is reported as the failed save
/// it is. A caught signal, unlike an ignored one, is back to its default in programs we start.
fn write_past_the_file_size_limit_fails() {
    #[cfg(unix)]
    {
        let caught = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, caught);
    }
}
