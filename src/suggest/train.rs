//! Training the sequence model: an averaged structured perceptron over BIOES labels with
//! Viterbi decoding. Lexicon-hit features of each file come from a lexicon learned from the
//! *other* folds, so the model learns how far a lexicon hit can be trusted on unseen text; the
//! same folds give out-of-fold predictions to calibrate the confidence on.

use super::calibrate::{Calibration, SpanFacts, best_cutoff};
use super::features::{LexiconHits, lexicon_hits, line_features};
use super::labels::{Lattice, count, decode, encode};
use super::lexicon::Lexicon;
use super::model::{FeatureIndex, Model, lines, plain_copy, quantise};
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
use std::collections::{HashMap, HashSet};

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training lines.
    pub epochs: usize,
    /// Folds for the lexicon features and the calibration (fewer when there are fewer files).
    pub folds: usize,
    /// A feature seen fewer times than this in training is dropped.
    pub min_count: u32,
    /// The learner.
    pub algorithm: Algorithm,
    /// AdaGrad step size of the CRF.
    pub rate: f32,
    /// The CRF's weights averaged over every step (a regulariser) rather than the last ones.
    pub average: bool,
}

/// How the weights are learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged structured perceptron.
    Perceptron,
    /// Linear-chain CRF, maximum likelihood by AdaGrad.
    Crf,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 5,
            folds: 4,
            min_count: 2,
            algorithm: Algorithm::Crf,
            rate: 0.1,
            average: false,
        }
    }
}

/// Why no model could be trained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrainError {
    #[error("no tags to learn from in {files} file(s)")]
    NoTags { files: usize },
}

/// One line ready for training: feature rows per char and gold labels.
struct Seq {
    doc: usize,
    rows: Vec<u32>,
    /// `offs[i]..offs[i + 1]` are char i's rows.
    offs: Vec<u32>,
    gold: Vec<u8>,
    chars: Vec<char>,
}

/// The outermost tags of `doc`'s lines: for each line start, its spans relative to it.
fn gold_spans(doc: &Document) -> HashMap<usize, Vec<(usize, usize, RoleId)>> {
    let mut out: HashMap<usize, Vec<(usize, usize, RoleId)>> = HashMap::new();
    for it in doc.items().iter().filter(|it| it.depth == 0) {
        let Some(role) = it.role() else { continue };
        let (a, b) = (it.start as usize, it.end as usize);
        if b <= a {
            continue;
        }
        let line = doc.line_range_of(a);
        if b > line.end {
            continue;
        }
        out.entry(line.start)
            .or_default()
            .push((a - line.start, b - line.start, role));
    }
    out
}

