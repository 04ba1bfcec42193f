//! Reading and writing policy files safely: located UTF-8 errors, atomic saves.
//!
//! Owns: atomic writes (to regular files or new paths only; `AtomicFile` for output written as it
//! comes), the one whole-file reader (`read_bytes`: regular files only, under
//! `PTAG_MAX_FILE_BYTES`; `read_bytes_under` with a ceiling of its own for small settings files),
//! encodings (`TextEncoding`) and disk stamps (size, mtime, xxh3) that tell a file changed on disk.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

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
    },
    /// More bytes than `PTAG_MAX_FILE_BYTES` allows (`bytes` is `None` when the length is
    /// unknown, as on stdin: only that it passed the limit).
    OverLimit {
        path: PathBuf,
        bytes: Option<u64>,
        limit: u64,
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
            LoadError::NotRegular { path } => {
                write!(f, "{}: error: not a regular file", path.display())
            }
            LoadError::OverLimit { path, bytes, limit } => {
                let size = match bytes {
                    Some(n) => format!("{n} bytes is"),
                    None => "more than that is".into(),
                };
                write!(
                    f,
                    "{}: error: too large: {size} over the limit of {limit} bytes \
                     (set {MAX_FILE_BYTES_VAR} to raise it)",
                    path.display()
                )
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

/// Reads a policy as UTF-8 text; `-` reads stdin.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    decode(path, read_bytes(path)?)
}

/// Checks `bytes` are UTF-8 and small enough to index.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let good = &e.as_bytes()[..byte];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            byte,
            line,
            column,
        }
    })?;
    if text.len() > u32::MAX as usize {
        let chars = text.chars().count();
        if chars > u32::MAX as usize - 1 {
            return Err(LoadError::TooLarge {
                path: path.to_path_buf(),
                chars,
            });
        }
    }
    Ok(text)
}

mod atomic;

#[cfg(test)]
use atomic::write_atomic_inner;
pub use atomic::{AtomicFile, SAVE_PREFIX, sweep_stale_saves, write_atomic};

#[cfg(test)]
mod tests;

/// What a file looked like when we read or wrote it, to notice changes made behind our back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskStamp {
    pub len: u64,
    pub mtime: Option<std::time::SystemTime>,
    pub hash: u64,
}

impl DiskStamp {
    /// The stamp of `bytes`, which were just read from or written to `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> DiskStamp {
        let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        DiskStamp {
            len: bytes.len() as u64,
            mtime,
            hash: content_hash(bytes),
        }
    }

    /// Reads the file now and stamps it.
    pub fn read(path: &Path) -> io::Result<DiskStamp> {
        let bytes = read_regular(path)?;
        Ok(DiskStamp::of(path, &bytes))
    }

    /// Is the file on disk still what this stamp saw? Size and mtime first, then the hash:
    /// a program that rewrites the same size within the same mtime tick is still caught.
    pub fn still_matches(&self, path: &Path) -> io::Result<bool> {
        let meta = std::fs::metadata(path)?;
        if meta.len() != self.len || meta.modified().ok() != self.mtime {
            return Ok(false);
        }
        Ok(content_hash(&read_regular(path)?) == self.hash)
    }
}

/// A fast 64-bit content hash (xxh3), stable across builds and machines.
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// `content_hash` fed a piece at a time (`update`, then `digest`): a file read in chunks.
pub type ContentHasher = xxhash_rust::xxh3::Xxh3Default;

/// The encodings ptag reads and writes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    #[default]
    Utf8,
    /// GB18030 (a superset of GBK and GB2312), common for Chinese documents.
    Gb18030,
}

impl TextEncoding {
    pub fn parse(name: &str) -> Option<TextEncoding> {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "utf8" => Some(TextEncoding::Utf8),
            "gb18030" | "gbk" | "gb2312" | "cp936" => Some(TextEncoding::Gb18030),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
        }
    }

    /// Text → bytes in this encoding.
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            TextEncoding::Utf8 => text.as_bytes().to_vec(),
            TextEncoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        }
    }
}

