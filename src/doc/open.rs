//! Opening a policy file as a buffer: decoding, the disk stamp, and the load options.

use super::Buffer;
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::store::{DecodeError, DiskStamp, LoadError, TextEncoding};
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
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Not valid in the asked encoding (with the hint to name GB18030 when it would read so).
    #[error("{0}{suffix}", suffix = if .0.gb18030 { " (it is saved back in GB18030)" } else { "" })]
    Decode(#[from] DecodeError),
    #[error("{0}")]
    Read(LoadError),
    /// `--plain` with a scheme whose delimiter has no full-width twin to stand for it.
    #[error("{0}")]
    Plain(#[from] crate::interchange::ImportError),
}

impl Buffer {
    /// Opens `path` as a buffer; a file that does not exist yet opens empty (saving creates it).
    pub fn open(path: &Path, scheme: &Scheme, options: &LoadOptions) -> Result<Buffer, OpenError> {
        match crate::store::read_bytes(path) {
            Ok(bytes) => {
                let stamp = DiskStamp::of(path, &bytes);
                let mut buf = Buffer::from_bytes(path, bytes, scheme, options)?;
                buf.path = Some(PathBuf::from(path));
                buf.disk = Some(stamp);
                Ok(buf)
            }
            Err(LoadError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut buf = Buffer::from_bytes(path, Vec::new(), scheme, options)?;
                buf.path = Some(PathBuf::from(path));
                Ok(buf)
            }
            Err(e) => Err(OpenError::Read(e)),
        }
    }

    /// A buffer on `bytes` read from `origin` (a file, or `-` for stdin), decoded as `options`
    /// say; it has no path until saved.
    pub fn from_bytes(
        origin: &Path,
        bytes: Vec<u8>,
        scheme: &Scheme,
        options: &LoadOptions,
    ) -> Result<Buffer, OpenError> {
        let text = crate::store::decode_with_hint(origin, bytes, options.encoding)?;
        // The same conversion as `ptag import --format plain`: one rule for plain text.
        let text = if options.plain {
            crate::interchange::plain_to_markup(&text, scheme)?.0
        } else {
            text
        };
        let mut buf = Buffer::new(parse(&text, scheme), None, origin.display().to_string());
        buf.encoding = options.encoding;
        Ok(buf)
    }
}
