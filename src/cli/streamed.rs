//! Inputs read in pieces (`stream`): `check`, `stats` and `strip` on a file of any size, in
//! memory that does not grow with it, on every core. What cannot be streamed (standard input,
//! GB18030, a file that cannot be opened or is not valid UTF-8) is left to the whole-file path,
//! which reports it exactly as it always has.

use super::paths::Input;
use crate::markup::LineStart;
use crate::store::TextEncoding;
use crate::stream;
use std::io;

/// Runs `work` on each run of whole lines of `input` (as text, with where it starts) on every
/// core, and `consume` on the results in file order, in pieces of about `chunk_bytes` (`None`:
/// do not stream). `Ok(false)`: not streamed, and nothing was consumed; the caller reads the
/// input whole instead.
pub fn for_each_piece<T: Send>(
    input: &Input,
    chunk_bytes: Option<usize>,
    work: impl Fn(&str, LineStart) -> T + Sync,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<bool> {
    let (Some(path), Some(chunk_bytes)) = (&input.path, chunk_bytes) else {
        return Ok(false);
    };
    if input.encoding != TextEncoding::Utf8 {
        return Ok(false);
    }
    // First make sure the whole file is UTF-8: a bad byte is reported alone, as it always was,
    // not after the findings of the lines before it.
    let Ok(mut file) = stream::open(path) else {
        return Ok(false);
    };
    let mut valid = true;
    let checked = stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, _| std::str::from_utf8(&bytes).is_ok(),
        |ok| {
            valid &= ok;
            if ok {
                Ok(())
            } else {
                Err(io::Error::other("not UTF-8"))
            }
        },
    );
    if !valid || checked.is_err() {
        return Ok(false);
    }
    let Ok(mut file) = stream::open(path) else {
        return Ok(false);
    };
    stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, at| match String::from_utf8(bytes) {
            Ok(text) => Some(work(&text, at)),
            // Changed under us since the look: the consumer stops below.
            Err(_) => None,
        },
        |piece| match piece {
            Some(t) => consume(t),
            None => Err(io::Error::other(format!(
                "{}: error: changed while read: no longer UTF-8",
                path.display()
            ))),
        },
    )?;
    Ok(true)
}
