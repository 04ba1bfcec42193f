//! The session's suggestion model: when to train it, the training job handed to the wiring, and
//! what a finished job changes. The app never runs a job itself: it queues one
//! (`App::take_model_job`), whoever drives the app runs `ModelJob::run` where it likes (a
//! background thread in the terminal, in place in tests) and hands the `JobDone` back
//! (`App::model_job_done`). A job whose generation is no longer awaited is ignored, so a job
//! can be abandoned at any time (on quit nobody waits for it).

use super::{App, FileId};
use crate::doc::{Buffer, LoadOptions};
use crate::markup::Document;
use crate::scheme::Scheme;
use crate::suggest::train::{TrainOptions, train};
use crate::suggest::{Model, Prediction, taggable};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Retrain after this many new tags by default: about a minute or two of tagging, and a
/// retrain of a 63-file session is far shorter than that on a second core.
pub const RETRAIN_EVERY: usize = 20;

/// Where the model in use came from.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelOrigin {
    /// `--model FILE`.
    Loaded(PathBuf),
    /// Trained on the session's tags.
    Trained { files: usize, tags: usize },
}

/// The model state of the editor.
#[derive(Debug, Clone)]
pub struct Learning {
    pub model: Option<Arc<Model>>,
    pub origin: Option<ModelOrigin>,
    /// Bumped each time the model changes (prediction caches key on it).
    pub version: u64,
    /// Train on the session's tags at all (off for `--keys` scripts and with `--model`).
    pub auto: bool,
    /// Retrain after this many new tags (0: never).
    pub retrain_every: usize,
    /// Tags added since the last job was taken.
    pub new_tags: usize,
    /// A job is wanted (at start, after `retrain_every` tags, on request).
    pub wanted: bool,
    /// The generation of the job running, if one is.
    pub running: Option<u64>,
    next_generation: u64,
    /// Expected work per session file (sum of 1 − confidence over the predictions still to
    /// decide), from the last job; `None` for a file it could not read.
    pub work: Vec<Option<f32>>,
    /// The file list is ordered by expected work (else by name).
    pub by_work: bool,
    /// Why the last job gave no model, if it did not.
    pub last_error: Option<String>,
    /// The session files of the running job, in its order (the list may be reordered
    /// meanwhile).
    job_paths: Vec<PathBuf>,
    /// The suggestion the least-sure jump went to last: file, confidence, start. Accepting or
    /// rejecting it takes it out of the list; the next jump goes on from where it was.
    pub least_sure_last: Option<(FileId, f32, usize)>,
}

impl Default for Learning {
    fn default() -> Self {
        Learning {
            model: None,
            origin: None,
            version: 0,
            auto: false,
            retrain_every: RETRAIN_EVERY,
            new_tags: 0,
            wanted: false,
            running: None,
            next_generation: 0,
            work: Vec::new(),
            by_work: false,
            last_error: None,
            job_paths: Vec::new(),
            least_sure_last: None,
        }
    }
}

/// One session file as the job gets it: its document as edited, or its path to read.
pub enum JobFile {
    /// An open file: its document at text revision `revision`; its predictions come back.
    Open {
        doc: Document,
        id: FileId,
        revision: u64,
    },
    Path(PathBuf),
}

/// Train a model (or take `model`) and weigh each session file's expected work with it.
pub struct ModelJob {
    pub generation: u64,
    pub scheme: Scheme,
    pub options: LoadOptions,
    pub files: Vec<JobFile>,
    /// `Some`: no training, only the work figures with this model.
    pub model: Option<Arc<Model>>,
}

/// What a job produced.
pub struct JobDone {
    pub generation: u64,
    pub result: Result<Trained, String>,
}

pub struct Trained {
    pub model: Arc<Model>,
    /// Freshly trained (else the model the job was given).
    pub trained: bool,
    pub work: Vec<Option<f32>>,
    /// The open files' predictions (whole text, whatever is tagged) at the text revision the
    /// job saw: the first frame with the new model then predicts nothing on the key path.
    pub predicted: Vec<(FileId, u64, Vec<Prediction>)>,
    pub seconds: f32,
}

impl ModelJob {
    /// Reads the files, trains, predicts. Slow (seconds on a real corpus): never on the key path.
    pub fn run(self) -> JobDone {
        let started = Instant::now();
        // Each file's document (None: unreadable), with its id and revision when open.
        type Read = Option<(Document, Option<(FileId, u64)>)>;
        let docs: Vec<Read> = self
            .files
            .into_iter()
            .map(|f| match f {
                JobFile::Open { doc, id, revision } => Some((doc, Some((id, revision)))),
                JobFile::Path(p) => Buffer::open(&p, &self.scheme, &self.options)
                    .ok()
                    .map(|b| (b.doc, None)),
            })
            .collect();
        let (model, trained) = match self.model {
            Some(m) => (m, false),
            None => {
                // An untagged file is one not worked on yet, not one where nothing is to tag:
                // it would teach the model to suggest nothing.
                let readable: Vec<Document> = docs
                    .iter()
                    .flatten()
                    .map(|(d, _)| d)
                    .filter(|d| d.spans().next().is_some())
                    .cloned()
                    .collect();
                match train(&readable, &self.scheme, &TrainOptions::default()) {
                    Ok(m) => (Arc::new(m), true),
                    Err(e) => {
                        return JobDone {
                            generation: self.generation,
                            result: Err(e.to_string()),
                        };
                    }
                }
            }
        };
        let mut predicted = Vec::new();
        let work = docs
            .into_iter()
            .map(|d| {
                let (doc, open) = d?;
                let all = model.predict_text(&doc);
                let work = work_of(
                    all.iter()
                        .filter(|p| taggable(&doc, p.range.start, p.range.end, p.role))
                        .map(|p| p.confidence),
                );
                if let Some((id, revision)) = open {
                    predicted.push((id, revision, all));
                }
                Some(work)
            })
            .collect();
        JobDone {
            generation: self.generation,
            result: Ok(Trained {
                model,
                trained,
                work,
                predicted,
                seconds: started.elapsed().as_secs_f32(),
            }),
        }
    }
}

