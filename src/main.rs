#![forbid(unsafe_code)]

use clap::Parser;
use ptag::cli::Cli;

fn main() {
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
        eprintln!("{message}");
        std::process::exit(2);
    }
    let code = match cli.command {
        Some(ptag::cli::Command::Review(args)) => ptag::editor::review(args),
        Some(command) => ptag::cli::commands::run(command, &cli.editor.common),
        None => ptag::editor::run(cli.editor),
    };
    std::process::exit(code);
}
