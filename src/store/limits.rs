//! What ptag reads and how much of it: the kinds of file, the size ceiling of each
//! (`PTAG_MAX_FILE_BYTES` for policies and the files as large as them), and why a file was
//! refused (`LoadError`).

use std::fmt;
use std::io;
use std::path::PathBuf;

/// What a file is to ptag: it decides the size ceiling and names the file in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A policy, in markup: as large as `PTAG_MAX_FILE_BYTES` allows.
    Policy,
    /// An exchange file to import (JSONL, Label Studio, brat, BIO, spaCy).
    Exchange,
    /// The brat annotations (`.ann`) beside a `.txt`.
    BratAnnotations,
    /// A recovery journal: it holds a copy of its policy's steps, so it may be as large.
    Journal,
    /// A session's statuses or resume positions.
    Session,
    /// A lock file: who holds a policy.
    Lock,
    /// A trained model.
    Model,
    Scheme,
    Keymap,
    /// A `--labels` file (role renaming).
    Labels,
    /// A project file (`ptag.toml`): a few settings.
    Project,
    /// A file of the system's (`/etc/passwd`, `/proc/self/status`).
    System,
}

/// The ceiling of the small hand-written kinds (scheme, keymap, labels): a real one is a few KiB.
pub const CONFIG_MAX_BYTES: u64 = 4 << 20;

/// The ceiling of session files (statuses, resume positions of every file of a corpus).
pub const SESSION_MAX_BYTES: u64 = 64 << 20;

/// The ceiling of a lock file: one holder, a few hundred bytes.
pub const LOCK_MAX_BYTES: u64 = 64 << 10;

/// The ceiling of a model file: a model of a large corpus is tens of MiB.
pub const MODEL_MAX_BYTES: u64 = 1 << 30;

