//! What the editor suggests: the model's predictions when there is a model, else the lexicon's
//! matches. Model predictions are made per block of lines, only for the blocks asked about (the
//! screen, or the whole file for a jump), and kept until the text or the model changes: a tag
//! never invalidates them, it only filters them. A backend's predictions (`backend_fetch`) come
//! first where they are fetched.

use super::{App, FileId};
use crate::markup::Document;
use crate::scheme::RoleId;
use crate::suggest::{Prediction, taggable};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// Lines per prediction block.
const BLOCK_LINES: usize = 32;

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin {
    /// The lexicon entry it matched.
    Lexicon { entry: usize },
    /// The model, with its calibrated confidence.
    Model { confidence: f32 },
}

/// A suggestion shown in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// Char range in the plain text.
    pub range: Range<usize>,
    pub role: RoleId,
    pub origin: Origin,
}

impl Offer {
    pub fn confidence(&self) -> Option<f32> {
        match self.origin {
            Origin::Model { confidence } => Some(confidence),
            Origin::Lexicon { .. } => None,
        }
    }
}

/// One file's predictions per block, for a (text revision, model version).
type FilePredictions = ((u64, u64), HashMap<usize, Rc<Vec<Prediction>>>);

/// Model predictions of the open files.
#[derive(Default)]
pub struct PredictionCache {
    files: HashMap<FileId, FilePredictions>,
}

impl App {
    /// Suggestions for the current buffer in `range` (clamped), rejected ones left out: the
    /// model's when there is one, else the lexicon's.
    pub fn suggestions(&self, range: Range<usize>) -> Vec<Offer> {
        self.suggestions_in(self.current, range)
    }

    /// Whether work done behind the screen (a matcher) has just ended: the suggestions shown
    /// may change. Never waits.
    pub fn background_done(&self) -> bool {
        self.matcher.borrow_mut().take_finished()
    }

    /// Whether work is being done behind the screen (the loop then looks back soon).
    pub fn working_behind(&self) -> bool {
        self.matcher.borrow().is_building()
    }

    /// `suggestions` for open file `id`.
    pub fn suggestions_in(&self, id: FileId, range: Range<usize>) -> Vec<Offer> {
        let f = self.file(id);
        let doc = &f.buffer.doc;
        let rejected = &f.view.rejected;
        let len = doc.text.len_chars();
        let range = range.start.min(len)..range.end.min(len);
        // A backend's predictions once its blocks are fetched; meanwhile the model's or the
        // lexicon's.
        let fetched = self.backend_predictions(id, range.clone());
        let offers: Vec<Offer> = if fetched.is_some() || self.learning.model.is_some() {
            fetched
                .unwrap_or_else(|| self.predictions(id, range.clone()))
                .into_iter()
                .filter(|p| taggable(doc, p.range.start, p.range.end, p.role))
                .map(|p| Offer {
                    range: p.range,
                    role: p.role,
                    origin: Origin::Model {
                        confidence: p.confidence,
                    },
                })
                .collect()
        } else {
            self.lexicon_matches(doc, range)
        };
        offers
            .into_iter()
            .filter(|x| !rejected.contains(&(x.range.start, x.range.end)))
            .collect()
    }

    fn lexicon_matches(&self, doc: &Document, range: Range<usize>) -> Vec<Offer> {
        let lexicon = self.lexicon();
        if lexicon.is_empty() {
            return Vec::new();
        }
        let mut cache = self.matcher.borrow_mut();
        let m = cache.current(self.lexicon_version, lexicon, self.work_behind);
        m.find(lexicon, doc, range)
            .into_iter()
            .map(|x| Offer {
                range: x.range,
                role: x.role,
                origin: Origin::Lexicon { entry: x.entry },
            })
            .collect()
    }

