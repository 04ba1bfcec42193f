//! A line's findings kept up to a cap (`MAX_LINE_DIAGNOSTICS`), the others counted: the first
//! ones by column, exactly those a full sort would put first, in memory that does not grow with
//! the line (a line of a million stray brackets has a million findings).

use super::diagnostic::{Fix, Omitted, Severity};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// (char index, severity, message, fix)
pub(super) type Found = (usize, Severity, String, Option<Fix>);

/// A finding with the order it came in: ties of column keep it, as a stable sort does.
struct Ranked {
    seq: usize,
    found: Found,
}

impl Ranked {
    fn key(&self) -> (usize, usize) {
        (self.found.0, self.seq)
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// The `cap` first findings of a line by (column, arrival) and a count of all, by severity.
#[derive(Default)]
pub(super) struct KeptFindings {
    cap: usize,
    seq: usize,
    /// A max-heap: its top is the finding that goes when one that sorts before it comes.
    kept: BinaryHeap<Ranked>,
    all: Omitted,
}

impl KeptFindings {
    /// Starts a line, keeping at most `cap` (at least one) findings.
    pub(super) fn clear(&mut self, cap: usize) {
        self.cap = cap.max(1);
        self.seq = 0;
        self.kept.clear();
        self.all = Omitted::default();
    }

    /// Whether a finding at char index `ci`, coming now, would be kept: a caller that knows
    /// where and how severe a finding is but not yet what it says can count it instead
    /// (`count_dropped`) and spare the words.
    pub(super) fn would_keep(&self, ci: usize) -> bool {
        self.kept.len() < self.cap || self.kept.peek().is_some_and(|top| ci < top.found.0)
    }

    pub(super) fn push(&mut self, found: Found) {
        self.all.count(found.1, offers_safe_fix(&found));
        let ranked = Ranked {
            seq: self.seq,
            found,
        };
        self.seq += 1;
        if self.kept.len() < self.cap {
            self.kept.push(ranked);
        } else if let Some(mut top) = self.kept.peek_mut()
            && ranked < *top
        {
            *top = ranked;
        }
    }

    /// Counts a finding `would_keep` said would not be kept.
    pub(super) fn count_dropped(&mut self, severity: Severity, safe_fix: bool) {
        self.all.count(severity, safe_fix);
        self.seq += 1;
    }

    /// The kept findings sorted by column, and the count of those not kept.
    pub(super) fn take_sorted(&mut self) -> (Vec<Found>, Omitted) {
        let kept: Vec<Found> = std::mem::take(&mut self.kept)
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.found)
            .collect();
        let mut dropped = self.all;
        for f in &kept {
            dropped.uncount(f.1, offers_safe_fix(f));
        }
        (kept, dropped)
    }
}

fn offers_safe_fix(found: &Found) -> bool {
    found.3.as_ref().is_some_and(|f| f.safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(ci: usize, severity: Severity, what: &str) -> Found {
        (ci, severity, what.to_string(), None)
    }

    #[test]
    fn keeps_the_first_by_column_ties_in_arrival_order_and_counts_every_one() {
        let mut k = KeptFindings::default();
        k.clear(3);
        k.push(found(9, Severity::Error, "a"));
        k.push(found(4, Severity::Warning, "b"));
        k.push(found(4, Severity::Info, "c"));
        assert!(!k.would_keep(9));
        assert!(k.would_keep(8));
        k.push(found(4, Severity::Error, "d"));
        k.push(found(1, Severity::Error, "e"));
        k.count_dropped(Severity::Error, true);
        let (kept, dropped) = k.take_sorted();
        let what: Vec<&str> = kept.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(what, ["e", "b", "c"]);
        assert_eq!(
            dropped,
            Omitted {
                errors: 3,
                warnings: 0,
                infos: 0,
                safe_fixes: 1
            }
        );
    }
}
