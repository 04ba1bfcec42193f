//! The byte-level line lexer against the char-by-char one it replaced (`line_reference`):
//! the same plain text, items, diagnostics (locations, messages, fixes) on random and hostile
//! lines, under the built-in scheme and one with non-ASCII delimiters, and (with
//! `PTAG_CORPUS`) on every line of every corpus policy.

use super::conflict::{ConflictSide, conflict_note};
use super::diagnostic::{Diagnostic, Omitted, Severity};
use super::line::{LineCtx, LineLexer, MAX_LINE_DIAGNOSTICS, Scratch};
use super::lines::LineTag;
use crate::scheme::Scheme;
use crate::test_inputs::corpus_policies;
use proptest::prelude::*;

/// A scheme whose delimiters are not all ASCII, so the lexer decodes the chars its byte
/// search stops at.
fn wide_scheme() -> Scheme {
    Scheme::from_json(
        r##"{"roles": [
            {"name": "actor", "open": "【", "close": "】", "color": "#e5a50a", "key": "a"},
            {"name": "data", "open": "<", "close": ">", "color": "#5fafff", "key": "d"},
            {"name": "purpose", "open": "「", "close": "」", "color": "#87d75f", "key": "f"}
        ], "note": "※"}"##,
        "test",
    )
    .unwrap()
}

/// Both lexers on `line`, with and without diagnostics, must agree in every field.
fn same(line: &str, scheme: &Scheme, ctx: (usize, usize, usize)) -> Result<(), TestCaseError> {
    let lexer = LineLexer::new(scheme);
    let ctx = LineCtx {
        line_no: ctx.0,
        byte_base: ctx.1,
        plain_base: ctx.2,
    };
    // One scratch for every line, as a file's parse uses it.
    let mut s = Scratch::default();
    for diagnose in [true, false] {
        let new = lexer.parse_line(line, &ctx, diagnose, &mut s);
        let old = lexer.reference_parse_line(line, &ctx, diagnose);
        prop_assert_eq!(new, old, "line {:?}, diagnose {}", line, diagnose);
    }
    prop_assert_eq!(
        lexer.has_markup(line),
        lexer.reference_has_markup(line),
        "{:?}",
        line
    );
    let delimiters = scheme.delimiters();
    let first = line
        .char_indices()
        .find(|(_, c)| delimiters.contains(c))
        .map(|(i, _)| i);
    prop_assert_eq!(lexer.find_markup(line), first, "{:?}", line);
    Ok(())
}

/// Lines of delimiters, their full-width twins, text, white space, CR, notes and conflict notes.
fn line_of(atoms: Vec<&'static str>) -> impl Strategy<Value = String> {
    let pick = prop::sample::select(atoms);
    (prop::collection::vec(pick, 0..48), prop::bool::ANY).prop_map(|(v, nl)| {
        let mut line = v.concat();
        // A line as `parse` hands it over: at most one line break, at its end.
        line.retain(|c| c != '\n');
        if nl {
            line.push('\n');
        }
        line
    })
}

const ASCII_ATOMS: [&str; 34] = [
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "{",
    "}",
    "#",
    "#",
    "（",
    "）",
    "【",
    "】",
    "《",
    "》",
    "［",
    "］",
    "｛",
    "｝",
    "＃",
    "我们",
    "收集",
    "。",
    "，",
    " ",
    "\u{3000}",
    "\r",
    "\t",
    "a",
    "1",
    "SDK",
    "ptag-conflict ",
    "ptag-conflict {\"ours\": \"<a>\", \"theirs\": \"b\"}",
];

const WIDE_ATOMS: [&str; 22] = [
    "【",
    "】",
    "【",
    "】",
    "「",
    "」",
    "<",
    ">",
    "※",
    "※",
    "（",
    "）",
    "(",
    ")",
    "[",
    "]",
    "我们",
    "。",
    " ",
    "\r",
    "a1",
    "ptag-conflict ",
];

/// The diagnostics of `line` (line 1 of its file) with at most `cap` kept.
fn diagnostics_capped(line: &str, scheme: &Scheme, cap: usize) -> Vec<Diagnostic> {
    let ctx = LineCtx {
        line_no: 1,
        byte_base: 0,
        plain_base: 0,
    };
    LineLexer::new(scheme)
        .with_cap(cap)
        .parse_line(line, &ctx, true, &mut Scratch::default())
        .diagnostics
}

