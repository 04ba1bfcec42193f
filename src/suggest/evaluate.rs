//! How good the suggestions are: learn from some tagged files, suggest on the plain text of
//! others and compare with their real tags. Precision, recall and F1 per role and overall, and
//! precision by the length of the suggested text.

use super::lexicon::{Lexicon, Matcher, find_all};
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
use serde::Serialize;
use std::collections::HashSet;

/// Suggested, correct and really tagged counts, and the scores they give.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    pub suggested: usize,
    pub correct: usize,
    pub tagged: usize,
    /// correct / suggested (0 when nothing was suggested).
    pub precision: f64,
    /// correct / tagged (0 when nothing was tagged).
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    pub fn new(suggested: usize, correct: usize, tagged: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, suggested);
        let recall = ratio(correct, tagged);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            suggested,
            correct,
            tagged,
            precision,
            recall,
            f1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleScore {
    pub role: String,
    #[serde(flatten)]
    pub score: Score,
}

/// Precision of the suggestions by the length of their text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthScore {
    pub chars: String,
    pub suggested: usize,
    pub correct: usize,
    pub precision: f64,
}

/// What `--evaluate` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub train_files: usize,
    pub test_files: usize,
    /// Distinct texts learned from the training half.
    pub known_texts: usize,
    pub roles: Vec<RoleScore>,
    /// Micro-averaged over every role.
    pub overall: Score,
    /// Suggestions with the span of a real tag but another role.
    pub right_span_wrong_role: usize,
    pub by_length: Vec<LengthScore>,
}

/// Length buckets (in chars) of `by_length`: lower bounds, each up to the next.
const LENGTHS: [usize; 5] = [2, 3, 5, 9, 17];

fn length_bucket(n: usize) -> usize {
    LENGTHS.iter().rposition(|&l| n >= l).unwrap_or(0)
}

fn length_label(i: usize) -> String {
    match (LENGTHS[i], LENGTHS.get(i + 1)) {
        (a, Some(&b)) if b == a + 1 => a.to_string(),
        (a, Some(&b)) => format!("{a}-{}", b - 1),
        (a, None) => format!("{a}+"),
    }
}

/// Counts predicted spans against the real tags of test documents, whatever made them.
pub struct Tally<'a> {
    scheme: &'a Scheme,
    suggested: Vec<usize>,
    correct: Vec<usize>,
    tagged: Vec<usize>,
    wrong_role: usize,
    /// (suggested, correct) per length bucket.
    by_len: Vec<(usize, usize)>,
    test_files: usize,
}

