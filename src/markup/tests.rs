use super::*;
use crate::scheme::Scheme;

fn p(s: &str) -> Document {
    parse(s, &Scheme::default())
}

/// Tags as (role name, text) in pre-order.
fn tags(doc: &Document) -> Vec<(String, String)> {
    doc.spans()
        .map(|s| (doc.scheme.role(s.role).name.clone(), doc.span_text(&s)))
        .collect()
}

fn roundtrip(s: &str) {
    let doc = p(s);
    assert_eq!(serialize_unchecked(&doc), s, "round trip of {s:?}");
    assert_eq!(
        serialize(&doc).as_deref(),
        Ok(s),
        "checked round trip of {s:?}"
    );
}

#[test]
fn typical_sentence() {
    let doc = p("(我们)会[收集]<手机号码>用于{创建淘宝平台账户}");
    assert_eq!(
        doc.text.to_string(),
        "我们会收集手机号码用于创建淘宝平台账户"
    );
    assert_eq!(
        tags(&doc),
        [
            ("actor".into(), "我们".into()),
            ("action".into(), "收集".into()),
            ("data".into(), "手机号码".into()),
            ("purpose".into(), "创建淘宝平台账户".into())
        ]
    );
    let spans: Vec<_> = doc.spans().map(|s| (s.start, s.end)).collect();
    assert_eq!(spans, [(0, 2), (3, 5), (5, 9), (11, 19)]);
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
}

#[test]
fn nesting_and_notes() {
    let doc = p("{为<某数据>提供服务}#备注#尾");
    assert_eq!(doc.text.to_string(), "为某数据提供服务尾");
    let items: Vec<_> = doc
        .items()
        .iter()
        .map(|i| (i.start, i.end, i.depth))
        .collect();
    assert_eq!(items, [(0, 8, 0), (1, 4, 1), (8, 8, 0)]);
    let notes: Vec<_> = doc.notes().map(|n| (n.pos, n.text.to_string())).collect();
    assert_eq!(notes, [(8, "备注".to_string())]);
}

#[test]
fn fullwidth_is_text_and_unmatched_is_literal() {
    let doc = p("（一）我们(收集<手机号\n]x");
    assert_eq!(doc.text.to_string(), "（一）我们(收集<手机号\n]x");
    assert_eq!(doc.span_count(), 0);
    let msgs: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.severity))
        .collect();
    assert_eq!(
        msgs,
        [
            (1, 6, Severity::Error),
            (1, 9, Severity::Error),
            (2, 1, Severity::Error)
        ]
    );
}

#[test]
fn recovery_closes_innermost_of_role_and_drops_inner_opens() {
    // `(` opened inside `{…}` is still open when `}` closes: it becomes literal.
    let doc = p("{(a}b)");
    assert_eq!(doc.text.to_string(), "(ab)");
    assert_eq!(tags(&doc), [("purpose".into(), "(a".into())]);
    let d: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| (d.column, d.message.clone()))
        .collect();
    assert_eq!(d.len(), 3, "{d:?}");
    assert!(d[1].1.contains("closed at column 4"), "{d:?}");
    assert!(d[2].1.contains("unmatched closing ')'"), "{d:?}");
    roundtrip("{(a}b)");
}

#[test]
fn tags_never_span_lines() {
    let doc = p("(我们\n)");
    assert_eq!(doc.span_count(), 0);
    assert_eq!(doc.diagnostics.len(), 2);
}

#[test]
fn notes_are_not_parsed_for_tags_and_can_sit_in_tags() {
    let doc = p("<手机#(x)#号码>#只有一个");
    assert_eq!(doc.text.to_string(), "手机号码#只有一个");
    assert_eq!(tags(&doc), [("data".into(), "手机号码".into())]);
    assert_eq!(doc.notes().next().unwrap().text, "(x)");
    assert_eq!(doc.items()[1].depth, 1);
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.message.contains("unclosed note"))
    );
}

#[test]
fn bom_crlf_and_no_final_newline_round_trip() {
    for s in [
        "\u{feff}(我们)\r\n[收集]\r\n",
        "a\nb\r\nc",
        "",
        "\n\n",
        "()<>{}[]##",
        "(a)(b)<>#x#<#y#>",
        "{x()}",
        "{x}()",
        "(<>x)",
        "<>(x)",
        "<a#n#>(b)",
        "<a>#n#(b)",
        "((a))",
        "(((",
        ")))",
        "#a#b#c#",
        "<（我们)>",
    ] {
        roundtrip(s);
    }
    let doc = p("\u{feff}(我们)");
    assert!(doc.bom);
    assert_eq!(doc.text.to_string(), "我们");
}

