//! The project file, `ptag.toml` (or `.ptag.toml`): the settings a team shares for a corpus,
//! so that no annotator has to pass `--scheme`, `--keymap`, `--encoding` or `--model` to every
//! command.
//!
//! It is looked up from the policy's folder upwards; the first found wins, and the search
//! stops at a git root (a folder holding `.git`) or the home folder, so a file in some
//! unrelated parent never takes effect. The file is untrusted input like any other: read
//! through the guarded reader of `store` (regular files only, under a ceiling of its own),
//! unknown keys and bad values refused with `file:line:col`. Paths in it are relative to its
//! folder. Which value wins over which (flags over this file over the defaults) is decided in
//! one place above this layer, `cli::settings`. Spec: `docs/configuration.md`.

use crate::located::{self, LocatedError};
use crate::store::{self, LoadError, TextEncoding};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The names looked for in each folder, in this order.
pub const FILE_NAMES: [&str; 2] = ["ptag.toml", ".ptag.toml"];

/// No project file is near this size; a bigger one is a mistake (or an attack), not settings.
pub const MAX_PROJECT_FILE_BYTES: u64 = store::CONFIG_MAX_BYTES;

/// The values `cursor_after_tag` takes (the keymap's `options` take the same).
pub const CURSOR_AFTER_TAG: [&str; 2] = ["next", "start"];

/// A project file, read and checked; paths are resolved against its folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Project {
    /// The file itself, as found.
    pub path: PathBuf,
    pub scheme: Option<PathBuf>,
    pub keymap: Option<PathBuf>,
    pub encoding: Option<TextEncoding>,
    pub model: Option<PathBuf>,
    /// A Label Studio ML backend's URL (`http://` or `https://`), as `--backend` takes it.
    pub backend: Option<String>,
    pub editor: EditorSettings,
}

/// The `[editor]` table: how the editor flows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorSettings {
    pub retrain_every: Option<usize>,
    pub scrolloff: Option<u16>,
    /// One of `CURSOR_AFTER_TAG`.
    pub cursor_after_tag: Option<String>,
    pub narrow_quotes: Option<bool>,
}

/// The file as written; `Spanned` keeps where each value is, to locate what is wrong with it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    scheme: Option<Spanned<String>>,
    keymap: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    model: Option<Spanned<String>>,
    backend: Option<Spanned<String>>,
    #[serde(default)]
    editor: WrittenEditor,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WrittenEditor {
    retrain_every: Option<usize>,
    scrolloff: Option<u16>,
    cursor_after_tag: Option<Spanned<String>>,
    narrow_quotes: Option<bool>,
}

/// The home folder, where the search stops.
pub fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// The project file for work in `start` (a folder): the first of `FILE_NAMES` found in it or
/// a folder above it, up to and including a git root or `home`.
pub fn find(start: &Path, home: Option<&Path>) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    for folder in start.ancestors() {
        // Anything by that name counts as found, a folder or FIFO too: the reader then says
        // why it cannot be used, rather than a file further up silently taking its place.
        let found = FILE_NAMES
            .iter()
            .map(|name| folder.join(name))
            .find(|p| p.symlink_metadata().is_ok());
        if found.is_some() {
            return found;
        }
        if folder.join(".git").symlink_metadata().is_ok() || Some(folder) == home {
            return None;
        }
    }
    None
}

/// Reads and checks the project file at `path`.
pub fn load(path: &Path) -> Result<Project, LocatedError> {
    let shown = path.display().to_string();
    let failed = |message: String| LocatedError {
        path: shown.clone(),
        line: 1,
        column: 1,
        message,
    };
    let bytes = store::read_file(path, store::FileKind::Project).map_err(|e| match e {
        LoadError::Io { error, .. } => failed(format!("cannot read the project file: {error}")),
        LoadError::NotRegular { .. } => failed("the project file is not a regular file".into()),
        LoadError::OverLimit { .. } => failed(format!(
            "too large for a project file (at most {MAX_PROJECT_FILE_BYTES} bytes)"
        )),
        other => failed(other.to_string()),
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.into_bytes()[..good]).into_owned();
            let message = format!("not UTF-8: invalid byte at offset {good}");
            return Err(located::at_byte(&shown, &text, good, message));
        }
    };
    parse(&text, path)
}

