//! Confidence that means what it says: raw span probabilities mapped to observed precision by
//! isotonic regression on predictions the model made for files it was not trained on, and the
//! reliability table that shows how well that holds on other files.

use serde::{Deserialize, Serialize};

/// A monotone map from raw probability to observed precision: points `(raw, precision)`,
/// raw increasing, read by linear interpolation (flat beyond the ends).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Calibration {
    pub points: Vec<(f32, f32)>,
}

impl Calibration {
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
