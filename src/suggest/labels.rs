//! BIOES labels per char and the decoding that keeps them well formed: Viterbi for the best
//! labelling, forward-backward for how sure the model is of each span.

use crate::scheme::RoleId;

/// Position of a char in a span: Begin, Inside, End, Single.
pub const B: u8 = 0;
pub const I: u8 = 1;
pub const E: u8 = 2;
pub const S: u8 = 3;

/// Label 0 is outside; role `r` has `1 + 4r + position`.
pub fn label(role: RoleId, pos: u8) -> usize {
    1 + 4 * role as usize + pos as usize
}

/// The role and position of a label (`None` for outside).
pub fn parts(l: usize) -> Option<(RoleId, u8)> {
    (l > 0).then(|| (((l - 1) / 4) as RoleId, ((l - 1) % 4) as u8))
}

pub fn count(roles: usize) -> usize {
    1 + 4 * roles
}

/// Whether `next` may follow `prev` (`None`: the line starts).
pub fn allowed(prev: Option<usize>, next: usize) -> bool {
    let open = |l: usize| matches!(parts(l), Some((_, B | I)));
    match prev {
        Some(p) if open(p) => {
            let (r, _) = parts(p).expect("open");
            matches!(parts(next), Some((nr, I | E)) if nr == r)
        }
        _ => !matches!(parts(next), Some((_, I | E))),
    }
}

/// Whether a line may end on `l`.
pub fn may_end(l: usize) -> bool {
    !matches!(parts(l), Some((_, B | I)))
}

/// For each label, the labels that may come right before it (the line start aside).
fn predecessors(labels: usize) -> Vec<Vec<usize>> {
    (0..labels)
        .map(|y| (0..labels).filter(|&p| allowed(Some(p), y)).collect())
        .collect()
}

/// For each label, the labels that may come right after it.
fn successors(labels: usize) -> Vec<Vec<usize>> {
    (0..labels)
        .map(|p| (0..labels).filter(|&y| allowed(Some(p), y)).collect())
        .collect()
}

/// Gold labels for a line of `n` chars holding `spans` (line-relative, outermost, not
/// overlapping).
pub fn encode(n: usize, spans: &[(usize, usize, RoleId)]) -> Vec<u8> {
    let mut y = vec![0u8; n];
    for &(a, b, r) in spans {
        if b <= a || b > n {
            continue;
        }
        if b - a == 1 {
            y[a] = label(r, S) as u8;
        } else {
            y[a] = label(r, B) as u8;
            for v in &mut y[a + 1..b - 1] {
                *v = label(r, I) as u8;
            }
            y[b - 1] = label(r, E) as u8;
        }
    }
    y
}

/// The spans a well-formed labelling spells.
pub fn decode(y: &[u8]) -> Vec<(usize, usize, RoleId)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, RoleId)> = None;
    for (i, &l) in y.iter().enumerate() {
        match parts(l as usize) {
            Some((r, S)) => out.push((i, i + 1, r)),
            Some((r, B)) => open = Some((i, r)),
            Some((r, E)) => {
                if let Some((a, ro)) = open.take()
                    && ro == r
                {
                    out.push((a, i + 1, r));
                }
            }
            Some((_, _)) => {}
            None => open = None,
        }
    }
    out
}

/// Scores of one line: `emit[i * L + l]` and the transition matrix `trans[p * L + l]`
/// (`p == L`: the line start).
pub struct Lattice<'a> {
    pub labels: usize,
    pub emit: &'a [f32],
    pub trans: &'a [f32],
}