/// Checks the text of a project file found at `path` (paths in it are relative to its folder).
pub fn parse(text: &str, path: &Path) -> Result<Project, LocatedError> {
    let shown = path.display().to_string();
    let at = |byte: usize, message: String| located::at_byte(&shown, text, byte, message);
    let written: Written = toml::from_str(text).map_err(|e| {
        let byte = e.span().map_or(0, |s| s.start);
        at(byte, e.message().trim().to_string())
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let resolve = |value: Option<Spanned<String>>, what: &str| match value {
        None => Ok(None),
        Some(v) if v.get_ref().is_empty() => Err(at(
            v.span().start,
            format!("{what} is an empty path (leave the key out for the default)"),
        )),
        Some(v) => Ok(Some(folder.join(v.into_inner()))),
    };
    let encoding = match written.encoding {
        None => None,
        Some(v) => Some(TextEncoding::parse(v.get_ref()).ok_or_else(|| {
            at(
                v.span().start,
                format!("unknown encoding {:?} (utf-8 or gb18030)", v.get_ref()),
            )
        })?),
    };
    let backend = match written.backend {
        None => None,
        Some(v) if v.get_ref().starts_with("http://") || v.get_ref().starts_with("https://") => {
            Some(v.into_inner())
        }
        Some(v) => {
            return Err(at(
                v.span().start,
                format!(
                    "backend is a URL starting with http:// or https://, not {:?}",
                    v.get_ref()
                ),
            ));
        }
    };
    let cursor_after_tag = match written.editor.cursor_after_tag {
        None => None,
        Some(v) if CURSOR_AFTER_TAG.contains(&v.get_ref().as_str()) => Some(v.into_inner()),
        Some(v) => {
            return Err(at(
                v.span().start,
                format!(
                    "cursor_after_tag is \"next\" or \"start\", not {:?}",
                    v.get_ref()
                ),
            ));
        }
    };
    Ok(Project {
        path: path.to_path_buf(),
        scheme: resolve(written.scheme, "scheme")?,
        keymap: resolve(written.keymap, "keymap")?,
        encoding,
        model: resolve(written.model, "model")?,
        backend,
        editor: EditorSettings {
            retrain_every: written.editor.retrain_every,
            scrolloff: written.editor.scrolloff,
            cursor_after_tag,
            narrow_quotes: written.editor.narrow_quotes,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Project, LocatedError> {
        parse(text, Path::new("/p/ptag.toml"))
    }

    #[test]
    fn paths_are_relative_to_the_file_and_values_are_read() {
        let p = parsed(
            "scheme = \"roles.json\"\nkeymap = \"/k.json\"\nencoding = \"GBK\"\n\
             model = \"m/ptag.model\"\n[editor]\nretrain_every = 5\nscrolloff = 0\n\
             cursor_after_tag = \"start\"\nnarrow_quotes = true\n",
        )
        .unwrap();
        assert_eq!(p.scheme, Some(PathBuf::from("/p/roles.json")));
        assert_eq!(p.keymap, Some(PathBuf::from("/k.json")));
        assert_eq!(p.encoding, Some(TextEncoding::Gb18030));
        assert_eq!(p.model, Some(PathBuf::from("/p/m/ptag.model")));
        let e = &p.editor;
        assert_eq!((e.retrain_every, e.scrolloff), (Some(5), Some(0)));
        assert_eq!(e.cursor_after_tag.as_deref(), Some("start"));
        assert_eq!(e.narrow_quotes, Some(true));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_located() {
        let e = parsed("scheme = \"s.json\"\nshceme = \"x\"\n").unwrap_err();
        assert_eq!((e.path.as_str(), e.line, e.column), ("/p/ptag.toml", 2, 1));
        assert!(e.message.contains("unknown field `shceme`"), "{e}");
        let e = parsed("[editor]\nscroloff = 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        let e = parsed("encoding = \"latin1\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 12), "{e}");
        assert!(e.message.contains("unknown encoding \"latin1\""), "{e}");
        let e = parsed("\n[editor]\nretrain_every = -1\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 17), "{e}");
        let e = parsed("[editor]\ncursor_after_tag = \"end\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 20), "{e}");
        let e = parsed("model = \"\"\n").unwrap_err();
        assert!(e.message.contains("empty path"), "{e}");
        let e = parsed("scheme = \n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn the_nearest_file_wins_and_the_search_stops_at_a_git_root() {
        let root = tempfile::tempdir().unwrap();
        let deep = root.path().join("repo/a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir(root.path().join("repo/.git")).unwrap();
        // Above the git root: never seen.
        std::fs::write(root.path().join("ptag.toml"), "").unwrap();
        assert_eq!(find(&deep, None), None);
        std::fs::write(root.path().join("repo/.ptag.toml"), "").unwrap();
        assert_eq!(find(&deep, None), Some(root.path().join("repo/.ptag.toml")));
        std::fs::write(root.path().join("repo/a/.ptag.toml"), "").unwrap();
        std::fs::write(root.path().join("repo/a/ptag.toml"), "").unwrap();
        assert_eq!(
            find(&deep, None),
            Some(root.path().join("repo/a/ptag.toml"))
        );
    }

    #[test]
    fn the_search_stops_at_home() {
        let root = tempfile::tempdir().unwrap();
        let home = root.path().join("home");
        std::fs::create_dir_all(home.join("work")).unwrap();
        std::fs::write(root.path().join("ptag.toml"), "").unwrap();
        assert_eq!(find(&home.join("work"), Some(&home)), None);
        assert_eq!(
            find(&home.join("work"), None),
            Some(root.path().join("ptag.toml"))
        );
    }

    #[test]
    fn the_guarded_reader_refuses_folders_and_big_files() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("ptag.toml");
        std::fs::create_dir(&folder).unwrap();
        let e = load(&folder).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e}");
        let big = root.path().join(".ptag.toml");
        let line = "# a comment\n".repeat(MAX_PROJECT_FILE_BYTES as usize / 12 + 1);
        std::fs::write(&big, line).unwrap();
        let e = load(&big).unwrap_err();
        assert!(e.message.contains("too large"), "{e}");
        std::fs::write(&big, b"scheme = \"\xff\"\n").unwrap();
        let e = load(&big).unwrap_err();
        assert_eq!((e.line, e.column), (1, 11), "{e}");
    }

    #[test]
    fn a_backend_is_a_url_and_anything_else_is_located() {
        let p = parsed("backend = \"http://localhost:9090\"\n").unwrap();
        assert_eq!(p.backend.as_deref(), Some("http://localhost:9090"));
        let e = parsed("\nbackend = \"localhost:9090\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 11), "{e}");
        assert!(e.message.contains("http://"), "{e}");
    }
}
