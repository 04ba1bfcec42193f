//! Agreement counts of B against A and the scores computed from them. Counts add up (a file's
//! are the sum of its lines', a folder's the sum of its files'), so totals are micro-averages.

use super::pairing::Pair;
use crate::markup::{LineTag, MarkedLine};
use crate::scheme::{RoleId, Scheme};
use std::collections::BTreeMap;

/// (A's role, B's role); `None` is no tag (O).
pub type Labels = (Option<RoleId>, Option<RoleId>);

/// Counts for one role (or for all roles together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoleCounts {
    pub a_tags: u64,
    pub b_tags: u64,
    /// Tags in both with the same start, end and role.
    pub matched: u64,
    /// A's tags that share a char with one of B's of the same role.
    pub a_overlapped: u64,
    /// B's tags that share a char with one of A's of the same role.
    pub b_overlapped: u64,
}

impl RoleCounts {
    fn add(&mut self, o: &RoleCounts) {
        self.a_tags += o.a_tags;
        self.b_tags += o.b_tags;
        self.matched += o.matched;
        self.a_overlapped += o.a_overlapped;
        self.b_overlapped += o.b_overlapped;
    }
}

/// How many tags of A (role `a`, `None`: no counterpart) correspond to a B tag of role `b`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfusionCell {
    /// Same span, other role.
    pub same_span: u64,
    /// Overlapping spans (different boundaries).
    pub overlapping: u64,
    /// No counterpart at all (one of `a`, `b` is `None`).
    pub alone: u64,
}

/// Everything agreement counts over a pair of files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Per role id.
    pub roles: Vec<RoleCounts>,
    /// Chars labelled (A's label, B's label) with each char's outermost role, or O (`None`).
    pub chars: BTreeMap<Labels, u64>,
    /// (A role, B role) → how the non-matching tags correspond.
    pub confusion: BTreeMap<Labels, ConfusionCell>,
}

/// Scores of one role or of all: `None` where a ratio has nothing to count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub counts: RoleCounts,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
    pub partial_precision: Option<f64>,
    pub partial_recall: Option<f64>,
    pub partial_f1: Option<f64>,
    pub kappa: Option<f64>,
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn harmonic(p: Option<f64>, r: Option<f64>) -> Option<f64> {
    match (p, r) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        (Some(_), Some(_)) => Some(0.0),
        _ => None,
    }
}

/// Cohen's kappa of a square table of counts (`table[i][j]`: A said i, B said j).
pub fn cohen_kappa(table: &[Vec<u64>]) -> Option<f64> {
    let n: u64 = table.iter().flatten().sum();
    if n == 0 {
        return None;
    }
    let n = n as f64;
    let observed = (0..table.len()).map(|i| table[i][i]).sum::<u64>() as f64 / n;
    let expected = (0..table.len())
        .map(|i| {
            let a: u64 = table[i].iter().sum();
            let b: u64 = table.iter().map(|row| row[i]).sum();
            (a as f64 / n) * (b as f64 / n)
        })
        .sum::<f64>();
    if expected >= 1.0 {
        // Both label every char alike with one label: agreement is perfect, chance is too.
        return (observed >= 1.0).then_some(1.0);
    }
    Some((observed - expected) / (1.0 - expected))
}

impl Tally {
    pub fn new(scheme: &Scheme) -> Tally {
        Tally {
            roles: vec![RoleCounts::default(); scheme.roles.len()],
            ..Tally::default()
        }
    }

    pub fn add(&mut self, o: &Tally) {
        if self.roles.len() < o.roles.len() {
            self.roles.resize(o.roles.len(), RoleCounts::default());
        }
        for (mine, theirs) in self.roles.iter_mut().zip(&o.roles) {
            mine.add(theirs);
        }
        for (k, v) in &o.chars {
            *self.chars.entry(*k).or_default() += v;
        }
        for (k, v) in &o.confusion {
            let c = self.confusion.entry(*k).or_default();
            c.same_span += v.same_span;
            c.overlapping += v.overlapping;
            c.alone += v.alone;
        }
    }

