//! Opening a big file without waiting for all of it: the file is read, checked (UTF-8, size)
//! and hashed first, so every error is said before the editor starts, exactly as a whole read
//! says it; the first chunk of lines is parsed at once (what the first screens show); the other
//! chunks are parsed behind it on every core. `Loading` hands the parsed pieces back in file
//! order, to be joined with `Document::append` when the editor is between keys (`absorb`), or
//! all at once when a key needs the whole document (`finish`). Lines are independent (a tag
//! never spans lines), so the joined document is the very one `parse` gives for the whole file.

use crate::markup::{Document, LineStart, parse_part};
use crate::scheme::Scheme;
use crate::store::{ContentHasher, DiskStamp};
use crate::stream;
use crate::suggest::Learned;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A chunk parsed behind the first frame.
#[derive(Debug)]
pub struct Piece {
    /// Its place among the chunks after the first.
    pub index: usize,
    /// Its size in the file, in bytes.
    pub bytes: u64,
    pub doc: Document,
    /// What its tags teach the suggestions, learned on the worker that parsed it: joining a
    /// piece then costs the editor no work per tag (merging is per distinct text).
    pub learned: Learned,
}

impl Piece {
    /// The piece `index` holding `doc`, with what its tags teach.
    pub fn new(index: usize, bytes: u64, doc: Document) -> Piece {
        Piece {
            index,
            bytes,
            learned: Learned::of(&doc),
            doc,
        }
    }
}

/// The parsing still going on behind a document opened by `open_lazily`.
#[derive(Debug)]
pub struct Loading {
    pieces: mpsc::Receiver<Piece>,
    /// Pieces that came before one they follow.
    early: BTreeMap<usize, Piece>,
    /// The place of the next piece to join.
    next: usize,
    /// How many pieces there are.
    count: usize,
    done_bytes: u64,
    total_bytes: u64,
    total_lines: usize,
}

impl Loading {
    /// A loading whose `count` pieces come by hand on the returned channel (tests hold the
    /// end of a file back with it).
    #[cfg(test)]
    pub(crate) fn fed(
        count: usize,
        total_bytes: u64,
        total_lines: usize,
    ) -> (Loading, mpsc::Sender<Piece>) {
        let (tx, rx) = mpsc::channel();
        let loading = Loading {
            pieces: rx,
            early: BTreeMap::new(),
            next: 0,
            count,
            done_bytes: 0,
            total_bytes,
            total_lines,
        };
        (loading, tx)
    }

    /// Joins to `doc` every piece parsed so far that comes next in file order, each first shown
    /// to `each` with the char offset it is joined at (to learn its tags, to extend the merge
    /// base). Never waits. Returns whether anything was joined.
    pub fn absorb(&mut self, doc: &mut Document, each: &mut dyn FnMut(&Piece, usize)) -> bool {
        self.absorb_for(doc, each, Duration::MAX)
    }

    /// `absorb`, but stops joining once `budget` has passed (after one piece at least): what
    /// is left waits for the next call (`is_ready` says there is some), so a key never waits
    /// for a backlog of pieces to be joined.
    pub fn absorb_for(
        &mut self,
        doc: &mut Document,
        each: &mut dyn FnMut(&Piece, usize),
        budget: Duration,
    ) -> bool {
        let started = Instant::now();
        let mut joined = false;
        while let Some(piece) = self.next_ready() {
            self.join(doc, piece, each);
            joined = true;
            if started.elapsed() >= budget {
                break;
            }
        }
        joined
    }

    /// Whether the next piece to join is parsed. Never waits.
    pub fn is_ready(&mut self) -> bool {
        self.receive();
        self.early.contains_key(&self.next)
    }

    /// Takes what the workers have sent so far.
    fn receive(&mut self) {
        while let Ok(piece) = self.pieces.try_recv() {
            self.early.insert(piece.index, piece);
        }
    }

    fn next_ready(&mut self) -> Option<Piece> {
        self.receive();
        self.early.remove(&self.next)
    }

    /// Waits for and joins every piece left: `doc` is then the whole file's document.
    pub fn finish(&mut self, doc: &mut Document, each: &mut dyn FnMut(&Piece, usize)) {
        self.absorb(doc, each);
        while !self.is_done() {
            match self.early.remove(&self.next) {
                Some(piece) => self.join(doc, piece, each),
                None => match self.pieces.recv() {
                    Ok(piece) => {
                        self.early.insert(piece.index, piece);
                    }
                    // The workers only stop early when a parse panicked: say so, never go on
                    // with a document that lacks the end of its file.
                    Err(_) => panic!("the threads parsing the file stopped before its end"),
                },
            }
        }
    }

