//! The one reader of every file ptag reads: policies, journals, sessions, locks, models,
//! schemes, keymaps, label maps and exchange files alike. Every file ptag reads is untrusted:
//! only a regular file is read (a FIFO would block, `/dev/zero` never end), checked on the
//! opened handle so nothing can be swapped in between a look and the open, and never more than
//! the ceiling of its kind, even when the file grows or lies about its size while read.

use super::limits::{FileKind, LoadError};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` to read as a `kind`: a regular file (after following links) no larger than the
/// kind's ceiling, or the error that says which check failed. Returns the file and the ceiling
/// to bound reading it by.
pub fn open_guarded(path: &Path, kind: FileKind) -> Result<(File, u64), LoadError> {
    let limit = kind.limit()?;
    let io_error = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = open_without_blocking(path).map_err(io_error)?;
    // Looked at on the opened handle, not the path: what was opened is what is read.
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(LoadError::NotRegular {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > limit {
        return Err(LoadError::OverLimit {
            path: path.to_path_buf(),
            bytes: Some(meta.len()),
            limit,
            kind,
        });
    }
    Ok((file, limit))
}

/// Opening a FIFO for reading blocks until a writer comes, so it is opened non-blocking; a
/// regular file ignores the flag, and anything else is refused before a byte is read.
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads all of `reader` up to `limit` bytes; one byte more is the `OverLimit` error.
pub fn read_bounded(
    reader: impl Read,
    path: &Path,
    limit: u64,
    kind: FileKind,
) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    // Bounded by `take`: a file that grows while read, or says it is smaller than it is, stops
    // one byte past the limit.
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| LoadError::Io {
            path: path.to_path_buf(),
            error,
        })?;
    if bytes.len() as u64 > limit {
        return Err(LoadError::OverLimit {
            path: path.to_path_buf(),
            bytes: None,
            limit,
            kind,
        });
    }
    Ok(bytes)
}

/// All bytes of the `kind` file at `path` (`-` is stdin, under the same ceiling).
pub fn read_file(path: &Path, kind: FileKind) -> Result<Vec<u8>, LoadError> {
    if path.as_os_str() == "-" {
        return read_bounded(io::stdin(), path, kind.limit()?, kind);
    }
    let (file, limit) = open_guarded(path, kind)?;
    read_bounded(file, path, limit, kind)
}

/// A `LoadError` as an `io::Error`: an I/O error as it was, a refusal as `InvalidInput`
/// carrying its message (which names the file, the kind and the limit).
pub fn into_io(e: LoadError) -> io::Error {
    match e {
        LoadError::Io { error, .. } => error,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    }
}

#[cfg(test)]
#[path = "guarded_tests.rs"]
mod tests;
