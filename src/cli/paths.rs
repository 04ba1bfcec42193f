//! PATH arguments: files, folders (their `*.txt` files, as `source` finds them) and `-` for
//! stdin.

use crate::markup::{Document, parse};
use crate::scheme::Scheme;
use crate::source;
use crate::store::{self, DecodeError, TextEncoding};
use std::fmt;
use std::path::{Path, PathBuf};

/// One policy to read: a file, or standard input, and the encoding it is read (and any fix
/// written back) in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// `None` is standard input.
    pub path: Option<PathBuf>,
    pub encoding: TextEncoding,
    /// The folder argument this file was found in (`None`: named itself, or stdin).
    pub folder: Option<PathBuf>,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            path: None,
            encoding: TextEncoding::Utf8,
            folder: None,
        }
    }

    pub fn file(path: impl Into<PathBuf>) -> Input {
        Input {
            path: Some(path.into()),
            encoding: TextEncoding::Utf8,
            folder: None,
        }
    }

    /// The same input, read in `encoding`.
    pub fn in_encoding(self, encoding: TextEncoding) -> Input {
        Input { encoding, ..self }
    }

    /// The path as the user spelled it (`-` for stdin): what exports record.
    pub fn given(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "-".into(),
        }
    }

    /// The path exports record, with `/` between folders: relative to the folder argument it
    /// was found in, or the file name of a file named itself; empty for stdin.
    pub fn relative(&self) -> String {
        let Some(path) = &self.path else {
            return String::new();
        };
        let rel = match &self.folder {
            Some(folder) => path.strip_prefix(folder).unwrap_or(path),
            None => Path::new(path.file_name().unwrap_or(path.as_os_str())),
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// The name used in messages (`<stdin>` for stdin, as gcc does).
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".into(),
        }
    }

    /// Reads the file in its encoding (a bad byte is reported with its offset; a file that is
    /// not UTF-8 but is clean GB18030 gets the hint to say `--encoding gb18030`).
    pub fn read(&self) -> Result<String, DecodeError> {
        self.read_as(store::FileKind::Policy)
    }

    /// `read` of a file that is not a policy (an exchange file), under its kind's ceiling and
    /// named as that kind in errors.
    pub fn read_as(&self, kind: store::FileKind) -> Result<String, DecodeError> {
        let path = self.path.as_deref().unwrap_or(Path::new("-"));
        store::read_text_with_hint_as(path, self.encoding, kind)
    }

    /// Reads and parses.
    pub fn load(&self, scheme: &Scheme) -> Result<(String, Document), DecodeError> {
        let src = self.read()?;
        let doc = parse(&src, scheme);
        Ok((src, doc))
    }
}

/// A PATH argument that names nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.path.display(), self.message)
    }
}

/// Expands PATH arguments in the order given, each input to be read in `encoding`; each folder
/// becomes its `*.txt` files, sorted, at any depth. Every argument that names nothing usable,
/// and every part of a folder that cannot be read, is reported (all of them, not just the first).
pub fn expand(paths: &[PathBuf], encoding: TextEncoding) -> Result<Vec<Input>, Vec<PathError>> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin().in_encoding(encoding));
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(PathError {
                    path: path.clone(),
                    message: io_message(&e),
                });
                continue;
            }
        };
        if !meta.is_dir() {
            inputs.push(Input::file(path).in_encoding(encoding));
            continue;
        }
        let listing = source::policy_files(path);
        if !listing.errors.is_empty() {
            errors.extend(listing.errors.into_iter().map(|e| PathError {
                message: if e.is_folder {
                    format!("cannot read folder: {}", io_message(&e.error))
                } else {
                    format!("cannot read: {}", io_message(&e.error))
                },
                path: e.path,
            }));
            continue;
        }
        if listing.files.is_empty() {
            errors.push(PathError {
                path: path.clone(),
                message: "folder holds no *.txt file".into(),
            });
            continue;
        }
        inputs.extend(listing.files.into_iter().map(|f| Input {
            folder: Some(path.clone()),
            ..Input::file(f).in_encoding(encoding)
        }));
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(errors)
    }
}

/// An I/O error's words without Rust's "(os error 2)" suffix.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_recursively_sorted_and_only_txt() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("b/c")).unwrap();
        for f in ["z.txt", "a.txt", "b/c/m.txt", "b/x.md", "b/a.txt"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let got = expand(&[d.to_path_buf(), PathBuf::from("-")], TextEncoding::Utf8).unwrap();
        let names: Vec<_> = got
            .iter()
            .map(|i| match &i.path {
                Some(p) => p.strip_prefix(d).unwrap().display().to_string(),
                None => i.given(),
            })
            .collect();
        assert_eq!(names, ["a.txt", "b/a.txt", "b/c/m.txt", "z.txt", "-"]);
        let relative: Vec<_> = got.iter().map(Input::relative).collect();
        assert_eq!(relative, ["a.txt", "b/a.txt", "b/c/m.txt", "z.txt", ""]);
        assert_eq!(Input::file("x/y/p.txt").relative(), "p.txt");
        assert_eq!(Input::stdin().name(), "<stdin>");
    }

    #[test]
    fn missing_paths_and_empty_folders_are_all_reported() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        std::fs::write(empty.join("notes.md"), "x").unwrap();
        let missing = dir.path().join("missing.txt");
        let errs = expand(&[missing.clone(), empty.clone()], TextEncoding::Utf8).unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].path, missing);
        assert!(
            errs[0]
                .to_string()
                .ends_with("error: No such file or directory"),
            "{}",
            errs[0]
        );
        assert!(errs[1].message.contains("no *.txt"), "{}", errs[1]);
    }

    #[test]
    fn an_explicit_file_is_taken_whatever_its_extension() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("policy.md");
        std::fs::write(&f, "x").unwrap();
        assert_eq!(
            expand(std::slice::from_ref(&f), TextEncoding::Utf8).unwrap(),
            [Input::file(f)]
        );
    }
}