/// Trains a model on the tags of `docs`.
pub fn train(docs: &[Document], scheme: &Scheme, opts: &TrainOptions) -> Result<Model, TrainError> {
    let tags: usize = docs
        .iter()
        .map(|d| gold_spans(d).values().map(Vec::len).sum::<usize>())
        .sum();
    if tags == 0 {
        return Err(TrainError::NoTags { files: docs.len() });
    }
    let roles = scheme.roles.len();
    let labels = count(roles);
    let folds = opts.folds.min(docs.len()).max(1);
    let mut lexicon = Lexicon::new(roles);
    for d in docs {
        lexicon.learn(d);
    }
    // The lexicon of each fold: every file's tags but those of the fold's files.
    let fold_lex: Vec<Lexicon> = (0..folds)
        .map(|k| {
            let mut lex = Lexicon::new(roles);
            if folds >= 2 {
                for (j, d) in docs.iter().enumerate() {
                    if j % folds != k {
                        lex.learn(d);
                    }
                }
            }
            lex
        })
        .collect();
    let fold_matchers: Vec<_> = fold_lex.iter().map(Lexicon::matcher).collect();
    let fold_hits = |i: usize, plain: &Document| -> LexiconHits {
        let k = i % folds;
        lexicon_hits(&fold_lex[k], &fold_matchers[k], plain)
    };
    // Features, hashed then numbered on first sight; counted to drop the rare ones.
    let mut index = FeatureIndex::default();
    let mut seen: Vec<u32> = Vec::new();
    let mut seqs = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let plain = plain_copy(doc);
        let hits = fold_hits(i, &plain);
        let gold = gold_spans(doc);
        for (start, chars) in lines(&plain) {
            if chars.is_empty() {
                continue;
            }
            let spans = gold.get(&start).cloned().unwrap_or_default();
            let feats = line_features(&chars, &hits[start..start + chars.len()]);
            let mut rows = Vec::with_capacity(feats.hashes.len());
            let mut offs = vec![0u32];
            for i in 0..feats.len() {
                for &h in feats.of(i) {
                    let next = index.len() as u32;
                    let r = *index.entry(h).or_insert(next);
                    if r as usize == seen.len() {
                        seen.push(0);
                    }
                    seen[r as usize] += 1;
                    rows.push(r);
                }
                offs.push(rows.len() as u32);
            }
            seqs.push(Seq {
                doc: i,
                rows,
                offs,
                gold: encode(chars.len(), &spans),
                chars,
            });
        }
    }
    if opts.min_count > 1 {
        for s in &mut seqs {
            let mut kept = Vec::with_capacity(s.rows.len());
            let mut offs = vec![0u32];
            for i in 0..s.gold.len() {
                let range = s.offs[i] as usize..s.offs[i + 1] as usize;
                kept.extend(
                    s.rows[range]
                        .iter()
                        .filter(|&&r| seen[r as usize] >= opts.min_count),
                );
                offs.push(kept.len() as u32);
            }
            s.rows = kept;
            s.offs = offs;
        }
    }
    let rows = index.len();
    // Out-of-fold predictions: how often a span with these facts is right.
    let (temperature, calibration) = if folds >= 2 {
        let raw = out_of_fold(&seqs, &fold_lex, folds, rows, labels, opts);
        // The temperature whose probabilities are closest to the outcomes (Brier score).
        let brier = |k: usize| -> f64 {
            raw.iter()
                .map(|(p, _, ok)| (p[k] as f64 - *ok as u8 as f64).powi(2))
                .sum()
        };
        let best = (0..TEMPERATURES.len())
            .min_by(|&a, &b| brier(a).total_cmp(&brier(b)))
            .unwrap_or(0);
        let pairs: Vec<(SpanFacts, bool)> = raw
            .iter()
            .map(|(p, f, ok)| (SpanFacts { raw: p[best], ..*f }, *ok))
            .collect();
        let mut cal = Calibration::fit_spans(&pairs, roles);
        let scored: Vec<(f32, bool)> = pairs
            .iter()
            .map(|(f, ok)| (cal.confidence(f, roles), *ok))
            .collect();
        let gold: usize = seqs.iter().map(|s| decode(&s.gold).len()).sum();
        cal.cutoff = best_cutoff(&scored, gold);
        // Each role its own cutoff: the confidences of long purpose spans run lower than those
        // of actors, and one cutoff for all left almost every purpose out.
        cal.role_cutoffs = (0..roles)
            .map(|r| {
                let mine: Vec<(f32, bool)> = pairs
                    .iter()
                    .zip(&scored)
                    .filter(|((f, _), _)| f.role as usize == r)
                    .map(|(_, s)| *s)
                    .collect();
                let gold = seqs
                    .iter()
                    .map(|s| decode(&s.gold).iter().filter(|t| t.2 as usize == r).count())
                    .sum();
                best_cutoff(&mine, gold)
            })
            .collect();
        (TEMPERATURES[best], cal)
    } else {
        (1.0, Calibration::default())
    };
    let all: Vec<&Seq> = seqs.iter().collect();
    let (w, trans) = learn(&all, rows, labels, opts);
    // Keep only the rows the model uses.
    let mut compact = FeatureIndex::default();
    let mut weights = Vec::new();
    let mut scales = Vec::new();
    for (h, r) in index {
        let row = &w[r as usize * labels..(r as usize + 1) * labels];
        if seen[r as usize] >= opts.min_count && row.iter().any(|x| x.abs() > 1e-6) {
            compact.insert(h, scales.len() as u32);
            let (scale, q) = quantise(row);
            scales.push(scale);
            weights.extend(q);
        }
    }
    Ok(Model {
        roles: scheme.roles.iter().map(|r| r.name.clone()).collect(),
        index: compact,
        weights,
        scales,
        trans,
        matcher: lexicon.matcher(),
        lexicon,
        temperature,
        calibration,
        trained_files: docs.len(),
        trained_tags: tags,
    })
}

