//! Confidence that means what it says. A predicted span's probability under the model is only
//! part of the story: its role, its length and how the training tags saw its exact text tell
//! a lot about whether it is right. A small logistic regression over those facts, fitted on
//! predictions the model made for files it was not trained on, scores each span; isotonic
//! regression on the same predictions maps the score to observed precision. The reliability
//! table shows how well that holds on other files.

use super::lexicon::Lexicon;
use crate::scheme::RoleId;
use serde::{Deserialize, Serialize};

/// What a predicted span's confidence is read from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanFacts {
    /// Its probability under the model (forward-backward).
    pub raw: f32,
    pub role: RoleId,
    /// Its length in chars.
    pub chars: usize,
    /// How often the training tags gave this exact text this role, and any role.
    pub lex_role: u32,
    pub lex_total: u32,
}

impl SpanFacts {
    /// The facts of a predicted span `[a, b)` of role `r` in a line of `chars`, as `lex` saw
    /// its text (`raw` left at 0 for the caller).
    pub fn of(lex: &Lexicon, chars: &[char], (a, b, r): (usize, usize, RoleId)) -> SpanFacts {
        let text: String = chars[a..b].iter().collect();
        let (lex_role, lex_total) = lex.get(&text).map_or((0, 0), |e| {
            (e.counts.get(r as usize).copied().unwrap_or(0), e.total())
        });
        SpanFacts {
            raw: 0.0,
            role: r,
            chars: b - a,
            lex_role,
            lex_total,
        }
    }
}

/// Span length buckets (lower bounds) the score tells apart.
const SPAN_LENGTHS: [usize; 6] = [1, 2, 3, 5, 9, 17];

/// The inputs of the span score (the first is the bias).
/// How many inputs the span score has for `roles` roles (what `span_inputs` gives): a model
/// file's span weights must be that many.
pub(crate) fn span_input_count(roles: usize) -> usize {
    2 + 2 * roles + SPAN_LENGTHS.len() + 3
}

fn span_inputs(f: &SpanFacts, roles: usize) -> Vec<f32> {
    let p = f.raw.clamp(1e-4, 1.0 - 1e-4);
    let logit = (p / (1.0 - p)).ln() / 4.0;
    let mut x = vec![1.0, logit];
    let role = f.role as usize;
    x.extend((0..roles).map(|r| (r == role) as u8 as f32));
    x.extend((0..roles).map(|r| if r == role { logit } else { 0.0 }));
    let len = SPAN_LENGTHS
        .iter()
        .rposition(|&l| f.chars >= l)
        .unwrap_or(0);
    x.extend((0..SPAN_LENGTHS.len()).map(|k| (k == len) as u8 as f32));
    let share = if f.lex_total > 0 {
        f.lex_role as f32 / f.lex_total as f32
    } else {
        0.0
    };
    x.push((f.lex_total > 0) as u8 as f32);
    x.push(share);
    x.push((1.0 + f.lex_role as f32).ln() / 3.0);
    x
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// A monotone map from a span's score to observed precision: points `(score, precision)`,
/// score increasing, read by linear interpolation (flat beyond the ends). The score is the
/// logistic regression of `span_weights` over the span's facts (the raw probability itself
/// when there are no weights).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Calibration {
    pub points: Vec<(f32, f32)>,
    #[serde(default)]
    pub span_weights: Vec<f32>,
    /// The confidence below which a span is not suggested: `best_cutoff` of the out-of-fold
    /// predictions (0: every span).
    #[serde(default)]
    pub cutoff: f32,
    /// Per role, the same from that role's out-of-fold predictions (empty: `cutoff` for all).
    #[serde(default)]
    pub role_cutoffs: Vec<f32>,
}

impl Calibration {
    /// The cutoff of `role`'s spans.
    pub fn cutoff_for(&self, role: crate::scheme::RoleId) -> f32 {
        self.role_cutoffs
            .get(role as usize)
            .copied()
            .unwrap_or(self.cutoff)
    }

    /// The span score of `f` (before the isotonic map).
    pub fn score(&self, f: &SpanFacts, roles: usize) -> f32 {
        let x = span_inputs(f, roles);
        if self.span_weights.len() != x.len() {
            return f.raw;
        }
        sigmoid(x.iter().zip(&self.span_weights).map(|(a, b)| a * b).sum())
    }

    /// The calibrated confidence of a span.
    pub fn confidence(&self, f: &SpanFacts, roles: usize) -> f32 {
        self.apply(self.score(f, roles))
    }