    /// The model's predictions starting in `range` of file `id`, whatever is tagged.
    fn predictions(&self, id: FileId, range: Range<usize>) -> Vec<Prediction> {
        let Some(model) = self.learning.model.clone() else {
            return Vec::new();
        };
        let f = self.file(id);
        let text = &f.buffer.doc.text;
        let key = (f.buffer.text_revision, self.learning.version);
        let mut cache = self.predictions.borrow_mut();
        let entry = cache.files.entry(id).or_default();
        if entry.0 != key {
            *entry = (key, HashMap::new());
        }
        let first = text.char_to_line(range.start) / BLOCK_LINES;
        let last = text.char_to_line(range.end) / BLOCK_LINES;
        let mut out = Vec::new();
        for b in first..=last {
            let block = entry
                .1
                .entry(b)
                .or_insert_with(|| {
                    let lines = text.len_lines();
                    let (l0, l1) = (
                        (b * BLOCK_LINES).min(lines),
                        ((b + 1) * BLOCK_LINES).min(lines),
                    );
                    let (c0, c1) = (text.line_to_char(l0), text.line_to_char(l1));
                    let mut plain = Document::empty(self.scheme.clone());
                    plain.text = text.slice(c0..c1).into();
                    let mut v = model.predict_text(&plain);
                    for p in &mut v {
                        p.range = p.range.start + c0..p.range.end + c0;
                    }
                    Rc::new(v)
                })
                .clone();
            out.extend(
                block
                    .iter()
                    .filter(|p| {
                        range.start <= p.range.start
                            && p.range.start < range.end.max(range.start + 1)
                    })
                    .cloned(),
            );
        }
        out
    }

    /// Fills file `id`'s prediction cache for the current model with `all`: the model's
    /// predictions for the file's whole text at `revision`, made by the model job off the key
    /// path (predicting one block on the key path took ~50 ms in `benches/model_keys.rs`). The
    /// same as predicting block by block: the model works line by line and blocks are whole
    /// lines. A file closed or whose text changed since is left to predict as it is drawn.
    pub(crate) fn seed_predictions(&self, id: FileId, revision: u64, all: Vec<Prediction>) {
        let Some(f) = self.index_of(id).map(|i| &self.files[i]) else {
            return;
        };
        if f.buffer.text_revision != revision {
            return;
        }
        let text = &f.buffer.doc.text;
        // Every block the file has, empty ones too: a missing block would be predicted.
        let blocks = (text.len_lines().saturating_sub(1)) / BLOCK_LINES + 1;
        let mut per_block: Vec<Vec<Prediction>> = vec![Vec::new(); blocks];
        for p in all {
            let b = text.char_to_line(p.range.start.min(text.len_chars())) / BLOCK_LINES;
            per_block[b.min(blocks - 1)].push(p);
        }
        let blocks = per_block
            .into_iter()
            .enumerate()
            .map(|(b, v)| (b, Rc::new(v)))
            .collect();
        self.predictions
            .borrow_mut()
            .files
            .insert(id, ((revision, self.learning.version), blocks));
    }

    /// How many blocks of file `id` are predicted for its text and model as they are now.
    #[cfg(test)]
    pub(crate) fn predicted_blocks(&self, id: FileId) -> usize {
        let key = (self.file(id).buffer.text_revision, self.learning.version);
        self.predictions
            .borrow()
            .files
            .get(&id)
            .filter(|(k, _)| *k == key)
            .map_or(0, |(_, blocks)| blocks.len())
    }

    /// The suggestion covering char `pos`, if any.
    pub fn suggestion_at(&self, pos: usize) -> Option<Offer> {
        let line = self.buf().doc.line_range_of(pos);
        self.suggestions(line)
            .into_iter()
            .find(|x| x.range.start <= pos && pos < x.range.end)
    }

    /// "data 数据 (data 12, actor 2)" for the lexicon, "data 数据 (confidence 0.83)" for the
    /// model: the role of a suggestion and why it is offered.
    pub fn suggestion_label(&self, x: &Offer) -> String {
        let r = self.scheme.role(x.role);
        let mut s = format!("{} {}", r.name, r.zh);
        match x.origin {
            Origin::Model { confidence } => s.push_str(&format!(" (confidence {confidence:.2})")),
            Origin::Lexicon { entry } => {
                let Some(e) = self.lexicon().entries.get(entry) else {
                    return s;
                };
                if e.is_split() {
                    let parts: Vec<String> = e
                        .counts
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| **c > 0)
                        .map(|(i, c)| format!("{} {c}", self.scheme.roles[i].name))
                        .collect();
                    s.push_str(&format!(" ({})", parts.join(", ")));
                } else {
                    s.push_str(&format!(" (seen {}×)", e.total()));
                }
            }
        }
        s
    }

    /// Expected work left in session file `i`: live for an open file (its edits and
    /// rejections count), else from the last model job.
    pub fn file_work(&self, i: usize) -> Option<f32> {
        self.learning.model.as_ref()?;
        match self.open_file_of(i) {
            Some(f) => Some(super::learning::work_of(
                self.suggestions_in(f.id, 0..usize::MAX)
                    .iter()
                    .filter_map(Offer::confidence),
            )),
            None => self.learning.work.get(i).copied().flatten(),
        }
    }
}
