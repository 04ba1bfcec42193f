//! Big files in pieces: read in large chunks cut at line ends, each chunk worked on by a pool of
//! threads (one per core), the results handed back in file order. Memory holds only the chunks
//! in flight, whatever the size of the file. Markup lines are independent (a tag never spans
//! lines), so a run of whole lines is a unit of work.
//!
//! Several files are streamed in runs of the same lines (`in_order_aligned`, `aligned_texts`: what
//! `agree`, `diff` and `merge` use). `check`, `stats`, `strip` and the editor's open use it through
//! `markup::parse_part` + `Document::append`, so memory never holds a second copy of a file; each
//! piece's UTF-8 is checked on its worker (simdutf8) in the same pass.

use crate::markup::LineStart;
use crate::store::{FileKind, LoadError, open_guarded};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

/// How many bytes a chunk holds (a line longer than that is one chunk on its own): large
/// enough that handing chunks between threads costs nothing, small enough that a few in flight
/// are a small part of a 100 MB file.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Opens a file to read in chunks after the checks `store::read_bytes` makes before reading a
/// file whole: a regular file (a FIFO would block, `/dev/zero` never end), not over
/// `max_file_bytes`. A reader that wants the same error a whole read gives reads it whole.
pub fn open(path: &Path) -> Result<File, LoadError> {
    Ok(open_guarded(path, FileKind::Policy)?.0)
}

/// Reads `reader` in chunks of about `chunk_bytes` cut after a line break, runs `work` on each
/// chunk with where it starts in the file, on every core, and gives the results to `consume` in
/// file order. Stops at the first error of reading or of `consume` (a consumer stops early by
/// returning an error of its own).
pub fn in_order<T: Send>(
    reader: &mut dyn Read,
    chunk_bytes: usize,
    work: impl Fn(Vec<u8>, LineStart) -> T + Sync,
    consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let mut chunks = Chunker::new(reader, chunk_bytes);
    pool(
        || chunks.next_chunk(),
        |(bytes, at)| work(bytes, at),
        consume,
    )
}

/// A run of whole lines of one file, cut to line up with the same lines of other files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub bytes: Vec<u8>,
    /// Where it starts in its file.
    pub at: LineStart,
    /// The line before it (1-based line number and chars + 1 of that line, the BOM left out),
    /// or (1, 1) at the file's start: where a file that ends here ends.
    pub before: (usize, usize),
}

/// Reads several files in runs of the same lines: the first cut in chunks of about
/// `chunk_bytes` at line ends, each other one cut after as many lines (and, at the first's
/// end, one line more if it has one: enough to see it is longer). `work` gets one `Piece` per
/// file, on every core; `consume` gets the results in file order, as `in_order`.
pub fn in_order_aligned<T: Send>(
    readers: Vec<&mut dyn Read>,
    chunk_bytes: usize,
    work: impl Fn(Vec<Piece>) -> T + Sync,
    consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    let mut readers = readers.into_iter();
    let Some(first) = readers.next() else {
        return Ok(());
    };
    let mut lead = Chunker::new(first, chunk_bytes);
    let mut others: Vec<LineTaker<'_>> = readers.map(LineTaker::new).collect();
    let mut before = vec![(1, 1); others.len() + 1];
    let mut done = false;
    let mut next = || -> io::Result<Option<Vec<Piece>>> {
        if done {
            return Ok(None);
        }
        let (bytes, at) = lead.next_chunk()?.unwrap_or((Vec::new(), lead.at));
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        done = lead.eof && lead.carry.is_empty();
        let mut cut = vec![(bytes, at)];
        for o in &mut others {
            cut.push(o.take(lines + usize::from(done))?);
        }
        if cut.iter().all(|(bytes, _)| bytes.is_empty()) {
            return Ok(None);
        }
        let pieces: Vec<Piece> = cut
            .into_iter()
            .zip(&before)
            .map(|((bytes, at), &before)| Piece { bytes, at, before })
            .collect();
        for (b, p) in before.iter_mut().zip(&pieces) {
            *b = end_of_last_line(p);
        }
        Ok(Some(pieces))
    };
    pool(&mut next, work, consume)
}

