//! The settings in force for a command: its flags over the project file (`ptag.toml`, found by
//! `project::find` from the policy's folder) over the defaults. This is the one place that
//! decides it; every command that takes `--scheme`, `--encoding`, `--keymap` or `--model`, the
//! editor and `ptag review` come through `apply` / `apply_editor`, and `ptag config` shows what
//! it decided and why.

use crate::keymap::{CursorAfterTag, FlowOptions};
use crate::located::LocatedError;
use crate::project::{self, Project};
use crate::store::TextEncoding;
use std::path::PathBuf;

/// Where a value in force came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    /// The project file (its path is `Settings::project`).
    File,
    Default,
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line gave; `None` (or `false`) where a flag was not given.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub scheme: Option<PathBuf>,
    pub keymap: Option<PathBuf>,
    pub encoding: Option<TextEncoding>,
    pub model: Option<PathBuf>,
    pub backend: Option<String>,
    pub retrain_every: Option<usize>,
    pub narrow_quotes: bool,
}

/// Every setting in force, each with its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The project file found, if any.
    pub project: Option<PathBuf>,
    /// `None`: the built-in scheme.
    pub scheme: Setting<Option<PathBuf>>,
    /// `None`: the default keymap (and the user's keymap.json).
    pub keymap: Setting<Option<PathBuf>>,
    pub encoding: Setting<TextEncoding>,
    /// `None`: no model (the editor trains one on the session).
    pub model: Setting<Option<PathBuf>>,
    /// `None`: no backend.
    pub backend: Setting<Option<String>>,
    pub retrain_every: Setting<usize>,
    pub scrolloff: Setting<u16>,
    pub cursor_after_tag: Setting<CursorAfterTag>,
    pub narrow_quotes: Setting<bool>,
}

/// The folder a command works in: that of its first PATH (a folder is its own), else the
/// current one (no PATH, or stdin).
pub fn start_folder(paths: &[PathBuf]) -> PathBuf {
    match paths.iter().find(|p| p.as_os_str() != "-") {
        Some(p) if p.is_dir() => p.clone(),
        Some(p) => match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        },
        None => PathBuf::from("."),
    }
}

/// The settings for work on `paths` given `flags`: the project file above the first PATH is
/// found and read (an error in it stops the command, located).
pub fn settle(paths: &[PathBuf], flags: Flags) -> Result<Settings, LocatedError> {
    let found = project::find(&start_folder(paths), project::home().as_deref());
    let file = match &found {
        Some(path) => project::load(path)?,
        None => Project::default(),
    };
    Ok(merge(found, &file, flags))
}

fn pick<T>(flag: Option<T>, file: Option<T>, default: T) -> Setting<T> {
    match (flag, file) {
        (Some(value), _) => Setting {
            value,
            source: Source::Flag,
        },
        (None, Some(value)) => Setting {
            value,
            source: Source::File,
        },
        (None, None) => Setting {
            value: default,
            source: Source::Default,
        },
    }
}

/// Flags over `file` over the defaults.
fn merge(found: Option<PathBuf>, file: &Project, flags: Flags) -> Settings {
    let some = |p: Option<PathBuf>| p.map(Some);
    let flow = FlowOptions::default();
    let cursor = file.editor.cursor_after_tag.as_deref().map(|c| match c {
        "start" => CursorAfterTag::Start,
        _ => CursorAfterTag::Next,
    });
    Settings {
        project: found,
        scheme: pick(some(flags.scheme), some(file.scheme.clone()), None),
        keymap: pick(some(flags.keymap), some(file.keymap.clone()), None),
        encoding: pick(flags.encoding, file.encoding, TextEncoding::Utf8),
        model: pick(some(flags.model), some(file.model.clone()), None),
        backend: pick(
            flags.backend.map(Some),
            file.backend.clone().map(Some),
            None,
        ),
        retrain_every: pick(
            flags.retrain_every,
            file.editor.retrain_every,
            crate::app::RETRAIN_EVERY,
        ),
        scrolloff: pick(None, file.editor.scrolloff, flow.scrolloff),
        cursor_after_tag: pick(None, cursor, flow.cursor_after_tag),
        narrow_quotes: pick(
            flags.narrow_quotes.then_some(true),
            file.editor.narrow_quotes,
            false,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_wins_over_the_file_which_wins_over_the_default() {
        let file = Project {
            path: "/p/ptag.toml".into(),
            scheme: Some("/p/s.json".into()),
            encoding: Some(TextEncoding::Gb18030),
            editor: project::EditorSettings {
                scrolloff: Some(1),
                cursor_after_tag: Some("start".into()),
                ..Default::default()
            },
            ..Project::default()
        };
        let flags = Flags {
            scheme: Some("mine.json".into()),
            retrain_every: Some(3),
            ..Flags::default()
        };
        let s = merge(Some(file.path.clone()), &file, flags);
        assert_eq!(s.scheme.value, Some(PathBuf::from("mine.json")));
        assert_eq!(s.scheme.source, Source::Flag);
        assert_eq!(
            (s.encoding.value, s.encoding.source),
            (TextEncoding::Gb18030, Source::File)
        );
        assert_eq!(
            (s.retrain_every.value, s.retrain_every.source),
            (3, Source::Flag)
        );
        assert_eq!((s.scrolloff.value, s.scrolloff.source), (1, Source::File));
        assert_eq!(s.cursor_after_tag.value, CursorAfterTag::Start);
        assert_eq!((s.keymap.value, s.keymap.source), (None, Source::Default));
        assert_eq!(
            (s.narrow_quotes.value, s.narrow_quotes.source),
            (false, Source::Default)
        );
    }

    #[test]
    fn the_start_folder_is_the_first_paths() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        assert_eq!(start_folder(std::slice::from_ref(&d)), d);
        assert_eq!(start_folder(&["-".into(), d.join("x.txt")]), d);
        assert_eq!(start_folder(&["x.txt".into()]), PathBuf::from("."));
        assert_eq!(start_folder(&[]), PathBuf::from("."));
    }
}
