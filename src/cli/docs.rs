//! `ptag completions SHELL` and `ptag man`: generated from the clap definitions, so they list
//! exactly the commands and options there are.

use clap::{Args, CommandFactory};
use std::io::{self, Write};

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for `shell` (e.g. `ptag completions bash > ~/.local/share/bash-completion/completions/ptag`).
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<()> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "ptag", out);
    Ok(())
}

/// Writes the man page, roff (`ptag man > ptag.1; man ./ptag.1`).
pub fn man(out: &mut dyn Write) -> io::Result<()> {
    clap_mangen::Man::new(super::Cli::command()).render(out)
}
