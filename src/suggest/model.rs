//! A sequence model of the annotators' tags: per char BIOES labels from a linear model over
//! hashed features (`features`), decoded line by line with Viterbi (`labels`), each predicted
//! span given a calibrated confidence (`calibrate`). Trained by `train`; saved and loaded by
//! `model_file`.

use super::calibrate::{Calibration, SpanFacts};
use super::features::{LineFeatures, lexicon_hits, line_features};
use super::labels::{Lattice, count, decode};
use super::lexicon::{Lexicon, Matcher, taggable};
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Feature hash → weight row. The keys are xxh3 hashes already, so a fast non-keyed hasher is
/// enough (std's SipHash cost more than the rest of tagging).
pub type FeatureIndex = FxHashMap<u64, u32>;

/// A span the model proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Char range in the plain text.
    pub range: Range<usize>,
    pub role: RoleId,
    /// Calibrated: among predictions given about this confidence, about this share is right.
    pub confidence: f32,
}

/// The trained model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Role names of the scheme it was trained for, in role id order.
    pub roles: Vec<String>,
    /// Feature hash → weight row.
    pub(crate) index: FeatureIndex,
    /// `rows × labels` weights, each row quantised to bytes: weight = `weights[i] × scales[row]`
    /// (a quarter of the size of f32 weights, and what the model file holds).
    pub(crate) weights: Vec<i8>,
    pub(crate) scales: Vec<f32>,
    /// `(labels + 1) × labels` transition weights (the last row: line start).
    pub(crate) trans: Vec<f32>,
    /// The lexicon of the training tags, for the lexicon-hit features, and its matcher (built
    /// once: building it took longer than tagging a policy).
    pub(crate) lexicon: Lexicon,
    pub(crate) matcher: Matcher,
    /// Scores are divided by this before forward-backward.
    pub temperature: f32,
    pub calibration: Calibration,
    /// What it was trained on: files and tags.
    pub trained_files: usize,
    pub trained_tags: usize,
}

impl Model {
    pub fn labels(&self) -> usize {
        count(self.roles.len())
    }

    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Whether this model was made for `scheme` (same role names in the same order).
    pub fn fits(&self, scheme: &Scheme) -> bool {
        self.roles.len() == scheme.roles.len()
            && self
                .roles
                .iter()
                .zip(&scheme.roles)
                .all(|(a, b)| *a == b.name)
    }

    /// Per char scores of one line's features.
    pub(crate) fn emissions(&self, feats: &LineFeatures) -> Vec<f32> {
        let l = self.labels();
        let mut emit = vec![0.0f32; feats.len() * l];
        for i in 0..feats.len() {
            let row = &mut emit[i * l..(i + 1) * l];
            for h in feats.of(i) {
                if let Some(&r) = self.index.get(h) {
                    let w = &self.weights[r as usize * l..(r as usize + 1) * l];
                    let scale = self.scales[r as usize];
                    for (a, &q) in row.iter_mut().zip(w) {
                        *a += q as f32 * scale;
                    }
                }
            }
        }
        emit
    }

    /// Raw (uncalibrated) spans of one line with their span marginals.
    pub(crate) fn line_spans(
        &self,
        chars: &[char],
        hits: &[Option<(RoleId, u8, u8)>],
    ) -> Vec<(usize, usize, RoleId, f32)> {
        if chars.is_empty() {
            return Vec::new();
        }
        let feats = line_features(chars, hits);
        let emit = self.emissions(&feats);
        let lat = Lattice {
            labels: self.labels(),
            emit: &emit,
            trans: &self.trans,
        };
        let spans = decode(&lat.viterbi());
        let m = lat.span_marginals(&spans, self.temperature);
        spans
            .into_iter()
            .zip(m)
            .map(|((a, b, r), p)| (a, b, r, p))
            .collect()
    }

    /// The predictions for `doc`'s text at or above the model's cutoff (`calibration.cutoff`),
    /// in text order, whatever is tagged already.
    pub fn predict_text(&self, doc: &Document) -> Vec<Prediction> {
        let mut v = self.predict_text_all(doc);
        v.retain(|p| p.confidence >= self.calibration.cutoff_for(p.role));
        v
    }

    /// Every span the model finds in `doc`'s text, however unsure (for evaluation).
    pub fn predict_text_all(&self, doc: &Document) -> Vec<Prediction> {
        let plain = plain_copy(doc);
        let hits = lexicon_hits(&self.lexicon, &self.matcher, &plain);
        let mut out = Vec::new();
        for (start, chars) in lines(&plain) {
            let h = &hits[start..start + chars.len()];
            for (a, b, role, p) in self.line_spans(&chars, h) {
                let facts = SpanFacts {
                    raw: p,
                    ..SpanFacts::of(&self.lexicon, &chars, (a, b, role))
                };
                out.push(Prediction {
                    range: start + a..start + b,
                    role,
                    confidence: self.calibration.confidence(&facts, self.roles.len()),
                });
            }
        }
        out
    }

    /// The predictions that could be tagged in `doc` as it is: none crossing a tag, none
    /// already tagged, none inside a tag of the same role.
    pub fn predict(&self, doc: &Document) -> Vec<Prediction> {
        let mut v = self.predict_text(doc);
        v.retain(|p| taggable(doc, p.range.start, p.range.end, p.role));
        v
    }
}

/// One row of weights as bytes and a scale (the largest weight maps to ±127).
pub(crate) fn quantise(row: &[f32]) -> (f32, impl Iterator<Item = i8> + '_) {
    let top = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    let scale = top / 127.0;
    let q = row.iter().map(move |&x| {
        if scale > 0.0 {
            (x / scale).round().clamp(-127.0, 127.0) as i8
        } else {
            0
        }
    });
    (scale, q)
}

/// `doc`'s text with no tags (the rope is shared, not copied).
pub fn plain_copy(doc: &Document) -> Document {
    let mut plain = Document::empty(doc.scheme.clone());
    plain.text = doc.text.clone();
    plain
}

/// Each line's start (in chars) and its chars without the line break.
pub fn lines(doc: &Document) -> impl Iterator<Item = (usize, Vec<char>)> + '_ {
    let mut at = 0;
    doc.text.lines().map(move |line| {
        let start = at;
        let mut chars: Vec<char> = line.chars().collect();
        at += chars.len();
        while chars.last().is_some_and(|&c| c == '\n' || c == '\r') {
            chars.pop();
        }
        (start, chars)
    })
}
