//! `ptag export`: spans as doccano-style JSONL, or BIO (one char a line).
//!
//! Both formats carry what a byte-identical `import` needs beyond the spans: the BOM, and
//! where the tree of tags and notes differs from the one `import` would build by default
//! (a note on a tag boundary inside the tag, an empty tag, two tags of the same range). BIO
//! also carries the line endings and the notes in a `-DOCSTART-` header line. See the README.

use super::ExportFormat;
use super::commands::Exit;
use super::import::arrange;
use super::paths::Input;
use crate::markup::Document;
use crate::scheme::{RoleId, Scheme};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// What an outline entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Label,
    Note,
}

/// The tree of tags and notes in file order: `(kind, index into label or notes, depth)`.
pub type Outline = Vec<(Kind, usize, u32)>;

/// One JSONL line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(default)]
    pub file: String,
    pub text: String,
    /// `[start, end, role]`, char offsets into `text`, end exclusive, sorted by (start, end);
    /// two tags of the same range: the outer first.
    #[serde(default)]
    pub label: Vec<(usize, usize, String)>,
    /// `[pos, text]`, in file order.
    #[serde(default)]
    pub notes: Vec<(usize, String)>,
    /// The file starts with a byte-order mark (not part of `text`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub bom: bool,
    /// Present only when the default arrangement would not give the file back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outline: Option<Outline>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

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

pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    format: ExportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    if format == ExportFormat::Bio
        && let Some(r) = scheme
            .roles
            .iter()
            .find(|r| r.name.chars().any(char::is_whitespace))
    {
        writeln!(
            err,
            "ptag export: error: role name {:?} holds white space: it cannot be a BIO tag",
            r.name
        )?;
        return Ok(Exit::Failure);
    }
    let mut exit = Exit::Ok;
    for input in inputs {
        let doc = match input.load(scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = Exit::Failure;
                continue;
            }
        };
        match format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &record(&doc, input.given()))
                    .map_err(io::Error::other)?;
                writeln!(out)?;
            }
            ExportFormat::Bio => write_bio(&doc, input.given(), out)?,
        }
    }
    Ok(exit)
}

/// The JSONL record of a document.
pub fn record(doc: &Document, file: String) -> Record {
    let layout = layout(doc, false);
    Record {
        file,
        text: doc.text.to_string(),
        label: layout.labels(doc),
        notes: layout.notes,
        bom: doc.bom,
        outline: layout.outline,
    }
}

/// Tags and notes as export lists them.
pub struct Layout {
    /// `(start, end, role id)` sorted by (start, end), outer first on equal ranges.
    pub spans: Vec<(usize, usize, RoleId)>,
    pub notes: Vec<(usize, String)>,
    pub outline: Option<Outline>,
}

impl Layout {
    fn labels(&self, doc: &Document) -> Vec<(usize, usize, String)> {
        self.spans
            .iter()
            .map(|&(s, e, r)| (s, e, doc.scheme.role(r).name.clone()))
            .collect()
    }
}

/// Lists the tags and notes of `doc` and, if `arrange` would not rebuild the same tree from
/// those lists, the tree itself. `outermost`: keep only the outermost non-empty tags (BIO's
/// view); notes inside a dropped tag then sit in the kept one around it.
pub fn layout(doc: &Document, outermost: bool) -> Layout {
    // (kind, index in its list, depth) in file order; label indices are fixed up after sorting.
    let mut tree: Vec<(Kind, usize, u32)> = Vec::with_capacity(doc.items().len());
    let mut spans: Vec<(usize, usize, RoleId)> = Vec::new();
    let mut notes: Vec<(usize, String)> = Vec::new();
    let mut top_kept = false;
    for it in doc.items() {
        match it.role() {
            None => {
                let depth = if outermost {
                    u32::from(it.depth > 0 && top_kept)
                } else {
                    it.depth
                };
                tree.push((Kind::Note, notes.len(), depth));
                notes.push((it.start as usize, doc.note_text(it).to_string()));
            }
            Some(role) => {
                if outermost {
                    if it.depth > 0 {
                        continue;
                    }
                    top_kept = it.end > it.start;
                    if !top_kept {
                        continue;
                    }
                }
                tree.push((Kind::Label, spans.len(), it.depth));
                spans.push((it.start as usize, it.end as usize, role));
            }
        }
    }
    // Sort the labels by (start, end); stable, so equal ranges keep file order (outer first).
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, spans[i].1));
    let mut rank = vec![0; spans.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    let spans: Vec<_> = order.iter().map(|&i| spans[i]).collect();
    for entry in &mut tree {
        if entry.0 == Kind::Label {
            entry.1 = rank[entry.1];
        }
    }
    let ranges: Vec<(usize, usize)> = spans.iter().map(|&(s, e, _)| (s, e)).collect();
    let positions: Vec<usize> = notes.iter().map(|n| n.0).collect();
    let outline = match arrange(&ranges, &positions) {
        Ok(default) if default == tree => None,
        _ => Some(tree),
    };
    Layout {
        spans,
        notes,
        outline,
    }
}

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
    fn jsonl_record_has_sorted_labels_notes_and_no_outline_when_default() {
        let doc = parse(
            "(我们)会[收集]#注#{为<某数据>提供服务}\n",
            &Scheme::default(),
        );
        let r = record(&doc, "p.txt".into());
        assert_eq!(r.text, "我们会收集为某数据提供服务\n");
        assert_eq!(
            r.label,
            [
                (0, 2, "actor".to_string()),
                (3, 5, "action".to_string()),
                (5, 13, "purpose".to_string()),
                (6, 9, "data".to_string()),
            ]
        );
        assert_eq!(r.notes, [(5, "注".to_string())]);
        assert_eq!(r.outline, None);
        let line = serde_json::to_string(&r).unwrap();
        assert!(
            line.starts_with(
                r#"{"file":"p.txt","text":"我们会收集为某数据提供服务\n","label":[[0,2,"actor"]"#
            ),
            "{line}"
        );
        assert!(!line.contains("bom") && !line.contains("outline"), "{line}");
    }

    #[test]
    fn outline_only_when_the_default_tree_differs() {
        let s = Scheme::default();
        // A note on a tag's edge but inside it; an empty tag at the start of another, inside.
        for src in ["(我们#注#)\n", "(<>我们)\n", "(#a#我们)"] {
            let r = record(&parse(src, &s), String::new());
            assert!(r.outline.is_some(), "{src}");
        }
        for src in [
            "(我们)#注#\n",
            "#a#(我们)",
            "<(我们)x>",
            "<(我们)>",
            "<>(我们)",
            "(我们)<>",
        ] {
            let r = record(&parse(src, &s), String::new());
            assert_eq!(r.outline, None, "{src}");
        }
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
}
