//! Opening a policy file as a buffer: decoding, the disk stamp, and the load options.

use super::{Buffer, Loading};
use crate::markup::parse;
use crate::markup::{Document, parse_part};
use crate::scheme::Scheme;
use crate::store::{ContentHasher, DecodeError, DiskStamp, LoadError, TextEncoding};
use crate::stream;
use std::io;
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
        if options.encoding == TextEncoding::Utf8
            && !options.plain
            && let Some((doc, stamp)) = open_in_pieces(path, scheme, stream::CHUNK_BYTES)
        {
            let mut buf = Buffer::new(doc, Some(PathBuf::from(path)), path.display().to_string());
            buf.disk = Some(stamp);
            return Ok(buf);
        }
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

    /// Opens `path` as `open` does, but a big UTF-8 file shows before it is all parsed: its
    /// first chunk of lines is the buffer's document, and the rest comes through the returned
    /// `Loading` (`None`: the document is already whole). Everything `open` refuses, this
    /// refuses the same way, before anything is shown.
    pub fn open_lazily(
        path: &Path,
        scheme: &Scheme,
        options: &LoadOptions,
    ) -> Result<(Buffer, Option<Loading>), OpenError> {
        if options.encoding == TextEncoding::Utf8
            && !options.plain
            && let Some((doc, stamp, loading)) =
                super::loading::open_lazily(path, scheme, stream::CHUNK_BYTES)
        {
            let mut buf = Buffer::new(doc, Some(PathBuf::from(path)), path.display().to_string());
            buf.disk = Some(stamp);
            return Ok((buf, loading));
        }
        Ok((Buffer::open(path, scheme, options)?, None))
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

/// A UTF-8 markup file read in chunks of whole lines, parsed on every core and joined in order:
/// the same document `parse` gives for the whole text, without the whole file in memory beside
/// it, in a fraction of the time. `None` when the file cannot be read so (missing, not regular,
/// too large, not UTF-8): the whole-file read then says why, exactly as it always has.
pub(crate) fn open_in_pieces(
    path: &Path,
    scheme: &Scheme,
    chunk_bytes: usize,
) -> Option<(Document, DiskStamp)> {
    let mut file = stream::open(path).ok()?;
    let mut doc: Option<Document> = None;
    let mut hasher = ContentHasher::new();
    let mut len = 0u64;
    stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, at| {
            let part = parse_part(simdutf8::basic::from_utf8(&bytes).ok()?, scheme, at);
            Some((part, bytes))
        },
        |piece| {
            let (part, bytes) = piece.ok_or_else(|| io::Error::other("not UTF-8"))?;
            hasher.update(&bytes);
            len += bytes.len() as u64;
            match &mut doc {
                Some(d) => d.append(part),
                None => doc = Some(part),
            }
            Ok(())
        },
    )
    .ok()?;
    // Past what a document indexes: the whole-file read refuses it with the reason.
    if len > u64::from(u32::MAX) {
        return None;
    }
    let doc = doc.unwrap_or_else(|| Document::empty(scheme.clone()));
    let stamp = DiskStamp {
        len,
        mtime: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
        hash: hasher.digest(),
    };
    Some((doc, stamp))
}
