//! A save written in pieces and verified in pieces: the markup goes from the rope and the items
//! straight to a temp file beside the target (`markup::write_markup`, encoded a piece at a
//! time), is read back from that temp file a run of lines at a time on every core, parsed and
//! compared with the document run by run (`markup::ReadBack`), and only then may replace the
//! file (`Written::commit`, an atomic rename). Memory holds the pieces in flight, never a
//! second copy of the file, and the file on disk is always either the old or the verified new.

use super::Buffer;
use crate::markup::{Document, ReadBack, SerializeError, parse_part, write_markup};
use crate::store::{AtomicFile, ContentHasher, TextEncoding, decode_as};
use crate::stream::{self, CHUNK_BYTES};
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A save that did not happen: the file on disk is untouched and no temp file is left.
#[derive(Debug)]
pub enum SaveError {
    /// The markup would not read back as the document (see `serialize`).
    Refused(SerializeError),
    /// The temp file could not be written or read back.
    Io(io::Error),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Refused(e) => e.fmt(f),
            SaveError::Io(e) => e.fmt(f),
        }
    }
}

/// Markup written to a temp file and verified, not yet in place of the file.
pub struct Written {
    file: AtomicFile,
    /// Bytes written and their `content_hash`: the file's stamp, and what the recovery
    /// journal records before the rename.
    pub len: u64,
    pub hash: u64,
}

impl Written {
    /// Makes the verified temp file the file (fsynced, renamed over it). Dropped instead, the
    /// temp file is removed and the file never touched.
    pub fn commit(self) -> io::Result<()> {
        self.file.commit()
    }
}

impl Buffer {
    /// Writes the buffer's markup, in its encoding, to a temp file in place of `path` and
    /// verifies it by reading it back (`Written::commit` then replaces the file).
    pub fn write_verified(&self, path: &Path) -> Result<Written, SaveError> {
        write_verified(&self.doc, self.encoding, path, CHUNK_BYTES, &|_| {})
    }
}

/// `Buffer::write_verified` of `doc`, read back in runs of about `chunk_bytes`; `tamper` is
/// run on the temp file between writing and reading back (tests use it to prove a file that
/// does not read back is refused).
pub(crate) fn write_verified(
    doc: &Document,
    encoding: TextEncoding,
    path: &Path,
    chunk_bytes: usize,
    tamper: &dyn Fn(&Path),
) -> Result<Written, SaveError> {
    let mut file = AtomicFile::create(path).map_err(SaveError::Io)?;
    let (len, hash) = write_encoded(doc, encoding, &mut file).map_err(SaveError::Io)?;
    tamper(file.temp_path());
    read_back(doc, encoding, file.temp_path(), chunk_bytes, (len, hash))?;
    Ok(Written { file, len, hash })
}

/// Writes `doc`'s markup to `out` a piece at a time in `encoding`; its length and hash.
fn write_encoded(
    doc: &Document,
    encoding: TextEncoding,
    out: &mut dyn Write,
) -> io::Result<(u64, u64)> {
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut hasher = ContentHasher::new();
    let mut len = 0u64;
    write_markup(doc, &mut |piece| {
        // GB18030 keeps no state between chars: a piece of whole chars encodes on its own.
        let bytes = encoding.encode(piece);
        hasher.update(&bytes);
        len += bytes.len() as u64;
        out.write_all(&bytes)
    })?;
    out.flush()?;
    Ok((len, hasher.digest()))
}

/// Reads the temp file back a run of lines at a time (each decoded and parsed on a worker),
/// and refuses unless it holds exactly `written` (length and hash) and each run parses to what
/// the document holds there.
fn read_back(
    doc: &Document,
    encoding: TextEncoding,
    temp: &Path,
    chunk_bytes: usize,
    written: (u64, u64),
) -> Result<(), SaveError> {
    let mut file = stream::open(temp).map_err(|e| SaveError::Io(crate::store::into_io(e)))?;
    let mut check = ReadBack::new(doc);
    let mut refused = None;
    let mut hasher = ContentHasher::new();
    let mut len = 0u64;
    let read = stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, at| {
            // A line break is one byte 0x0A in UTF-8 and in GB18030 (never part of a char),
            // so a run cut there decodes on its own.
            let back = match encoding {
                TextEncoding::Utf8 => simdutf8::basic::from_utf8(&bytes)
                    .ok()
                    .map(|text| parse_part(text, &doc.scheme, at)),
                _ => decode_as(temp, bytes.clone(), encoding)
                    .ok()
                    .map(|text| parse_part(&text, &doc.scheme, at)),
            };
            (back, at, bytes)
        },
        |(back, at, bytes)| {
            hasher.update(&bytes);
            len += bytes.len() as u64;
            let Some(back) = back else {
                return Err(io::Error::other("the temp file does not decode"));
            };
            if let Err(e) = check.run(&back, at) {
                refused = Some(e);
                return Err(io::Error::other("refused"));
            }
            Ok(())
        },
    );
    if let Some(e) = refused {
        return Err(SaveError::Refused(e));
    }
    read.map_err(SaveError::Io)?;
    check.finish().map_err(SaveError::Refused)?;
    if (len, hasher.digest()) != written {
        return Err(SaveError::Io(io::Error::other(
            "the temp file reads back other bytes than were written",
        )));
    }
    Ok(())
}
