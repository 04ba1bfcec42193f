//! `ptag agree` and `ptag diff` on files built from real policies with tags removed, retagged
//! and resized in known numbers: every count must come out exact.

mod common;

use common::*;
use ptag::markup::{parse, serialize};
use ptag::scheme::Scheme;
use serde_json::Value;
use std::path::Path;

/// What `spoil` did, per role id.
#[derive(Default, Debug)]
struct Changes {
    a_tags: Vec<u64>,
    removed: Vec<u64>,
    /// Retagged away from the role / onto the role.
    retag_out: Vec<u64>,
    retag_in: Vec<u64>,
    resized: Vec<u64>,
}

impl Changes {
    fn total(v: &[u64]) -> u64 {
        v.iter().sum()
    }
    fn edits(&self) -> u64 {
        Self::total(&self.removed) + Self::total(&self.retag_out) + Self::total(&self.resized)
    }
}

/// B from A: of the leaf tags (nothing nested in them), every 30th from the 1st is removed, from
/// the 11th retagged to the next role, from the 21st shrunk by its last char.
fn spoil(src: &str, scheme: &Scheme) -> (String, Changes) {
    let n = scheme.roles.len();
    let mut c = Changes {
        a_tags: vec![0; n],
        removed: vec![0; n],
        retag_out: vec![0; n],
        retag_in: vec![0; n],
        resized: vec![0; n],
    };
    let mut doc = parse(src, scheme);
    for s in doc.spans() {
        c.a_tags[usize::from(s.role)] += 1;
    }
    let leaves: Vec<usize> = (0..doc.items().len())
        .filter(|&i| {
            let it = doc.items()[i];
            !it.is_note() && it.end > it.start && doc.subtree_end(i) == i + 1
        })
        .collect();
    for (k, &i) in leaves.iter().enumerate().rev() {
        let it = doc.items()[i];
        let role = it.role().unwrap();
        let (s, e) = (it.start as usize, it.end as usize);
        let same_span = doc.spans().filter(|x| x.start == s && x.end == e).count();
        match k % 30 {
            0 => {
                doc.untag(i).unwrap();
                c.removed[usize::from(role)] += 1;
            }
            10 if same_span == 1 => {
                let to = ((usize::from(role) + 1) % n) as u16;
                doc.retag(i, to).unwrap();
                c.retag_out[usize::from(role)] += 1;
                c.retag_in[usize::from(to)] += 1;
            }
            20 if e - s >= 2 => {
                let before = doc.clone();
                doc.untag(i).unwrap();
                if doc.tag(role, s, e - 1).is_ok() {
                    c.resized[usize::from(role)] += 1;
                } else {
                    doc = before;
                }
            }
            _ => {}
        }
    }
    (serialize(&doc).unwrap(), c)
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn known_answer(a: &Path) {
    let scheme = Scheme::default();
    let src = std::fs::read_to_string(a).unwrap();
    let (spoiled, c) = spoil(&src, &scheme);
    assert!(c.edits() > 0, "{}: nothing changed", a.display());
    let dir = folder(&[("b.txt", spoiled.as_bytes())]);
    let b = dir.path().join("b.txt");
    let o = ptag(&["agree", s(a), s(&b), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    let all = &v["overall"];
    let n = Changes::total(&c.a_tags);
    let removed = Changes::total(&c.removed);
    assert_eq!(all["a_tags"], n);
    assert_eq!(all["b_tags"], n - removed);
    assert_eq!(all["matched"], n - c.edits());
    let p = (n - c.edits()) as f64 / (n - removed) as f64;
    let r = (n - c.edits()) as f64 / n as f64;
    assert!((all["f1"].as_f64().unwrap() - 2.0 * p * r / (p + r)).abs() < 1e-12);
    for (k, role) in v["roles"].as_array().unwrap().iter().enumerate() {
        assert_eq!(role["role"], scheme.roles[k].name);
        assert_eq!(role["a_tags"], c.a_tags[k], "{k}");
        let b_tags = c.a_tags[k] - c.removed[k] - c.retag_out[k] + c.retag_in[k];
        assert_eq!(role["b_tags"], b_tags, "{k}");
        let matched = c.a_tags[k] - c.removed[k] - c.retag_out[k] - c.resized[k];
        assert_eq!(role["matched"], matched, "{k}");
    }
    // The confusion table: retags are same-span, resizes overlapping, removals alone.
    let sum = |field: &str, same_role: Option<bool>, b_null: bool| -> u64 {
        v["confusion"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["b"].is_null() == b_null)
            .filter(|x| same_role.is_none_or(|same| (x["a"] == x["b"]) == same))
            .map(|x| x[field].as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        sum("same_span", Some(false), false),
        Changes::total(&c.retag_out)
    );
    assert_eq!(
        sum("overlapping", Some(true), false),
        Changes::total(&c.resized)
    );
    assert_eq!(sum("alone", None, true), removed);
    // diff: one line per change, exit 1.
    let d = ptag(&["diff", s(a), s(&b)]);
    assert_eq!(code(&d), 1, "{}", stderr(&d));
    let out = stdout(&d);
    assert_eq!(out.lines().count() as u64, c.edits(), "{out}");
    assert_eq!(out.matches(": only in A: ").count() as u64, removed);
    assert_eq!(
        out.matches(": role differs: ").count() as u64,
        Changes::total(&c.retag_out)
    );
    assert_eq!(
        out.matches(": boundary differs: ").count() as u64,
        Changes::total(&c.resized)
    );
    // A file against itself: F1 = kappa = 1, no disagreement.
    let same = json(&ptag(&["agree", s(a), s(a), "--format", "json"]));
    assert_eq!(same["overall"]["f1"], 1.0);
    assert_eq!(same["overall"]["kappa"], 1.0);
    assert_eq!(same["overall"]["matched"], n);
    let d = ptag(&["diff", s(a), s(a)]);
    assert_eq!((code(&d), stdout(&d)), (0, String::new()));
}

#[test]
fn counts_are_exact_on_the_seed_policies() {
    known_answer(&seed("000"));
    known_answer(&seed("002"));
}

#[test]
fn counts_are_exact_on_the_corpus() {
    if no_corpus() {
        return;
    }
    for f in corpus().iter().step_by(7) {
        known_answer(f);
    }
}

#[test]
fn kappa_matches_a_hand_computation() {
    // Chars (line break excluded): 我们会收集手机号码 = 9.
    // A: actor 我们, data 手机号码     → a a O O O d d d d
    // B: data 手机号, action 收集      → O O O x x d d d O
    // Table (A rows, B cols) over {actor, action, data, O}:
    //   actor: O=2; data: data=3, O=1; O: action=2, O=1.
    // po = 4/9. A marginals: actor 2, data 4, O 3; B: action 2, data 3, O 4.
    // pe = (4*3 + 3*4)/81 = 24/81. kappa = (36/81 - 24/81)/(1 - 24/81) = 12/57.
    let dir = folder(&[
        ("a.txt", "(我们)会收集<手机号码>\n".as_bytes()),
        ("b.txt", "我们会[收集]<手机号>码\n".as_bytes()),
    ]);
    let o = ptag_in(dir.path(), &["agree", "a.txt", "b.txt", "--format", "json"]);
    let v = json(&o);
    let k = v["overall"]["kappa"].as_f64().unwrap();
    assert!((k - 12.0 / 57.0).abs() < 1e-12, "{k}");
    // Partial overlap: B's data overlaps A's data; the rest overlap nothing of their role.
    assert_eq!(v["overall"]["partial_f1"], 0.5);
}

#[test]
fn different_texts_are_located_in_both_files_and_exit_2() {
    let dir = folder(&[
        ("a.txt", "第一行\n(我们)收集<手机号码>\n".as_bytes()),
        ("b.txt", "第一行\n我们[收集]<手机号吗>\n".as_bytes()),
    ]);
    for cmd in ["agree", "diff"] {
        let o = ptag_in(dir.path(), &[cmd, "a.txt", "b.txt"]);
        assert_eq!(code(&o), 2, "{cmd}");
        assert!(
            stderr(&o).contains("a.txt:2:11: error: the plain text differs from b.txt:2:11"),
            "{cmd}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn folders_pair_by_relative_path_and_list_the_unpaired() {
    let a = folder(&[
        ("x/1.txt", "(我们)收集<手机号码>\n".as_bytes()),
        ("2.txt", b"only here\n"),
    ]);
    let b = folder(&[
        ("x/1.txt", "(我们)收集手机号码\n".as_bytes()),
        ("3.txt", b"only there\n"),
    ]);
    let o = ptag(&["agree", s(a.path()), s(b.path()), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["overall"]["a_tags"], 2);
    assert_eq!(v["overall"]["matched"], 1);
    assert!(v["unpaired"]["a"][0].as_str().unwrap().ends_with("2.txt"));
    assert!(v["unpaired"]["b"][0].as_str().unwrap().ends_with("3.txt"));
    let text = stdout(&ptag(&["agree", s(a.path()), s(b.path())]));
    assert!(
        text.contains("only in A: ") && text.contains("2.txt"),
        "{text}"
    );
    let d = ptag(&["diff", s(a.path()), s(b.path())]);
    assert_eq!(code(&d), 1);
    assert!(
        stdout(&d).contains("x/1.txt:1:7: only in A: data “手机号码”"),
        "{}",
        stdout(&d)
    );
}
