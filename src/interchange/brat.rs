//! brat standoff: the plain text (`.txt`, no BOM) and its annotations (`.ann`): a T-line per
//! tag, `T1<TAB>role START END<TAB>text`, offsets in chars into the `.txt` exactly; a note as
//! `#1<TAB>AnnotatorNotes T1<TAB>text` on the innermost tag holding its position. brat has no
//! place for an empty tag, a note outside every tag, or a BOM: export counts what it leaves out
//! (`BratLeftOut`), and import puts each note at the end of its tag.

use super::ImportError;
use super::flat::{Extras, flatten, unflatten};
use super::outline::{Kind, arrange};
use crate::markup::Document;
use crate::scheme::Scheme;
use std::fmt::Write as _;

/// A document in brat standoff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brat {
    pub txt: String,
    pub ann: String,
}

/// What brat could not hold: items of the document (for located warnings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BratLeftOut {
    pub empty_tags: Vec<usize>,
    /// Notes outside every tag.
    pub loose_notes: Vec<usize>,
    /// Notes holding a carriage return, which an `.ann` line cannot carry.
    pub unwritable_notes: Vec<usize>,
    /// Notes inside a tag but not at its end: kept, but import moves them there.
    pub moved_notes: usize,
    pub bom: bool,
}

/// brat's `.txt` and `.ann` of a document.
pub fn to_brat(doc: &Document) -> (Brat, BratLeftOut) {
    let flat = flatten(doc);
    let mut ann = String::new();
    let chars: Vec<char> = flat.text.chars().collect();
    for (k, (s, e, role)) in flat.labels.iter().enumerate() {
        let text: String = chars[*s..*e].iter().collect();
        let _ = writeln!(
            ann,
            "T{}\t{role} {s} {e}\t{}",
            k + 1,
            text.replace(['\n', '\r'], " ")
        );
    }
    let mut left = BratLeftOut {
        empty_tags: flat.empty_items,
        bom: doc.bom,
        ..BratLeftOut::default()
    };
    let note_items: Vec<usize> = doc
        .items()
        .iter()
        .enumerate()
        .filter(|(_, it)| it.is_note())
        .map(|(i, _)| i)
        .collect();
    let mut n = 0;
    for ((pos, text), item) in flat.extras.notes.iter().zip(note_items) {
        // The tag the note sits in: its parent in the tree. Tags of one range nest, so the
        // parent is the n-th label of its range, n counted along the chain of ancestors.
        let chain = doc.chain_before(item + 1);
        // An empty tag holding a note is no label: that note is then loose.
        let holder = chain.len().checked_sub(2).and_then(|p| {
            let parent = &doc.items()[chain[p]];
            let range = (parent.start as usize, parent.end as usize);
            let nth = chain[..=p]
                .iter()
                .filter(|&&c| doc.items()[c].range() == parent.range())
                .count();
            flat.labels
                .iter()
                .enumerate()
                .filter(|(_, l)| (l.0, l.1) == range)
                .nth(nth - 1)
        });
        match holder {
            // A reader splitting the `.ann` at line ends would cut the note or lose its `\r`.
            Some(_) if text.contains('\r') => left.unwritable_notes.push(item),
            Some((k, l)) => {
                n += 1;
                if l.1 != *pos {
                    left.moved_notes += 1;
                }
                let _ = writeln!(ann, "#{n}\tAnnotatorNotes T{}\t{text}", k + 1);
            }
            None => left.loose_notes.push(item),
        }
    }
    (
        Brat {
            txt: flat.text,
            ann,
        },
        left,
    )
}