impl FileKind {
    /// What errors call it.
    pub fn name(self) -> &'static str {
        match self {
            FileKind::Policy => "policy",
            FileKind::Exchange => "exchange file",
            FileKind::BratAnnotations => "brat .ann file",
            FileKind::Journal => "recovery journal",
            FileKind::Session => "session file",
            FileKind::Lock => "lock file",
            FileKind::Model => "model file",
            FileKind::Scheme => "scheme",
            FileKind::Keymap => "keymap",
            FileKind::Labels => "label map",
            FileKind::Project => "project file",
            FileKind::System => "system file",
        }
    }

    /// Its name after "a" or "an", as a sentence says it.
    pub fn with_article(self) -> String {
        let name = self.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// The most bytes read of a file of this kind.
    pub fn limit(self) -> Result<u64, LoadError> {
        Ok(match self {
            FileKind::Policy
            | FileKind::Exchange
            | FileKind::BratAnnotations
            | FileKind::Journal => max_file_bytes()?,
            FileKind::Session | FileKind::System => SESSION_MAX_BYTES,
            FileKind::Lock => LOCK_MAX_BYTES,
            FileKind::Model => MODEL_MAX_BYTES,
            FileKind::Scheme | FileKind::Keymap | FileKind::Labels | FileKind::Project => {
                CONFIG_MAX_BYTES
            }
        })
    }

    /// Whether `PTAG_MAX_FILE_BYTES` sets its ceiling (and so the error says how to raise it).
    pub fn limit_is_settable(self) -> bool {
        matches!(
            self,
            FileKind::Policy | FileKind::Exchange | FileKind::BratAnnotations | FileKind::Journal
        )
    }
}

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Not UTF-8: the byte offset of the first bad byte, and its line/column.
    NotUtf8 {
        path: PathBuf,
        byte: usize,
        line: usize,
        column: usize,
    },
    TooLarge {
        path: PathBuf,
        chars: usize,
    },
    /// A FIFO, device, socket or folder: reading it could block or never end.
    NotRegular {
        path: PathBuf,
        kind: FileKind,
    },
    /// More bytes than `PTAG_MAX_FILE_BYTES` allows (`bytes` is `None` when the length is
    /// unknown, as on stdin: only that it passed the limit).
    OverLimit {
        path: PathBuf,
        bytes: Option<u64>,
        limit: u64,
        kind: FileKind,
    },
    /// `PTAG_MAX_FILE_BYTES` is set to something that is not a number of bytes.
    BadLimit {
        value: String,
    },
    /// Not valid in the encoding asked for.
    Undecodable {
        path: PathBuf,
        byte: usize,
        line: usize,
        encoding: &'static str,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: error: {error}", path.display()),
            LoadError::NotUtf8 {
                path,
                byte,
                line,
                column,
            } => write!(
                f,
                "{}:{line}:{column}: error: not UTF-8: invalid byte at offset {byte} \
                 (a GB18030/GBK file? open it with --encoding gb18030)",
                path.display()
            ),
            LoadError::Undecodable {
                path,
                byte,
                line,
                encoding,
            } => write!(
                f,
                "{}:{line}: error: not valid {encoding}: undecodable byte at offset {byte}",
                path.display()
            ),
            LoadError::NotRegular { path, .. } | LoadError::OverLimit { path, .. } => {
                let reason = self.refusal().unwrap_or_default();
                write!(f, "{}: error: {reason}", path.display())
            }
            LoadError::BadLimit { value } => write!(
                f,
                "ptag: error: {MAX_FILE_BYTES_VAR}={value:?} is not a number of bytes \
                 (e.g. {MAX_FILE_BYTES_VAR}=104857600; unset, the limit is {DEFAULT_MAX_FILE_BYTES})"
            ),
            LoadError::TooLarge { path, chars } => write!(
                f,
                "{}: error: {chars} characters is more than ptag can index (4 G)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// What went wrong without the file's name, for errors that name the file their own way.
    pub fn reason(&self) -> String {
        match self {
            LoadError::Io { error, .. } => {
                // Said the way the commands say I/O errors: without the errno.
                let whole = error.to_string();
                match whole.find(" (os error") {
                    Some(i) => whole[..i].to_string(),
                    None => whole,
                }
            }
            other => self.refusal().unwrap_or_else(|| {
                let whole = other.to_string();
                match whole.split_once(": error: ") {
                    Some((_, reason)) => reason.to_string(),
                    None => whole,
                }
            }),
        }
    }

    /// Why the guarded reader refused a file, without the file's name (for errors that name it
    /// their own way): not a regular file, or over the ceiling of its kind.
    pub fn refusal(&self) -> Option<String> {
        match self {
            LoadError::NotRegular { kind, .. } => Some(format!(
                "not a regular file: {} is read only from a regular file \
                 (a FIFO or a device could block or never end)",
                kind.with_article()
            )),
            LoadError::OverLimit {
                bytes, limit, kind, ..
            } => {
                let size = match bytes {
                    Some(n) => format!("{n} bytes is"),
                    None => "more than that is".into(),
                };
                let raise = if kind.limit_is_settable() {
                    format!(" (set {MAX_FILE_BYTES_VAR} to raise it)")
                } else {
                    String::new()
                };
                Some(format!(
                    "too large: {size} over the limit of {limit} bytes for {}{raise}",
                    kind.with_article()
                ))
            }
            _ => None,
        }
    }
}

/// The environment variable that sets the largest file ptag reads whole, in bytes.
pub const MAX_FILE_BYTES_VAR: &str = "PTAG_MAX_FILE_BYTES";

/// The largest file read whole when `PTAG_MAX_FILE_BYTES` is unset: 2 GiB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 2 << 30;

/// The largest file ptag reads whole: `PTAG_MAX_FILE_BYTES`, or 2 GiB when it is unset or empty. A value
/// that is not a number of bytes is an error, not the default: a limit someone set on purpose
/// is never silently replaced by a larger one.
pub fn max_file_bytes() -> Result<u64, LoadError> {
    match std::env::var_os(MAX_FILE_BYTES_VAR) {
        // Set but empty counts as unset, as for NO_COLOR.
        Some(v) if !v.is_empty() => parse_max_file_bytes(&v.to_string_lossy()),
        _ => Ok(DEFAULT_MAX_FILE_BYTES),
    }
}

/// A `PTAG_MAX_FILE_BYTES` value: a whole number of bytes (spaces around it allowed).
pub fn parse_max_file_bytes(value: &str) -> Result<u64, LoadError> {
    value.trim().parse().map_err(|_| LoadError::BadLimit {
        value: value.to_string(),
    })
}
