//! The three-way decision for one line: base, ours and theirs annotate the same text; a change
//! made on one side only is taken, the same change on both is taken once, and different
//! changes to the same tags are a conflict.
//!
//! A change is a tag removed from base or added to it (a retag or a resize is both). Changes
//! that touch the same tags are grouped: two tags interfere when they have the same span, or
//! the same role and share a char, or cross. Each group is decided as a whole, so a tag one
//! side resized and the other deleted is one conflict, not two edits that both half-apply.

use crate::markup::{ConflictSide, LineTag};

/// What a line becomes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMerge {
    /// The merged tags (a multiset; order does not matter).
    pub tags: Vec<LineTag>,
    pub notes: Vec<(usize, String)>,
    pub conflicts: Vec<RegionConflict>,
    /// Changes taken from ours only / theirs only / both alike (groups of tags, notes).
    pub from_ours: usize,
    pub from_theirs: usize,
    pub from_both: usize,
}

/// Where the sides could not be reconciled: `[start, end)` of the line's plain text, with
/// each side's tags and notes there (positions from `start`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionConflict {
    pub start: usize,
    pub end: usize,
    pub ours: ConflictSide,
    pub theirs: ConflictSide,
}

/// One side's annotation of a line.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub tags: &'a [LineTag],
    pub notes: &'a [(usize, String)],
}

/// `(base tags the side removed, side tags it added)`, as multisets.
fn changes(base: &[LineTag], side: &[LineTag]) -> (Vec<bool>, Vec<bool>) {
    let mut removed = vec![true; base.len()];
    let mut added = vec![true; side.len()];
    let mut bi: Vec<usize> = (0..base.len()).collect();
    let mut si: Vec<usize> = (0..side.len()).collect();
    bi.sort_by_key(|&i| base[i]);
    si.sort_by_key(|&i| side[i]);
    let (mut x, mut y) = (0, 0);
    while x < bi.len() && y < si.len() {
        match base[bi[x]].cmp(&side[si[y]]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                removed[bi[x]] = false;
                added[si[y]] = false;
                x += 1;
                y += 1;
            }
        }
    }
    (removed, added)
}

