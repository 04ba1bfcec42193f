//! How the tags of one line in two files correspond: the same tag, the same span under another
//! role, the same role over another span, an overlapping tag that differs in both, or a tag
//! only one side has. Agreement counts these; `diff` lists every one that is not a match.

use crate::markup::LineTag;

/// One correspondence; indices into the two lines' tag lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    Match(usize, usize),
    RoleDiffers(usize, usize),
    BoundaryDiffers(usize, usize),
    BothDiffer(usize, usize),
    OnlyA(usize),
    OnlyB(usize),
}

/// Pairs the tags of `a` with those of `b`: exact matches first, then same span, then the
/// same-role tag overlapping most, then any tag overlapping most; what is left is one-sided.
/// The result is in the order of `a`'s tags, one-sided `b` tags where they start.
pub fn pair(a: &[LineTag], b: &[LineTag]) -> Vec<Pair> {
    let mut a_taken: Vec<Option<Pair>> = vec![None; a.len()];
    let mut b_taken = vec![false; b.len()];
    // Exact matches, as multisets: a tag twice in A matches at most two in B.
    let mut ai: Vec<usize> = (0..a.len()).collect();
    let mut bi: Vec<usize> = (0..b.len()).collect();
    ai.sort_by_key(|&i| a[i]);
    bi.sort_by_key(|&i| b[i]);
    let (mut x, mut y) = (0, 0);
    while x < ai.len() && y < bi.len() {
        match a[ai[x]].cmp(&b[bi[y]]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                a_taken[ai[x]] = Some(Pair::Match(ai[x], bi[y]));
                b_taken[bi[y]] = true;
                x += 1;
                y += 1;
            }
        }
    }
    type Rule = fn(&LineTag, &LineTag) -> bool;
    type Make = fn(usize, usize) -> Pair;
    let rules: [(Rule, Make); 3] = [
        (
            |p, q| p.start == q.start && p.end == q.end,
            Pair::RoleDiffers,
        ),
        (
            |p, q| p.role == q.role && p.overlaps(q),
            Pair::BoundaryDiffers,
        ),
        (|p, q| p.overlaps(q), Pair::BothDiffer),
    ];
    for (fits, make) in rules {
        for i in 0..a.len() {
            if a_taken[i].is_some() {
                continue;
            }
            let best = (0..b.len())
                .filter(|&j| !b_taken[j] && fits(&a[i], &b[j]))
                .max_by_key(|&j| {
                    let shared =
                        a[i].end.min(b[j].end) as isize - a[i].start.max(b[j].start) as isize;
                    (shared, std::cmp::Reverse(j))
                });
            if let Some(j) = best {
                a_taken[i] = Some(make(i, j));
                b_taken[j] = true;
            }
        }
    }
    let mut out: Vec<(usize, Pair)> = a_taken
        .into_iter()
        .enumerate()
        .map(|(i, p)| (a[i].start, p.unwrap_or(Pair::OnlyA(i))))
        .collect();
    out.extend(
        (0..b.len())
            .filter(|&j| !b_taken[j])
            .map(|j| (b[j].start, Pair::OnlyB(j))),
    );
    out.sort_by_key(|&(start, _)| start);
    out.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, role: u16) -> LineTag {
        LineTag { start, end, role }
    }

    #[test]
    fn every_kind_of_correspondence() {
        let a = [
            t(0, 2, 0),
            t(3, 5, 1),
            t(6, 10, 2),
            t(11, 13, 2),
            t(20, 22, 3),
        ];
        let b = [
            t(0, 2, 0),
            t(3, 5, 3),
            t(6, 9, 2),
            t(11, 14, 1),
            t(30, 31, 0),
        ];
        assert_eq!(
            pair(&a, &b),
            vec![
                Pair::Match(0, 0),
                Pair::RoleDiffers(1, 1),
                Pair::BoundaryDiffers(2, 2),
                Pair::BothDiffer(3, 3),
                Pair::OnlyA(4),
                Pair::OnlyB(4),
            ]
        );
    }

    #[test]
    fn a_tag_twice_matches_twice_at_most() {
        let a = [t(0, 2, 0), t(0, 2, 0)];
        let b = [t(0, 2, 0)];
        assert_eq!(pair(&a, &b), vec![Pair::Match(0, 0), Pair::OnlyA(1)]);
    }
}