/// Capped, a line's diagnostics are the first `cap` of all of them, and the last kept counts
/// the others exactly, by severity.
fn capped_is_the_uncapped_prefix(
    line: &str,
    scheme: &Scheme,
    cap: usize,
) -> Result<(), TestCaseError> {
    let all = diagnostics_capped(line, scheme, usize::MAX);
    let mut kept = diagnostics_capped(line, scheme, cap);
    prop_assert_eq!(kept.len(), all.len().min(cap), "{:?}", line);
    prop_assert!(all.iter().all(|d| d.more_on_line.is_none()));
    let more = kept.last_mut().and_then(|d| d.more_on_line.take());
    let mut rest = Omitted::default();
    for d in &all[kept.len()..] {
        rest.count_diagnostic(d);
    }
    prop_assert_eq!(more.is_some(), all.len() > cap, "{:?}", line);
    prop_assert_eq!(more.unwrap_or_default(), rest, "{:?}", line);
    prop_assert_eq!(&kept[..], &all[..kept.len()], "{:?}", line);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn capped_diagnostics_are_the_first_of_all_and_count_the_rest(
        line in line_of(ASCII_ATOMS.to_vec()),
        cap in 1usize..6,
    ) {
        capped_is_the_uncapped_prefix(&line, &Scheme::default(), cap)?;
    }

    #[test]
    fn capped_diagnostics_are_the_first_of_all_under_non_ascii_delimiters(
        line in line_of(WIDE_ATOMS.to_vec()),
        cap in 1usize..6,
    ) {
        capped_is_the_uncapped_prefix(&line, &wide_scheme(), cap)?;
    }

    #[test]
    fn the_byte_lexer_agrees_with_the_char_lexer(
        line in line_of(ASCII_ATOMS.to_vec()),
        ctx in (1usize..1000, 0usize..100_000, 0usize..100_000),
    ) {
        same(&line, &Scheme::default(), ctx)?;
    }

    #[test]
    fn the_byte_lexer_agrees_with_the_char_lexer_on_non_ascii_delimiters(
        line in line_of(WIDE_ATOMS.to_vec()),
        ctx in (1usize..1000, 0usize..100_000, 0usize..100_000),
    ) {
        same(&line, &wide_scheme(), ctx)?;
    }

    #[test]
    fn the_byte_lexer_agrees_with_the_char_lexer_on_any_text(line in "\\PC{0,60}") {
        same(&line, &Scheme::default(), (1, 0, 0))?;
        same(&line, &wide_scheme(), (7, 3, 5))?;
    }
}

#[test]
fn hostile_lines_agree() {
    let scheme = Scheme::default();
    let ours = ConflictSide {
        tags: vec![LineTag {
            start: 0,
            end: 3,
            role: 2,
        }],
        notes: vec![],
    };
    let conflict = conflict_note("手机号", &ours, &ConflictSide::default(), &scheme).unwrap();
    let lines = [
        String::new(),
        "\n".into(),
        "\r\n".into(),
        "(".repeat(2000) + &"]".repeat(2000),
        "（)".repeat(300) + &"(我）".repeat(300),
        "<".repeat(500) + "x" + &">".repeat(500),
        "#".repeat(7) + "\r\n",
        format!("(我们)#{conflict}#收集<手机号>\n"),
        "#ptag-conflict {broken#<a>#ptag-conflict #".into(),
        "<  。 >[ \u{3000}]{（a）}(SDK)(1)[ab](（链接）)\r\n".into(),
        "<a#n<>#b>]#x".into(),
    ];
    for l in &lines {
        same(l, &scheme, (3, 10, 20)).unwrap();
    }
}

#[test]
fn every_corpus_line_lexes_as_before() {
    let Some(files) = corpus_policies() else {
        return;
    };
    let scheme = Scheme::default();
    let mut lines = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            same(line, &scheme, (i + 1, 0, 0)).unwrap();
            lines += 1;
        }
    }
    assert!(lines > 1000, "{lines}");
}

#[test]
fn the_lexer_knows_the_conflict_mark() {
    assert_eq!(super::line::CONFLICT_MARK, super::conflict::CONFLICT_MARK);
}

#[test]
fn a_line_of_a_thousand_stray_brackets_lists_a_hundred_and_counts_the_rest() {
    // Three empty tags (warnings, columns 1, 3, 5); a thousand `(` of which the last closes
    // at once (an empty tag, a warning at column 1006) and sweeps the 999 others away (errors).
    let line = "<>".repeat(3) + &"(".repeat(1000) + ")\n";
    let scheme = Scheme::default();
    let d = diagnostics_capped(&line, &scheme, MAX_LINE_DIAGNOSTICS);
    assert_eq!(MAX_LINE_DIAGNOSTICS, 100);
    assert_eq!(d.len(), 100);
    let columns: Vec<usize> = d.iter().map(|d| d.column).collect();
    assert_eq!(columns[..4], [1, 3, 5, 7]);
    assert_eq!(columns[99], 7 + 96);
    assert!(d[..3].iter().all(|d| d.severity == Severity::Warning));
    assert!(d[3..].iter().all(|d| d.severity == Severity::Error));
    assert!(d[..99].iter().all(|d| d.more_on_line.is_none()));
    assert_eq!(
        d[99].more_on_line,
        Some(Omitted {
            errors: 999 - 97,
            warnings: 1,
            infos: 0,
            safe_fixes: 0
        })
    );
    capped_is_the_uncapped_prefix(&line, &scheme, MAX_LINE_DIAGNOSTICS).unwrap();
}

#[test]
fn pathological_lines_keep_the_uncapped_prefix() {
    let lines = [
        "(".repeat(3000),
        ")".repeat(3000),
        "([<{".repeat(500) + &"}>])".repeat(100),
        "#ptag-conflict {".repeat(700),
        "（)".repeat(400) + &"(我）".repeat(400),
        "<>".repeat(600) + "(SDK)",
    ];
    for line in &lines {
        for cap in [1, 7, MAX_LINE_DIAGNOSTICS] {
            capped_is_the_uncapped_prefix(line, &Scheme::default(), cap).unwrap();
        }
    }
}
