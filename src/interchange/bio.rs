//! BIO (CoNLL style, one char a line), or BIOES. By default the rows alone, as spaCy's
//! `convert` and seqeval readers take them; with `docstart`, a `-DOCSTART-` header per
//! document carries what the rows cannot: the file, line endings, the BOM, notes, where
//! sentences were split and, when needed, the outline. The reader is `bio_read`.

use super::is_false;
use super::outline::{Keep, Outline, layout};
use crate::markup::Document;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

/// A line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEnd {
    Lf,
    Crlf,
}

/// The line endings of a file: one for all lines, or one per line that has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Eol {
    All(LineEnd),
    Each(Vec<LineEnd>),
}

impl Eol {
    pub fn of_line(&self, i: usize) -> LineEnd {
        match self {
            Eol::All(e) => *e,
            Eol::Each(v) => v.get(i).copied().unwrap_or(LineEnd::Lf),
        }
    }
}

/// The JSON after `-DOCSTART-` and a tab, first line of each document in BIO.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BioHeader {
    #[serde(default)]
    pub file: String,
    /// How many source lines (sentences) follow, each ended by a blank line.
    pub lines: usize,
    pub eol: Eol,
    /// Whether the last line has a line ending.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub final_newline: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bom: bool,
    #[serde(default)]
    pub notes: Vec<(usize, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
    /// With sentence splitting: how many blocks each source line became (absent: one each).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<usize>,
}

/// The first word of a BIO header line.
pub const DOCSTART: &str = "-DOCSTART-";

/// How a character is written in BIO's first column: itself, or `U+XXXX` for white space,
/// control and invisible characters (which CoNLL readers would split on or drop). A cell of
/// one character is always that character, so no other escaping is needed.
pub fn bio_cell(c: char, buf: &mut String) {
    buf.clear();
    let invisible = matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff0}'..='\u{fffb}'
    );
    if c.is_whitespace() || c.is_control() || invisible {
        use std::fmt::Write as _;
        let _ = write!(buf, "U+{:04X}", c as u32);
    } else {
        buf.push(c);
    }
}

/// How BIO is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BioOptions {
    /// A `-DOCSTART-` header line per document, for a byte-identical import.
    pub docstart: bool,
    /// BIOES tags: `S-` for a one-char tag, `E-` for the last char of a longer one.
    pub bioes: bool,
    /// A block per sentence: a line is also split after `。！？；` outside a tag.
    pub sentences: bool,
    /// Which of nested tags are kept: `Keep::Outer` or `Keep::Inner`.
    pub nested: Keep,
}

impl Default for BioOptions {
    fn default() -> BioOptions {
        BioOptions {
            docstart: false,
            bioes: false,
            sentences: false,
            nested: Keep::Outer,
        }
    }
}

/// What a BIO export left out of a document: items (indices into `doc.items()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BioDropped {
    /// Non-empty tags dropped because BIO cannot nest.
    pub nested: Vec<usize>,
    /// Empty tags (no char to carry them).
    pub empty: Vec<usize>,
}

/// Where a sentence ends, for `BioOptions::sentences`.
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；')
}

