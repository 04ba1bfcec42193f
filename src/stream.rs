//! Big files in pieces: read in large chunks cut at line ends, each chunk worked on by a pool of
//! threads (one per core), the results handed back in file order. Memory holds only the chunks
//! in flight, whatever the size of the file. Markup lines are independent (a tag never spans
//! lines), so a run of whole lines is a unit of work.

use crate::markup::LineStart;
use crate::store::{LoadError, max_file_bytes};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Mutex, mpsc};

/// How many bytes a chunk holds (a line longer than that is one chunk on its own): large
/// enough that handing chunks between threads costs nothing, small enough that a few in flight
/// are a small part of a 100 MB file.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Opens a file to read in chunks after the checks `store::read_bytes` makes before reading a
/// file whole: a regular file (a FIFO would block, `/dev/zero` never end), not over
/// `max_file_bytes`. A reader that wants the same error a whole read gives reads it whole.
pub fn open(path: &Path) -> Result<File, LoadError> {
    let limit = max_file_bytes()?;
    let io_error = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let not_regular = || LoadError::NotRegular {
        path: path.to_path_buf(),
    };
    // Looked at before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular());
    }
    if meta.len() > limit {
        return Err(LoadError::OverLimit {
            path: path.to_path_buf(),
            bytes: Some(meta.len()),
            limit,
        });
    }
    let file = File::open(path).map_err(io_error)?;
    // Swapped for something else between the look and the open: refuse it all the same.
    if !file.metadata().map_err(io_error)?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Reads `reader` in chunks of about `chunk_bytes` cut after a line break, runs `work` on each
/// chunk with where it starts in the file, on every core, and gives the results to `consume` in
/// file order. Stops at the first error of reading or of `consume` (a consumer stops early by
/// returning an error of its own).
pub fn in_order<T: Send>(
    reader: &mut dyn Read,
    chunk_bytes: usize,
    work: impl Fn(Vec<u8>, LineStart) -> T + Sync,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    // Past a few cores the reading and the in-order consumer are the limit, and each worker
    // keeps up to two chunks in flight: capped, memory stays small on a many-core machine.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut chunks = Chunker {
        reader,
        chunk_bytes: chunk_bytes.max(1),
        carry: Vec::new(),
        at: LineStart::FILE,
        eof: false,
    };
    // A file of one chunk (most policies) is worked on here: no threads to start.
    let Some(first) = chunks.next_chunk()? else {
        return Ok(());
    };
    if chunks.eof && chunks.carry.is_empty() {
        let (bytes, at) = first;
        return consume(work(bytes, at));
    }
    let mut first = Some(first);
    // A job queue as deep as the pool: the reader stays a little ahead of the workers.
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<u8>, LineStart)>(workers);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, T)>();
    let work = &work;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            scope.spawn(move || {
                loop {
                    let job = job_rx
                        .lock()
                        .map_err(|_| ())
                        .and_then(|rx| rx.recv().ok().ok_or(()));
                    let Ok((i, bytes, at)) = job else { break };
                    if done_tx.send((i, work(bytes, at))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending = BTreeMap::new();
        let mut next = 0usize;
        let mut sent = 0usize;
        let mut deliver = |pending: &mut BTreeMap<usize, T>, next: &mut usize| -> io::Result<()> {
            while let Some(t) = pending.remove(next) {
                consume(t)?;
                *next += 1;
            }
            Ok(())
        };
        let mut read_all = || -> io::Result<()> {
            while let Some((bytes, at)) = match first.take() {
                Some(chunk) => Some(chunk),
                None => chunks.next_chunk()?,
            } {
                if job_tx.send((sent, bytes, at)).is_err() {
                    return Err(io::Error::other("a worker thread stopped"));
                }
                sent += 1;
                while let Ok((i, t)) = done_rx.try_recv() {
                    pending.insert(i, t);
                }
                deliver(&mut pending, &mut next)?;
            }
            Ok(())
        };
        let read = read_all();
        // No more jobs: idle workers end, and a worker that panicked cannot leave us waiting.
        drop(job_tx);
        read?;
        while next < sent {
            match done_rx.recv() {
                Ok((i, t)) => {
                    pending.insert(i, t);
                    deliver(&mut pending, &mut next)?;
                }
                Err(_) => return Err(io::Error::other("a worker thread stopped")),
            }
        }
        Ok(())
    })
}

/// Reads `reader` in chunks of about `chunk_bytes` cut after a line break and gives each, in
/// order, with where it starts, on this thread: for a reader that keeps the chunks to work on
/// later (the editor parses the first one at once and the rest behind the first frame).
pub fn for_each_chunk(
    reader: &mut dyn Read,
    chunk_bytes: usize,
    mut each: impl FnMut(Vec<u8>, LineStart) -> io::Result<()>,
) -> io::Result<()> {
    let mut chunks = Chunker {
        reader,
        chunk_bytes: chunk_bytes.max(1),
        carry: Vec::new(),
        at: LineStart::FILE,
        eof: false,
    };
    while let Some((bytes, at)) = chunks.next_chunk()? {
        each(bytes, at)?;
    }
    Ok(())
}

/// Cuts a reader into chunks of whole lines.
struct Chunker<'r> {
    reader: &'r mut dyn Read,
    chunk_bytes: usize,
    /// Bytes read past the last cut: the start of the next chunk.
    carry: Vec<u8>,
    /// Where the next chunk starts.
    at: LineStart,
    eof: bool,
}