    /// Fits the span score (L2-regularised logistic regression, full-batch gradient steps)
    /// and then the isotonic map on its scores, from `(facts, correct)` of held-out predictions.
    pub fn fit_spans(pairs: &[(SpanFacts, bool)], roles: usize) -> Calibration {
        let xs: Vec<Vec<f32>> = pairs.iter().map(|(f, _)| span_inputs(f, roles)).collect();
        let Some(dim) = xs.first().map(Vec::len) else {
            return Calibration::default();
        };
        let mut w = vec![0.0f32; dim];
        let mut g2 = vec![1e-8f32; dim];
        let n = xs.len() as f32;
        for _ in 0..300 {
            let mut grad: Vec<f32> = w.iter().map(|wi| 1e-3 * wi).collect();
            for (x, (_, ok)) in xs.iter().zip(pairs) {
                let p = sigmoid(x.iter().zip(&w).map(|(a, b)| a * b).sum());
                let e = (p - *ok as u8 as f32) / n;
                for (g, xi) in grad.iter_mut().zip(x) {
                    *g += e * xi;
                }
            }
            for ((wi, gi), s) in w.iter_mut().zip(&grad).zip(&mut g2) {
                *s += gi * gi;
                *wi -= 0.5 * gi / s.sqrt();
            }
        }
        let mut c = Calibration {
            points: Vec::new(),
            span_weights: w,
            cutoff: 0.0,
            role_cutoffs: Vec::new(),
        };
        let scored: Vec<(f32, bool)> = pairs
            .iter()
            .map(|(f, ok)| (c.score(f, roles), *ok))
            .collect();
        c.points = Calibration::fit(&scored).points;
        c
    }

    /// Fits isotonic regression (pool adjacent violators) to `(raw, correct)` pairs.
    pub fn fit(pairs: &[(f32, bool)]) -> Calibration {
        let mut v: Vec<(f32, bool)> = pairs.to_vec();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Blocks: (sum of raw, sum of correct, count).
        let mut blocks: Vec<(f64, f64, f64)> = Vec::new();
        for (x, y) in v {
            blocks.push((x as f64, y as u8 as f64, 1.0));
            while blocks.len() > 1 {
                let n = blocks.len();
                let (a, b) = (blocks[n - 2], blocks[n - 1]);
                if a.1 / a.2 < b.1 / b.2 {
                    break;
                }
                blocks.pop();
                blocks[n - 2] = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            }
        }
        Calibration {
            points: blocks
                .iter()
                .map(|&(x, y, n)| ((x / n) as f32, (y / n) as f32))
                .collect(),
            span_weights: Vec::new(),
            cutoff: 0.0,
            role_cutoffs: Vec::new(),
        }
    }

    /// The calibrated confidence of raw probability `p` (itself when nothing was fitted).
    pub fn apply(&self, p: f32) -> f32 {
        let pts = &self.points;
        let Some(first) = pts.first() else {
            return p.clamp(0.0, 1.0);
        };
        if p <= first.0 {
            return first.1;
        }
        let i = pts.partition_point(|q| q.0 <= p);
        if i >= pts.len() {
            return pts[pts.len() - 1].1;
        }
        let (a, b) = (pts[i - 1], pts[i]);
        let t = if b.0 > a.0 {
            (p - a.0) / (b.0 - a.0)
        } else {
            0.0
        };
        (a.1 + t * (b.1 - a.1)).clamp(0.0, 1.0)
    }
}

/// The confidence from which predictions `(confidence, correct)` score their best F1 against
/// `gold` real spans, keeping every prediction at or above it (0 when keeping all is best).
/// F1 is flat near its best while precision still rises: of the cutoffs within `F1_SLACK` of
/// the best F1, the highest is taken (every wrong suggestion costs the annotator a key).
pub fn best_cutoff(scored: &[(f32, bool)], gold: usize) -> f32 {
    let mut v = scored.to_vec();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut points: Vec<(f32, f64)> = Vec::new();
    let mut correct = 0usize;
    for (k, &(c, ok)) in v.iter().enumerate() {
        correct += ok as usize;
        // Only between distinct confidences: a cutoff keeps all of one value or none.
        if v.get(k + 1).is_some_and(|n| n.0 == c) {
            continue;
        }
        points.push((c, 2.0 * correct as f64 / (k + 1 + gold) as f64));
    }
    let top = points.iter().map(|p| p.1).fold(-1.0, f64::max);
    let best = points
        .iter()
        .find(|p| p.1 >= top * (1.0 - F1_SLACK))
        .map_or(0.0, |p| p.0);
    if v.last().is_some_and(|l| l.0 >= best) {
        0.0
    } else {
        best
    }
}

