//! The command line: argument definitions and the non-interactive commands.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub mod check;
pub mod commands;
pub mod export;
pub mod import;
pub mod paths;
pub mod stats;
pub mod strip;
pub mod suggest;

/// ptag: annotate Chinese privacy policies from the keyboard.
///
/// With no subcommand, opens FILE(s) in the editor (no file: a bundled sample policy).
#[derive(Debug, Parser)]
#[command(name = "ptag", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub editor: EditorArgs,
}

/// Options shared by every command.
#[derive(Debug, Args, Clone, Default)]
pub struct Common {
    /// A role scheme (JSON) instead of the built-in actor/action/data/purpose.
    #[arg(long, global = true, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct EditorArgs {
    /// Policy files to open (markup). None: the bundled sample.
    pub files: Vec<PathBuf>,
    /// Treat the files as plain text: reserved ASCII characters become full-width on load.
    #[arg(long)]
    pub plain: bool,
    /// The files' encoding: utf-8 (default) or gb18030 (also GBK/GB2312); saved back the same way.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Open files another annotator holds anyway, taking their lock over.
    #[arg(long)]
    pub take_over: bool,
    /// A keymap (JSON) that overrides the default bindings.
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// Run without a terminal, feeding these keys (keymap notation, whitespace-separated).
    #[arg(long, value_name = "SCRIPT")]
    pub keys: Option<String>,
    /// Screen size for --keys, as COLSxROWS.
    #[arg(long, value_name = "COLSxROWS", default_value = "100x30")]
    pub size: String,
    /// With --keys: write the last frame as text to PATH.
    #[arg(long, value_name = "PATH")]
    pub dump_screen: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Bio,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Plain,
    Jsonl,
    Bio,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every diagnostic as path:line:col: severity: message.
    Check {
        /// Files or folders (searched for *.txt); `-` is stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Apply the safe fixes in place (atomically) and print what changed.
        #[arg(long)]
        fix: bool,
        #[command(flatten)]
        common: Common,
    },
    /// Per-role counts, distinct and top texts, notes, chars covered.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[command(flatten)]
        common: Common,
    },
    /// Print the plain text (all markup and notes removed).
    Strip {
        file: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Export spans as doccano JSONL or BIO (one char a line).
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Build markup from plain text, JSONL or BIO.
    Import {
        #[arg(long, value_enum)]
        format: ImportFormat,
        input: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// Suggest tags for untagged text, learned from what a tagged corpus tags.
    Suggest(suggest::SuggestArgs),
}