impl Chunker<'_> {
    fn next_chunk(&mut self) -> io::Result<Option<(Vec<u8>, LineStart)>> {
        if self.eof && self.carry.is_empty() {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.carry);
        let mut target = self.chunk_bytes;
        let mut searched = 0;
        let cut = loop {
            if !self.eof && buf.len() < target {
                buf.reserve(target - buf.len());
                let want = target - buf.len();
                let got = (&mut *self.reader)
                    .take(want as u64)
                    .read_to_end(&mut buf)?;
                self.eof = got < want;
            }
            if self.eof {
                break buf.len();
            }
            match memchr::memrchr(b'\n', &buf[searched..]) {
                Some(i) => break searched + i + 1,
                // One line longer than a chunk: read on to its end.
                None => {
                    searched = buf.len();
                    target += self.chunk_bytes;
                }
            }
        };
        if buf.is_empty() {
            return Ok(None);
        }
        self.carry = buf[cut..].to_vec();
        buf.truncate(cut);
        let at = self.at;
        self.at.line_no += memchr::memchr_iter(b'\n', &buf).count();
        self.at.byte += buf.len();
        Ok(Some((buf, at)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_whole_lines_in_order_with_their_starts() {
        let text = "ab\ncdef\n\nghijklmnop\nq".repeat(50);
        for chunk_bytes in [1, 2, 3, 7, 64, 1 << 20] {
            let mut got = Vec::new();
            in_order(
                &mut text.as_bytes(),
                chunk_bytes,
                |bytes, at| (bytes, at),
                |(bytes, at)| {
                    got.push((bytes, at));
                    Ok(())
                },
            )
            .unwrap();
            let joined: Vec<u8> = got.iter().flat_map(|(b, _)| b.clone()).collect();
            assert_eq!(joined, text.as_bytes(), "chunk {chunk_bytes}");
            let mut at = LineStart::FILE;
            for (i, (bytes, start)) in got.iter().enumerate() {
                assert_eq!(*start, at, "chunk {chunk_bytes}, piece {i}");
                if i + 1 < got.len() {
                    assert_eq!(bytes.last(), Some(&b'\n'), "cut at a line end");
                }
                at.line_no += bytes.iter().filter(|&&b| b == b'\n').count();
                at.byte += bytes.len();
            }
        }
    }

    #[test]
    fn an_empty_reader_gives_nothing_and_a_consumer_error_stops() {
        let mut n = 0;
        in_order(
            &mut &b""[..],
            4,
            |b, _| b,
            |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(n, 0);
        let err = in_order(
            &mut &b"a\nb\nc\nd\n"[..],
            1,
            |b, _| b,
            |_| Err(io::Error::other("stop")),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "stop");
    }
}