    fn join(&mut self, doc: &mut Document, piece: Piece, each: &mut dyn FnMut(&Piece, usize)) {
        each(&piece, doc.text.len_chars());
        self.done_bytes += piece.bytes;
        doc.append(piece.doc);
        self.next += 1;
        if self.is_done() {
            // The outline grew by doubling: give back the room no piece will take.
            doc.items.shrink_to_fit();
            doc.note_texts.shrink_to_fit();
            doc.diagnostics.shrink_to_fit();
        }
    }

    /// Every piece joined.
    pub fn is_done(&self) -> bool {
        self.next >= self.count
    }

    /// How much of the file is in the document, in percent (0–99 while loading).
    pub fn percent(&self) -> u8 {
        (self.done_bytes * 100 / self.total_bytes.max(1)).min(99) as u8
    }

    /// How many lines the whole file has (what the line-number gutter is sized for).
    pub fn total_lines(&self) -> usize {
        self.total_lines
    }
}

/// Reads a UTF-8 markup file in chunks of whole lines and parses the first one; the rest is
/// parsed on every core behind the returned `Loading` (`None`: the first chunk was the whole
/// file, the document is complete). `None` altogether when the file cannot be read so (missing,
/// not regular, too large, not UTF-8): the whole-file read then says why, as it always has.
pub(crate) fn open_lazily(
    path: &Path,
    scheme: &Scheme,
    chunk_bytes: usize,
) -> Option<(Document, DiskStamp, Option<Loading>)> {
    let mut file = stream::open(path).ok()?;
    let mut hasher = ContentHasher::new();
    // Checked UTF-8 chunks, kept as bytes (a `String` would check them again, at std's speed).
    let mut chunks: Vec<(Vec<u8>, LineStart)> = Vec::new();
    let mut len = 0u64;
    let mut lines = 1usize;
    // Each chunk is checked on a worker (a cut after a line break never splits a character),
    // hashed and kept here, in file order.
    stream::in_order(
        &mut file,
        chunk_bytes,
        |bytes, at| {
            let ends = memchr::memchr_iter(b'\n', &bytes).count();
            let utf8 = simdutf8::basic::from_utf8(&bytes).is_ok();
            (utf8.then_some(bytes), at, ends)
        },
        |(text, at, ends)| {
            let text = text.ok_or_else(|| std::io::Error::other("not UTF-8"))?;
            hasher.update(&text);
            len += text.len() as u64;
            lines = at.line_no + ends;
            chunks.push((text, at));
            Ok(())
        },
    )
    .ok()?;
    // Past what a document indexes: the whole-file read refuses it with the reason.
    if len > u64::from(u32::MAX) {
        return None;
    }
    let stamp = DiskStamp {
        len,
        mtime: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
        hash: hasher.digest(),
    };
    let mut rest = chunks.into_iter();
    let Some((first, at)) = rest.next() else {
        return Some((Document::empty(scheme.clone()), stamp, None));
    };
    let doc = parse_part(as_text(&first), scheme, at);
    let first_bytes = first.len() as u64;
    drop(first);
    let count = rest.len();
    if count == 0 {
        return Some((doc, stamp, None));
    }
    let (tx, rx) = mpsc::channel();
    let jobs = Arc::new(Mutex::new(rest.enumerate()));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    for _ in 0..workers.min(count) {
        let (jobs, tx, scheme) = (jobs.clone(), tx.clone(), scheme.clone());
        std::thread::spawn(move || {
            // Keys come first: the editor's thread must never wait for a core behind these.
            crate::priority::lower_priority();
            loop {
                // The lock is held only to take a chunk, never while parsing it.
                let job = jobs.lock().ok().and_then(|mut j| j.next());
                let Some((i, (text, at))) = job else { break };
                let bytes = text.len() as u64;
                let part = parse_part(as_text(&text), &scheme, at);
                drop(text);
                // The editor closed the file (or ended): nobody wants the rest.
                if tx.send(Piece::new(i, bytes, part)).is_err() {
                    break;
                }
            }
        });
    }
    let loading = Loading {
        pieces: rx,
        early: BTreeMap::new(),
        next: 0,
        count,
        done_bytes: first_bytes,
        total_bytes: len,
        total_lines: lines,
    };
    Some((doc, stamp, Some(loading)))
}

/// A chunk checked to be UTF-8 when it was read, as text (checked again: no unsafe code).
fn as_text(bytes: &[u8]) -> &str {
    simdutf8::basic::from_utf8(bytes).expect("a chunk checked to be UTF-8 when read")
}
