//! `ptag config [PATH]`: the settings in force for work on PATH, as `settings` decides them —
//! the project file found, each value and where it came from (flag, file or default).

use super::common::{Common, EncodingArg, Exit, OutputFormat};
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
    /// text (one `name = value (source)` line a setting) or json (one object).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
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
        Ok(settings) => match args.format {
            OutputFormat::Text => write(&settings, out).map(|()| Exit::Ok),
            OutputFormat::Json => write_json(&settings, out).map(|()| Exit::Ok),
        },
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(Exit::Failure)
        }
    }
}

/// Each setting in force: its name, its value as shown, where it came from.
fn rows(s: &Settings) -> Vec<(&'static str, String, &'static str)> {
    let from = |source: &Source| match source {
        Source::Flag => "flag",
        Source::File => "file",
        Source::Default => "default",
    };
    let path = |p: &Setting<Option<PathBuf>>, none: &str| {
        let shown = p
            .value
            .as_ref()
            .map_or_else(|| none.to_string(), |p| p.display().to_string());
        (shown, from(&p.source))
    };
    let mut rows = Vec::new();
    let mut push = |name, (value, source): (String, &'static str)| rows.push((name, value, source));
    push("scheme", path(&s.scheme, "built-in"));
    push("keymap", path(&s.keymap, "built-in"));
    let encoding = s.encoding.value.name().to_lowercase();
    push("encoding", (encoding, from(&s.encoding.source)));
    push("model", path(&s.model, "none"));
    let backend = s.backend.value.clone().unwrap_or_else(|| "none".into());
    push("backend", (backend, from(&s.backend.source)));
    let n = &s.retrain_every;
    push(
        "editor.retrain_every",
        (n.value.to_string(), from(&n.source)),
    );
    let n = &s.scrolloff;
    push("editor.scrolloff", (n.value.to_string(), from(&n.source)));
    let cursor = match s.cursor_after_tag.value {
        CursorAfterTag::Next => "next",
        CursorAfterTag::Start => "start",
    };
    let source = from(&s.cursor_after_tag.source);
    push("editor.cursor_after_tag", (cursor.to_string(), source));
    let q = &s.narrow_quotes;
    push(
        "editor.narrow_quotes",
        (q.value.to_string(), from(&q.source)),
    );
    rows
}

/// One line a setting: `name = value (source)`.
pub fn write(s: &Settings, out: &mut dyn Write) -> io::Result<()> {
    match &s.project {
        Some(p) => writeln!(out, "project file: {}", p.display())?,
        None => writeln!(out, "project file: none found")?,
    }
    for (name, value, source) in rows(s) {
        writeln!(out, "{name} = {value} ({source})")?;
    }
    Ok(())
}

/// One JSON object: `project_file` (or null) and each setting's `value` and `source`.
pub fn write_json(s: &Settings, out: &mut dyn Write) -> io::Result<()> {
    let settings: serde_json::Map<String, serde_json::Value> = rows(s)
        .into_iter()
        .map(|(name, value, source)| {
            let v = serde_json::json!({"value": value, "source": source});
            (name.to_string(), v)
        })
        .collect();
    let project = s.project.as_ref().map(|p| p.display().to_string());
    let doc = serde_json::json!({"project_file": project, "settings": settings});
    writeln!(out, "{doc}")
}
