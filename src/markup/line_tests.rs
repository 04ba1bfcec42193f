//! The byte-level line lexer against the char-by-char one it replaced (`line_reference`):
//! the same plain text, items, diagnostics (locations, messages, fixes) on random and hostile
//! lines, under the built-in scheme and one with non-ASCII delimiters, and (with
//! `PTAG_CORPUS`) on every line of every corpus policy.

use super::conflict::{ConflictSide, conflict_note};
use super::line::{LineCtx, LineLexer, Scratch};
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

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
