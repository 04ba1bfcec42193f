//! `ptag stats`: its output, by example.

use super::stats::{Collector, Stats, TextCount, clip, write_text};
use crate::markup::parse;
use crate::scheme::Scheme;

fn stats_of(files: &[&str]) -> Stats {
    let scheme = Scheme::default();
    let mut c = Collector::new(&scheme);
    for (i, src) in files.iter().enumerate() {
        c.add(format!("f{i}.txt"), &parse(src, &scheme));
    }
    c.finish()
}

#[test]
fn counts_distinct_top_and_covered_without_double_counting_nesting() {
    let s = stats_of(&[
        "(我们)[收集]<手机号码>用于{为<某数据>提供服务}#注#\n",
        "(我们)和(他们)[收集]\n",
    ]);
    assert_eq!(s.files, 2);
    let actor = &s.roles[0];
    assert_eq!((actor.tags, actor.distinct, actor.chars), (3, 2, 6));
    assert_eq!(
        actor.top[0],
        TextCount {
            text: "我们".into(),
            count: 2
        }
    );
    let data = &s.roles[2];
    assert_eq!((data.tags, data.chars), (2, 7));
    // f0: 我们 收集 手机号码 为某数据提供服务 = 2+2+4+8, the nested 某数据 once.
    assert_eq!(s.per_file[0].covered, 16);
    assert_eq!(s.per_file[0].chars, 19);
    assert_eq!(s.notes, 1);
    assert_eq!(s.covered, 16 + 6);
    assert_eq!(s.per_file[1].tags[0], ("actor".to_string(), 2));
}

#[test]
fn same_role_nested_counts_its_chars_once() {
    let s = stats_of(&["<ab<cd>ef>\n"]);
    assert_eq!((s.roles[2].tags, s.roles[2].chars, s.covered), (2, 6, 6));
    assert_eq!(s.diagnostics.warnings, 1);
}

#[test]
fn text_report_has_the_table_and_says_when_a_file_is_empty() {
    let mut out = Vec::new();
    write_text(&stats_of(&["(我们)[收集]\n", "(我们)\n"]), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(
            "2 files: 8 chars, 6 covered by tags (75.0%), 0 notes, diagnostics: 0 errors"
        ),
        "{text}"
    );
    assert_eq!(clip("我们收集手机号码", 9), "我们收集…");
    assert_eq!(clip("我们", 4), "我们");
    assert!(
        text.contains("top actor (主体) texts:\n      2  我们\n"),
        "{text}"
    );
    assert!(text.contains("\nfile "), "{text}");
    let mut out = Vec::new();
    write_text(&stats_of(&[""]), &mut out).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "f0.txt: empty (0 chars): no text, so no tags and nothing to count\n"
    );
}

#[test]
fn diagnostics_a_line_does_not_keep_are_counted_all_the_same() {
    let line = "(".repeat(150) + "(我）\n<>\n";
    let s = stats_of(&[&line]);
    assert_eq!(
        (
            s.diagnostics.errors,
            s.diagnostics.warnings,
            s.diagnostics.infos
        ),
        (151, 1, 0)
    );
}
