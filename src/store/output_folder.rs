//! Files written inside an output folder the user named, at relative paths that come from
//! input (a record's `file`, an exported file's place in its folder). Input decides the name,
//! so the name is untrusted: only plain relative names with an expected extension, and nothing
//! is written through a symbolic link below the folder (a link there could point anywhere:
//! `out/cfg -> ~/.ssh`). The folder itself may be a link: the user named it.

use super::atomic::AtomicFile;
use std::fmt;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Why a name cannot be written inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputPathError {
    /// Empty, absolute, or holding `.`, `..` or a root.
    NotRelative { name: String },
    /// Not one of the extensions this output takes.
    WrongExtension {
        name: String,
        extensions: Vec<&'static str>,
    },
    /// A part of the path below the output folder is a symbolic link.
    Symlink { path: PathBuf },
    /// A part of the path that should be a folder is something else.
    NotAFolder { path: PathBuf },
}

impl fmt::Display for OutputPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputPathError::NotRelative { name } => {
                write!(
                    f,
                    "{name:?} is not a relative path inside the output folder"
                )
            }
            OutputPathError::WrongExtension { name, extensions } => write!(
                f,
                "{name:?} does not end in .{}: only those files are written",
                extensions.join(" or .")
            ),
            OutputPathError::Symlink { path } => write!(
                f,
                "{}: is a symbolic link: ptag does not write through links inside the output folder",
                path.display()
            ),
            OutputPathError::NotAFolder { path } => {
                write!(f, "{}: is not a folder", path.display())
            }
        }
    }
}

impl std::error::Error for OutputPathError {}

/// The folder a command writes several files into.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    root: PathBuf,
}

impl OutputFolder {
    pub fn new(root: &Path) -> OutputFolder {
        OutputFolder {
            root: root.to_path_buf(),
        }
    }

    /// Where `name` (a relative path, `/`-separated) is written, when that is safe now: plain
    /// names only, the last ending in one of `extensions`, and no part of it below the folder
    /// a symbolic link (or, but the last, anything but a folder).
    pub fn target(
        &self,
        name: &str,
        extensions: &[&'static str],
    ) -> Result<PathBuf, OutputPathError> {
        let rel = Path::new(name);
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if name.is_empty() || !plain {
            return Err(OutputPathError::NotRelative {
                name: name.to_string(),
            });
        }
        let extension = rel.extension().and_then(|e| e.to_str());
        if !extensions.iter().any(|e| extension == Some(e)) {
            return Err(OutputPathError::WrongExtension {
                name: name.to_string(),
                extensions: extensions.to_vec(),
            });
        }
        let target = self.root.join(rel);
        self.check_parts(&target)?;
        Ok(target)
    }

    /// Each part of `target` below the root: absent (from there on nothing exists), or a real
    /// folder, or (the last) anything that is not a link.
    fn check_parts(&self, target: &Path) -> Result<(), OutputPathError> {
        let rel = target.strip_prefix(&self.root).unwrap_or(target);
        let parts: Vec<Component> = rel.components().collect();
        let mut path = self.root.clone();
        for (k, part) in parts.iter().enumerate() {
            path.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                return Ok(());
            };
            if meta.file_type().is_symlink() {
                return Err(OutputPathError::Symlink { path });
            }
            if k + 1 < parts.len() && !meta.is_dir() {
                return Err(OutputPathError::NotAFolder { path });
            }
        }
        Ok(())
    }