/// A `.txt` and its `.ann` → markup. T-lines with one range are tags; a discontinuous one
/// (`0 2;4 6`), relations, events and attributes are refused, line by line.
pub fn from_brat(txt: &str, ann: &str, scheme: &Scheme) -> Result<String, ImportError> {
    let mut labels: Vec<(usize, usize, String)> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    // (target id, text, the .ann line it is on).
    let mut notes: Vec<(String, String, usize)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let n = i + 1;
        let bad = |why: &str| ImportError::BadAnn {
            line: n,
            why: why.to_string(),
        };
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or_default();
        let body = cols.next().ok_or_else(|| bad("no TAB after the id"))?;
        if id.starts_with('T') {
            let mut words = body.split(' ');
            let role = words.next().unwrap_or_default();
            let (Some(s), Some(e), None) = (words.next(), words.next(), words.next()) else {
                return Err(bad(
                    "a T-line is `T1<TAB>role START END<TAB>text`, one range",
                ));
            };
            let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
                return Err(bad("START and END are char offsets"));
            };
            labels.push((s, e, role.to_string()));
            ids.push(id.to_string());
        } else if id.starts_with('#') {
            let Some(target) = body.strip_prefix("AnnotatorNotes ") else {
                return Err(bad("a #-line is `#1<TAB>AnnotatorNotes T1<TAB>text`"));
            };
            notes.push((
                target.trim().to_string(),
                cols.next().unwrap_or_default().to_string(),
                n,
            ));
        } else {
            return Err(bad("only T-lines (tags) and AnnotatorNotes are read"));
        }
    }
    // Labels by (start, end), .ann order kept on equal ranges (the outer first, as exported).
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&k| (labels[k].0, labels[k].1));
    let labels: Vec<(usize, usize, String)> = order.iter().map(|&k| labels[k].clone()).collect();
    let ids: Vec<&String> = order.iter().map(|&k| &ids[k]).collect();
    let mut placed = Vec::new();
    let mut owner = Vec::new();
    for (target, text, line) in notes {
        let Some(k) = ids.iter().position(|t| **t == target) else {
            return Err(ImportError::BadAnn {
                line,
                why: format!("AnnotatorNotes on {target}, which is no T-line"),
            });
        };
        placed.push((labels[k].1, text));
        owner.push(k);
    }
    let ranges: Vec<(usize, usize)> = labels.iter().map(|l| (l.0, l.1)).collect();
    let positions: Vec<usize> = placed.iter().map(|n| n.0).collect();
    let mut outline = arrange(&ranges, &positions)?;
    // Each note goes inside its tag, after what the tag holds (notes of one tag in .ann order).
    for (j, &k) in owner.iter().enumerate() {
        outline.retain(|e| !(e.0 == Kind::Note && e.1 == j));
        let at = outline
            .iter()
            .position(|e| e.0 == Kind::Label && e.1 == k)
            .expect("every label is in the outline");
        let depth = outline[at].2;
        let end = outline[at + 1..]
            .iter()
            .position(|e| e.2 <= depth)
            .map_or(outline.len(), |i| at + 1 + i);
        outline.insert(end, (Kind::Note, j, depth + 1));
    }
    let mut extras = Extras {
        notes: placed,
        outline: Some(outline),
        ..Extras::default()
    };
    match unflatten(scheme, txt, &labels, &extras) {
        // A file that starts with U+FEFF: reading would take that char for a BOM, so it
        // needs a BOM before it.
        Err(ImportError::WouldNotReadBack(_)) if txt.starts_with('\u{feff}') => {
            extras.bom = true;
            unflatten(scheme, txt, &labels, &extras)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    #[test]
    fn brat_round_trip_and_what_it_leaves_out() {
        let s = Scheme::default();
        let src = "(我们)收集<手机#注#>\r\n{为<某>提供}\n";
        let (b, left) = to_brat(&parse(src, &s));
        assert_eq!(b.txt, "我们收集手机注\r\n为某提供\n".replace('注', ""));
        assert_eq!(
            b.ann,
            "T1\tactor 0 2\t我们\nT2\tdata 4 6\t手机\nT3\tpurpose 8 12\t为某提供\nT4\tdata 9 10\t某\n#1\tAnnotatorNotes T2\t注\n"
        );
        assert_eq!(left, BratLeftOut::default());
        assert_eq!(from_brat(&b.txt, &b.ann, &s).unwrap(), src);
        let (_, left) = to_brat(&parse("\u{feff}#a#<>(x#b#y)", &s));
        assert_eq!(
            (
                left.empty_tags.len(),
                left.loose_notes.len(),
                left.moved_notes,
                left.bom
            ),
            (1, 1, 1, true)
        );
        // A note holding a lone `\r` cannot travel on an `.ann` line: left out, said so.
        let doc = parse("{(#\r#}", &s);
        let (b, left) = to_brat(&doc);
        assert_eq!(left.unwritable_notes, vec![1]);
        assert_eq!(
            parse(&from_brat(&b.txt, &b.ann, &s).unwrap(), &s).text,
            doc.text
        );
        for (ann, want) in [
            ("T1\tactor 0 1;2 3\tx", "one range"),
            ("R1\tRel Arg1:T1 Arg2:T2", "only T-lines"),
            ("#1\tAnnotatorNotes T9\tx", "no T-line"),
            ("T1\twho 0 1\ta", "no role \"who\""),
        ] {
            let e = from_brat("abc", ann, &s).unwrap_err();
            assert!(e.to_string().contains(want), "{ann}: {e}");
        }
    }

    #[test]
    fn a_note_on_no_t_line_is_reported_at_its_own_line() {
        let s = Scheme::default();
        let ann = "T1\tactor 0 1\ta\n\n#1\tAnnotatorNotes T9\tx\n";
        let e = from_brat("abc", ann, &s).unwrap_err();
        assert!(matches!(&e, ImportError::BadAnn { line: 3, .. }), "{e}");
    }
}
