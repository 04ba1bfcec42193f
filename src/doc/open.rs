//! Opening a policy file as a buffer: decoding, the disk stamp, and the load options.

use super::Buffer;
use crate::markup::parse;
use crate::scheme::{Scheme, full_width};
use crate::store::{DecodeError, DiskStamp, GB18030_HINT, LoadError, TextEncoding};
use std::path::{Path, PathBuf};

/// How files are read into buffers; kept by the editor so every file of a session opens alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Plain text: reserved ASCII characters become full-width on load.
    pub plain: bool,
    /// The file's encoding (saved back the same way).
    pub encoding: TextEncoding,
}

/// Why a file could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// Not valid in the asked encoding; `gb18030` says whether it decodes cleanly as GB18030.
    Decode {
        error: LoadError,
        gb18030: bool,
    },
    Read(LoadError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Decode {
                error,
                gb18030: true,
            } => write!(f, "{error}\n{GB18030_HINT} (it is saved back in GB18030)"),
            OpenError::Decode { error, .. } | OpenError::Read(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for OpenError {}

impl Buffer {
    /// Opens `path` as a buffer; a file that does not exist yet opens empty (saving creates it).
    pub fn open(path: &Path, scheme: &Scheme, options: &LoadOptions) -> Result<Buffer, OpenError> {
        let name = path.display().to_string();
        let (text, disk) = match crate::store::read_bytes(path) {
            Ok(bytes) => {
                let stamp = DiskStamp::of(path, &bytes);
                match crate::store::decode_with_hint(path, bytes, options.encoding) {
                    Ok(t) => (t, Some(stamp)),
                    Err(DecodeError { error, gb18030 }) => {
                        return Err(OpenError::Decode { error, gb18030 });
                    }
                }
            }
            Err(LoadError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {
                (String::new(), None)
            }
            Err(e) => return Err(OpenError::Read(e)),
        };
        let text = if options.plain {
            text.chars()
                .map(|c| {
                    if scheme.is_delimiter(c) {
                        full_width(c).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect()
        } else {
            text
        };
        let mut buf = Buffer::new(parse(&text, scheme), Some(PathBuf::from(path)), name);
        buf.encoding = options.encoding;
        buf.disk = disk;
        Ok(buf)
    }
}
