//! Reading and writing policy files safely: located UTF-8 errors, atomic saves.
//!
//! Owns: atomic writes (to regular files or new paths only; `AtomicFile` for output written as it
//! comes), the one whole-file reader (`read_bytes`: regular files only, under
//! `PTAG_MAX_FILE_BYTES`; `read_bytes_under` with a ceiling of its own for small settings files),
//! encodings (`TextEncoding`) and disk stamps (size, mtime, xxh3) that tell a file changed on disk.

use std::fmt;
use std::io;
use std::path::Path;

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
mod guarded;
mod limits;
mod output_folder;
mod scheme_file;

pub use guarded::{into_io, open_guarded, read_bounded, read_file};
pub use limits::{
    CONFIG_MAX_BYTES, DEFAULT_MAX_FILE_BYTES, FileKind, LOCK_MAX_BYTES, LoadError,
    MAX_FILE_BYTES_VAR, MODEL_MAX_BYTES, SESSION_MAX_BYTES, max_file_bytes, parse_max_file_bytes,
};
pub use scheme_file::{load_scheme, unreadable};

#[cfg(test)]
use atomic::write_atomic_inner;
pub use atomic::{AtomicFile, SAVE_PREFIX, sweep_stale_saves, write_atomic};
pub use output_folder::{OutputFolder, OutputPathError};

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

    /// The stamp of a file just written to `path` as `len` bytes hashing to `hash` (what a save
    /// written in pieces knows without holding the bytes).
    pub fn written(path: &Path, len: u64, hash: u64) -> DiskStamp {
        let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        DiskStamp { len, mtime, hash }
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
        Ok(hash_file(path)? == self.hash)
    }
}

/// `content_hash` of the file at `path`, read a piece at a time through the guarded reader (a
/// save's check that the file is unchanged must not hold a second copy of a 100 MB file).
pub fn hash_file(path: &Path) -> io::Result<u64> {
    let (file, limit) = open_guarded(path, FileKind::Policy).map_err(into_io)?;
    let mut hasher = ContentHasher::new();
    let mut piece = vec![0u8; 1 << 20];
    let mut reader = io::Read::take(file, limit);
    loop {
        match io::Read::read(&mut reader, &mut piece) {
            Ok(0) => return Ok(hasher.digest()),
            Ok(n) => hasher.update(&piece[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
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
    read_text_with_hint_as(path, encoding, FileKind::Policy)
}

/// `read_text_with_hint` of a file of another `kind` (an exchange file to import).
pub fn read_text_with_hint_as(
    path: &Path,
    encoding: TextEncoding,
    kind: FileKind,
) -> Result<String, DecodeError> {
    let bytes = read_file(path, kind).map_err(|error| DecodeError {
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

/// Reads all bytes of a policy (`-` is stdin) through the guarded reader: only a regular file,
/// nothing over `max_file_bytes`, stdin included.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_file(path, FileKind::Policy)
}

/// The `kind` file at `path` as UTF-8 text, a bad byte located.
pub fn read_file_text(path: &Path, kind: FileKind) -> Result<String, LoadError> {
    decode(path, read_file(path, kind)?)
}

/// `read_bytes` for callers that speak `io::Error` (disk stamps, merges).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    read_bytes(path).map_err(into_io)
}