impl Lattice<'_> {
    fn len(&self) -> usize {
        self.emit.len() / self.labels
    }

    fn t(&self, prev: Option<usize>, next: usize) -> f32 {
        self.trans[prev.unwrap_or(self.labels) * self.labels + next]
    }

    /// The best well-formed labelling.
    pub fn viterbi(&self) -> Vec<u8> {
        let (n, l) = (self.len(), self.labels);
        if n == 0 {
            return Vec::new();
        }
        let preds = predecessors(l);
        let mut score = vec![f32::NEG_INFINITY; n * l];
        let mut back = vec![0u8; n * l];
        for (y, s) in score.iter_mut().enumerate().take(l) {
            if allowed(None, y) {
                *s = self.emit[y] + self.t(None, y);
            }
        }
        for i in 1..n {
            let (done, rest) = score.split_at_mut(i * l);
            let prev = &done[(i - 1) * l..];
            for (y, ps) in preds.iter().enumerate() {
                let mut best = (f32::NEG_INFINITY, 0);
                for &p in ps {
                    let s = prev[p];
                    if s > f32::NEG_INFINITY {
                        let v = s + self.trans[p * l + y];
                        if v > best.0 {
                            best = (v, p);
                        }
                    }
                }
                rest[y] = best.0 + self.emit[i * l + y];
                back[i * l + y] = best.1 as u8;
            }
        }
        // Ties go to the lowest label (outside first).
        let mut y = (0..l).filter(|&y| may_end(y)).fold(0, |best, y| {
            if score[(n - 1) * l + y] > score[(n - 1) * l + best] {
                y
            } else {
                best
            }
        });
        let mut out = vec![0u8; n];
        for i in (0..n).rev() {
            out[i] = y as u8;
            y = back[i * l + y] as usize;
        }
        out
    }

    /// Scaled forward-backward in probability space (no exp in the inner loop): alpha and
    /// beta normalised per char, the scale `c` of each char and the end sum `d`, so that
    /// P(y_i = y) is alpha times beta over d (Rabiner's scaling).
    fn forward_backward(&self, k: f32) -> Scaled {
        let (n, l) = (self.len(), self.labels);
        // Transition factors, zero where not allowed; clamped so that exp stays finite.
        let f = |x: f32| ((x * k) as f64).clamp(-60.0, 60.0).exp();
        let mut tr = vec![0.0f64; (l + 1) * l];
        for p in 0..=l {
            for y in 0..l {
                let prev = (p < l).then_some(p);
                if allowed(prev, y) {
                    tr[p * l + y] = f(self.t(prev, y));
                }
            }
        }
        let mut em = vec![0.0f64; n * l];
        for i in 0..n {
            let row = &self.emit[i * l..(i + 1) * l];
            let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max) * k;
            for y in 0..l {
                em[i * l + y] = ((row[y] * k - m) as f64).exp();
            }
        }
        let preds = predecessors(l);
        let succs = successors(l);
        let mut alpha = vec![0.0f64; n * l];
        let mut c = vec![1.0f64; n];
        for i in 0..n {
            for y in 0..l {
                let s: f64 = if i == 0 {
                    tr[l * l + y]
                } else {
                    preds[y]
                        .iter()
                        .map(|&p| alpha[(i - 1) * l + p] * tr[p * l + y])
                        .sum()
                };
                alpha[i * l + y] = s * em[i * l + y];
            }
            let sum: f64 = alpha[i * l..(i + 1) * l].iter().sum();
            let sum = if sum > 0.0 { sum } else { 1.0 };
            c[i] = sum;
            for a in &mut alpha[i * l..(i + 1) * l] {
                *a /= sum;
            }
        }
        let mut beta = vec![0.0f64; n * l];
        for y in 0..l {
            beta[(n - 1) * l + y] = may_end(y) as u8 as f64;
        }
        for i in (0..n.saturating_sub(1)).rev() {
            for p in 0..l {
                beta[i * l + p] = succs[p]
                    .iter()
                    .map(|&y| tr[p * l + y] * em[(i + 1) * l + y] * beta[(i + 1) * l + y])
                    .sum::<f64>()
                    / c[i + 1];
            }
        }
        let d: f64 = (0..l)
            .map(|y| alpha[(n - 1) * l + y] * beta[(n - 1) * l + y])
            .sum();
        Scaled {
            alpha,
            beta,
            c,
            d: if d > 0.0 { d } else { 1.0 },
            tr,
            em,
        }
    }

    /// Per char label probabilities (`n × L`) and expected transition counts
    /// (`(L + 1) × L`, the last row from the line start): what a CRF's gradient needs.
    pub fn marginals(&self) -> (Vec<f32>, Vec<f32>) {
        let (n, l) = (self.len(), self.labels);
        let mut node = vec![0.0f32; n * l];
        let mut edge = vec![0.0f32; (l + 1) * l];
        if n == 0 {
            return (node, edge);
        }
        let f = self.forward_backward(1.0);
        for i in 0..n {
            for y in 0..l {
                node[i * l + y] = (f.alpha[i * l + y] * f.beta[i * l + y] / f.d) as f32;
            }
        }
        edge[l * l..].copy_from_slice(&node[..l]);
        let succs = successors(l);
        for i in 1..n {
            let k = 1.0 / (f.c[i] * f.d);
            for (p, ys) in succs.iter().enumerate() {
                let a = f.alpha[(i - 1) * l + p] * k;
                if a == 0.0 {
                    continue;
                }
                for &y in ys {
                    let t = f.tr[p * l + y];
                    edge[p * l + y] += (a * t * f.em[i * l + y] * f.beta[i * l + y]) as f32;
                }
            }
        }
        (node, edge)
    }

    /// The probability (scores divided by `temperature`, as a linear-chain CRF would read them)
    /// that the labelling holds exactly span `[a, b)` of role `r`.
    pub fn span_marginals(&self, spans: &[(usize, usize, RoleId)], temperature: f32) -> Vec<f32> {
        let (n, l) = (self.len(), self.labels);
        if spans.is_empty() || n == 0 {
            return Vec::new();
        }
        let k = 1.0 / temperature.max(1e-3);
        let f = self.forward_backward(k);
        spans
            .iter()
            .map(|&(a, b, r)| {
                let y = encode(b - a, &[(0, b - a, r)]);
                let mut p = f.alpha[a * l + y[0] as usize];
                for (j, w) in y.windows(2).enumerate() {
                    let i = a + j + 1;
                    p *= f.tr[w[0] as usize * l + w[1] as usize] * f.em[i * l + w[1] as usize]
                        / f.c[i];
                }
                p *= f.beta[(b - 1) * l + *y.last().expect("non-empty") as usize] / f.d;
                (p as f32).clamp(0.0, 1.0)
            })
            .collect()
    }
}

