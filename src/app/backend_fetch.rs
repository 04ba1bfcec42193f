//! Suggestions from a Label Studio ML backend (`--backend URL`) in the editor: predictions per
//! block of lines, as the model's, but fetched behind the screen. Drawing a block that has none
//! yet only wants it (the model or the lexicon is shown meanwhile); the wiring takes the wanted
//! blocks as a `BackendJob`, runs it on a thread (`BackendJob::run`, the HTTP calls) and hands
//! the `BackendDone` back between keys, so a slow or dead backend never delays a key. When it
//! cannot be reached the status line says so and it is asked again `RETRY_AFTER` later. A
//! `--keys` script fetches everything first (`fetch_backend_now`): what it sees never depends
//! on timing.

use super::{App, FileId};
use crate::display_safe::escape;
use crate::suggest::Prediction;
use crate::suggest::backend::{BLOCK_LINES, Backend, BackendError};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long an unreachable backend is left alone before it is asked again.
pub const RETRY_AFTER: Duration = Duration::from_secs(15);

/// Blocks (a request each) per job: a job ends soon, so what the screen wants next goes first.
const BLOCKS_PER_JOB: usize = 4;

/// One file's fetched blocks, for one text revision.
type FileBlocks = (u64, HashMap<usize, Rc<Vec<Prediction>>>);

/// The backend's state in the editor.
#[derive(Default)]
pub struct BackendFetch {
    client: Option<Arc<Backend>>,
    /// `/setup` has been answered.
    set_up: bool,
    fetched: HashMap<FileId, FileBlocks>,
    /// Blocks drawn without predictions, to fetch.
    wanted: RefCell<BTreeSet<(FileId, usize)>>,
    in_flight: bool,
    retry_at: Option<Instant>,
    /// Why the last job failed to reach the backend (`None` once it answers).
    pub unreachable: Option<String>,
    /// Regions the backend sent that could not be used, this session.
    pub dropped: usize,
}

/// Blocks of one file to fetch, their texts copied (the job runs on another thread).
pub struct BackendJob {
    client: Arc<Backend>,
    setup: bool,
    file: FileId,
    revision: u64,
    /// Block number, its first char, its text.
    blocks: Vec<(usize, usize, String)>,
}

/// What a job brought back: the blocks fetched before any error, and the error.
pub struct BackendDone {
    file: FileId,
    revision: u64,
    set_up: bool,
    fetched: Vec<(usize, Vec<Prediction>)>,
    dropped: Vec<String>,
    error: Option<BackendError>,
    /// Blocks not fetched (wanted again).
    left: Vec<usize>,
}

impl BackendJob {
    /// The HTTP calls: may take as long as the backend's timeouts. Never run on the key path.
    pub fn run(self) -> BackendDone {
        let mut done = BackendDone {
            file: self.file,
            revision: self.revision,
            set_up: !self.setup,
            fetched: Vec::new(),
            dropped: Vec::new(),
            error: None,
            left: Vec::new(),
        };
        if self.setup {
            match self.client.setup() {
                Ok(()) => done.set_up = true,
                Err(e) => {
                    done.error = Some(e);
                    done.left = self.blocks.iter().map(|b| b.0).collect();
                    return done;
                }
            }
        }
        let mut blocks = self.blocks.into_iter();
        for (b, c0, text) in blocks.by_ref() {
            if text.trim().is_empty() {
                done.fetched.push((b, Vec::new()));
                continue;
            }
            match self.client.predict(&[(b as u64, &text)]) {
                Ok(mut answer) => {
                    let mut v = answer.tasks.pop().unwrap_or_default();
                    for p in &mut v {
                        p.range = p.range.start + c0..p.range.end + c0;
                    }
                    done.dropped
                        .extend(answer.dropped.iter().map(ToString::to_string));
                    done.fetched.push((b, v));
                }
                Err(e) => {
                    done.error = Some(e);
                    done.left.push(b);
                    break;
                }
            }
        }
        done.left.extend(blocks.map(|b| b.0));
        done
    }
}

impl App {
    /// Takes suggestions from `backend` from now on (the model or lexicon until it answers).
    pub fn use_backend(&mut self, backend: Backend) {
        self.backend = BackendFetch {
            client: Some(Arc::new(backend)),
            ..BackendFetch::default()
        };
    }

    /// Whether suggestions come from a backend.
    pub fn has_backend(&self) -> bool {
        self.backend.client.is_some()
    }

    /// The backend's predictions starting in `range` of file `id` when every block of it is
    /// fetched for the text as it is; else `None`, and the blocks missing are wanted.
    pub(super) fn backend_predictions(
        &self,
        id: FileId,
        range: Range<usize>,
    ) -> Option<Vec<Prediction>> {
        self.backend.client.as_ref()?;
        let f = self.file(id);
        let text = &f.buffer.doc.text;
        let first = text.char_to_line(range.start) / BLOCK_LINES;
        let last = text.char_to_line(range.end) / BLOCK_LINES;
        let blocks = self
            .backend
            .fetched
            .get(&id)
            .filter(|(revision, _)| *revision == f.buffer.text_revision);
        let missing: Vec<usize> = (first..=last)
            .filter(|b| blocks.is_none_or(|(_, m)| !m.contains_key(b)))
            .collect();
        if !missing.is_empty() {
            self.backend
                .wanted
                .borrow_mut()
                .extend(missing.into_iter().map(|b| (id, b)));
            return None;
        }
        let blocks = &blocks?.1;
        let mut out = Vec::new();
        for b in first..=last {
            out.extend(
                blocks[&b]
                    .iter()
                    .filter(|p| {
                        range.start <= p.range.start
                            && p.range.start < range.end.max(range.start + 1)
                    })
                    .cloned(),
            );
        }
        Some(out)
    }