/// Writes one document as BIO: (with `docstart`) the header line and a blank line, then a
/// block of rows (`cell<TAB>tag`, one per char) for each source line or sentence, each ended
/// by a blank line. Line breaks are not rows. Without the header, empty lines give no block.
pub fn write_bio(
    doc: &Document,
    file: String,
    options: BioOptions,
    out: &mut dyn Write,
) -> io::Result<BioDropped> {
    let layout = layout(doc, options.nested);
    let spans = &layout.spans;
    // Line endings, from one pass over the text. A '\r' before '\n' belongs to the line
    // ending unless a tag covers it (`(a\r)` + LF), then it is a row like any other char.
    let covers = |p: usize| {
        let i = spans.partition_point(|s| s.0 <= p);
        i > 0 && spans[i - 1].1 > p
    };
    let chars: Vec<char> = doc.text.chars().collect();
    let mut ends: Vec<LineEnd> = Vec::new();
    // Each source line's rows: (char position, char), line ending excluded.
    let mut lines: Vec<Vec<usize>> = vec![Vec::new()];
    for (p, &c) in chars.iter().enumerate() {
        if c == '\n' {
            let crlf = p > 0 && chars[p - 1] == '\r' && !covers(p - 1);
            if crlf {
                lines.last_mut().expect("a line").pop();
            }
            ends.push(if crlf { LineEnd::Crlf } else { LineEnd::Lf });
            lines.push(Vec::new());
        } else {
            lines.last_mut().expect("a line").push(p);
        }
    }
    let final_newline = chars.is_empty() || chars.last() == Some(&'\n');
    if final_newline {
        lines.pop();
    }
    // Tags, char by char; kept spans never overlap.
    let role_tags: Vec<[String; 4]> = doc
        .scheme
        .roles
        .iter()
        .map(|r| ["B", "I", "E", "S"].map(|k| format!("{k}-{}", r.name)))
        .collect();
    let mut tags: Vec<&str> = vec!["O"; chars.len()];
    for &(s, e, r) in spans {
        let t = &role_tags[r as usize];
        for (p, tag) in tags.iter_mut().enumerate().take(e).skip(s) {
            *tag = match (options.bioes, p == s, p + 1 == e) {
                (true, true, true) => &t[3],
                (_, true, _) => &t[0],
                (true, false, true) => &t[2],
                _ => &t[1],
            };
        }
    }
    // Blocks: each line, split after a sentence end that no kept tag spans.
    let mut blocks: Vec<Vec<&[usize]>> = Vec::with_capacity(lines.len());
    for line in &lines {
        let mut cut = vec![];
        let mut from = 0;
        if options.sentences {
            for (k, &p) in line.iter().enumerate() {
                if k + 1 < line.len() && ends_sentence(chars[p]) && !covers_both(spans, p) {
                    cut.push(&line[from..=k]);
                    from = k + 1;
                }
            }
        }
        cut.push(&line[from..]);
        blocks.push(cut);
    }
    if options.docstart {
        let eol = if ends.iter().all(|&e| e == LineEnd::Lf) {
            Eol::All(LineEnd::Lf)
        } else if ends.iter().all(|&e| e == LineEnd::Crlf) {
            Eol::All(LineEnd::Crlf)
        } else {
            Eol::Each(ends)
        };
        let header = BioHeader {
            file,
            lines: lines.len(),
            eol,
            final_newline,
            bom: doc.bom,
            notes: layout.notes.clone(),
            outline: layout.outline.clone(),
            blocks: if blocks.iter().any(|b| b.len() > 1) {
                blocks.iter().map(Vec::len).collect()
            } else {
                Vec::new()
            },
        };
        write!(out, "{DOCSTART}\t")?;
        serde_json::to_writer(&mut *out, &header).map_err(io::Error::other)?;
        writeln!(out, "\n")?;
    }
    let mut cell = String::new();
    for block in blocks.iter().flatten() {
        if block.is_empty() && !options.docstart {
            continue;
        }
        for &p in *block {
            bio_cell(chars[p], &mut cell);
            writeln!(out, "{cell}\t{}", tags[p])?;
        }
        writeln!(out)?;
    }
    Ok(BioDropped {
        nested: layout.dropped,
        empty: layout.dropped_empty,
    })
}

