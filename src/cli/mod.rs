//! The command line: the top-level arguments and the non-interactive commands.
//!
//! Layers, each naming only those below it: this file (the argument tree) and `commands`
//! (dispatch) → one file per command, owning its arguments → `common` (exit codes, shared
//! options, loading inputs) → `paths` (PATH arguments).
//!
//! `settings` decides, in one place, what is in force: flags over the project file (`project`) over
//! the defaults; `in_force` fills each command's options with it. A new subcommand:
//! `cli/NAME.rs` with its clap `Args` and a `run`, one variant in `Command`, one arm in
//! `commands.rs`; the work itself belongs in a library module below.

use clap::{Args, CommandFactory, Parser, Subcommand};
use std::path::PathBuf;

pub mod agree;
pub mod argv;
pub mod check;
pub mod commands;
pub mod common;
pub mod config;
pub mod console;
pub mod diff;
pub mod docs;
pub mod exchange;
pub mod export;
pub mod export_brat;
pub mod export_predictions;
pub mod export_warnings;
pub mod import;
pub mod in_force;
pub mod init;
pub mod merge;
pub mod mistyped;
pub mod output;
pub mod paths;
pub mod progress;
pub mod review;
pub mod settings;
pub mod snippet;
pub mod stats;
pub mod streamed;
pub mod strip;
pub mod suggest;
pub mod suggest_backend;
pub mod suggest_eval;
pub mod suggest_model;
pub mod suggest_printer;
pub mod train;

pub use common::{Common, OutputFormat};

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod stats_tests;
#[cfg(test)]
mod streamed_tests;
#[cfg(test)]
mod suggest_model_tests;

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

