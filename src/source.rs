//! Finding the policy files of a folder: every `*.txt` at any depth, found the same way by the
//! commands and by the editor's session.
//!
//! One policy: symbolic links are followed (a link to a folder is part of the corpus), a link
//! back to a folder above is a loop and is not entered, a file reachable along two paths is
//! listed once, hidden entries (`.ptag`, `.git`, editors' `.name.txt` backups) are skipped,
//! the list is sorted, and what cannot be read (a FIFO or device named `*.txt` too) is
//! reported.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// What a folder holds.
#[derive(Debug, Default)]
pub struct Listing {
    /// The `*.txt` files, sorted by path, each file once.
    pub files: Vec<PathBuf>,
    /// The entries that could not be read.
    pub errors: Vec<SourceError>,
}

/// An entry of the folder that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", path.display())]
pub struct SourceError {
    pub path: PathBuf,
    /// Whether the entry is a folder (its files are missing from the listing).
    pub is_folder: bool,
    #[source]
    pub error: io::Error,
}

/// Lists the `*.txt` files under `folder`. `folder` itself is walked even if its name is hidden.
pub fn policy_files(folder: &Path) -> Listing {
    let mut listing = Listing::default();
    let walk = WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_policy(e.path()) => {
                listing.files.push(e.into_path());
            }
            // A FIFO or device named `*.txt` would block or never end when read: reported,
            // not listed.
            Ok(e) if !e.file_type().is_dir() && is_policy(e.path()) => {
                listing.errors.push(SourceError {
                    path: e.into_path(),
                    is_folder: false,
                    error: io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
                });
            }
            Ok(_) => {}
            // A link to a folder above: everything below it is listed through the real path.
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => {
                let path = e.path().unwrap_or(folder).to_path_buf();
                // A dangling link is only a loss if it would have been listed.
                let dangling = path.symlink_metadata().is_ok() && path.metadata().is_err();
                if dangling && !is_policy(&path) {
                    continue;
                }
                let is_folder = path.is_dir() || e.depth() == 0;
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| io::Error::other("cannot walk the folder"));
                listing.errors.push(SourceError {
                    path,
                    is_folder,
                    error,
                });
            }
        }
    }
    listing.files.sort();
    // Sorted first, so of two paths to one file the first in order is kept.
    let mut seen = HashSet::new();
    listing
        .files
        .retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    listing
}

/// Two folders' policy files matched by their path relative to each folder.
#[derive(Debug, Default)]
pub struct Paired {
    /// `(file in a, file in b)` sorted by relative path.
    pub pairs: Vec<(PathBuf, PathBuf)>,
    /// Files with no counterpart in the other folder.
    pub only_a: Vec<PathBuf>,
    pub only_b: Vec<PathBuf>,
    pub errors: Vec<SourceError>,
}

/// Pairs the `*.txt` files of folders `a` and `b` by relative path (`x/1.txt` with `x/1.txt`).
pub fn pair_folders(a: &Path, b: &Path) -> Paired {
    let la = policy_files(a);
    let lb = policy_files(b);
    let rel = |root: &Path, p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut in_b: std::collections::BTreeMap<PathBuf, PathBuf> =
        lb.files.into_iter().map(|p| (rel(b, &p), p)).collect();
    let mut paired = Paired {
        errors: la.errors.into_iter().chain(lb.errors).collect(),
        ..Paired::default()
    };
    for p in la.files {
        match in_b.remove(&rel(a, &p)) {
            Some(q) => paired.pairs.push((p, q)),
            None => paired.only_a.push(p),
        }
    }
    paired.only_b = in_b.into_values().collect();
    paired
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn is_policy(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(listing: &Listing, root: &Path) -> Vec<String> {
        listing
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn folders_pair_by_relative_path() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for (d, f) in [
            (&a, "x/1.txt"),
            (&a, "2.txt"),
            (&b, "x/1.txt"),
            (&b, "3.txt"),
        ] {
            let p = d.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let paired = pair_folders(a.path(), b.path());
        assert_eq!(
            paired.pairs,
            vec![(a.path().join("x/1.txt"), b.path().join("x/1.txt"))]
        );
        assert_eq!(paired.only_a, vec![a.path().join("2.txt")]);
        assert_eq!(paired.only_b, vec![b.path().join("3.txt")]);
    }

    #[test]
    fn sorted_txt_at_any_depth_without_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "z.txt",
            "b/c/m.txt",
            "b/x.md",
            "a.txt",
            ".ptag/status.txt",
            ".git/x.txt",
            "b/.backup.txt",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let listing = policy_files(d);
        assert!(listing.errors.is_empty(), "{:?}", listing.errors);
        assert_eq!(names(&listing, d), ["a.txt", "b/c/m.txt", "z.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_loops_skipped_and_each_file_listed_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::create_dir_all(d.join("elsewhere")).unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("sub/b.txt"), "x").unwrap();
        std::fs::write(d.join("elsewhere/c.txt"), "x").unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("../elsewhere", d.join("sub/there")).unwrap();
        std::os::unix::fs::symlink("a.txt", d.join("same.txt")).unwrap();
        std::os::unix::fs::symlink("gone", d.join("dangling.md")).unwrap();
        let listing = policy_files(d);
        assert!(listing.errors.is_empty(), "{:?}", listing.errors);
        assert_eq!(
            names(&listing, d),
            ["a.txt", "elsewhere/c.txt", "sub/b.txt"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_txt_is_reported_not_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let fifo = dir.path().join("x.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let listing = policy_files(dir.path());
        assert_eq!(names(&listing, dir.path()), ["a.txt"]);
        assert_eq!(listing.errors.len(), 1);
        assert_eq!(listing.errors[0].path, fifo);
        assert!(
            listing.errors[0]
                .to_string()
                .ends_with("not a regular file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_txt_link_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("gone.txt", dir.path().join("p.txt")).unwrap();
        let listing = policy_files(dir.path());
        assert!(listing.files.is_empty());
        assert_eq!(listing.errors.len(), 1);
        assert_eq!(listing.errors[0].path, dir.path().join("p.txt"));
        assert!(!listing.errors[0].is_folder);
    }
}
