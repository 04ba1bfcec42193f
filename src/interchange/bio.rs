//! BIO (CoNLL style, one char a line) with a `-DOCSTART-` header per document that carries
//! what the rows cannot: line endings, the BOM, notes and, when needed, the outline.

use super::outline::{Outline, build, layout};
use super::{ImportError, is_false};
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
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

/// Writes one document as BIO: the header line, a blank line, then for each source line one
/// row per char (`cell<TAB>tag`) and a blank line. Line breaks are not rows: the header says
/// which were CRLF and whether the last line had one.
pub fn write_bio(doc: &Document, file: String, out: &mut dyn Write) -> io::Result<()> {
    let layout = layout(doc, true);
    // Line endings, from one pass over the text. A '\r' before '\n' belongs to the line
    // ending unless a tag covers it (`(a\r)` + LF), then it is a row like any other char.
    let covers = |p: usize| {
        let i = layout.spans.partition_point(|s| s.0 <= p);
        i > 0 && layout.spans[i - 1].1 > p
    };
    let mut ends: Vec<LineEnd> = Vec::new();
    let mut prev = '\0';
    let mut last = '\0';
    for (p, c) in doc.text.chars().enumerate() {
        if c == '\n' {
            ends.push(if prev == '\r' && !covers(p - 1) {
                LineEnd::Crlf
            } else {
                LineEnd::Lf
            });
        }
        prev = c;
        last = c;
    }
    let final_newline = doc.text.len_chars() == 0 || last == '\n';
    let lines = ends.len() + usize::from(!final_newline);
    let eol = if ends.iter().all(|&e| e == LineEnd::Lf) {
        Eol::All(LineEnd::Lf)
    } else if ends.iter().all(|&e| e == LineEnd::Crlf) {
        Eol::All(LineEnd::Crlf)
    } else {
        Eol::Each(ends)
    };
    let header = BioHeader {
        file,
        lines,
        eol: eol.clone(),
        final_newline,
        bom: doc.bom,
        notes: layout.notes.clone(),
        outline: layout.outline.clone(),
    };
    write!(out, "{DOCSTART}\t")?;
    serde_json::to_writer(&mut *out, &header).map_err(io::Error::other)?;
    writeln!(out, "\n")?;

    let tags: Vec<(String, String)> = doc
        .scheme
        .roles
        .iter()
        .map(|r| (format!("B-{}", r.name), format!("I-{}", r.name)))
        .collect();
    let mut spans = layout.spans.iter().peekable();
    let mut cell = String::new();
    // The tag of char `p`; `p` only grows, so the span cursor only moves forward.
    let tag_at =
        |p: usize, spans: &mut std::iter::Peekable<std::slice::Iter<(usize, usize, RoleId)>>| {
            while spans.peek().is_some_and(|s| s.1 <= p) {
                spans.next();
            }
            match spans.peek() {
                Some(&&(s, _, r)) if s <= p => {
                    let (b, i) = &tags[r as usize];
                    if s == p { b.as_str() } else { i.as_str() }
                }
                _ => "O",
            }
        };
    let mut line = 0;
    for (p, c) in doc.text.chars().enumerate() {
        if c == '\n' {
            writeln!(out)?;
            line += 1;
            continue;
        }
        if c == '\r' && eol.of_line(line) == LineEnd::Crlf && doc.text.get_char(p + 1) == Some('\n')
        {
            continue;
        }
        bio_cell(c, &mut cell);
        writeln!(out, "{cell}\t{}", tag_at(p, &mut spans))?;
    }
    if !final_newline {
        writeln!(out)?;
    }
    Ok(())
}

/// A document read from BIO, before it is arranged.
#[derive(Debug, Default)]
struct BioDoc {
    header: Option<BioHeader>,
    /// Rows of each source line: (char, tag).
    lines: Vec<Vec<(char, String)>>,
}

/// BIO (ours, with `-DOCSTART-` headers, or a plain CoNLL file) → markup. The input must hold
/// exactly one document.
pub fn from_bio(src: &str, scheme: &Scheme) -> Result<String, ImportError> {
    let docs = read_bio(src)?;
    let [doc] = docs.as_slice() else {
        return Err(ImportError::DocumentCount(docs.len()));
    };
    let default_header = BioHeader {
        file: String::new(),
        lines: doc.lines.len(),
        eol: Eol::All(LineEnd::Lf),
        final_newline: true,
        bom: false,
        notes: Vec::new(),
        outline: None,
    };
    let h = doc.header.as_ref().unwrap_or(&default_header);
    let mut text = String::new();
    let mut labels: Vec<(usize, usize, String)> = Vec::new();
    let mut pos = 0;
    for (i, line) in doc.lines.iter().enumerate() {
        let mut open: Option<(usize, &str)> = None;
        for (c, tag) in line {
            let (kind, role) = match tag.split_once('-') {
                Some((k @ ("B" | "I"), role)) if !role.is_empty() => (k, role),
                _ if tag == "O" => ("O", ""),
                _ => {
                    return Err(ImportError::BadTag {
                        line: i + 1,
                        tag: tag.clone(),
                    });
                }
            };
            let continues = kind == "I" && open.is_some_and(|(_, r)| r == role);
            if !continues {
                if let Some((start, r)) = open.take() {
                    labels.push((start, pos, r.to_string()));
                }
                if kind != "O" {
                    open = Some((pos, role));
                }
            }
            text.push(*c);
            pos += 1;
        }
        if let Some((start, r)) = open {
            labels.push((start, pos, r.to_string()));
        }
        let last = i + 1 == doc.lines.len();
        if !last || h.final_newline {
            match h.eol.of_line(i) {
                LineEnd::Lf => text.push('\n'),
                LineEnd::Crlf => text.push_str("\r\n"),
            }
            pos += match h.eol.of_line(i) {
                LineEnd::Lf => 1,
                LineEnd::Crlf => 2,
            };
        }
    }
    build(scheme, &text, h.bom, &labels, &h.notes, h.outline.as_ref())
}