    /// Counts one line pair (same plain text), with `pairs` from `pairing::pair`.
    pub fn count_line(&mut self, a: &MarkedLine<'_>, b: &MarkedLine<'_>, pairs: &[Pair]) {
        let at: Vec<LineTag> = a.tags.iter().map(|t| t.0).collect();
        let bt: Vec<LineTag> = b.tags.iter().map(|t| t.0).collect();
        for t in &at {
            let r = &mut self.roles[usize::from(t.role)];
            r.a_tags += 1;
            if bt.iter().any(|u| u.role == t.role && u.overlaps(t)) {
                r.a_overlapped += 1;
            }
        }
        for u in &bt {
            let r = &mut self.roles[usize::from(u.role)];
            r.b_tags += 1;
            if at.iter().any(|t| t.role == u.role && t.overlaps(u)) {
                r.b_overlapped += 1;
            }
        }
        for p in pairs {
            let (key, cell): (Labels, fn(&mut ConfusionCell)) = match *p {
                Pair::Match(i, _) => {
                    self.roles[usize::from(at[i].role)].matched += 1;
                    continue;
                }
                Pair::RoleDiffers(i, j) => {
                    ((Some(at[i].role), Some(bt[j].role)), |c| c.same_span += 1)
                }
                Pair::BoundaryDiffers(i, j) | Pair::BothDiffer(i, j) => {
                    ((Some(at[i].role), Some(bt[j].role)), |c| c.overlapping += 1)
                }
                Pair::OnlyA(i) => ((Some(at[i].role), None), |c| c.alone += 1),
                Pair::OnlyB(j) => ((None, Some(bt[j].role)), |c| c.alone += 1),
            };
            cell(self.confusion.entry(key).or_default());
        }
        let n = a.content_chars();
        if n > 0 {
            let la = outermost_labels(a, n);
            let lb = outermost_labels(b, n);
            // Runs of equal label pairs: one map update per run, not per char.
            let mut k = 0;
            while k < n {
                let key = (la[k], lb[k]);
                let mut m = k + 1;
                while m < n && (la[m], lb[m]) == key {
                    m += 1;
                }
                *self.chars.entry(key).or_default() += (m - k) as u64;
                k = m;
            }
        }
    }

    /// Counts a line both files spell alike: every tag matches.
    pub fn count_same_line(&mut self, line: &MarkedLine<'_>) {
        for (t, _) in &line.tags {
            let r = &mut self.roles[usize::from(t.role)];
            r.a_tags += 1;
            r.b_tags += 1;
            r.matched += 1;
            r.a_overlapped += u64::from(t.end > t.start);
            r.b_overlapped += u64::from(t.end > t.start);
        }
        let n = line.content_chars();
        let mut covered = 0;
        for (t, depth) in &line.tags {
            if *depth == 0 && t.end > t.start {
                let end = t.end.min(n);
                *self.chars.entry((Some(t.role), Some(t.role))).or_default() +=
                    (end - t.start.min(end)) as u64;
                covered += end - t.start.min(end);
            }
        }
        *self.chars.entry((None, None)).or_default() += (n - covered) as u64;
    }

    /// The scores of role `role`, or of all roles together (`None`).
    pub fn scores(&self, role: Option<RoleId>) -> Scores {
        let counts = match role {
            Some(r) => self.roles.get(usize::from(r)).copied().unwrap_or_default(),
            None => {
                let mut all = RoleCounts::default();
                for r in &self.roles {
                    all.add(r);
                }
                all
            }
        };
        let precision = ratio(counts.matched, counts.b_tags);
        let recall = ratio(counts.matched, counts.a_tags);
        let partial_precision = ratio(counts.b_overlapped, counts.b_tags);
        let partial_recall = ratio(counts.a_overlapped, counts.a_tags);
        Scores {
            counts,
            precision,
            recall,
            f1: harmonic(precision, recall),
            partial_precision,
            partial_recall,
            partial_f1: harmonic(partial_precision, partial_recall),
            kappa: self.kappa(role),
        }
    }

    /// Kappa over chars: all labels (`None`), or role `r` against everything else.
    fn kappa(&self, role: Option<RoleId>) -> Option<f64> {
        let k = self.roles.len();
        let index = |l: Option<RoleId>| match role {
            None => l.map_or(k, usize::from),
            Some(r) => usize::from(l != Some(r)),
        };
        let size = if role.is_some() { 2 } else { k + 1 };
        let mut table = vec![vec![0u64; size]; size];
        for (&(a, b), &n) in &self.chars {
            table[index(a)][index(b)] += n;
        }
        cohen_kappa(&table)
    }
}

/// Each content char's outermost role (`None`: O).
fn outermost_labels(line: &MarkedLine<'_>, n: usize) -> Vec<Option<RoleId>> {
    let mut labels = vec![None; n];
    for (t, depth) in &line.tags {
        if *depth == 0 {
            for l in &mut labels[t.start.min(n)..t.end.min(n)] {
                *l = Some(t.role);
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_matches_a_hand_computation() {
        // 10 chars. A: OOOdddddpp, B: OOdddddOpp (d = data, p = purpose).
        // Table (rows A, cols B; order d, p, O): d: [4,0,1], p: [0,2,0], O: [1,0,2].
        // po = 8/10; pe = (5*5 + 2*2 + 3*3)/100 = 0.38; kappa = (0.8-0.38)/0.62 = 0.677419...
        let table = vec![vec![4, 0, 1], vec![0, 2, 0], vec![1, 0, 2]];
        let k = cohen_kappa(&table).unwrap();
        assert!((k - 0.42 / 0.62).abs() < 1e-12, "{k}");
        assert_eq!(cohen_kappa(&[vec![5]]), Some(1.0));
        assert_eq!(cohen_kappa(&[vec![0]]), None);
    }
}
