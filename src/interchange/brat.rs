//! brat standoff: the plain text (`.txt`, no BOM) and its annotations (`.ann`): a T-line per
//! tag, `T1<TAB>role START END<TAB>text`, offsets in chars into the `.txt` exactly; a note as
//! `#1<TAB>AnnotatorNotes T1<TAB>text` on the innermost tag holding its position. brat has no
//! place for an empty tag, a note outside every tag, or a BOM: export counts what it leaves out
//! (`BratLeftOut`), and import puts each note at the end of its tag (`brat_read`).
//!
//! brat reads an `.ann` with Python's `splitlines`, which breaks lines at `\r`, U+2028, U+0085
//! and others besides `\n`, and refuses a T-line whose text is not exactly what its offsets
//! hold. A tag holding such a break is written as brat itself writes a tag across lines
//! (server/src/annotator.py): fragments split at each run of breaks, `START END;START END`,
//! the text their texts joined by one space. A tag starting or ending with a break gets an
//! empty fragment there, so the fragments still reach from its start to its end.

use super::flat::flatten;
use crate::markup::Document;
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
    /// Notes holding a line break brat reads as one (`is_brat_line_break`), which an `.ann`
    /// line cannot carry.
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
        let fragments = fragments(&chars, *s, *e);
        let offsets: Vec<String> = fragments.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<String> = fragments
            .iter()
            .map(|&(s, e)| chars[s..e].iter().collect())
            .collect();
        let _ = writeln!(
            ann,
            "T{}\t{role} {}\t{}",
            k + 1,
            offsets.join(";"),
            texts.join(" ")
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
            Some(_) if text.chars().any(is_brat_line_break) => left.unwritable_notes.push(item),
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

/// Whether brat's `.ann` reader (Python's `str.splitlines`) ends a line at `c`.
pub fn is_brat_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The fragments brat writes for the tag `start..end` of `chars`: cut at each run of line
/// breaks, the runs left out; an empty fragment at an edge that is a break.
pub fn fragments(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = Some(start);
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        match (is_brat_line_break(c), from) {
            (true, Some(f)) => {
                out.push((f, i));
                from = None;
            }
            (false, None) => from = Some(i),
            _ => {}
        }
    }
    out.push(from.map_or((end, end), |f| (f, end)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{ImportError, from_brat};
    use crate::markup::parse;
    use crate::scheme::Scheme;

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
        for brk in ['\u{2028}', '\u{85}', '\u{c}'] {
            let (b, left) = to_brat(&parse(&format!("(x#a{brk}b#)"), &s));
            assert_eq!(left.unwritable_notes, vec![1], "{brk:?}");
            assert!(!b.ann.contains(brk), "{brk:?}: {:?}", b.ann);
        }
        let doc = parse("{(#\r#}", &s);
        let (b, left) = to_brat(&doc);
        assert_eq!(left.unwritable_notes, vec![1]);
        assert_eq!(
            parse(&from_brat(&b.txt, &b.ann, &s).unwrap(), &s).text,
            doc.text
        );
    }

    #[test]
    fn a_note_on_no_t_line_is_reported_at_its_own_line() {
        let s = Scheme::default();
        let ann = "T1\tactor 0 1\ta\n\n#1\tAnnotatorNotes T9\tx\n";
        let e = from_brat("abc", ann, &s).unwrap_err();
        assert!(matches!(&e, ImportError::BadAnn { line: 3, .. }), "{e}");
    }
}