/// What the scaled forward-backward pass leaves: see `Lattice::forward_backward`.
struct Scaled {
    alpha: Vec<f64>,
    beta: Vec<f64>,
    c: Vec<f64>,
    d: f64,
    /// Transition factors (`(L + 1) × L`) and emission factors (`n × L`, scaled per char).
    tr: Vec<f64>,
    em: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let spans = vec![(0, 2, 1), (3, 4, 0), (5, 9, 3)];
        let y = encode(10, &spans);
        assert_eq!(decode(&y), spans);
        for w in y.windows(2) {
            assert!(allowed(Some(w[0] as usize), w[1] as usize));
        }
        assert!(!allowed(None, label(0, I)));
        assert!(!allowed(Some(label(0, B)), label(1, E)));
        assert!(!may_end(label(2, B)));
    }

    #[test]
    fn viterbi_is_well_formed_and_marginals_sum_to_at_most_one() {
        let l = count(2);
        // Emissions favour an ill-formed I at the start; decoding must stay well formed.
        let mut emit = vec![0.0f32; 4 * l];
        emit[label(0, I)] = 5.0;
        emit[l + label(0, E)] = 3.0;
        emit[2 * l + label(1, S)] = 2.0;
        let trans = vec![0.0f32; (l + 1) * l];
        let lat = Lattice {
            labels: l,
            emit: &emit,
            trans: &trans,
        };
        let y = lat.viterbi();
        assert_eq!(decode(&y), vec![(0, 2, 0), (2, 3, 1)]);
        let m = lat.span_marginals(&[(0, 2, 0), (2, 3, 1), (1, 2, 0)], 1.0);
        assert!(m.iter().all(|&p| (0.0..=1.0).contains(&p)));
        assert!(m[0] > m[2]);
        assert!(m[1] > 0.5);
    }
}