/// Expected work: the sum of 1 − confidence over the predictions still to decide. Folded from +0.0: `Sum` for floats starts at −0.0, so a file
/// with nothing to suggest would show "-0.0".
pub fn work_of(confidences: impl Iterator<Item = f32>) -> f32 {
    confidences.fold(0.0, |w, c| w + (1.0 - c))
}

impl App {
    /// Turns session training on (the editor does, for an interactive session): a first job
    /// is wanted at once.
    pub fn enable_training(&mut self, retrain_every: usize) {
        if self.session.is_none() {
            return;
        }
        self.learning.auto = true;
        self.learning.retrain_every = retrain_every;
        self.learning.wanted = true;
    }

    /// Uses `model` (loaded by `--model`): suggestions come from it; a session gets its work
    /// figures from a job.
    pub fn use_model(&mut self, model: Model, path: PathBuf) {
        self.learning.model = Some(Arc::new(model));
        self.learning.origin = Some(ModelOrigin::Loaded(path));
        self.learning.version += 1;
        if self.session.is_some() {
            self.learning.wanted = true;
        }
    }

    /// A tag was added by the annotator: count it towards the next retraining.
    pub(crate) fn count_new_tag(&mut self) {
        let l = &mut self.learning;
        l.new_tags += 1;
        if l.auto && l.retrain_every > 0 && l.new_tags >= l.retrain_every {
            l.wanted = true;
        }
    }

    /// Asks for a job now (the train key).
    pub(crate) fn request_training(&mut self) {
        if self.session.is_none() {
            self.info("no session: a model is trained on a folder's (or several files') tags");
            return;
        }
        self.learning.wanted = true;
        if self.learning.running.is_some() {
            self.info("training already runs: it trains again when it ends");
        } else {
            self.info("training the model on the session's tags…");
        }
        // An explicit request trains even over a loaded model.
        self.learning.auto = true;
    }

    /// The job to run, if one is wanted and none is running. Cheap: open documents are shared
    /// ropes, other files go as paths.
    pub fn take_model_job(&mut self) -> Option<ModelJob> {
        let sess = self.session.as_ref()?;
        if !self.learning.wanted || self.learning.running.is_some() {
            return None;
        }
        let files = (0..sess.files.len())
            .map(|i| match self.open_file_of(i) {
                Some(f) => JobFile::Open {
                    doc: f.buffer.doc.clone(),
                    id: f.id,
                    revision: f.buffer.text_revision,
                },
                None => JobFile::Path(sess.files[i].path.clone()),
            })
            .collect();
        let paths = sess.files.iter().map(|f| f.path.clone()).collect();
        let l = &mut self.learning;
        l.job_paths = paths;
        l.wanted = false;
        l.new_tags = 0;
        let generation = l.next_generation;
        l.next_generation += 1;
        l.running = Some(generation);
        let model = if l.auto { None } else { l.model.clone() };
        Some(ModelJob {
            generation,
            scheme: self.scheme.clone(),
            options: self.options,
            files,
            model,
        })
    }

    /// A job ended: its model (if newer) replaces the one in use.
    pub fn model_job_done(&mut self, done: JobDone) {
        if self.learning.running != Some(done.generation) {
            return;
        }
        self.learning.running = None;
        match done.result {
            Ok(t) => {
                // What it learned from: the tagged files, not every readable one.
                let (files, tags) = (t.model.trained_files, t.model.trained_tags);
                if t.trained {
                    self.learning.origin = Some(ModelOrigin::Trained { files, tags });
                }
                self.learning.model = Some(t.model);
                self.learning.version += 1;
                for (id, revision, all) in t.predicted {
                    self.seed_predictions(id, revision, all);
                }
                let by_path: HashMap<&PathBuf, Option<f32>> =
                    self.learning.job_paths.iter().zip(t.work).collect();
                self.learning.work = self.session.as_ref().map_or(Vec::new(), |s| {
                    s.files
                        .iter()
                        .map(|f| by_path.get(&f.path).copied().flatten())
                        .collect()
                });
                self.learning.last_error = None;
                if self.learning.by_work {
                    self.order_files_by_work();
                }
                if t.trained {
                    self.quiet_info(format!(
                        "model trained on {files} {} ({tags} tags) in {:.1} s: suggestions come from it",
                        if files == 1 { "file" } else { "files" },
                        t.seconds
                    ));
                }
            }
            Err(e) => self.learning.last_error = Some(e),
        }
        let l = &mut self.learning;
        if l.auto && l.retrain_every > 0 && l.new_tags >= l.retrain_every {
            l.wanted = true;
        }
    }

    /// The running job ended without a result (its thread died): nothing is awaited any more.
    pub fn model_job_failed(&mut self, why: &str) {
        self.learning.running = None;
        self.learning.last_error = Some(why.to_string());
        self.error(format!("model: {why}; suggestions stay as they were"));
    }

    /// An info message that does not cover an error or a question being asked.
    fn quiet_info(&mut self, text: String) {
        let busy = self
            .message
            .as_ref()
            .is_some_and(|m| m.level == super::Level::Error)
            || !matches!(self.mode, super::Mode::Normal | super::Mode::FileList);
        if !busy {
            self.info(text);
        }
    }
}