/// How far below the best out-of-fold F1 the cutoff may go for precision (a share of it).
pub const F1_SLACK: f64 = 0.02;

/// One row of a reliability table: predictions whose confidence fell in `[low, high)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub low: f32,
    pub high: f32,
    pub predicted: usize,
    pub correct: usize,
    /// Mean confidence of the bin's predictions.
    pub mean_confidence: f64,
    /// correct / predicted.
    pub precision: f64,
}

/// Confidence bins (tenths) vs observed precision.
pub fn reliability(pairs: &[(f32, bool)]) -> Vec<Bin> {
    (0..10)
        .map(|k| {
            let (low, high) = (k as f32 / 10.0, (k + 1) as f32 / 10.0);
            let inside: Vec<&(f32, bool)> = pairs
                .iter()
                .filter(|(c, _)| *c >= low && (*c < high || (k == 9 && *c <= 1.0)))
                .collect();
            let n = inside.len();
            let correct = inside.iter().filter(|(_, ok)| *ok).count();
            let ratio = |a: f64| if n == 0 { 0.0 } else { a / n as f64 };
            Bin {
                low,
                high,
                predicted: n,
                correct,
                mean_confidence: ratio(inside.iter().map(|(c, _)| *c as f64).sum()),
                precision: ratio(correct as f64),
            }
        })
        .collect()
}

/// Precision among predictions with confidence at least `min`: (predicted, correct).
pub fn at_least(pairs: &[(f32, bool)], min: f32) -> (usize, usize) {
    let v: Vec<_> = pairs.iter().filter(|(c, _)| *c >= min).collect();
    (v.len(), v.iter().filter(|(_, ok)| *ok).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_fit_is_monotone_and_matches_the_rates() {
        // Raw 0.9 is right half the time, raw 0.2 never, raw 0.5 always: violators pooled.
        let mut pairs = Vec::new();
        for _ in 0..10 {
            pairs.push((0.9, true));
            pairs.push((0.9, false));
            pairs.push((0.2, false));
            pairs.push((0.5, true));
        }
        let c = Calibration::fit(&pairs);
        let ys: Vec<f32> = c.points.iter().map(|p| p.1).collect();
        assert!(ys.windows(2).all(|w| w[0] <= w[1]), "{ys:?}");
        assert_eq!(c.apply(0.1), 0.0);
        assert!((c.apply(0.95) - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(Calibration::default().apply(0.3), 0.3);
    }

    #[test]
    fn the_cutoff_is_where_f1_is_best() {
        // 3 sure right ones, then 4 wrong at 0.3: keeping only the sure ones is best.
        let mut v = vec![(0.9, true), (0.8, true), (0.7, true)];
        v.extend([(0.3, false); 4]);
        assert_eq!(best_cutoff(&v, 4), 0.7);
        // F1 flat: 50 right at 0.9 score F1 0.667 against 100 real spans; adding the three at
        // 0.5 (two right) gives 0.680, within the slack, so the higher cutoff wins.
        let mut flat = vec![(0.9, true); 50];
        flat.extend([(0.5, true), (0.5, true), (0.5, false), (0.1, false)]);
        assert_eq!(best_cutoff(&flat, 100), 0.9);
        // Everything right: keep all.
        assert_eq!(best_cutoff(&[(0.9, true), (0.2, true)], 2), 0.0);
        assert_eq!(best_cutoff(&[], 3), 0.0);
        // A role's own cutoff, else the one for all.
        let c = Calibration {
            cutoff: 0.4,
            role_cutoffs: vec![0.5, 0.2],
            ..Calibration::default()
        };
        assert_eq!((c.cutoff_for(0), c.cutoff_for(1)), (0.5, 0.2));
        assert_eq!(Calibration::default().cutoff_for(1), 0.0);
    }

    #[test]
    fn reliability_bins_count_and_rate() {
        let pairs = [(0.05, false), (0.85, true), (0.86, false), (1.0, true)];
        let t = reliability(&pairs);
        assert_eq!(t.len(), 10);
        assert_eq!((t[0].predicted, t[0].correct), (1, 0));
        assert_eq!((t[8].predicted, t[8].correct), (2, 1));
        assert_eq!((t[9].predicted, t[9].correct), (1, 1));
        assert_eq!(at_least(&pairs, 0.8), (3, 2));
    }
}