/// Where the last line of `p` ends (its number, chars + 1, its line break counted), or
/// `p.before` if it has none.
fn end_of_last_line(p: &Piece) -> (usize, usize) {
    let Some((_, body)) = p.bytes.split_last() else {
        return p.before;
    };
    let start = memchr::memrchr(b'\n', body).map_or(0, |i| i + 1);
    let line_no = p.at.line_no + memchr::memchr_iter(b'\n', body).count();
    let mut line = &p.bytes[start..];
    if start == 0 && p.at.byte == 0 {
        line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    }
    let chars = line.iter().filter(|&&b| (b as i8) >= -0x40).count();
    (line_no, chars + 1)
}

/// A run of whole lines of one file as text, cut to line up with the same lines of others.
#[derive(Debug, Clone, Copy)]
pub struct TextPiece<'a> {
    pub text: &'a str,
    /// Where it starts in its file.
    pub at: LineStart,
    /// Where the line before it ends (see `Piece::before`).
    pub before: (usize, usize),
}

/// Streams UTF-8 `paths` in runs of the same lines (`in_order_aligned`): `work` on every core,
/// `consume` in file order until it says `Break` (the rest is then only checked to be UTF-8,
/// so a bad byte anywhere is reported as a whole read would). False when they could not be
/// streamed (not regular files, over the size limit, a read error, not UTF-8): the caller
/// throws away what it consumed and reads the files whole, which reports why as it always has.
pub fn aligned_texts<T: Send>(
    paths: &[&Path],
    chunk_bytes: usize,
    work: impl Fn(&[TextPiece<'_>]) -> T + Sync,
    mut consume: impl FnMut(T) -> ControlFlow<()>,
) -> bool {
    let mut files = Vec::new();
    for p in paths {
        match open(p) {
            Ok(f) => files.push(f),
            Err(_) => return false,
        }
    }
    let readers: Vec<&mut dyn Read> = files.iter_mut().map(|f| f as &mut dyn Read).collect();
    let stopped = AtomicBool::new(false);
    let run = in_order_aligned(
        readers,
        chunk_bytes,
        |pieces| {
            let mut texts = Vec::with_capacity(pieces.len());
            for p in &pieces {
                texts.push(TextPiece {
                    text: std::str::from_utf8(&p.bytes).ok()?,
                    at: p.at,
                    before: p.before,
                });
            }
            Some((!stopped.load(Ordering::Relaxed)).then(|| work(&texts)))
        },
        |result| match result {
            None => Err(io::Error::other("not UTF-8")),
            Some(Some(t)) if !stopped.load(Ordering::Relaxed) => {
                if consume(t).is_break() {
                    stopped.store(true, Ordering::Relaxed);
                }
                Ok(())
            }
            Some(_) => Ok(()),
        },
    );
    run.is_ok()
}

/// Takes runs of a given number of lines from a reader.
struct LineTaker<'r> {
    reader: &'r mut dyn Read,
    carry: Vec<u8>,
    at: LineStart,
    eof: bool,
}

impl<'r> LineTaker<'r> {
    fn new(reader: &'r mut dyn Read) -> Self {
        LineTaker {
            reader,
            carry: Vec::new(),
            at: LineStart::FILE,
            eof: false,
        }
    }

    /// The bytes of the next `lines` lines (up to and with their line breaks; fewer at the end
    /// of the file), with where they start.
    fn take(&mut self, lines: usize) -> io::Result<(Vec<u8>, LineStart)> {
        let mut buf = std::mem::take(&mut self.carry);
        let (mut seen, mut searched) = (0usize, 0usize);
        let cut = loop {
            if seen == lines {
                break searched.min(buf.len());
            }
            let mut cut = None;
            for i in memchr::memchr_iter(b'\n', &buf[searched..]) {
                seen += 1;
                if seen == lines {
                    cut = Some(searched + i + 1);
                    break;
                }
            }
            if let Some(cut) = cut {
                break cut;
            }
            searched = buf.len();
            if self.eof {
                break buf.len();
            }
            let got = (&mut *self.reader)
                .take(CHUNK_BYTES as u64)
                .read_to_end(&mut buf)?;
            self.eof = got == 0;
        };
        self.carry = buf[cut..].to_vec();
        buf.truncate(cut);
        let at = self.at;
        self.at.line_no += memchr::memchr_iter(b'\n', &buf).count();
        self.at.byte += buf.len();
        Ok((buf, at))
    }
}

/// Runs `work` on each job `next_job` gives, on a pool of threads (one per core), and gives the
/// results to `consume` in the jobs' order. A single job is worked on here: no threads.
fn pool<J: Send, T: Send>(
    mut next_job: impl FnMut() -> io::Result<Option<J>>,
    work: impl Fn(J) -> T + Sync,
    mut consume: impl FnMut(T) -> io::Result<()>,
) -> io::Result<()> {
    // Past a few cores the reading and the in-order consumer are the limit, and each worker
    // keeps up to two chunks in flight: capped, memory stays small on a many-core machine.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    // A file of one chunk (most policies) is worked on here: no threads to start.
    let Some(first) = next_job()? else {
        return Ok(());
    };
    let Some(second) = next_job()? else {
        return consume(work(first));
    };
    let mut queued = vec![first, second].into_iter();
    // A job queue as deep as the pool: the reader stays a little ahead of the workers.
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(workers);
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
                    let Ok((i, job)) = job else { break };
                    if done_tx.send((i, work(job))).is_err() {
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
            while let Some(job) = match queued.next() {
                Some(job) => Some(job),
                None => next_job()?,
            } {
                if job_tx.send((sent, job)).is_err() {
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

impl<'r> Chunker<'r> {
    fn new(reader: &'r mut dyn Read, chunk_bytes: usize) -> Self {
        Chunker {
            reader,
            chunk_bytes: chunk_bytes.max(1),
            carry: Vec::new(),
            at: LineStart::FILE,
            eof: false,
        }
    }

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

    #[test]
    fn aligned_pieces_hold_the_same_lines_of_each_file() {
        let a = "ab\ncdef\n\nghijklmnop\nq".repeat(20);
        let b = "x\ny\nzz\nw\nv".repeat(20) + "\nextra\nmore";
        for chunk_bytes in [1, 3, 7, 64, 1 << 20] {
            let mut got: Vec<Vec<Piece>> = Vec::new();
            let (mut ra, mut rb) = (a.as_bytes(), b.as_bytes());
            in_order_aligned(
                vec![&mut ra as &mut dyn Read, &mut rb],
                chunk_bytes,
                |p| p,
                |p| {
                    got.push(p);
                    Ok(())
                },
            )
            .unwrap();
            let joined_a: Vec<u8> = got.iter().flat_map(|p| p[0].bytes.clone()).collect();
            assert_eq!(joined_a, a.as_bytes());
            let joined_b: Vec<u8> = got.iter().flat_map(|p| p[1].bytes.clone()).collect();
            // B is read as far as A's last line (A's has no line break: B's is whole), not on.
            assert_eq!(joined_b, (b.rsplit_once("extra").unwrap().0).as_bytes());
            let mut ends = [(1, 1); 2];
            for p in &got {
                let lines = |x: &Piece| x.bytes.iter().filter(|&&c| c == b'\n').count();
                if p[0].bytes.ends_with(b"\n") && p[1].bytes.ends_with(b"\n") {
                    assert_eq!(lines(&p[0]), lines(&p[1]), "chunk {chunk_bytes}");
                }
                assert_eq!([p[0].before, p[1].before], ends);
                ends = [end_of_last_line(&p[0]), end_of_last_line(&p[1])];
            }
        }
    }
}