/// Whether a kept span holds both char `p` and the one after it.
fn covers_both(spans: &[(usize, usize, crate::scheme::RoleId)], p: usize) -> bool {
    let i = spans.partition_point(|s| s.0 <= p);
    i > 0 && spans[i - 1].1 > p + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::from_bio;
    use crate::markup::parse;
    use crate::scheme::Scheme;

    fn bio_with(src: &str, options: BioOptions) -> String {
        let doc = parse(src, &Scheme::default());
        let mut out = Vec::new();
        write_bio(&doc, "t.txt".into(), options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn bio(src: &str) -> String {
        let options = BioOptions {
            docstart: true,
            ..BioOptions::default()
        };
        bio_with(src, options)
    }

    #[test]
    fn without_docstart_rows_only_and_no_empty_blocks() {
        let got = bio_with(
            "(我们)

收集
",
            BioOptions::default(),
        );
        assert_eq!(got, "我\tB-actor\n们\tI-actor\n\n收\tO\n集\tO\n\n");
        assert_eq!(
            from_bio(&got, &Scheme::default()).unwrap(),
            "(我们)\n收集\n"
        );
    }

    #[test]
    fn bioes_and_sentences() {
        let options = BioOptions {
            bioes: true,
            sentences: true,
            ..BioOptions::default()
        };
        let got = bio_with("(我)[收集<数。据>]。<手机>；末", options);
        assert_eq!(
            got,
            "我\tS-actor\n收\tB-action\n集\tI-action\n数\tI-action\n。\tI-action\n据\tE-action\n。\tO\n\n手\tB-data\n机\tE-data\n；\tO\n\n末\tO\n\n"
        );
        // Sentences of one line join back, with --docstart byte for byte.
        let src = "(我)说。[收集]；\n<好>！x\n";
        let with = bio_with(
            src,
            BioOptions {
                docstart: true,
                ..options
            },
        );
        assert!(with.contains("\"blocks\":[2,2]"), "{with}");
        assert_eq!(from_bio(&with, &Scheme::default()).unwrap(), src);
    }

    #[test]
    fn inner_keeps_the_leaves() {
        let options = BioOptions {
            nested: Keep::Inner,
            docstart: true,
            ..BioOptions::default()
        };
        let doc = parse("{为<某>和(我)}<x>", &Scheme::default());
        let mut out = Vec::new();
        let dropped = write_bio(&doc, String::new(), options, &mut out).unwrap();
        assert_eq!(dropped.nested, [0]);
        let got = String::from_utf8(out).unwrap();
        assert_eq!(
            from_bio(&got, &Scheme::default()).unwrap(),
            "为<某>和(我)<x>"
        );
    }

    #[test]
    fn bio_rows_header_escapes_and_outermost_span() {
        let got = bio("\u{feff}(我们) [收集]\r\n{为<某>}\n\n末\t");
        let mut lines = got.lines();
        let head = lines.next().unwrap();
        let json = head.strip_prefix("-DOCSTART-\t").unwrap();
        let h: BioHeader = serde_json::from_str(json).unwrap();
        assert_eq!(h.lines, 4);
        assert_eq!(
            h.eol,
            Eol::Each(vec![LineEnd::Crlf, LineEnd::Lf, LineEnd::Lf])
        );
        assert!(!h.final_newline && h.bom);
        let rest: Vec<_> = lines.collect();
        assert_eq!(
            rest,
            [
                "",
                "我\tB-actor",
                "们\tI-actor",
                "U+0020\tO",
                "收\tB-action",
                "集\tI-action",
                "",
                "为\tB-purpose",
                "某\tI-purpose",
                "",
                "",
                "末\tO",
                "U+0009\tO",
                "",
            ]
        );
    }

    #[test]
    fn lone_cr_is_a_row() {
        let got = bio("a\rb\r");
        assert!(
            got.ends_with("\n\na\tO\nU+000D\tO\nb\tO\nU+000D\tO\n\n"),
            "{got:?}"
        );
    }

    #[test]
    fn bio_round_trips_files_without_nesting_byte_for_byte() {
        for src in [
            "",
            "\n",
            "\u{feff}(我们) [收集]\r\n\r\n#注#<手机\t号码>\n末",
            "a\rb\r",
            "(a\r)\nx",
            "（我们)(1)\u{200b}\u{3000}",
            "(我们#注#)<数据>#尾#",
        ] {
            assert_eq!(
                from_bio(&bio(src), &Scheme::default()).map_err(|e| e.to_string()),
                Ok(src.to_string()),
                "{src:?}"
            );
        }
    }

    #[test]
    fn bio_keeps_the_outermost_tag_and_the_notes() {
        let got = from_bio(&bio("{为<某#注#数据>提供服务}<>\n"), &Scheme::default()).unwrap();
        assert_eq!(got, "{为某#注#数据提供服务}\n");
    }

    #[test]
    fn plain_conll_without_header_imports() {
        let src = "我 B-actor\n们 I-actor\n收\tX\tB-action\n集\tI-action\n\n\n末\tO\n";
        assert_eq!(
            from_bio(src, &Scheme::default()).map_err(|e| e.to_string()),
            Ok("(我们)[收集]\n末\n".to_string())
        );
        let conll = "-DOCSTART- -X- -X- O\n\n我 B-actor\n们 I-actor\n";
        assert_eq!(
            from_bio(conll, &Scheme::default()).map_err(|e| e.to_string()),
            Ok("(我们)\n".to_string())
        );
        let e = from_bio(&format!("{conll}\n{conll}"), &Scheme::default()).unwrap_err();
        assert!(e.to_string().contains("holds 2 documents"), "{e}");
        let e = from_bio("我\tB-who\n", &Scheme::default()).unwrap_err();
        assert!(e.to_string().contains("no role \"who\""), "{e}");
        let e = from_bio("我\tX-actor\n", &Scheme::default()).unwrap_err();
        assert!(e.to_string().contains("not O, B-role, I-role"), "{e}");
        let e = from_bio("ab\tO\n", &Scheme::default()).unwrap_err();
        assert!(
            e.to_string().contains("neither one character nor U+XXXX"),
            "{e}"
        );
    }
}
