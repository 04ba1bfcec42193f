#![forbid(unsafe_code)]

use clap::Parser;
use ptag::cli::Cli;

fn main() {
    let cli = Cli::parse();
    if let Some(message) = cli.mistyped_subcommand() {
        eprintln!("{message}");
        std::process::exit(2);
    }
    let code = match cli.command {
        Some(ptag::cli::Command::Review(args)) => ptag::editor::review(args),
        Some(command) => ptag::cli::commands::run(command),
        None => ptag::editor::run(cli.editor),
    };
    std::process::exit(code);
}