#[test]
fn mixed_pair_is_reported_with_a_safe_fix() {
    let src = "当{你使用}时，（我们)会[收集]";
    let doc = p(src);
    let d = doc
        .diagnostics
        .iter()
        .find(|d| d.message.contains("mixed pair"))
        .expect("mixed pair reported");
    assert_eq!((d.line, d.column, d.severity), (1, 9, Severity::Error));
    let fix = d.fix.as_ref().expect("a fix");
    assert!(fix.safe);
    let (fixed, n) = apply_fixes(src, [fix]);
    assert_eq!(n, 1);
    assert_eq!(fixed, "当{你使用}时，(我们)会[收集]");
    assert!(p(&fixed).diagnostics.is_empty());

    let src2 = "(我们）会";
    let d = &p(src2).diagnostics[0];
    assert!(d.message.contains("mixed pair"), "{d:?}");
    assert_eq!(apply_fixes(src2, [d.fix.as_ref().unwrap()]).0, "(我们)会");
}

#[test]
fn warnings_and_hints() {
    let doc = p("<> <手机号码，> <a<b>c> {我们收集信息。} (SDK) (1) <MAC>");
    let msgs: Vec<String> = doc
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}", d.severity, d.message))
        .collect();
    let has = |s: &str| msgs.iter().any(|m| m.contains(s));
    assert!(has("warning:empty data tag"), "{msgs:?}");
    assert!(has("ends with white space or punctuation"), "{msgs:?}");
    assert!(has("nested inside another data tag"), "{msgs:?}");
    assert!(has("whole clause ending in '。'"), "{msgs:?}");
    assert!(
        has("info:'(SDK)' looks like prose, not an actor tag"),
        "{msgs:?}"
    );
    assert!(
        has("info:'<MAC>' looks like prose, not a data tag"),
        "{msgs:?}"
    );
    assert!(has("info:'(1)' looks like prose"), "{msgs:?}");
    let prose = doc
        .diagnostics
        .iter()
        .find(|d| d.message.contains("(1)"))
        .unwrap();
    let fix = prose.fix.as_ref().unwrap();
    assert!(!fix.safe);
    assert_eq!(fix.label, "make '(1)' full-width: '（1）'");
}

#[test]
fn a_closing_bracket_that_closes_one_opened_in_the_tag_is_not_stray() {
    // The JD seed, lines 51 and 65: the bracket pair is part of the tagged words.
    let balanced = p("<我们认为有风险的链接（“URL”）> {为您充值（比如（话费））}");
    assert!(
        balanced.diagnostics.is_empty(),
        "{:?}",
        balanced.diagnostics
    );
    // A closing bracket with no opening one inside the tag is still stray, and so is a
    // closing bracket of another kind than the one opened inside.
    for stray in ["<手机号码）>", "<链接（URL）》>", "<链接（URL））>"] {
        let msgs: Vec<_> = p(stray)
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("ends with white space or punctuation")),
            "{stray}: {msgs:?}"
        );
    }
}

#[test]
fn covering_and_range_queries() {
    let doc = p("x{为<某数据>提供}y\n(我们)");
    let cov = |i| -> Vec<(usize, usize)> {
        doc.covering(i)
            .into_iter()
            .map(|k| (doc.items()[k].start as usize, doc.items()[k].end as usize))
            .collect()
    };
    assert_eq!(cov(0), []);
    assert_eq!(cov(1), [(1, 7)]);
    assert_eq!(cov(3), [(1, 7), (2, 5)]);
    assert_eq!(cov(5), [(1, 7)]);
    assert_eq!(cov(8), []);
    assert_eq!(cov(10), [(9, 11)]);
    let in_range: Vec<_> = doc
        .spans_in(3, 4)
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(in_range, [(1, 7), (2, 5)]);
    let in_range: Vec<_> = doc
        .spans_in(6, 11)
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(in_range, [(1, 7), (9, 11)]);
}

