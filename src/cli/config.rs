//! `ptag config [PATH]`: the settings in force for work on PATH, as `settings` decides them —
//! the project file found, each value and where it came from (flag, file or default).

use super::common::{Common, EncodingArg, Exit};
use super::settings::{Flags, Setting, Settings, Source, settle};
use crate::keymap::CursorAfterTag;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct ConfigArgs {
    /// A policy file or folder whose settings to show (default: the current folder).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// A keymap (JSON), as the editor would be given it.
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// A model, as the editor would be given it.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Prints the settings in force; exit 2 when the project file cannot be used (located).
pub fn run(args: &ConfigArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let flags = Flags {
        scheme: args.common.scheme.clone(),
        keymap: args.keymap.clone(),
        encoding: args.read.given,
        model: args.model.clone(),
        ..Flags::default()
    };
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    match settle(&paths, flags) {
        Ok(settings) => write(&settings, out).map(|()| Exit::Ok),
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(Exit::Failure)
        }
    }
}

/// One line a setting: `name = value (source)`.
pub fn write(s: &Settings, out: &mut dyn Write) -> io::Result<()> {
    match &s.project {
        Some(p) => writeln!(out, "project file: {}", p.display())?,
        None => writeln!(out, "project file: none found")?,
    }
    let path = |p: &Option<PathBuf>, none: &str| {
        p.as_ref()
            .map_or_else(|| none.to_string(), |p| p.display().to_string())
    };
    let line = |out: &mut dyn Write, name: &str, value: String, source: &Source| {
        let from = match source {
            Source::Flag => "flag",
            Source::File => "file",
            Source::Default => "default",
        };
        writeln!(out, "{name} = {value} ({from})")
    };
    let shown = |s: &Setting<Option<PathBuf>>, none: &str| path(&s.value, none);
    line(
        out,
        "scheme",
        shown(&s.scheme, "built-in"),
        &s.scheme.source,
    )?;
    line(
        out,
        "keymap",
        shown(&s.keymap, "built-in"),
        &s.keymap.source,
    )?;
    let encoding = s.encoding.value.name().to_lowercase();
    line(out, "encoding", encoding, &s.encoding.source)?;
    line(out, "model", shown(&s.model, "none"), &s.model.source)?;
    let backend = s.backend.value.clone().unwrap_or_else(|| "none".into());
    line(out, "backend", backend, &s.backend.source)?;
    let n = &s.retrain_every;
    line(out, "editor.retrain_every", n.value.to_string(), &n.source)?;
    let n = &s.scrolloff;
    line(out, "editor.scrolloff", n.value.to_string(), &n.source)?;
    let cursor = match s.cursor_after_tag.value {
        CursorAfterTag::Next => "next",
        CursorAfterTag::Start => "start",
    };
    line(
        out,
        "editor.cursor_after_tag",
        cursor.to_string(),
        &s.cursor_after_tag.source,
    )?;
    let q = &s.narrow_quotes;
    line(out, "editor.narrow_quotes", q.value.to_string(), &q.source)
}
