//! `ptag import`: markup from plain text, JSONL or BIO.
//!
//! Plain text: each reserved ASCII character becomes its full-width twin. JSONL and BIO: the
//! plain text plus spans and notes are arranged into a document (outermost tag first, notes
//! outside the tags they touch, unless the record's `outline` says otherwise) and serialized;
//! the serializer re-reads its output and refuses anything that would not read back.

use super::ImportFormat;
use super::commands::{Exit, plural};
use super::export::{BioHeader, DOCSTART, Eol, Kind, LineEnd, Outline, Record};
use super::paths::{Input, io_message};
use crate::markup::{Document, Item, parse, serialize};
use crate::scheme::{Scheme, full_width};
use crate::store;
use ropey::Rope;
use std::io::{self, Write};
use std::path::Path;

pub fn run(
    inputs: &[Input],
    output: &Path,
    scheme: &Scheme,
    format: ImportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let [input] = inputs else {
        writeln!(
            err,
            "ptag import: error: takes one input file, and this path holds {}",
            inputs.len()
        )?;
        return Ok(Exit::Failure);
    };
    let src = match input.read() {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Exit::Failure);
        }
    };
    let name = input.name();
    let built = match format {
        ImportFormat::Plain => match plain_to_markup(&src, scheme) {
            Ok((text, counts)) => {
                writeln!(err, "{}", describe_replacements(&name, &counts))?;
                Ok(text)
            }
            Err(e) => Err(e),
        },
        ImportFormat::Jsonl => from_jsonl(&src, scheme),
        ImportFormat::Bio => from_bio(&src, scheme),
    };
    let markup = match built {
        Ok(m) => m,
        Err(message) => {
            writeln!(err, "{name}: error: {message}")?;
            return Ok(Exit::Failure);
        }
    };
    if output.as_os_str() == "-" {
        out.write_all(markup.as_bytes())?;
    } else if let Err(e) = store::write_atomic(output, markup.as_bytes()) {
        writeln!(
            err,
            "{}: error: cannot write: {}",
            output.display(),
            io_message(&e)
        )?;
        return Ok(Exit::Failure);
    }
    if format != ImportFormat::Plain {
        let doc = parse(&markup, scheme);
        writeln!(
            err,
            "ptag import: {}, {}",
            plural(doc.span_count(), "tag", "tags"),
            plural(doc.notes().count(), "note", "notes")
        )?;
    }
    Ok(Exit::Ok)
}

/// Plain text → markup: every delimiter of the scheme becomes its full-width twin; nothing
/// else changes. Returns the text and, per delimiter replaced, how many times.
pub fn plain_to_markup(src: &str, scheme: &Scheme) -> Result<(String, Vec<(char, usize)>), String> {
    let delimiters = scheme.delimiters();
    let mut twins = Vec::with_capacity(delimiters.len());
    for &d in &delimiters {
        match full_width(d) {
            Some(t) if !scheme.is_delimiter(t) => twins.push((d, t)),
            _ => {
                return Err(format!(
                    "the scheme's delimiter {d:?} has no full-width twin to stand for it in text"
                ));
            }
        }
    }
    let mut counts = vec![0usize; twins.len()];
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    let mut rest = src;
    while let Some(i) = rest.find(|c| delimiters.contains(&c)) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found a char");
        let k = twins
            .iter()
            .position(|&(d, _)| d == c)
            .expect("a delimiter");
        out.push(twins[k].1);
        counts[k] += 1;
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    let counts = twins
        .iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .map(|(&(d, _), n)| (d, n))
        .collect();
    Ok((out, counts))
}

fn describe_replacements(name: &str, counts: &[(char, usize)]) -> String {
    let total: usize = counts.iter().map(|c| c.1).sum();
    if total == 0 {
        return format!("ptag import: {name}: no reserved character to replace");
    }
    let each: Vec<String> = counts.iter().map(|&(d, n)| format!("{n} '{d}'")).collect();
    format!(
        "ptag import: {name}: made {total} reserved character{} full-width ({})",
        if total == 1 { "" } else { "s" },
        each.join(", ")
    )
}