impl<'a> Tally<'a> {
    pub fn new(scheme: &'a Scheme) -> Tally<'a> {
        let n = scheme.roles.len();
        Tally {
            scheme,
            suggested: vec![0; n],
            correct: vec![0; n],
            tagged: vec![0; n],
            wrong_role: 0,
            by_len: vec![(0, 0); LENGTHS.len()],
            test_files: 0,
        }
    }

    /// Compares `predicted` (char ranges of `doc`'s plain text) with `doc`'s tags; returns,
    /// for each prediction, whether it was right.
    pub fn add(&mut self, doc: &Document, predicted: &[(usize, usize, RoleId)]) -> Vec<bool> {
        self.test_files += 1;
        let real: HashSet<(usize, usize, RoleId)> =
            doc.spans().map(|s| (s.start, s.end, s.role)).collect();
        let real_spans: HashSet<(usize, usize)> = real.iter().map(|&(a, b, _)| (a, b)).collect();
        for &(_, _, r) in &real {
            self.tagged[r as usize] += 1;
        }
        let mut right = Vec::with_capacity(predicted.len());
        for &(a, b, r) in predicted {
            let ok = real.contains(&(a, b, r));
            right.push(ok);
            self.suggested[r as usize] += 1;
            let bucket = &mut self.by_len[length_bucket(b - a)];
            bucket.0 += 1;
            if ok {
                self.correct[r as usize] += 1;
                bucket.1 += 1;
            } else if real_spans.contains(&(a, b)) {
                self.wrong_role += 1;
            }
        }
        right
    }

    /// The scores; `train_files` is how many files the source learned from, `known_texts` how
    /// many texts its lexicon holds.
    pub fn finish(self, train_files: usize, known_texts: usize) -> Evaluation {
        let scheme = self.scheme;
        let roles = (0..scheme.roles.len())
            .map(|r| RoleScore {
                role: scheme.role(r as RoleId).name.clone(),
                score: Score::new(self.suggested[r], self.correct[r], self.tagged[r]),
            })
            .collect();
        let sum = |v: &[usize]| v.iter().sum::<usize>();
        Evaluation {
            train_files,
            test_files: self.test_files,
            known_texts,
            roles,
            overall: Score::new(sum(&self.suggested), sum(&self.correct), sum(&self.tagged)),
            right_span_wrong_role: self.wrong_role,
            by_length: self
                .by_len
                .iter()
                .enumerate()
                .map(|(i, &(s, c))| LengthScore {
                    chars: length_label(i),
                    suggested: s,
                    correct: c,
                    precision: Score::new(s, c, 0).precision,
                })
                .collect(),
        }
    }
}

/// Scores the suggestions of one lexicon on test documents, one at a time.
pub struct Evaluator<'a> {
    lex: &'a Lexicon,
    matcher: Matcher,
    tally: Tally<'a>,
}

impl<'a> Evaluator<'a> {
    pub fn new(lex: &'a Lexicon, scheme: &'a Scheme) -> Evaluator<'a> {
        Evaluator {
            lex,
            matcher: lex.matcher(),
            tally: Tally::new(scheme),
        }
    }

    /// Suggests on the plain text of `doc` and compares with its tags.
    pub fn add(&mut self, doc: &Document) {
        let plain = super::model::plain_copy(doc);
        let found: Vec<(usize, usize, RoleId)> = find_all(self.lex, &self.matcher, &plain)
            .into_iter()
            .map(|s| (s.range.start, s.range.end, s.role))
            .collect();
        self.tally.add(doc, &found);
    }

    /// The scores; `train_files` is how many files the lexicon was learned from.
    pub fn finish(self, train_files: usize) -> Evaluation {
        self.tally.finish(train_files, self.lex.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    #[test]
    fn scores() {
        let sc = Score::new(4, 3, 6);
        assert_eq!((sc.precision, sc.recall), (0.75, 0.5));
        assert!((sc.f1 - 0.6).abs() < 1e-12);
        assert_eq!(Score::new(0, 0, 5).precision, 0.0);
        assert_eq!(
            (0..LENGTHS.len()).map(length_label).collect::<Vec<_>>(),
            ["2", "3-4", "5-8", "9-16", "17+"]
        );
        assert_eq!(
            [1, 2, 3, 4, 5, 16, 17, 100].map(length_bucket),
            [0, 0, 1, 1, 2, 3, 4, 4]
        );
    }

    #[test]
    fn a_right_span_with_the_wrong_role_is_counted_apart() {
        let s = Scheme::default();
        let mut lex = Lexicon::new(4);
        lex.learn(&parse("(我们)<手机号码>", &s));
        let mut ev = Evaluator::new(&lex, &s);
        ev.add(&parse("(我们)(手机号码)和设备", &s));
        let e = ev.finish(1);
        assert_eq!((e.train_files, e.test_files, e.known_texts), (1, 1, 2));
        assert_eq!(e.overall.suggested, 2);
        assert_eq!(e.overall.correct, 1);
        assert_eq!(e.overall.tagged, 2);
        assert_eq!(e.right_span_wrong_role, 1);
        assert_eq!(e.roles[0].score.correct, 1);
        assert_eq!(e.by_length[0].suggested, 1);
        assert_eq!(e.by_length[1].suggested, 1);
    }
}