/// Decodes bytes read from `path` in `encoding`; undecodable input is refused with its offset.
pub fn decode_as(path: &Path, bytes: Vec<u8>, encoding: TextEncoding) -> Result<String, LoadError> {
    match encoding {
        TextEncoding::Utf8 => decode(path, bytes),
        TextEncoding::Gb18030 => {
            let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
            let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
            let (result, read) =
                decoder.decode_to_string_without_replacement(&bytes, &mut out, true);
            match result {
                encoding_rs::DecoderResult::InputEmpty => Ok(out),
                _ => {
                    let good = &bytes[..read.min(bytes.len())];
                    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
                    Err(LoadError::Undecodable {
                        path: path.to_path_buf(),
                        byte: read.saturating_sub(1),
                        line,
                        encoding: encoding.name(),
                    })
                }
            }
        }
    }
}

/// What ptag says when a file it was told is UTF-8 decodes cleanly as GB18030: the editor and
/// every command say it alike.
pub const GB18030_HINT: &str =
    "ptag: the file decodes cleanly as GB18030: open it with --encoding gb18030";

/// A file that could not be read as text, with the hint to name its encoding when it would
/// read as GB18030.
#[derive(Debug)]
pub struct DecodeError {
    pub error: LoadError,
    /// Read as UTF-8, it is not; read as GB18030, it is clean.
    pub gb18030: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if self.gb18030 {
            write!(f, "\n{GB18030_HINT}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// `decode_as`, and when UTF-8 was asked for and the bytes are clean GB18030, the hint to say so.
pub fn decode_with_hint(
    path: &Path,
    bytes: Vec<u8>,
    encoding: TextEncoding,
) -> Result<String, DecodeError> {
    let gb18030 = encoding == TextEncoding::Utf8
        && std::str::from_utf8(&bytes).is_err()
        && looks_like_gb18030(&bytes);
    decode_as(path, bytes, encoding).map_err(|error| DecodeError { error, gb18030 })
}

/// Reads a file (`-` is stdin) in `encoding`, with the GB18030 hint: how the commands read.
pub fn read_text_with_hint(path: &Path, encoding: TextEncoding) -> Result<String, DecodeError> {
    let bytes = read_bytes(path).map_err(|error| DecodeError {
        error,
        gb18030: false,
    })?;
    decode_with_hint(path, bytes, encoding)
}

/// Would these (non-UTF-8) bytes decode cleanly as GB18030? Used to suggest `--encoding`.
pub fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let (_, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    !had_errors
}

/// Reads a file in `encoding`; `-` is stdin.
pub fn read_text_as(path: &Path, encoding: TextEncoding) -> Result<String, LoadError> {
    let bytes = read_bytes(path)?;
    decode_as(path, bytes, encoding)
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

/// Reads all bytes of a file (`-` is stdin). Only regular files are read (after following
/// links): a FIFO would block and `/dev/zero` never end. Nothing over `max_file_bytes` is read
/// whole, stdin included.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_bytes_under(path, max_file_bytes()?)
}

/// `read_bytes` with a ceiling of its own: for small files of settings (a project file), which
/// have no business being anywhere near the policies' limit.
pub fn read_bytes_under(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let io_error = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let over = |bytes| LoadError::OverLimit {
        path: path.to_path_buf(),
        bytes,
        limit,
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        let read = io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes);
        read.map_err(io_error)?;
    } else {
        // Looked at before opening: opening a FIFO for reading blocks until a writer comes.
        let meta = std::fs::metadata(path).map_err(io_error)?;
        if !meta.is_file() {
            return Err(LoadError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > limit {
            return Err(over(Some(meta.len())));
        }
        let file = std::fs::File::open(path).map_err(io_error)?;
        // Swapped for something else between the look and the open: refuse it all the same.
        if !file.metadata().map_err(io_error)?.is_file() {
            return Err(LoadError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        // A file that grows while read stops at the limit too.
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
    }
    if bytes.len() as u64 > limit {
        return Err(over(None));
    }
    Ok(bytes)
}

/// `read_bytes` for callers that speak `io::Error` (disk stamps, merges).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    read_bytes(path).map_err(|e| match e {
        LoadError::Io { error, .. } => error,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    })
}