/// Each fold's model predicts the fold's lines: per predicted span, its probability at each
/// of `TEMPERATURES`, its facts and whether it was right. The fold models train two at a time
/// (this is meant for 2-core machines).
fn out_of_fold(
    seqs: &[Seq],
    fold_lex: &[Lexicon],
    folds: usize,
    rows: usize,
    labels: usize,
    opts: &TrainOptions,
) -> Vec<(Vec<f32>, SpanFacts, bool)> {
    let fold = |k: usize| -> Vec<(Vec<f32>, SpanFacts, bool)> {
        let train: Vec<&Seq> = seqs.iter().filter(|s| s.doc % folds != k).collect();
        let (w, t) = learn(&train, rows, labels, opts);
        let mut raw = Vec::new();
        for s in seqs.iter().filter(|s| s.doc % folds == k) {
            let emit = emissions(s, &w, labels);
            let lat = Lattice {
                labels,
                emit: &emit,
                trans: &t,
            };
            let gold: HashSet<_> = decode(&s.gold).into_iter().collect();
            let spans = decode(&lat.viterbi());
            let per_t: Vec<Vec<f32>> = TEMPERATURES
                .iter()
                .map(|&tt| lat.span_marginals(&spans, tt))
                .collect();
            for (j, sp) in spans.iter().enumerate() {
                raw.push((
                    per_t.iter().map(|m| m[j]).collect(),
                    SpanFacts::of(&fold_lex[k], &s.chars, *sp),
                    gold.contains(sp),
                ));
            }
        }
        raw
    };
    let mut raw = Vec::new();
    for pair in (0..folds).collect::<Vec<_>>().chunks(2) {
        let parts: Vec<Vec<_>> = std::thread::scope(|sc| {
            let handles: Vec<_> = pair.iter().map(|&k| sc.spawn(move || fold(k))).collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a fold's training does not panic"))
                .collect()
        });
        raw.extend(parts.into_iter().flatten());
    }
    raw
}

/// Temperatures tried for the span probabilities.
const TEMPERATURES: [f32; 6] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0];

fn emissions(s: &Seq, w: &[f32], labels: usize) -> Vec<f32> {
    let n = s.gold.len();
    let mut emit = vec![0.0f32; n * labels];
    for i in 0..n {
        let row = &mut emit[i * labels..(i + 1) * labels];
        for &r in &s.rows[s.offs[i] as usize..s.offs[i + 1] as usize] {
            let wr = &w[r as usize * labels..(r as usize + 1) * labels];
            for (a, b) in row.iter_mut().zip(wr) {
                *a += b;
            }
        }
    }
    emit
}

fn learn(seqs: &[&Seq], rows: usize, labels: usize, opts: &TrainOptions) -> (Vec<f32>, Vec<f32>) {
    match opts.algorithm {
        Algorithm::Perceptron => perceptron(seqs, rows, labels, opts.epochs),
        Algorithm::Crf => crf(seqs, rows, labels, opts.epochs, opts.rate, opts.average),
    }
}

/// Repeatable shuffles (xorshift, fixed seed).
fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