fn edited(
    src: &str,
    f: impl FnOnce(&mut Document) -> Result<Splice, EditError>,
) -> Result<String, EditError> {
    let mut doc = p(src);
    let before = serialize_unchecked(&doc);
    let splice = f(&mut doc)?;
    let after = serialize(&doc).expect("edited document serializes");
    splice.revert(&mut doc);
    assert_eq!(serialize_unchecked(&doc), before, "undo restores");
    splice.apply(&mut doc);
    assert_eq!(serialize_unchecked(&doc), after, "redo restores");
    Ok(after)
}

#[test]
fn tagging_nests_and_refuses_crossing() {
    let data = 2;
    let purpose = 3;
    assert_eq!(
        edited("我们会收集手机号码", |d| d.tag(data, 5, 9)).unwrap(),
        "我们会收集<手机号码>"
    );
    assert_eq!(
        edited("用于{创建账户}", |d| d.tag(data, 4, 6)).unwrap(),
        "用于{创建<账户>}"
    );
    assert_eq!(
        edited("用于<创建>账户", |d| d.tag(purpose, 2, 6)).unwrap(),
        "用于{<创建>账户}"
    );
    assert_eq!(
        edited("<账户>", |d| d.tag(purpose, 0, 2)).unwrap(),
        "<{账户}>"
    );
    assert_eq!(
        edited("(a)(b)", |d| d.tag(purpose, 0, 2)).unwrap(),
        "{(a)(b)}"
    );
    assert_eq!(edited("#n#ab", |d| d.tag(data, 0, 2)).unwrap(), "#n#<ab>");
    assert_eq!(edited("ab#n#", |d| d.tag(data, 0, 2)).unwrap(), "<ab>#n#");
    assert_eq!(edited("a#n#b", |d| d.tag(data, 0, 2)).unwrap(), "<a#n#b>");
    assert!(matches!(
        edited("用于{创建账户}", |d| d.tag(data, 1, 4)),
        Err(EditError::Crosses { .. })
    ));
    assert!(matches!(
        edited("{创建账户}用于", |d| d.tag(data, 3, 6)),
        Err(EditError::Crosses { .. })
    ));
    assert_eq!(
        edited("a(b", |d| d.tag(data, 0, 3)),
        Err(EditError::HoldsDelimiter('('))
    );
    assert_eq!(
        edited("a\nb", |d| d.tag(data, 0, 3)),
        Err(EditError::SpansLines)
    );
    assert_eq!(
        edited("ab", |d| d.tag(data, 1, 1)),
        Err(EditError::EmptySelection)
    );
}

#[test]
fn untag_retag_and_notes() {
    assert_eq!(
        edited("{创建<账户>}", |d| d.untag(0)).unwrap(),
        "创建<账户>"
    );
    assert_eq!(
        edited("{创建<账户>}", |d| d.retag(1, 0)).unwrap(),
        "{创建(账户)}"
    );
    assert_eq!(
        edited("<账户>", |d| d.add_note(2, "查")).unwrap(),
        "<账户>#查#"
    );
    assert_eq!(
        edited("<账户>", |d| d.add_note(1, "查")).unwrap(),
        "<账#查#户>"
    );
    assert_eq!(
        edited("<账户>", |d| d.add_note(0, "查")).unwrap(),
        "#查#<账户>"
    );
    assert_eq!(edited("a#x#b", |d| d.set_note(0, "y")).unwrap(), "a#y#b");
    assert_eq!(edited("a#x#b", |d| d.set_note(0, "")).unwrap(), "ab");
    assert!(matches!(
        edited("ab", |d| d.add_note(1, "a#b")),
        Err(EditError::BadNote(_))
    ));
    // Removing the outer tag would let the literal `(` and `)` pair up: refused.
    assert_eq!(
        edited("{(a}b)", |d| d.untag(0)),
        Err(EditError::WouldNotReadBack)
    );
}

#[test]
fn serializer_refuses_output_that_reads_back_differently() {
    let mut doc = p("ab>c");
    // Force a tag over a literal `>` past the editor's checks, straight into the outline.
    doc.splice_items(0, 0, &[Item::tag(2, 0, 3, 0)]);
    let e = serialize(&doc).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.to_string().contains("refusing to write"), "{e}");
}

#[test]
fn the_diagnostic_count_counts_those_a_line_did_not_keep() {
    let doc = p(&("(".repeat(1000) + "\n<>\n"));
    assert_eq!(doc.diagnostics.len(), 100 + 1);
    assert_eq!(doc.diagnostic_count(), 1000 + 1);
}