    /// Writes `contents` at `target` (a path from `target`): checks its parts again, makes the
    /// missing folders one at a time (a link appearing meanwhile is refused, not followed),
    /// then replaces the file atomically. The rename replaces the directory entry itself: a
    /// link put there after the check is replaced, its target never written.
    pub fn write(&self, target: &Path, contents: &[u8]) -> io::Result<()> {
        let unsafe_path =
            |e: OutputPathError| io::Error::new(io::ErrorKind::InvalidInput, e.to_string());
        self.check_parts(target).map_err(unsafe_path)?;
        // The folder the user named is made if missing; below it, one folder at a time.
        std::fs::create_dir_all(&self.root)?;
        let rel = target.strip_prefix(&self.root).unwrap_or(target);
        let mut dir = self.root.clone();
        if let Some(parent) = rel.parent() {
            for part in parent.components() {
                dir.push(part);
                match std::fs::create_dir(&dir) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => return Err(e),
                    _ => self.check_parts(&dir).map_err(unsafe_path)?,
                }
            }
        }
        let mut file = AtomicFile::create_replacing_link(target)?;
        file.write_all(contents)?;
        file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn only_plain_relative_names_with_the_extension_are_targets() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputFolder::new(dir.path());
        assert_eq!(
            out.target("a/b.txt", &["txt"]),
            Ok(dir.path().join("a/b.txt"))
        );
        for bad in ["", "/etc/x.txt", "../x.txt", "a/../../x.txt", "./x.txt"] {
            assert!(
                matches!(
                    out.target(bad, &["txt"]),
                    Err(OutputPathError::NotRelative { .. })
                ),
                "{bad}"
            );
        }
        for bad in ["authorized_keys", "cfg/x.sh", "x.txt.bak", "x.ann"] {
            assert!(
                matches!(
                    out.target(bad, &["txt"]),
                    Err(OutputPathError::WrongExtension { .. })
                ),
                "{bad}"
            );
        }
        assert!(out.target("x.ann", &["txt", "ann"]).is_ok());
    }

    #[test]
    fn links_and_files_in_the_way_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        symlink(&elsewhere, root.join("cfg")).unwrap();
        symlink(elsewhere.join("t.txt"), root.join("real/dangling.txt")).unwrap();
        std::fs::write(root.join("file"), "").unwrap();
        let out = OutputFolder::new(&root);
        assert_eq!(
            out.target("cfg/a.txt", &["txt"]),
            Err(OutputPathError::Symlink {
                path: root.join("cfg")
            })
        );
        assert_eq!(
            out.target("real/dangling.txt", &["txt"]),
            Err(OutputPathError::Symlink {
                path: root.join("real/dangling.txt")
            })
        );
        assert_eq!(
            out.target("file/a.txt", &["txt"]),
            Err(OutputPathError::NotAFolder {
                path: root.join("file")
            })
        );
        // The folder named by the user may itself be a link.
        let linked_root = dir.path().join("link-to-out");
        symlink(&root, &linked_root).unwrap();
        let through = OutputFolder::new(&linked_root);
        let target = through.target("real/new/a.txt", &["txt"]).unwrap();
        through.write(&target, b"x").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("real/new/a.txt")).unwrap(),
            "x"
        );
        assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
    }

    #[test]
    fn a_link_put_in_place_after_the_check_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        std::fs::create_dir_all(&root).unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "precious").unwrap();
        let out = OutputFolder::new(&root);
        let target = out.target("ok.txt", &["txt"]).unwrap();
        // A link made between the check and the write: the rename replaces the link itself.
        symlink(&victim, &target).unwrap();
        let mut file = AtomicFile::create_replacing_link(&target).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let meta = std::fs::symlink_metadata(&target).unwrap();
        assert!(meta.is_file(), "the link itself was replaced by the file");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // write() checks again first, and refuses the link.
        std::fs::remove_file(&target).unwrap();
        symlink(&victim, &target).unwrap();
        let e = out.write(&target, b"x").unwrap_err();
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }

    #[test]
    fn a_subfolder_swapped_for_a_link_before_the_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        let out = OutputFolder::new(&root);
        let target = out.target("sub/a.txt", &["txt"]).unwrap();
        std::fs::remove_dir(root.join("sub")).unwrap();
        symlink(&elsewhere, root.join("sub")).unwrap();
        assert!(out.write(&target, b"x").is_err());
        assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
    }
}