    /// The next blocks to fetch, if the backend is free and not resting after a failure.
    pub fn take_backend_job(&mut self) -> Option<BackendJob> {
        let client = self.backend.client.clone()?;
        if self.backend.in_flight || self.backend.retry_at.is_some_and(|t| Instant::now() < t) {
            return None;
        }
        let mut wanted = self.backend.wanted.borrow_mut();
        // Blocks of closed files, past a file's end or already fetched are not wanted.
        wanted.retain(|&(id, b)| {
            self.index_of(id).is_some_and(|i| {
                let buffer = &self.files[i].buffer;
                b * BLOCK_LINES < buffer.doc.text.len_lines()
                    && !self
                        .backend
                        .fetched
                        .get(&id)
                        .is_some_and(|(r, m)| *r == buffer.text_revision && m.contains_key(&b))
            })
        });
        let file = if wanted.iter().any(|w| w.0 == self.current) {
            self.current
        } else {
            wanted.first()?.0
        };
        let chosen: Vec<usize> = wanted
            .iter()
            .filter(|w| w.0 == file)
            .map(|w| w.1)
            .take(BLOCKS_PER_JOB)
            .collect();
        for &b in &chosen {
            wanted.remove(&(file, b));
        }
        drop(wanted);
        let buffer = &self.file(file).buffer;
        let revision = buffer.text_revision;
        let text = &buffer.doc.text;
        let lines = text.len_lines();
        let blocks = chosen
            .into_iter()
            .map(|b| {
                let (l0, l1) = (b * BLOCK_LINES, ((b + 1) * BLOCK_LINES).min(lines));
                let (c0, c1) = (text.line_to_char(l0), text.line_to_char(l1));
                (b, c0, text.slice(c0..c1).to_string())
            })
            .collect();
        self.backend.in_flight = true;
        Some(BackendJob {
            client,
            setup: !self.backend.set_up,
            file,
            revision,
            blocks,
        })
    }

    /// Keeps what a job fetched (if the text is still the one sent) and says what went wrong.
    pub fn backend_job_done(&mut self, done: BackendDone) {
        self.backend.in_flight = false;
        self.backend.set_up |= done.set_up;
        let current = self
            .index_of(done.file)
            .map(|i| self.files[i].buffer.text_revision);
        if current == Some(done.revision) {
            let entry = self.backend.fetched.entry(done.file).or_default();
            if entry.0 != done.revision {
                *entry = (done.revision, HashMap::new());
            }
            for (b, v) in done.fetched {
                entry.1.insert(b, Rc::new(v));
            }
        }
        let url = self
            .backend
            .client
            .as_ref()
            .map_or("", |c| c.url())
            .to_string();
        if !done.dropped.is_empty() {
            self.backend.dropped += done.dropped.len();
            self.error(format!(
                "backend {url}: {} dropped ({} this session), e.g. {}",
                plural(done.dropped.len()),
                self.backend.dropped,
                escape(&done.dropped[0])
            ));
        }
        match done.error {
            None => {
                if self.backend.unreachable.take().is_some() {
                    self.info(format!("backend {url} answers again"));
                }
            }
            Some(e)
                if e.is_unreachable()
                    || matches!(e, BackendError::Status { status: 500.., .. }) =>
            {
                // Asked again later; meanwhile the model or the lexicon suggests.
                self.backend.retry_at = Some(Instant::now() + RETRY_AFTER);
                self.backend
                    .wanted
                    .borrow_mut()
                    .extend(done.left.iter().map(|&b| (done.file, b)));
                let fallback = if self.learning.model.is_some() {
                    "the model"
                } else {
                    "the lexicon"
                };
                if self.backend.unreachable.is_none() {
                    self.error(format!(
                        "{} — suggestions from {fallback} meanwhile; trying again in {} s",
                        escape(&e.to_string()),
                        RETRY_AFTER.as_secs()
                    ));
                }
                self.backend.unreachable = Some(e.to_string());
            }
            Some(e) => {
                // An answer that cannot be read would be the same again: the blocks get none.
                if current == Some(done.revision) {
                    let entry = self.backend.fetched.entry(done.file).or_default();
                    for b in done.left {
                        entry.1.insert(b, Rc::new(Vec::new()));
                    }
                }
                self.error(format!(
                    "{} — those lines get no backend suggestions",
                    escape(&e.to_string())
                ));
            }
        }
    }

    /// The job's thread ended without an answer: say so, and try again later.
    pub fn backend_job_failed(&mut self, why: &str) {
        self.backend.in_flight = false;
        self.backend.retry_at = Some(Instant::now() + RETRY_AFTER);
        self.error(format!("backend: {why}"));
    }

    /// Fetches every block of every open file now, in place (a `--keys` script, before its
    /// keys: deterministic). Stops at the first failure to reach the backend.
    pub fn fetch_backend_now(&mut self) {
        if !self.has_backend() {
            return;
        }
        for f in &self.files {
            let blocks = f.buffer.doc.text.len_lines().div_ceil(BLOCK_LINES);
            self.backend
                .wanted
                .borrow_mut()
                .extend((0..blocks).map(|b| (f.id, b)));
        }
        while let Some(job) = self.take_backend_job() {
            let done = job.run();
            self.backend_job_done(done);
        }
    }
}

#[cfg(test)]
#[path = "backend_fetch_tests.rs"]
mod tests;

fn plural(n: usize) -> String {
    if n == 1 {
        "1 prediction".into()
    } else {
        format!("{n} predictions")
    }
}