/// Linear-chain CRF by stochastic gradient with AdaGrad steps, one line at a time.
fn crf(
    seqs: &[&Seq],
    rows: usize,
    labels: usize,
    epochs: usize,
    rate: f32,
    average: bool,
) -> (Vec<f32>, Vec<f32>) {
    let mut w = vec![0.0f32; rows * labels];
    let mut g2 = vec![0.0f32; rows * labels];
    let mut t = vec![0.0f32; (labels + 1) * labels];
    let mut tg2 = vec![0.0f32; (labels + 1) * labels];
    // The running sums of every step's change times the step's number: the average of the
    // weights over all steps is `w - wa / c` (the averaged-perceptron trick).
    let mut wa = vec![0.0f32; if average { rows * labels } else { 0 }];
    let mut ta = vec![0.0f32; (labels + 1) * labels];
    let mut c = 1.0f32;
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..epochs {
        shuffle(&mut order, &mut rng);
        for &k in &order {
            let s = seqs[k];
            let emit = emissions(s, &w, labels);
            let (node, edge) = Lattice {
                labels,
                emit: &emit,
                trans: &t,
            }
            .marginals();
            // Row by row (each row's labels are next to each other in memory).
            let mut g = vec![0.0f32; labels];
            for i in 0..s.gold.len() {
                let mut any = false;
                for (y, gy) in g.iter_mut().enumerate() {
                    *gy = (s.gold[i] as usize == y) as u8 as f32 - node[i * labels + y];
                    any |= gy.abs() >= 1e-3;
                }
                if !any {
                    continue;
                }
                for &r in &s.rows[s.offs[i] as usize..s.offs[i + 1] as usize] {
                    let base = r as usize * labels;
                    for (y, &gy) in g.iter().enumerate() {
                        if gy.abs() >= 1e-3 {
                            let at = base + y;
                            g2[at] += gy * gy;
                            let d = rate * gy / g2[at].sqrt();
                            w[at] += d;
                            if average {
                                wa[at] += c * d;
                            }
                        }
                    }
                }
            }
            let mut gt: Vec<f32> = edge.iter().map(|x| -x).collect();
            for i in 0..s.gold.len() {
                let p = if i == 0 {
                    labels
                } else {
                    s.gold[i - 1] as usize
                };
                gt[p * labels + s.gold[i] as usize] += 1.0;
            }
            for (at, g) in gt.into_iter().enumerate() {
                if g.abs() >= 1e-3 {
                    tg2[at] += g * g;
                    let d = rate * g / tg2[at].sqrt();
                    t[at] += d;
                    ta[at] += c * d;
                }
            }
            c += 1.0;
        }
    }
    if !average {
        return (w, t);
    }
    let avg = |w: Vec<f32>, wa: Vec<f32>| -> Vec<f32> {
        w.iter().zip(&wa).map(|(x, a)| x - a / c).collect()
    };
    (avg(w, wa), avg(t, ta))
}

/// Averaged structured perceptron: returns the averaged emission and transition weights.
fn perceptron(seqs: &[&Seq], rows: usize, labels: usize, epochs: usize) -> (Vec<f32>, Vec<f32>) {
    let mut w = vec![0.0f32; rows * labels];
    let mut wa = vec![0.0f32; rows * labels];
    let mut t = vec![0.0f32; (labels + 1) * labels];
    let mut ta = vec![0.0f32; (labels + 1) * labels];
    let mut c = 1.0f32;
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..epochs {
        shuffle(&mut order, &mut rng);
        for &k in &order {
            let s = seqs[k];
            let emit = emissions(s, &w, labels);
            let pred = Lattice {
                labels,
                emit: &emit,
                trans: &t,
            }
            .viterbi();
            if pred != s.gold {
                for i in 0..s.gold.len() {
                    let (g, p) = (s.gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &r in &s.rows[s.offs[i] as usize..s.offs[i + 1] as usize] {
                            let base = r as usize * labels;
                            w[base + g] += 1.0;
                            w[base + p] -= 1.0;
                            wa[base + g] += c;
                            wa[base + p] -= c;
                        }
                    }
                    let gp = if i == 0 {
                        labels
                    } else {
                        s.gold[i - 1] as usize
                    };
                    let pp = if i == 0 { labels } else { pred[i - 1] as usize };
                    if (gp, g) != (pp, p) {
                        t[gp * labels + g] += 1.0;
                        t[pp * labels + p] -= 1.0;
                        ta[gp * labels + g] += c;
                        ta[pp * labels + p] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    let avg = |w: Vec<f32>, wa: Vec<f32>| -> Vec<f32> {
        w.iter().zip(&wa).map(|(x, a)| x - a / c).collect()
    };
    (avg(w, wa), avg(t, ta))
}
