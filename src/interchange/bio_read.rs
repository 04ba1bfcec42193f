//! Reading BIO: ours (with or without `-DOCSTART-` headers) or any CoNLL file whose first
//! column is one char (or `U+XXXX`) and whose last column is the tag, separated by TABs or
//! spaces. B-/I-/O and BIOES (S-, E-) tags are both read.

use super::bio::{BioHeader, DOCSTART, Eol, LineEnd};
use super::outline::build;
use super::{ImportError, Imported};
use crate::scheme::Scheme;

/// One row: the char, its tag and its line in the input.
type Row = (char, String, usize);

/// A document read from BIO, before it is arranged.
#[derive(Debug, Default)]
struct BioDoc {
    header: Option<BioHeader>,
    /// Rows of each source line.
    lines: Vec<Vec<Row>>,
}

/// BIO → markup. The input must hold exactly one document.
pub fn from_bio(src: &str, scheme: &Scheme) -> Result<String, ImportError> {
    let mut all = from_bio_all(src, scheme)?;
    match all.len() {
        1 => Ok(all.remove(0).markup),
        n => Err(ImportError::DocumentCount(n)),
    }
}

/// Every document of a BIO input → markup, with the file its header names (empty without
/// one). Without headers the whole input is one document, each block of rows a line.
pub fn from_bio_all(src: &str, scheme: &Scheme) -> Result<Vec<Imported>, ImportError> {
    read_bio(src)?
        .iter()
        .map(|doc| {
            Ok(Imported {
                file: doc
                    .header
                    .as_ref()
                    .map(|h| h.file.clone())
                    .unwrap_or_default(),
                markup: markup_of(doc, scheme)?,
            })
        })
        .collect()
}

fn markup_of(doc: &BioDoc, scheme: &Scheme) -> Result<String, ImportError> {
    let default_header = BioHeader {
        file: String::new(),
        lines: doc.lines.len(),
        eol: Eol::All(LineEnd::Lf),
        final_newline: true,
        bom: false,
        notes: Vec::new(),
        outline: None,
        blocks: Vec::new(),
    };
    let h = doc.header.as_ref().unwrap_or(&default_header);
    let mut text = String::new();
    let mut labels: Vec<(usize, usize, String)> = Vec::new();
    let mut pos = 0;
    for (i, line) in doc.lines.iter().enumerate() {
        let mut open: Option<(usize, &str)> = None;
        for (c, tag, n) in line {
            let (kind, role) = match tag.split_once('-') {
                Some((k @ ("B" | "I" | "E" | "S"), role)) if !role.is_empty() => (k, role),
                _ if tag == "O" => ("O", ""),
                _ => {
                    return Err(ImportError::BadTag {
                        line: *n,
                        tag: tag.clone(),
                    });
                }
            };
            let continues = matches!(kind, "I" | "E") && open.is_some_and(|(_, r)| r == role);
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
            if matches!(kind, "E" | "S")
                && let Some((start, r)) = open.take()
            {
                labels.push((start, pos, r.to_string()));
            }
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

fn is_blank(l: &str) -> bool {
    l.trim_end_matches('\r').is_empty()
}

/// Splits BIO into documents and their lines. With a header, exactly `lines` source lines
/// follow, each one block (or `blocks[i]` blocks) ended by one blank line (an empty source
/// line is a lone blank line). Without one, the file is one document and each block a line.
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
            if rows.peek().is_some_and(|(_, l)| is_blank(l)) {
                rows.next();
            }
            let mut doc = BioDoc::default();
            for i in 0..header.lines {
                let mut line = Vec::new();
                for _ in 0..header.blocks.get(i).copied().unwrap_or(1) {
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
                }
                doc.lines.push(line);
            }
            doc.header = Some(header);
            docs.push(doc);
            while rows.peek().is_some_and(|(_, l)| is_blank(l)) {
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

/// `cell<TAB>tag` or `cell tag` (columns between, if any, are ignored). A cell of one char is
/// that char; `U+XXXX` stands for a white space or invisible one.
fn parse_row(row: &str, n: usize) -> Result<Row, ImportError> {
    let cols: Vec<&str> = row.split(['\t', ' ']).filter(|c| !c.is_empty()).collect();
    let (Some(cell), Some(tag), true) = (cols.first(), cols.last(), cols.len() >= 2) else {
        return Err(ImportError::BadRow {
            line: n,
            row: row.to_string(),
        });
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
    Ok((c, tag.to_string(), n))
}
