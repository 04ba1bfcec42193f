//! `ptag init [DIR]`: a commented `ptag.toml` with the defaults, written atomically, never over
//! one that is there without `--force`.

use super::common::Exit;
use crate::keymap::FlowOptions;
use crate::project::FILE_NAMES;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct InitArgs {
    /// The folder to write ptag.toml into (default: the current folder).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace a ptag.toml that is there already.
    #[arg(long)]
    pub force: bool,
}

/// The file `ptag init` writes: every setting, its default and what it does.
pub fn template() -> String {
    let flow = FlowOptions::default();
    format!(
        r#"# ptag project file: settings for the policies in this folder and the folders below it
# (a nearer ptag.toml wins). Flags on the command line override them; `ptag config` shows the
# values in force and where each came from. Paths are relative to this file.

# A role scheme (JSON) instead of the built-in actor/action/data/purpose.
# scheme = "scheme.json"

# A keymap (JSON) over the default bindings.
# keymap = "keymap.json"

# The policies' encoding: "utf-8" or "gb18030" (also GBK/GB2312); files are saved back in it.
encoding = "utf-8"

# A model from `ptag train` to suggest with, instead of one trained on the session.
# model = "ptag.model"

# A Label Studio ML backend to take suggestions from (docs/backends.md); the model or the
# lexicon suggests until its answers come.
# backend = "http://localhost:9090"

[editor]
# Retrain the session's model after this many new tags (0: only when the session starts).
retrain_every = {retrain}
# Rows kept above and below the cursor when scrolling (over the keymap's `options`).
scrolloff = {scrolloff}
# Where the cursor goes after tagging: "next" (the first char after the tag) or "start".
cursor_after_tag = "next"
# Show “ ” ‘ ’ — … · as narrow ASCII look-alikes, for terminals that draw them two columns wide.
narrow_quotes = false
"#,
        retrain = crate::app::RETRAIN_EVERY,
        scrolloff = flow.scrolloff,
    )
}

/// Writes DIR/ptag.toml. Exit 2 when DIR is not a folder, the file is there (without
/// `--force`) or it cannot be written.
pub fn run(args: &InitArgs, err: &mut dyn Write) -> io::Result<Exit> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        writeln!(err, "ptag init: error: {}: not a folder", dir.display())?;
        return Ok(Exit::Failure);
    }
    let path = dir.join(FILE_NAMES[0]);
    if path.symlink_metadata().is_ok() && !args.force {
        writeln!(
            err,
            "ptag init: error: {} is there already (--force replaces it)",
            path.display()
        )?;
        return Ok(Exit::Failure);
    }
    if let Err(e) = crate::store::write_atomic(&path, template().as_bytes()) {
        let why = super::paths::io_message(&e);
        writeln!(
            err,
            "ptag init: error: cannot write {}: {why}",
            path.display()
        )?;
        return Ok(Exit::Failure);
    }
    writeln!(err, "ptag init: wrote {}", path.display())?;
    let hidden = dir.join(FILE_NAMES[1]);
    if hidden.symlink_metadata().is_ok() {
        writeln!(
            err,
            "ptag init: note: {} is there too; {} wins over it",
            hidden.display(),
            FILE_NAMES[0]
        )?;
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::settings::{Flags, settle};

    #[test]
    fn the_template_parses_back_to_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let bare = settle(&[dir.path().to_path_buf()], Flags::default()).unwrap();
        assert_eq!(bare.project, None);
        let args = InitArgs {
            dir: Some(dir.path().to_path_buf()),
            force: false,
        };
        let mut err = Vec::new();
        assert_eq!(run(&args, &mut err).unwrap(), Exit::Ok);
        let written = settle(&[dir.path().to_path_buf()], Flags::default()).unwrap();
        assert_eq!(written.project, Some(dir.path().join("ptag.toml")));
        for (a, b) in [
            (&written.scheme.value, &bare.scheme.value),
            (&written.keymap.value, &bare.keymap.value),
            (&written.model.value, &bare.model.value),
        ] {
            assert_eq!(a, b);
        }
        assert_eq!(written.encoding.value, bare.encoding.value);
        assert_eq!(written.retrain_every.value, bare.retrain_every.value);
        assert_eq!(written.scrolloff.value, bare.scrolloff.value);
        assert_eq!(written.cursor_after_tag.value, bare.cursor_after_tag.value);
        assert_eq!(written.narrow_quotes.value, bare.narrow_quotes.value);
        // Every setting is in the file (not left to the default).
        let project = crate::project::load(&dir.path().join("ptag.toml")).unwrap();
        assert!(project.encoding.is_some());
        let e = &project.editor;
        assert!(e.retrain_every.is_some() && e.scrolloff.is_some());
        assert!(e.cursor_after_tag.is_some() && e.narrow_quotes.is_some());
    }

    #[test]
    fn it_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ptag.toml");
        std::fs::write(&path, "encoding = \"gb18030\"\n").unwrap();
        let mut args = InitArgs {
            dir: Some(dir.path().to_path_buf()),
            force: false,
        };
        let mut err = Vec::new();
        assert_eq!(run(&args, &mut err).unwrap(), Exit::Failure);
        assert!(String::from_utf8_lossy(&err).contains("is there already"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "encoding = \"gb18030\"\n"
        );
        args.force = true;
        assert_eq!(run(&args, &mut err).unwrap(), Exit::Ok);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), template());
    }
}
