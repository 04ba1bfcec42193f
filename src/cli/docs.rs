//! `ptag completions SHELL` and `ptag man`: generated from the clap definitions, so they list
//! exactly the commands and options there are.

use clap::Args;
use std::io::{self, Write};

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for `shell` (e.g. `ptag completions bash > ~/.local/share/bash-completion/completions/ptag`).
/// `cli` is the whole command line's definition (`Cli::command()`).
pub fn completions(
    args: &CompletionsArgs,
    mut cli: clap::Command,
    out: &mut dyn Write,
) -> io::Result<()> {
    clap_complete::generate(args.shell, &mut cli, "ptag", out);
    Ok(())
}

/// Writes the man page, roff (`ptag man > ptag.1; man ./ptag.1`).
pub fn man(cli: clap::Command, out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(cli).render(out)
}
