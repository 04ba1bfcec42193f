//! `ptag completions SHELL` and `ptag man`: generated from the clap definitions, so they list
//! exactly the commands and options there are.

use super::output::{Target, check_overwrite, write_whole};
use super::paths::io_message;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// The shell to complete for: bash, zsh, fish, elvish or powershell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `ptag man` arguments.
#[derive(Debug, Args, Clone)]
pub struct ManArgs {
    /// The subcommand whose page to print (none: the page of ptag itself).
    #[arg(value_name = "SUBCOMMAND", conflicts_with = "all")]
    pub subcommand: Option<String>,
    /// Every page, ptag.1 and ptag-SUBCOMMAND.1 for each subcommand, into the folder -o names.
    #[arg(long, requires = "output")]
    pub all: bool,
    /// Where the page goes (`-` is stdout, the default); with --all, a folder.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace pages that exist already (without it, an existing one is refused).
    #[arg(long)]
    pub force: bool,
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

/// Runs `ptag man`: one page to stdout or a file, or with `--all` every page into a folder.
/// Returns false once a failure is reported on `err`.
pub fn man(
    args: &ManArgs,
    cli: clap::Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let mut cli = cli.disable_help_subcommand(true);
    cli.build();
    if args.all {
        return man_all(args, &cli, err);
    }
    let command = match &args.subcommand {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
                writeln!(
                    err,
                    "ptag man: error: no subcommand {name:?} (one of: {})",
                    names.join(", ")
                )?;
                return Ok(false);
            }
        },
    };
    let named = args.output.clone().unwrap_or_else(|| PathBuf::from("-"));
    let page = render_page(command)?;
    if let Err(message) = write_whole(&named, args.force, &page, out) {
        writeln!(err, "{message}")?;
        return Ok(false);
    }
    Ok(true)
}

/// `--all -o DIR`: ptag.1 and a page per subcommand; nothing is written if a page would
/// replace a file without --force.
fn man_all(args: &ManArgs, cli: &clap::Command, err: &mut dyn Write) -> io::Result<bool> {
    let dir = args.output.as_deref().expect("clap: --all requires -o");
    if Target::of(dir).is_stdout() {
        writeln!(
            err,
            "ptag man: error: --all writes a page per file: -o must name a folder"
        )?;
        return Ok(false);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        writeln!(
            err,
            "{}: error: cannot make the folder: {}",
            dir.display(),
            io_message(&e)
        )?;
        return Ok(false);
    }
    let mut pages = vec![(file_name(cli), cli.clone())];
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push((file_name(sub), sub.clone()));
    }
    let refused: Vec<String> = pages
        .iter()
        .filter_map(|(name, _)| check_overwrite(&dir.join(name), args.force).err())
        .collect();
    if !refused.is_empty() {
        for message in refused {
            writeln!(err, "{message}")?;
        }
        writeln!(err, "ptag man: error: nothing written")?;
        return Ok(false);
    }
    let mut rendered = Vec::with_capacity(pages.len());
    for (name, command) in pages {
        rendered.push((dir.join(name), render_page(command)?));
    }
    for (path, page) in rendered {
        if let Err(e) = crate::store::write_atomic(&path, &page) {
            writeln!(err, "{}", super::output::cannot_write(&path, &e))?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// `ptag.1`, `ptag-check.1`.
fn file_name(command: &clap::Command) -> String {
    let name = command.get_display_name().unwrap_or(command.get_name());
    format!("{name}.1")
}

/// A page: clap's sections, then EXIT STATUS, ENVIRONMENT and FILES, then the version.
pub fn render_page(command: clap::Command) -> io::Result<Vec<u8>> {
    let name = command.get_name().to_string();
    let versioned = command.get_version().is_some();
    let man = clap_mangen::Man::new(command);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    if name == "ptag" {
        man.render_subcommands_section(&mut page)?;
    }
    section(&mut page, "EXIT STATUS", &[exit_status(&name)])?;
    section(&mut page, "ENVIRONMENT", ENVIRONMENT)?;
    section(&mut page, "FILES", FILES)?;
    section(
        &mut page,
        "SEE ALSO",
        &["docs/cli-contract.md: what every command writes where, and its exit codes."],
    )?;
    if versioned {
        man.render_version_section(&mut page)?;
    }
    Ok(page)
}

/// What the exit code of `command` means.
fn exit_status(command: &str) -> &'static str {
    match command {
        "check" => {
            "0: no error (warnings and infos alone pass). 1: an error, or a warning with \
             --deny-warnings. 2: bad usage, or a file that cannot be read or written."
        }
        "diff" => {
            "0: the annotations are the same. 1: they differ. 2: the texts differ, bad usage, \
             or a file that cannot be read."
        }
        "merge" => {
            "0: merged. 1: merged, with conflicts left as conflict notes. 2: not merged (the \
             texts differ, bad usage, a file that cannot be read or written); nothing written."
        }
        "export" => {
            "0: exported. 1: a file with markup errors (or nesting, with --nested error) was \
             refused. 2: bad usage, or a file that cannot be read or written."
        }
        "ptag" | "review" => {
            "0: the editor quit normally. 1: a scripted (--keys) save failed. 2: bad usage, or \
             a file that cannot be opened."
        }
        _ => "0: done. 2: bad usage, or a file that cannot be read or written.",
    }
}

const ENVIRONMENT: &[&str] = &[
    "NO_COLOR: when set and not empty, no colour (unless --color always).",
    "PTAG_MAX_FILE_BYTES: the largest file ptag reads (bytes); larger files are refused.",
    "PTAG_DATA_DIR: where recovery journals and session data are kept.",
    "TERM, COLORTERM: the editor's colour depth.",
];

const FILES: &[&str] = &[
    "The data folder (PTAG_DATA_DIR, or the platform's data folder for ptag): recovery \
     journals of unsaved work.",
    "Output written with -o is written to a temp file beside it (.ptag-save-PID-*.tmp) and \
     renamed over it, so it is never half-written.",
];

/// A roff section of plain paragraphs.
fn section(page: &mut Vec<u8>, title: &str, paragraphs: &[&str]) -> io::Result<()> {
    writeln!(page, ".SH \"{title}\"")?;
    for p in paragraphs {
        writeln!(page, ".PP")?;
        writeln!(page, "{}", roff_text(p))?;
    }
    Ok(())
}

/// Text roff shows as it is: backslashes escaped, and a line never starting with a control
/// character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