#[derive(Debug, Args, Clone, Default)]
pub struct EditorArgs {
    /// Policy files to open (markup). None: the bundled sample.
    pub files: Vec<PathBuf>,
    /// Treat the files as plain text: reserved ASCII characters become full-width on load.
    #[arg(long)]
    pub plain: bool,
    /// The files' encoding: utf-8 (default) or gb18030 (also GBK/GB2312); saved back the same way.
    /// An unknown name stops ptag before anything opens.
    #[arg(long, value_name = "NAME", value_parser = common::parse_encoding)]
    pub encoding: Option<crate::store::TextEncoding>,
    /// Show “ ” ‘ ’ — … · as narrow ASCII look-alikes on screen, for terminals that draw them
    /// two columns wide (the file is unchanged).
    #[arg(long)]
    pub narrow_quotes: bool,
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
    /// With --keys: write the last frame as text to PATH (`-` is stdout).
    #[arg(long, value_name = "PATH")]
    pub dump_screen: Option<PathBuf>,
    /// With --dump-screen: replace PATH when it exists already.
    #[arg(long)]
    pub force: bool,
    /// Suggest with this model (from `ptag train`) instead of training one on the session.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// A session retrains its model after this many new tags (0: only at start). Scripted
    /// runs (--keys) never train. Default: the project file's `retrain_every`, else 20.
    #[arg(long, value_name = "N")]
    pub retrain_every: Option<usize>,
    /// The project file's `scrolloff`, over the keymaps' (set by `settings::apply_editor`).
    #[arg(skip)]
    pub scrolloff: Option<u16>,
    /// The project file's `cursor_after_tag`, over the keymaps'.
    #[arg(skip)]
    pub cursor_after_tag: Option<crate::keymap::CursorAfterTag>,
    #[command(flatten)]
    pub backend: suggest_backend::BackendArgs,
    /// With --backend: the names the backend gives roles (`actor=HANDLER,…` or a JSON file).
    #[command(flatten)]
    pub labels: exchange::LabelsArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every diagnostic as path:line:col: severity: message.
    ///
    /// Exit 0 when there is no error (warnings and infos alone pass, as in clippy or ruff), 1 on
    /// an error, or on a warning too with --deny-warnings; 2 on bad usage or an unreadable file.
    Check(check::CheckArgs),
    /// Per-role counts, distinct and top texts, notes, chars covered.
    Stats(stats::StatsArgs),
    /// Print the plain text (all markup and notes removed).
    Strip(strip::StripArgs),
    /// Export tags as doccano JSONL, BIO/CoNLL, spaCy JSONL, Label Studio tasks or brat standoff.
    Export(export::ExportArgs),
    /// Build markup from plain text, JSONL, BIO, spaCy JSONL, Label Studio tasks or brat.
    Import(import::ImportArgs),
    /// Suggest tags for untagged text, learned from what a tagged corpus tags.
    Suggest(suggest::SuggestArgs),
    /// Train a suggestion model on tagged files (for `suggest --model` and the editor).
    Train(train::TrainArgs),
    /// Agreement of annotator B with annotator A on the same text(s): per role and overall
    /// tags, exact matches, P/R/F1, partial-overlap F1, Cohen's kappa over chars, and the
    /// tags that do not match.
    ///
    /// Exit 0; 2 when a pair's plain texts differ (the first differing char is located in both)
    /// or a file cannot be read.
    Agree(agree::AgreeArgs),
    /// Adjudicate A and B in the editor: every disagreement marked with both versions, one key
    /// each to take A, B, both or neither; writes OUT (default A). Exit 2 if the texts differ.
    Review(review::ReviewArgs),
    /// Every disagreement between two annotations of the same text, as path:line:col lines.
    ///
    /// Exit 0 when the annotations are the same, 1 when they differ, 2 when the texts differ.
    Diff(diff::DiffArgs),
    /// Three-way merge of annotations: BASE OURS THEIRS, written to OURS (or -o OUT).
    ///
    /// A change made on one side is taken, the same change on both once; changes that
    /// conflict stay in the file as conflict notes that `ptag check` reports and the editor
    /// resolves. Works as a git merge driver: `ptag merge %O %A %B`. Exit 0 merged, 1 conflicts
    /// left, 2 not merged (the policy texts differ; nothing written).
    Merge(merge::MergeArgs),
    /// Show the settings in force for PATH (default: here): the project file found, each
    /// value and where it came from (flag, file or default).
    Config(config::ConfigArgs),
    /// Write a commented ptag.toml with the defaults into DIR (default: here).
    Init(init::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(docs::CompletionsArgs),
    /// Print a man page (roff): `ptag man > ptag.1`, `ptag man check`, or every page with
    /// `ptag man --all -o DIR`.
    Man(docs::ManArgs),
}

impl Cli {
    /// With no subcommand: the message for a first FILE that names nothing and is a mistyped
    /// subcommand (`ptag chek x.txt`), rather than opening the editor on a new file `chek`.
    pub fn mistyped_subcommand(&self) -> Option<String> {
        if self.command.is_some() {
            return None;
        }
        Cli::meant(self.editor.files.first()?)
    }

    /// When the command line does not parse: the message for a first argument that is a
    /// mistyped subcommand, whatever flags follow it (`ptag exprot --format bio x`).
    pub fn mistyped_before_flags(first: Option<std::ffi::OsString>) -> Option<String> {
        let first = PathBuf::from(first?);
        let cli = Cli::command();
        // An option, or a subcommand spelled right (its own flags are what clap refused).
        if first.as_os_str().to_string_lossy().starts_with('-')
            || cli
                .get_subcommands()
                .any(|c| first.as_os_str() == c.get_name())
        {
            return None;
        }
        Cli::meant(&first)
    }

    /// The process's arguments, with global options given before the subcommand moved after it.
    pub fn args() -> Vec<std::ffi::OsString> {
        let cli = Cli::command();
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        argv::global_options_after_subcommand(std::env::args_os().collect(), &names)
    }

    fn meant(first: &std::path::Path) -> Option<String> {
        let cli = Cli::command();
        let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
        mistyped::meant_command(first, &names).map(|name| mistyped::message(first, name))
    }
}