/// One JSONL record → markup. The input must hold exactly one record.
pub fn from_jsonl(src: &str, scheme: &Scheme) -> Result<String, String> {
    let lines: Vec<(usize, &str)> = src
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let [(line_no, line)] = lines.as_slice() else {
        return Err(format!(
            "holds {} records; import builds one file from one record",
            lines.len()
        ));
    };
    let record: Record = serde_json::from_str(line)
        .map_err(|e| format!("line {}: not a record: {e}", line_no + 1))?;
    build(
        scheme,
        &record.text,
        record.bom,
        &record.label,
        &record.notes,
        record.outline.as_ref(),
    )
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
pub fn from_bio(src: &str, scheme: &Scheme) -> Result<String, String> {
    let docs = read_bio(src)?;
    let [doc] = docs.as_slice() else {
        return Err(format!(
            "holds {} documents; import builds one file from one document",
            docs.len()
        ));
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
                    return Err(format!(
                        "line {} of the document: tag {tag:?} is not O, B-role or I-role",
                        i + 1
                    ));
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
fn read_bio(src: &str) -> Result<Vec<BioDoc>, String> {
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
            let header: BioHeader = serde_json::from_str(json)
                .map_err(|e| format!("line {}: bad {DOCSTART} header: {e}", n + 1))?;
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
                        return Err(format!(
                            "the document of line {} ends before its {} lines",
                            n + 1,
                            header.lines
                        ));
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
fn parse_row(row: &str, n: usize) -> Result<(char, String), String> {
    let (cell, tag) = match (row.split_once('\t'), row.rsplit_once('\t')) {
        (Some((cell, _)), Some((_, tag))) => (cell, tag),
        _ => row
            .split_once(' ')
            .map(|(c, _)| (c, row.rsplit_once(' ').expect("has a space").1))
            .ok_or_else(|| format!("line {n}: a row is CHAR<TAB>TAG, got {row:?}"))?,
    };
    let mut chars = cell.chars();
    let c = match (chars.next(), chars.next()) {
        (Some(c), None) => c,
        _ => cell
            .strip_prefix("U+")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
            .ok_or_else(|| format!("line {n}: {cell:?} is neither one character nor U+XXXX"))?,
    };
    Ok((c, tag.to_string()))
}

/// The default tree of spans and notes: by start; at one position notes and empty tags come
/// before (outside) the tags that start there and after (outside) those that end there; a
/// longer tag encloses a shorter one; on equal ranges the earlier label encloses the later.
/// `spans` are (start, end) sorted by (start, end), as export lists them. Fails if two spans
/// cross.
pub fn arrange(spans: &[(usize, usize)], notes: &[usize]) -> Result<Outline, String> {
    // (start, nonempty, end descending, notes before empty tags, index)
    let mut order: Vec<(usize, bool, std::cmp::Reverse<usize>, Kind, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, &(s, e))| (s, e > s, std::cmp::Reverse(e), Kind::Label, i))
        .chain(
            notes
                .iter()
                .enumerate()
                .map(|(i, &p)| (p, false, std::cmp::Reverse(p), Kind::Note, i)),
        )
        .collect();
    order.sort_by_key(|&(s, nonempty, end, kind, i)| (s, nonempty, end, kind == Kind::Label, i));
    let mut open: Vec<usize> = Vec::new();
    let mut outline = Vec::with_capacity(order.len());
    for (s, nonempty, std::cmp::Reverse(e), kind, i) in order {
        while open.last().is_some_and(|&j| spans[j].1 <= s) {
            open.pop();
        }
        if let Some(&j) = open.last()
            && e > spans[j].1
        {
            return Err(format!(
                "labels [{}, {}] and [{s}, {e}] cross: tags may nest but never cross",
                spans[j].0, spans[j].1
            ));
        }
        outline.push((kind, i, open.len() as u32));
        if kind == Kind::Label && nonempty {
            open.push(i);
        }
    }
    Ok(outline)
}

/// Plain text + labels + notes (+ the outline, if given) → markup, checked by re-reading.
pub fn build(
    scheme: &Scheme,
    text: &str,
    bom: bool,
    labels: &[(usize, usize, String)],
    notes: &[(usize, String)],
    outline: Option<&Outline>,
) -> Result<String, String> {
    let rope = Rope::from_str(text);
    let len = rope.len_chars();
    let mut roles = Vec::with_capacity(labels.len());
    for (k, (s, e, name)) in labels.iter().enumerate() {
        let role = scheme.role_by_name(name).ok_or_else(|| {
            let known: Vec<&str> = scheme.roles.iter().map(|r| r.name.as_str()).collect();
            format!(
                "label {k} [{s}, {e}, {name:?}]: no role {name:?} in the scheme (it has {})",
                known.join(", ")
            )
        })?;
        if s > e || *e > len {
            return Err(format!(
                "label {k} [{s}, {e}, {name:?}]: not a range inside the text of {len} chars"
            ));
        }
        if rope.slice(*s..*e).chars().any(|c| c == '\n') {
            return Err(format!(
                "label {k} [{s}, {e}, {name:?}]: spans a line break; a tag stays on one line"
            ));
        }
        roles.push(role);
    }
    for (k, (p, t)) in notes.iter().enumerate() {
        if *p > len {
            return Err(format!(
                "note {k} at {p}: past the end of the text ({len} chars)"
            ));
        }
        if let Some(c) = t.chars().find(|&c| c == scheme.note || c == '\n') {
            return Err(format!(
                "note {k} at {p}: its text holds {c:?}, which would end it"
            ));
        }
    }
    let outline = match outline {
        Some(o) => {
            let mut seen_labels = vec![false; labels.len()];
            let mut seen_notes = vec![false; notes.len()];
            for &(kind, i, _) in o {
                let seen = match kind {
                    Kind::Label => seen_labels.get_mut(i),
                    Kind::Note => seen_notes.get_mut(i),
                };
                match seen {
                    Some(s) if !*s => *s = true,
                    _ => return Err(format!("outline: {kind:?} {i} is missing or repeated")),
                }
            }
            if o.len() != labels.len() + notes.len() {
                return Err("outline: does not list every label and note once".into());
            }
            o.clone()
        }
        None => {
            let mut order: Vec<usize> = (0..labels.len()).collect();
            order.sort_by_key(|&i| (labels[i].0, labels[i].1));
            let spans: Vec<(usize, usize)> =
                order.iter().map(|&i| (labels[i].0, labels[i].1)).collect();
            let positions: Vec<usize> = notes.iter().map(|n| n.0).collect();
            let mut o = arrange(&spans, &positions)?;
            for entry in &mut o {
                if entry.0 == Kind::Label {
                    entry.1 = order[entry.1];
                }
            }
            o
        }
    };
    let mut doc = Document::empty(scheme.clone());
    doc.text = rope;
    doc.bom = bom;
    doc.items.reserve(outline.len());
    for (kind, i, depth) in outline {
        let item = match kind {
            Kind::Label => Item::tag(roles[i], labels[i].0, labels[i].1, depth),
            Kind::Note => {
                let idx = doc.push_note_text(notes[i].1.clone());
                Item::note(notes[i].0, depth, idx)
            }
        };
        doc.items.push(item);
    }
    serialize(&doc).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::export::{record, write_bio};
    use crate::markup::Span;
    use proptest::prelude::*;

    fn jsonl(src: &str) -> String {
        let doc = parse(src, &Scheme::default());
        serde_json::to_string(&record(&doc, "t.txt".into())).unwrap()
    }

    fn bio(src: &str) -> String {
        let doc = parse(src, &Scheme::default());
        let mut out = Vec::new();
        write_bio(&doc, "t.txt".into(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The tags BIO keeps: the outermost non-empty ones.
    fn outermost(doc: &Document) -> Vec<Span> {
        doc.items()
            .iter()
            .filter(|it| it.depth == 0 && it.end > it.start && !it.is_note())
            .map(|it| Span {
                role: it.role().unwrap(),
                start: it.start as usize,
                end: it.end as usize,
            })
            .collect()
    }

    #[test]
    fn plain_import_replaces_each_reserved_char_and_counts() {
        let (text, counts) =
            plain_to_markup("见[链接](http://x)#1 <b>（一）{}\r\n", &Scheme::default()).unwrap();
        assert_eq!(text, "见［链接］（http://x）＃1 ＜b＞（一）｛｝\r\n");
        assert_eq!(
            counts,
            [
                ('#', 1),
                ('(', 1),
                (')', 1),
                ('[', 1),
                (']', 1),
                ('<', 1),
                ('>', 1),
                ('{', 1),
                ('}', 1)
            ]
        );
        assert!(parse(&text, &Scheme::default()).items().is_empty());
        assert_eq!(
            describe_replacements("r.txt", &counts[..2]),
            "ptag import: r.txt: made 2 reserved characters full-width (1 '#', 1 '(')"
        );
    }

    #[test]
    fn jsonl_round_trips_the_awkward_cases() {
        for src in [
            "",
            "\u{feff}(我们)[收集]<手机号码>\r\n",
            "(我们#注#)<>(<>x)##\n(a<b)c>\n{为<某数据>提供服务}",
            "<(我们)>#a##b#(#c#x)",
            "（我们)(1)",
        ] {
            assert_eq!(
                from_jsonl(&jsonl(src), &Scheme::default()),
                Ok(src.to_string())
            );
        }
    }

    #[test]
    fn bad_records_are_refused_with_reasons() {
        let s = Scheme::default();
        let cases = [
            (r#"{"text":"abc","label":[[0,2,"who"]]}"#, "no role \"who\""),
            (r#"{"text":"abc","label":[[2,9,"data"]]}"#, "not a range"),
            (
                r#"{"text":"a\nb","label":[[0,3,"data"]]}"#,
                "spans a line break",
            ),
            (
                r#"{"text":"abcd","label":[[0,2,"data"],[1,3,"actor"]]}"#,
                "cross",
            ),
            (r#"{"text":"ab","notes":[[1,"x#y"]]}"#, "would end it"),
            (
                r#"{"text":"ab"}
{"text":"cd"}"#,
                "holds 2 records",
            ),
            ("{", "not a record"),
        ];
        for (line, want) in cases {
            let e = from_jsonl(line, &s).unwrap_err();
            assert!(e.contains(want), "{line}: {e}");
        }
        // A literal delimiter in a tag is fine while it stays literal (`tag()` would refuse it,
        // but `parse` makes such tags: `<a(b>`)...
        assert_eq!(
            from_jsonl(r#"{"text":"a(b","label":[[0,3,"data"]]}"#, &s),
            Ok("<a(b>".to_string())
        );
        // ...but text whose literal delimiters would pair up is refused by the serializer.
        let e = from_jsonl(r#"{"text":"x<y>","label":[[0,1,"actor"]]}"#, &s).unwrap_err();
        assert!(e.contains("would not read back"), "{e}");
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
                from_bio(&bio(src), &Scheme::default()),
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
            from_bio(src, &Scheme::default()),
            Ok("(我们)[收集]\n末\n".to_string())
        );
        let conll = "-DOCSTART- -X- -X- O\n\n我 B-actor\n们 I-actor\n";
        assert_eq!(
            from_bio(conll, &Scheme::default()),
            Ok("(我们)\n".to_string())
        );
        let e = from_bio(&format!("{conll}\n{conll}"), &Scheme::default()).unwrap_err();
        assert!(e.contains("holds 2 documents"), "{e}");
        let e = from_bio("我\tB-who\n", &Scheme::default()).unwrap_err();
        assert!(e.contains("no role \"who\""), "{e}");
        let e = from_bio("我\tX-actor\n", &Scheme::default()).unwrap_err();
        assert!(e.contains("not O, B-role or I-role"), "{e}");
        let e = from_bio("ab\tO\n", &Scheme::default()).unwrap_err();
        assert!(e.contains("neither one character nor U+XXXX"), "{e}");
    }

    fn markup_like() -> impl Strategy<Value = String> {
        let atoms = prop::sample::select(vec![
            "(", ")", "[", "]", "<", ">", "{", "}", "#", "（", "）", "我们", "收集", "\r\n", "\n",
            "\r", "\u{feff}", " ", "，", "a", "\t", "\u{200b}",
        ]);
        prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn jsonl_export_then_import_gives_the_file_back(s in markup_like()) {
            prop_assert_eq!(from_jsonl(&jsonl(&s), &Scheme::default()), Ok(s));
        }

        #[test]
        fn bio_export_then_import_keeps_text_notes_and_outermost_tags(s in markup_like()) {
            let scheme = Scheme::default();
            let doc = parse(&s, &scheme);
            let flat = doc.items().iter().all(|it| it.is_note() || (it.depth == 0 && it.end > it.start));
            match from_bio(&bio(&s), &scheme) {
                Ok(m) => {
                    let back = parse(&m, &scheme);
                    prop_assert_eq!(&back.text, &doc.text);
                    prop_assert_eq!(back.bom, doc.bom);
                    prop_assert_eq!(back.spans().collect::<Vec<_>>(), outermost(&doc));
                    prop_assert_eq!(back.notes().collect::<Vec<_>>(), doc.notes().collect::<Vec<_>>());
                    if flat {
                        prop_assert_eq!(m, s);
                    }
                }
                // Only a dropped inner tag can let literal delimiters pair up.
                Err(e) => prop_assert!(!flat, "{}", e),
            }
        }
    }
}