/// Splits BIO into documents and their lines. With a header, exactly `lines` sentences
/// follow, each ended by one blank line (an empty source line is a lone blank line). Without
/// one, the file is one document and each run of rows is a line.
fn read_bio(src: &str) -> Result<Vec<BioDoc>, ImportError> {
    let mut docs: Vec<BioDoc> = Vec::new();
    let mut rows = src.lines().enumerate().peekable();
    while let Some(&(n, first)) = rows.peek() {
        let first = first.strip_suffix('\r').unwrap_or(first);
        if let Some(rest) = first.strip_prefix(DOCSTART) {
            rows.next();
            let json = rest.trim_start_matches([' ', '\t']);
            if !json.starts_with('{') {
                // CoNLL's own `-DOCSTART- -X- -X- O`: a document without our header.
                docs.push(BioDoc::default());
                continue;
            }
            let header: BioHeader =
                serde_json::from_str(json).map_err(|source| ImportError::BadHeader {
                    line: n + 1,
                    source,
                })?;
            if rows
                .peek()
                .is_some_and(|(_, l)| l.trim_end_matches('\r').is_empty())
            {
                rows.next();
            }
            let mut doc = BioDoc::default();
            for _ in 0..header.lines {
                let mut line = Vec::new();
                loop {
                    let Some((n, row)) = rows.next() else {
                        return Err(ImportError::ShortDocument {
                            line: n + 1,
                            lines: header.lines,
                        });
                    };
                    let row = row.strip_suffix('\r').unwrap_or(row);
                    if row.is_empty() {
                        break;
                    }
                    line.push(parse_row(row, n + 1)?);
                }
                doc.lines.push(line);
            }
            doc.header = Some(header);
            docs.push(doc);
            while rows
                .peek()
                .is_some_and(|(_, l)| l.trim_end_matches('\r').is_empty())
            {
                rows.next();
            }
        } else if first.is_empty() {
            rows.next();
        } else {
            // A plain CoNLL file: runs of rows separated by blank lines.
            let doc = match docs.last_mut() {
                Some(d) if d.header.is_none() => d,
                _ => {
                    docs.push(BioDoc::default());
                    docs.last_mut().expect("just pushed")
                }
            };
            let mut line = Vec::new();
            while let Some(&(n, row)) = rows.peek() {
                let row = row.strip_suffix('\r').unwrap_or(row);
                if row.is_empty() || row.starts_with(DOCSTART) {
                    break;
                }
                line.push(parse_row(row, n + 1)?);
                rows.next();
            }
            doc.lines.push(line);
        }
    }
    Ok(docs)
}

/// `cell<TAB>tag` (or `cell tag`; columns between are ignored). A cell of one char is that
/// char; `U+XXXX` stands for a white space or invisible one.
fn parse_row(row: &str, n: usize) -> Result<(char, String), ImportError> {
    let (cell, tag) = match (row.split_once('\t'), row.rsplit_once('\t')) {
        (Some((cell, _)), Some((_, tag))) => (cell, tag),
        _ => row
            .split_once(' ')
            .map(|(c, _)| (c, row.rsplit_once(' ').expect("has a space").1))
            .ok_or_else(|| ImportError::BadRow {
                line: n,
                row: row.to_string(),
            })?,
    };
    let mut chars = cell.chars();
    let c = match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => cell
            .strip_prefix("U+")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
            .ok_or_else(|| ImportError::BadCell {
                line: n,
                cell: cell.to_string(),
            })?,
    };
    Ok((c, tag.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    fn bio(src: &str) -> String {
        let doc = parse(src, &Scheme::default());
        let mut out = Vec::new();
        write_bio(&doc, "t.txt".into(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
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
        assert!(e.to_string().contains("not O, B-role or I-role"), "{e}");
        let e = from_bio("ab\tO\n", &Scheme::default()).unwrap_err();
        assert!(
            e.to_string().contains("neither one character nor U+XXXX"),
            "{e}"
        );
    }
}
