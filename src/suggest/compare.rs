//! The lexicon and the model scored side by side on the same split: halves (train on the
//! first half of the files by name, score the second) or K folds (each block of files scored by
//! sources trained on the others), with the model's reliability table and a learning curve.

use super::calibrate::{Bin, at_least, reliability};
use super::evaluate::{Evaluation, Score, Tally};
use super::lexicon::{Lexicon, find_all};
use super::model::{Prediction, plain_copy};
use super::train::{TrainError, TrainOptions, train};
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
use serde::Serialize;
use std::time::Instant;

/// Confidence from which a suggestion counts as "sure" in the report.
pub const SURE: f32 = 0.8;

/// What `ptag suggest --evaluate --model` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// 0 for halves.
    pub folds: usize,
    pub lexicon: Evaluation,
    /// The model's suggestions at or above its cutoff (what the editor and `suggest` show).
    pub model: Evaluation,
    /// Every span the model found, the cutoff ignored.
    pub model_uncut: Score,
    /// The models' cutoffs (mean over the splits).
    pub cutoff: f32,
    /// Over every span the model found.
    pub reliability: Vec<Bin>,
    /// Model suggestions with confidence ≥ `SURE`: (suggested, correct).
    pub sure: (usize, usize),
    pub train_seconds: f64,
    /// Per model trained: (training files, model F1 on the test files).
    pub curve: Vec<(usize, f64)>,
}

/// Scores both sources; `splits` are (train, test) index lists into `docs`; `curve` sizes
/// (training files, first ones of the first split) get a model each, scored on that split's test.
pub fn compare(
    docs: &[Document],
    splits: &[(Vec<usize>, Vec<usize>)],
    scheme: &Scheme,
    opts: &TrainOptions,
    curve: &[usize],
) -> Result<Comparison, TrainError> {
    let mut lex_tally = Tally::new(scheme);
    let mut model_tally = Tally::new(scheme);
    let mut uncut_tally = Tally::new(scheme);
    let mut cutoffs = 0.0;
    let mut pairs = Vec::new();
    let mut seconds = 0.0;
    let (mut train_files, mut known) = (0, 0);
    for (tr, te) in splits {
        let train_docs: Vec<Document> = tr.iter().map(|&i| docs[i].clone()).collect();
        let mut lex = Lexicon::new(scheme.roles.len());
        for d in &train_docs {
            lex.learn(d);
        }
        let matcher = lex.matcher();
        let t = Instant::now();
        let model = train(&train_docs, scheme, opts)?;
        seconds += t.elapsed().as_secs_f64();
        cutoffs += model.calibration.cutoff;
        train_files += tr.len();
        known += lex.len();
        for &i in te {
            let plain = plain_copy(&docs[i]);
            let found: Vec<(usize, usize, RoleId)> = find_all(&lex, &matcher, &plain)
                .into_iter()
                .map(|s| (s.range.start, s.range.end, s.role))
                .collect();
            lex_tally.add(&docs[i], &found);
            let predicted = model.predict_text_all(&plain);
            let span = |p: &Prediction| (p.range.start, p.range.end, p.role);
            let spans: Vec<_> = predicted.iter().map(span).collect();
            let right = uncut_tally.add(&docs[i], &spans);
            pairs.extend(predicted.iter().map(|p| p.confidence).zip(right));
            let kept: Vec<_> = predicted
                .iter()
                .filter(|p| p.confidence >= model.calibration.cutoff_for(p.role))
                .map(span)
                .collect();
            model_tally.add(&docs[i], &kept);
        }
    }
    let mut points = Vec::new();
    if let Some((tr, te)) = splits.first() {
        for &n in curve {
            let train_docs: Vec<Document> = tr.iter().take(n).map(|&i| docs[i].clone()).collect();
            let model = train(&train_docs, scheme, opts)?;
            let mut tally = Tally::new(scheme);
            for &i in te {
                let plain = plain_copy(&docs[i]);
                let spans: Vec<_> = model
                    .predict(&plain)
                    .iter()
                    .map(|p| (p.range.start, p.range.end, p.role))
                    .collect();
                tally.add(&docs[i], &spans);
            }
            points.push((train_docs.len(), tally.finish(n, 0).overall.f1));
        }
    }
    let k = splits.len().max(1);
    Ok(Comparison {
        folds: if splits.len() > 1 { splits.len() } else { 0 },
        lexicon: lex_tally.finish(train_files / k, known / k),
        model: model_tally.finish(train_files / k, known / k),
        model_uncut: uncut_tally.finish(train_files / k, known / k).overall,
        cutoff: cutoffs / k as f32,
        reliability: reliability(&pairs),
        sure: at_least(&pairs, SURE),
        train_seconds: seconds,
        curve: points,
    })
}

/// Halves: the first `n / 2` files train, the rest are scored.
pub fn halves(n: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    vec![((0..n / 2).collect(), (n / 2..n).collect())]
}

/// K folds of consecutive files: fold k is scored by sources trained on the others.
pub fn folds(n: usize, k: usize) -> Vec<(Vec<usize>, Vec<usize>)> {
    let k = k.clamp(2, n.max(2));
    (0..k)
        .map(|f| {
            let (a, b) = (f * n / k, (f + 1) * n / k);
            ((0..a).chain(b..n).collect(), (a..b).collect())
        })
        .filter(|(_, te): &(Vec<usize>, Vec<usize>)| !te.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_cover_every_file_once() {
        let f = folds(7, 3);
        assert_eq!(f.len(), 3);
        let mut tested: Vec<usize> = f.iter().flat_map(|(_, te)| te.clone()).collect();
        tested.sort();
        assert_eq!(tested, (0..7).collect::<Vec<_>>());
        assert!(f.iter().all(|(tr, te)| tr.len() + te.len() == 7));
        assert_eq!(halves(5), vec![(vec![0, 1], vec![2, 3, 4])]);
    }
}
