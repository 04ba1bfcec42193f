//! Inputs read in pieces (`stream`): `check`, `stats` and `strip` on a file of any size, in
//! memory that does not grow with it, on every core. What cannot be streamed (standard input,
//! GB18030, a file that cannot be opened or is not valid UTF-8) is left to the whole-file path,
//! which reports it exactly as it always has.

use super::paths::Input;
use crate::markup::LineStart;
use crate::store::TextEncoding;
use crate::stream;
use std::io;

/// How many bytes of results are held back until the whole file is known to be UTF-8 (a bad
/// byte is reported alone, as a whole read reports it, never after the findings of the lines
/// before it). Past that, the rest of the file is first checked on its own, and the results go
/// out as they come: memory stays bounded whatever the file and its findings.
const HELD_BACK_BYTES: usize = 16 << 20;

/// Runs `work` on each run of whole lines of `input` (as text, with where it starts) on every
/// core, and `consume` on the results in file order, in pieces of about `chunk_bytes` (`None`:
/// do not stream). `weigh` says how many bytes a result holds. `Ok(false)`: not streamed, and
/// nothing was consumed; the caller reads the input whole instead.
///
/// One pass: each piece is checked to be UTF-8 on the worker that reads it, and the results
/// wait (up to `HELD_BACK_BYTES`) until the end shows the whole file is.
pub fn for_each_piece<T: Send>(
    input: &Input,
    chunk_bytes: Option<usize>,
    work: impl Fn(&str, LineStart) -> T + Sync,
    weigh: impl Fn(&T) -> usize,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<bool> {
    let (Some(path), Some(chunk_bytes)) = (&input.path, chunk_bytes) else {
        return Ok(false);
    };
    if input.encoding != TextEncoding::Utf8 {
        return Ok(false);
    }
    let Ok(mut file) = stream::open(path) else {
        return Ok(false);
    };
    let mut held: Vec<T> = Vec::new();
    let mut held_bytes = 0usize;
    // Whether the whole file is known to be UTF-8 (results then go out as they come).
    let mut released = false;
    let run = stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, at| {
            simdutf8::basic::from_utf8(&bytes)
                .ok()
                .map(|text| work(text, at))
        },
        |piece| {
            let Some(t) = piece else {
                return Err(io::Error::other(format!(
                    "{}: error: changed while read: no longer UTF-8",
                    path.display()
                )));
            };
            if released {
                return consume(t);
            }
            held_bytes += weigh(&t);
            held.push(t);
            if held_bytes > HELD_BACK_BYTES {
                if !is_utf8(path, chunk_bytes) {
                    return Err(io::Error::other("not UTF-8"));
                }
                released = true;
                held.drain(..).try_for_each(&mut consume)?;
            }
            Ok(())
        },
    );
    match run {
        // Not UTF-8 (or unreadable) before anything went out: the whole read says why.
        Err(_) if !released => Ok(false),
        Err(e) => Err(e),
        Ok(()) => {
            held.into_iter().try_for_each(consume)?;
            Ok(true)
        }
    }
}

/// Whether the file at `path` is all UTF-8, read in pieces on every core.
fn is_utf8(path: &std::path::Path, chunk_bytes: usize) -> bool {
    let Ok(mut file) = stream::open(path) else {
        return false;
    };
    stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, _| simdutf8::basic::from_utf8(&bytes).is_ok(),
        |ok| {
            if ok {
                Ok(())
            } else {
                Err(io::Error::other("not UTF-8"))
            }
        },
    )
    .is_ok()
}
