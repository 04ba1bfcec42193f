//! Wrapping and segment layout: rows as drawn.

use super::*;
use crate::markup::parse;
use crate::scheme::Scheme;

fn rows(src: &str, width: u16, delims: bool) -> Vec<String> {
    let doc = parse(src, &Scheme::default());
    let seg = segment_of(&doc, 0);
    let l = layout_segment(&doc, seg, width, delims, None);
    l.rows
        .iter()
        .map(|r| {
            l.atoms[r.atoms.clone()]
                .iter()
                .map(|a| match a.kind {
                    AtomKind::Text { .. } => {
                        let k = l.atoms.iter().position(|x| x == a).unwrap();
                        l.text[l.bytes[k].clone()].to_string()
                    }
                    AtomKind::Open { item } => {
                        let role = doc.items()[item].role().unwrap();
                        if a.width == 0 {
                            String::new()
                        } else {
                            doc.scheme.role(role).open.to_string()
                        }
                    }
                    AtomKind::Close { item } => {
                        let role = doc.items()[item].role().unwrap();
                        if a.width == 0 {
                            String::new()
                        } else {
                            doc.scheme.role(role).close.to_string()
                        }
                    }
                    AtomKind::Note { .. } => "#".into(),
                    AtomKind::Label { cell, .. } => l.labels[cell].text.clone(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn cjk_is_two_columns_and_never_split() {
    assert_eq!(rows("我们会收集", 5, true), ["我们", "会收", "集"]);
    assert_eq!(rows("我们会收集", 4, true), ["我们", "会收", "集"]);
    assert_eq!(rows("ab我们", 3, true), ["ab", "我", "们"]);
}

#[test]
fn delimiters_take_a_column_when_shown() {
    assert_eq!(rows("(我们)会", 6, true), ["(我们)", "会"]);
    assert_eq!(rows("(我们)会", 6, false), ["我们会"]);
    assert_eq!(rows("a#注#b", 10, false), ["a#b"]);
}

#[test]
fn grapheme_clusters_stay_whole() {
    // e + combining acute, and a family emoji, are one cluster each.
    let r = rows("e\u{301}e\u{301}👨\u{200d}👩\u{200d}👧x", 2, true);
    assert_eq!(r, ["e\u{301}e\u{301}", "👨\u{200d}👩\u{200d}👧", "x"]);
}

#[test]
fn closing_punctuation_and_delimiters_never_start_a_row() {
    // 8 columns: `。` would start the second row; `收` moves down with it.
    assert_eq!(rows("我们会收。下", 8, true), ["我们会", "收。下"]);
    assert_eq!(rows("我们会收」。下", 8, true), ["我们会", "收」。下"]);
    // A closing tag delimiter stays with the text it closes, shown or hidden.
    assert_eq!(rows("我们<收集>下", 9, true), ["我们<收", "集>下"]);
    assert_eq!(rows("我们会<收>。", 8, false), ["我们会", "收。"]);
    // An opening bracket or delimiter never ends a row.
    assert_eq!(rows("我们会（收集", 8, true), ["我们会", "（收集"]);
    assert_eq!(rows("我们会<收>", 7, true), ["我们会", "<收>"]);
    // A row of nothing but closing punctuation still makes progress.
    assert_eq!(rows("。。。。", 4, true), ["。。", "。。"]);
    // No row of a long wrapped sentence starts with line-start punctuation.
    let src =
        "为实现向您提供淘宝平台上的商品及/或服务的基本功能，您须授权我们收集、使用的必要信息。";
    for w in 8..40 {
        for (i, r) in rows(src, w, true).iter().enumerate().skip(1) {
            let c = r.chars().next().unwrap();
            assert!(!NOT_AT_ROW_START.contains(c), "width {w}, row {i}: {r}");
        }
    }
}

#[test]
fn width_one_still_makes_progress() {
    assert_eq!(rows("我们", 1, true), ["我", "们"]);
}

#[test]
fn cursor_rows_and_columns() {
    let doc = parse("我们会收集手机号码\n下一行", &Scheme::default());
    let l = layout_segment(&doc, segment_of(&doc, 0), 6, true, None);
    assert_eq!(l.rows.len(), 3);
    assert_eq!(l.row_of(4), 1);
    assert_eq!(l.column_of(4), 2);
    assert_eq!(l.pos_at(1, 3), 4);
    assert_eq!(
        l.pos_at(2, 99),
        9,
        "past the end of the last row: the line end"
    );
    assert_eq!(l.line_end(), 9);
}

#[test]
fn long_lines_are_cut_into_blocks() {
    let line = "我".repeat(BLOCK * 2 + 10);
    let doc = parse(&format!("{line}\nx"), &Scheme::default());
    assert_eq!(segment_of(&doc, 0), 0..BLOCK);
    assert_eq!(segment_of(&doc, BLOCK + 3), BLOCK..2 * BLOCK);
    assert_eq!(segment_of(&doc, 2 * BLOCK + 3), 2 * BLOCK..2 * BLOCK + 11);
    let next = next_segment(&doc, &(2 * BLOCK..2 * BLOCK + 11)).unwrap();
    assert_eq!(next, 2 * BLOCK + 11..2 * BLOCK + 12);
}

#[test]
fn a_latin_word_that_fits_a_row_is_never_split() {
    assert_eq!(rows("我们的SDK", 7, true), ["我们的", "SDK"]);
    assert_eq!(rows("设备MAC地址", 6, true), ["设备", "MAC地", "址"]);
    // Ten letters after twenty CJK characters at 50 columns: they fit the next row whole.
    let src = format!("{}ABCDEFGHIJ", "我".repeat(20));
    assert_eq!(
        rows(&src, 48, true),
        ["我".repeat(20), "ABCDEFGHIJ".to_string()]
    );
    // A word longer than a row is cut where the row ends.
    assert_eq!(rows("ABCDEFGH", 3, true), ["ABC", "DEF", "GH"]);
}

#[test]
fn blanks_at_the_end_of_a_line_never_make_a_row_of_their_own() {
    assert_eq!(rows("我们会    \n", 6, true), ["我们会    "]);
    // Blanks inside the line still wrap.
    assert_eq!(rows("我们  会收", 6, true), ["我们  ", "会收"]);
}