fn interfere(p: &LineTag, q: &LineTag) -> bool {
    (p.start == q.start && p.end == q.end) || (p.role == q.role && p.overlaps(q)) || p.crosses(q)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn sorted(mut v: Vec<LineTag>) -> Vec<LineTag> {
    v.sort();
    v
}

/// Merges one line's annotations.
pub fn merge_line(base: Side<'_>, ours: Side<'_>, theirs: Side<'_>) -> LineMerge {
    let mut out = LineMerge::default();
    let (o_removed, o_added) = changes(base.tags, ours.tags);
    let (t_removed, t_added) = changes(base.tags, theirs.tags);
    #[derive(Clone, Copy, PartialEq)]
    enum From {
        Base(usize),
        Ours,
        Theirs,
    }
    let mut nodes: Vec<(From, LineTag)> = Vec::new();
    for (i, t) in base.tags.iter().enumerate() {
        if o_removed[i] || t_removed[i] {
            nodes.push((From::Base(i), *t));
        } else {
            out.tags.push(*t);
        }
    }
    nodes.extend(
        ours.tags
            .iter()
            .zip(&o_added)
            .filter(|(_, a)| **a)
            .map(|(t, _)| (From::Ours, *t)),
    );
    nodes.extend(
        theirs
            .tags
            .iter()
            .zip(&t_added)
            .filter(|(_, a)| **a)
            .map(|(t, _)| (From::Theirs, *t)),
    );
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            if interfere(&nodes[i].1, &nodes[j].1) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of = vec![usize::MAX; nodes.len()];
    for i in 0..nodes.len() {
        let root = find(&mut parent, i);
        if group_of[root] == usize::MAX {
            group_of[root] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of[root]].push(i);
    }
    for group in groups {
        let mut b = Vec::new();
        let mut o = Vec::new();
        let mut t = Vec::new();
        for &i in &group {
            let (from, tag) = nodes[i];
            match from {
                From::Base(k) => {
                    b.push(tag);
                    if !o_removed[k] {
                        o.push(tag);
                    }
                    if !t_removed[k] {
                        t.push(tag);
                    }
                }
                From::Ours => o.push(tag),
                From::Theirs => t.push(tag),
            }
        }
        let (b, o, t) = (sorted(b), sorted(o), sorted(t));
        if o == t {
            out.from_both += 1;
            out.tags.extend(o);
        } else if o == b {
            out.from_theirs += 1;
            out.tags.extend(t);
        } else if t == b {
            out.from_ours += 1;
            out.tags.extend(o);
        } else {
            let start = group.iter().map(|&i| nodes[i].1.start).min().unwrap_or(0);
            let end = group.iter().map(|&i| nodes[i].1.end).max().unwrap_or(start);
            let shift = |v: Vec<LineTag>| ConflictSide {
                tags: v
                    .into_iter()
                    .map(|x| LineTag {
                        start: x.start - start,
                        end: x.end - start,
                        role: x.role,
                    })
                    .collect(),
                notes: Vec::new(),
            };
            out.conflicts.push(RegionConflict {
                start,
                end,
                ours: shift(o),
                theirs: shift(t),
            });
        }
    }
    merge_notes(base.notes, ours.notes, theirs.notes, &mut out);
    out
}

/// What an adjudicator must decide on one line: A's and B's tags that the other lacks, grouped
/// as `merge_line` groups changes, each group a conflict (ours = A, theirs = B) even when one
/// side has nothing there; tags and notes both have stay as they are.
pub fn disagreements(a: Side<'_>, b: Side<'_>) -> LineMerge {
    let (a_only, b_only) = changes(a.tags, b.tags);
    let mut out = LineMerge::default();
    let mut nodes: Vec<(bool, LineTag)> = Vec::new();
    for (t, only) in a.tags.iter().zip(&a_only) {
        if *only {
            nodes.push((true, *t));
        } else {
            out.tags.push(*t);
        }
    }
    nodes.extend(
        b.tags
            .iter()
            .zip(&b_only)
            .filter(|x| *x.1)
            .map(|(t, _)| (false, *t)),
    );
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    for i in 0..nodes.len() {
        for j in i + 1..nodes.len() {
            if interfere(&nodes[i].1, &nodes[j].1) {
                let (x, y) = (find(&mut parent, i), find(&mut parent, j));
                parent[x] = y;
            }
        }
    }
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..nodes.len() {
        let r = find(&mut parent, i);
        if !roots.contains(&r) {
            roots.push(r);
        }
    }
    for r in roots {
        let group: Vec<usize> = (0..nodes.len())
            .filter(|&i| find(&mut parent, i) == r)
            .collect();
        let start = group.iter().map(|&i| nodes[i].1.start).min().unwrap_or(0);
        let end = group.iter().map(|&i| nodes[i].1.end).max().unwrap_or(start);
        let side = |from_a: bool| ConflictSide {
            tags: group
                .iter()
                .filter(|&&i| nodes[i].0 == from_a)
                .map(|&i| LineTag {
                    start: nodes[i].1.start - start,
                    end: nodes[i].1.end - start,
                    role: nodes[i].1.role,
                })
                .collect(),
            notes: Vec::new(),
        };
        out.conflicts.push(RegionConflict {
            start,
            end,
            ours: side(true),
            theirs: side(false),
        });
    }
    // Notes: the texts at a position are one unit; differing units are a conflict there.
    let mut positions: Vec<usize> = a.notes.iter().chain(b.notes).map(|n| n.0).collect();
    positions.sort_unstable();
    positions.dedup();
    let at = |v: &[(usize, String)], p: usize| -> Vec<String> {
        v.iter().filter(|n| n.0 == p).map(|n| n.1.clone()).collect()
    };
    for p in positions {
        let (x, y) = (at(a.notes, p), at(b.notes, p));
        if x == y {
            out.notes.extend(x.into_iter().map(|n| (p, n)));
            continue;
        }
        let only = |v: Vec<String>| ConflictSide {
            tags: Vec::new(),
            notes: v.into_iter().map(|n| (0, n)).collect(),
        };
        out.conflicts.push(RegionConflict {
            start: p,
            end: p,
            ours: only(x),
            theirs: only(y),
        });
    }
    out
}

/// Notes, decided per position: the texts at a position are one unit.
fn merge_notes(
    base: &[(usize, String)],
    ours: &[(usize, String)],
    theirs: &[(usize, String)],
    out: &mut LineMerge,
) {
    let mut positions: Vec<usize> = base.iter().chain(ours).chain(theirs).map(|n| n.0).collect();
    positions.sort_unstable();
    positions.dedup();
    let at = |v: &[(usize, String)], p: usize| -> Vec<String> {
        v.iter().filter(|n| n.0 == p).map(|n| n.1.clone()).collect()
    };
    for p in positions {
        let (b, o, t) = (at(base, p), at(ours, p), at(theirs, p));
        let keep = if o == t {
            if o != b {
                out.from_both += 1;
            }
            o
        } else if o == b {
            out.from_theirs += 1;
            t
        } else if t == b {
            out.from_ours += 1;
            o
        } else if b.is_empty() {
            // Both added notes here: keeping every one loses nothing.
            out.from_both += 1;
            let mut all = o.clone();
            all.extend(t.into_iter().filter(|n| !o.contains(n)));
            all
        } else {
            let common: Vec<String> = o.iter().filter(|n| t.contains(n)).cloned().collect();
            let only = |v: Vec<String>| ConflictSide {
                tags: Vec::new(),
                notes: v
                    .into_iter()
                    .filter(|n| !common.contains(n))
                    .map(|n| (0, n))
                    .collect(),
            };
            out.conflicts.push(RegionConflict {
                start: p,
                end: p,
                ours: only(o),
                theirs: only(t),
            });
            common
        };
        out.notes.extend(keep.into_iter().map(|n| (p, n)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, role: u16) -> LineTag {
        LineTag { start, end, role }
    }

    fn run(b: &[LineTag], o: &[LineTag], th: &[LineTag]) -> LineMerge {
        let side = |tags| Side { tags, notes: &[] };
        let mut m = merge_line(side(b), side(o), side(th));
        m.tags.sort();
        m
    }

    #[test]
    fn one_sided_changes_are_taken() {
        let base = [t(0, 2, 0), t(4, 8, 2), t(10, 12, 1)];
        // ours retags 0..2, theirs resizes 4..8 and removes 10..12 and adds 20..22.
        let ours = [t(0, 2, 3), t(4, 8, 2), t(10, 12, 1)];
        let theirs = [t(0, 2, 0), t(4, 7, 2), t(20, 22, 1)];
        let m = run(&base, &ours, &theirs);
        assert_eq!(m.tags, vec![t(0, 2, 3), t(4, 7, 2), t(20, 22, 1)]);
        assert!(m.conflicts.is_empty());
        assert_eq!((m.from_ours, m.from_theirs), (1, 3));
    }

    #[test]
    fn the_same_change_on_both_sides_is_taken_once() {
        let base = [t(0, 4, 2)];
        let both = [t(0, 3, 2), t(5, 6, 1)];
        let m = run(&base, &both, &both);
        assert_eq!(m.tags, vec![t(0, 3, 2), t(5, 6, 1)]);
        assert_eq!(m.from_both, 2);
    }

    #[test]
    fn different_changes_to_one_tag_conflict() {
        let base = [t(2, 6, 2), t(8, 9, 0)];
        let ours = [t(2, 5, 2), t(8, 9, 0)];
        let theirs = [t(2, 6, 3), t(8, 9, 0)];
        let m = run(&base, &ours, &theirs);
        assert_eq!(m.tags, vec![t(8, 9, 0)]);
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!((c.start, c.end), (2, 6));
        assert_eq!(c.ours.tags, vec![t(0, 3, 2)]);
        assert_eq!(c.theirs.tags, vec![t(0, 4, 3)]);
    }

    #[test]
    fn crossing_additions_conflict_but_nesting_ones_merge() {
        let crossing = run(&[], &[t(0, 4, 2)], &[t(2, 6, 3)]);
        assert_eq!(crossing.conflicts.len(), 1);
        assert!(crossing.tags.is_empty());
        let nesting = run(&[], &[t(0, 10, 3)], &[t(2, 6, 2)]);
        assert!(nesting.conflicts.is_empty());
        assert_eq!(nesting.tags, vec![t(0, 10, 3), t(2, 6, 2)]);
    }

    #[test]
    fn notes_merge_by_position() {
        let n = |p: usize, s: &str| (p, s.to_string());
        let base = [n(1, "a"), n(5, "b")];
        let ours = [n(1, "a2"), n(5, "b"), n(7, "x")];
        let theirs = [n(1, "a3"), n(5, "b"), n(7, "y")];
        let side = |notes| Side { tags: &[], notes };
        let m = merge_line(side(&base), side(&ours), side(&theirs));
        assert_eq!(m.notes, vec![n(5, "b"), n(7, "x"), n(7, "y")]);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].ours.notes, vec![n(0, "a2")]);
        assert_eq!(m.conflicts[0].theirs.notes, vec![n(0, "a3")]);
    }
}
