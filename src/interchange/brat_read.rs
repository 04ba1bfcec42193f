//! Reading brat standoff: a `.txt` and its `.ann` → markup. The `.ann` is cut into lines as
//! brat cuts it (Python's `splitlines`: `\r`, U+2028, U+0085… end a line too). T-lines are
//! tags; a T-line's text must be exactly what its offsets hold in the `.txt` (brat's own
//! check), else it is refused with its line. A T-line of fragments whose gaps are white space
//! holding a line break is one tag from the first fragment's start to the last one's end: that
//! is how brat (and ptag's export) writes a tag across line breaks. What ptag has no place for
//! (relations, events, attributes, normalizations, equivalences, other discontinuous spans,
//! comments, and notes on any of them) is dropped and listed (`BratDropped`), or refused when
//! reading strictly.

use super::ImportError;
use super::brat::is_brat_line_break;
use super::flat::{Extras, unflatten};
use super::outline::{Kind, arrange};
use crate::scheme::Scheme;

/// What kind of `.ann` line ptag has no place for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DroppedKind {
    Relation,
    Event,
    /// A T-line an event names as its trigger: an event type, not a tag.
    Trigger,
    Attribute,
    Normalization,
    Equivalence,
    Discontinuous,
    Comment,
    NoteOnDropped,
}

impl DroppedKind {
    /// `(one, several, the id letter)`, as messages count them.
    pub fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            DroppedKind::Relation => ("relation", "relations", "R"),
            DroppedKind::Event => ("event", "events", "E"),
            DroppedKind::Trigger => ("event trigger", "event triggers", "T"),
            DroppedKind::Attribute => ("attribute", "attributes", "A"),
            DroppedKind::Normalization => ("normalization", "normalizations", "N"),
            DroppedKind::Equivalence => ("equivalence", "equivalences", "*"),
            DroppedKind::Discontinuous => ("discontinuous span", "discontinuous spans", "T"),
            DroppedKind::Comment => ("comment", "comments", "#"),
            DroppedKind::NoteOnDropped => ("note on a dropped span", "notes on dropped spans", "#"),
        }
    }
}

/// One `.ann` line left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BratDropped {
    /// 1-based, counted as brat counts lines.
    pub line: usize,
    pub id: String,
    pub kind: DroppedKind,
}

/// A brat document read: its markup and what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BratRead {
    pub markup: String,
    pub dropped: Vec<BratDropped>,
}

/// A `.txt` and its `.ann` → markup, refusing every line ptag has no place for.
pub fn from_brat(txt: &str, ann: &str, scheme: &Scheme) -> Result<String, ImportError> {
    read_brat(txt, ann, scheme, true).map(|r| r.markup)
}

/// The lines of an `.ann` as brat reads them, numbered from 1: cut at every
/// `is_brat_line_break`, `\r\n` being one break.
fn brat_lines(ann: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = ann.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_brat_line_break(c) {
            lines.push((lines.len() + 1, &ann[start..i]));
            let mut next = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                next += 1;
            }
            start = next;
        }
    }
    if start < ann.len() {
        lines.push((lines.len() + 1, &ann[start..]));
    }
    lines
}

/// A tag's text for a message: quoted, escaped, cut after 40 chars.
fn quoted(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    let more = if cut.len() < text.len() { "…" } else { "" };
    format!("{cut:?}{more}")
}

/// The text of `fragments` of `chars` counted in UTF-16 code units, if every offset falls
/// between chars.
fn utf16_text(chars: &[char], fragments: &[(usize, usize)]) -> Option<String> {
    let mut at = Vec::with_capacity(chars.len() + 1);
    let mut units = 0;
    for c in chars {
        at.push(units);
        units += c.len_utf16();
    }
    at.push(units);
    let index = |u: usize| at.binary_search(&u).ok();
    let pieces: Option<Vec<String>> = fragments
        .iter()
        .map(|&(s, e)| Some(chars[index(s)?..index(e)?].iter().collect()))
        .collect();
    pieces.map(|p| p.join(" "))
}

/// Whether the gap between two fragments is what a tag across line breaks leaves out.
fn is_line_gap(gap: &[char]) -> bool {
    gap.iter().any(|&c| is_brat_line_break(c))
        && gap
            .iter()
            .all(|&c| c.is_whitespace() || is_brat_line_break(c))
}

/// One T-line's `START END;START END` → fragments, checked against the `.txt`.
fn parse_fragments(offsets: &str, chars: &[char]) -> Result<Vec<(usize, usize)>, String> {
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let mut words = fragment.split(' ');
        let (Some(s), Some(e), None) = (words.next(), words.next(), words.next()) else {
            return Err("a T-line is `T1<TAB>role START END<TAB>text`".into());
        };
        let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
            return Err("START and END are char offsets".into());
        };
        if s > e || e > chars.len() {
            return Err(format!(
                "offsets {s}-{e} are not a span of the .txt ({} chars)",
                chars.len()
            ));
        }
        if fragments.last().is_some_and(|&(_, last)| s < last) {
            return Err("fragments overlap or are out of order".into());
        }
        fragments.push((s, e));
    }
    Ok(fragments)
}

/// A `.txt` and its `.ann` → markup and what was left out; `strict` refuses instead.
pub fn read_brat(
    txt: &str,
    ann: &str,
    scheme: &Scheme,
    strict: bool,
) -> Result<BratRead, ImportError> {
    let chars: Vec<char> = txt.chars().collect();
    let mut labels: Vec<(usize, usize, String)> = Vec::new();
    // Each label's id and line.
    let mut ids: Vec<(String, usize)> = Vec::new();
    // (target, text, line, id) of each AnnotatorNotes line.
    let mut notes: Vec<(String, String, usize, String)> = Vec::new();
    let mut dropped: Vec<BratDropped> = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut triggers: Vec<String> = Vec::new();
    for (n, line) in brat_lines(ann) {
        let bad = |why: String| ImportError::BadAnn { line: n, why };
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or_default();
        let body = cols
            .next()
            .ok_or_else(|| bad("no TAB after the id".into()))?;
        if !id.starts_with('#')
            && let Some((_, first)) = seen.iter().find(|s| s.0 == id)
        {
            return Err(bad(format!("{id} is defined twice (line {first} too)")));
        }
        seen.push((id.to_string(), n));
        let mut leave_out = |kind: DroppedKind| -> Result<(), ImportError> {
            if strict {
                let (one, _, _) = kind.names();
                return Err(bad(format!(
                    "{id} is a{} {one}: ptag reads text-bound tags (T) and their AnnotatorNotes",
                    if one.starts_with(['a', 'e']) { "n" } else { "" }
                )));
            }
            dropped.push(BratDropped {
                line: n,
                id: id.to_string(),
                kind,
            });
            Ok(())
        };
        match id.chars().next() {
            Some('T') => {
                let (role, offsets) = body.split_once(' ').unwrap_or((body, ""));
                let fragments = parse_fragments(offsets, &chars).map_err(bad)?;
                let text = cols.next().unwrap_or_default();
                let pieces: Vec<String> = fragments
                    .iter()
                    .map(|&(s, e)| chars[s..e].iter().collect())
                    .collect();
                let want = pieces.join(" ");
                if text != want {
                    let at: Vec<String> =
                        fragments.iter().map(|(s, e)| format!("{s}-{e}")).collect();
                    let hint = if utf16_text(&chars, &fragments).as_deref() == Some(text) {
                        " (the text is there counting UTF-16 code units: the tool that wrote \
                         this .ann counted UTF-16, not chars)"
                    } else {
                        ""
                    };
                    return Err(bad(format!(
                        "{id} text {} but the .txt has {} at {}{hint}",
                        quoted(text),
                        quoted(&want),
                        at.join(";")
                    )));
                }
                let one_tag = fragments
                    .windows(2)
                    .all(|w| is_line_gap(&chars[w[0].1..w[1].0]));
                if !one_tag {
                    leave_out(DroppedKind::Discontinuous)?;
                    continue;
                }
                let (start, end) = (fragments[0].0, fragments[fragments.len() - 1].1);
                labels.push((start, end, role.to_string()));
                ids.push((id.to_string(), n));
            }
            Some('#') => match body.strip_prefix("AnnotatorNotes ") {
                Some(target) => notes.push((
                    target.trim().to_string(),
                    cols.next().unwrap_or_default().to_string(),
                    n,
                    id.to_string(),
                )),
                None => leave_out(DroppedKind::Comment)?,
            },
            Some('R') => leave_out(DroppedKind::Relation)?,
            Some('E') => {
                // `Type:T5 Role:T1 …`: T5 is the trigger.
                if let Some((_, trigger)) = body.split(' ').next().and_then(|t| t.split_once(':')) {
                    triggers.push(trigger.to_string());
                }
                leave_out(DroppedKind::Event)?;
            }
            Some('A' | 'M') => leave_out(DroppedKind::Attribute)?,
            Some('N') => leave_out(DroppedKind::Normalization)?,
            Some('*') => leave_out(DroppedKind::Equivalence)?,
            _ => {
                return Err(bad(format!(
                    "{:?} is no brat annotation id (T, R, E, A, M, N, * or #)",
                    id
                )));
            }
        }
    }
    // An event's trigger is an event type, no tag (only reached when not strict).
    let mut k = 0;
    while k < ids.len() {
        if triggers.contains(&ids[k].0) {
            let (id, line) = ids.remove(k);
            labels.remove(k);
            dropped.push(BratDropped {
                line,
                id,
                kind: DroppedKind::Trigger,
            });
        } else {
            k += 1;
        }
    }
    // Labels by (start, end), .ann order kept on equal ranges (the outer first, as exported).
    let mut order: Vec<usize> = (0..labels.len()).collect();
    order.sort_by_key(|&k| (labels[k].0, labels[k].1));
    let labels: Vec<(usize, usize, String)> = order.iter().map(|&k| labels[k].clone()).collect();
    let ids: Vec<&String> = order.iter().map(|&k| &ids[k].0).collect();
    let mut placed = Vec::new();
    let mut owner = Vec::new();
    for (target, text, line, id) in notes {
        let Some(k) = ids.iter().position(|t| **t == target) else {
            if dropped.iter().any(|d| d.id == target) {
                dropped.push(BratDropped {
                    line,
                    id,
                    kind: DroppedKind::NoteOnDropped,
                });
                continue;
            }
            return Err(ImportError::BadAnn {
                line,
                why: format!("AnnotatorNotes on {target}, which is no T-line"),
            });
        };
        placed.push((labels[k].1, text));
        owner.push(k);
    }
    dropped.sort_by_key(|d| d.line);
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
    let markup = match unflatten(scheme, txt, &labels, &extras) {
        // A file that starts with U+FEFF: reading would take that char for a BOM, so it
        // needs a BOM before it.
        Err(ImportError::WouldNotReadBack(_)) if txt.starts_with('\u{feff}') => {
            extras.bom = true;
            unflatten(scheme, txt, &labels, &extras)
        }
        other => other,
    }?;
    Ok(BratRead { markup, dropped })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::to_brat;
    use crate::markup::parse;

    #[test]
    fn lines_are_cut_where_brat_cuts_them() {
        let got: Vec<&str> = brat_lines("a\r\nb\u{2028}c\rd\u{85}e\n\nf")
            .into_iter()
            .map(|l| l.1)
            .collect();
        assert_eq!(got, ["a", "b", "c", "d", "e", "", "f"]);
    }

    #[test]
    fn every_break_inside_a_tag_travels_as_fragments_and_comes_back() {
        let s = Scheme::default();
        for brk in [
            '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
        ] {
            let src = format!("(我{brk}们)<{brk}x>[y{brk}]{{{brk}{brk}}}z\n");
            let (b, _) = to_brat(&parse(&src, &s));
            assert_eq!(brat_lines(&b.ann).len(), 4, "{brk:?}: {:?}", b.ann);
            assert!(
                b.ann.starts_with("T1\tactor 0 1;2 3\t我 们\n"),
                "{:?}",
                b.ann
            );
            assert_eq!(from_brat(&b.txt, &b.ann, &s).unwrap(), src, "{brk:?}");
        }
    }

    #[test]
    fn what_ptag_cannot_hold_is_refused_strictly_or_dropped_and_listed() {
        let s = Scheme::default();
        for (ann, want) in [
            ("T1\tactor 0 1;2 3\ta c", "is a discontinuous span"),
            ("R1\tRel Arg1:T1 Arg2:T2", "is a relation"),
            ("E1\tEv:T1", "is an event"),
            ("#1\tAnnotatorNotes T9\tx", "no T-line"),
            ("T1\twho 0 1\ta", "no role \"who\""),
            (
                "T1\tactor 0 1\tb",
                "T1 text \"b\" but the .txt has \"a\" at 0-1",
            ),
            ("T1\tactor 2 9\tc", "not a span of the .txt (3 chars)"),
            (
                "T1\tactor 0 1\ta\nT1\tactor 1 2\tb",
                "T1 is defined twice (line 1 too)",
            ),
            ("X1\tfoo", "no brat annotation id"),
        ] {
            let e = from_brat("abc", ann, &s).unwrap_err();
            assert!(e.to_string().contains(want), "{ann}: {e}");
        }
        let ann = "T1\tactor 0 1\ta\nT2\tEv 1 2\tb\nE1\tEv:T2 Agent:T1\nA1\tNeg E1\n#1\tAnnotatorNotes E1\tn\n";
        let read = read_brat("abc", ann, &s, false).unwrap();
        assert_eq!(read.markup, "(a)bc");
        let kinds: Vec<(usize, DroppedKind)> =
            read.dropped.iter().map(|d| (d.line, d.kind)).collect();
        assert_eq!(
            kinds,
            [
                (2, DroppedKind::Trigger),
                (3, DroppedKind::Event),
                (4, DroppedKind::Attribute),
                (5, DroppedKind::NoteOnDropped)
            ]
        );
    }

    proptest::proptest! {
        /// What the fuzz target `brat_reader` checks, on `.ann`s made of brat's own pieces.
        #[test]
        fn any_ann_is_refused_or_read_back_exactly(
            txt in "[ab \r\u{2028}我#(]{0,8}",
            ann in "(T[0-9]\t(actor|data) [0-9]( [0-9])?(;[0-9] [0-9])*\t[ab \r我]{0,3}|R1\tX Arg1:T1|#1\tAnnotatorNotes T[0-9]\tn|E1\tEv:T[0-9]|A1\tN T1|[\t\r\n\u{85} ]){0,6}",
            strict in proptest::bool::ANY,
        ) {
            let s = Scheme::default();
            if let Ok(read) = read_brat(&txt, &ann, &s, strict) {
                let doc = parse(&read.markup, &s);
                let again = crate::markup::serialize(&doc);
                proptest::prop_assert_eq!(again.as_deref(), Ok(read.markup.as_str()));
                proptest::prop_assert_eq!(doc.text.to_string(), txt.clone());
                proptest::prop_assert!(!strict || read.dropped.is_empty());
            }
        }
    }

    #[test]
    fn a_tag_brat_split_at_a_line_end_with_spaces_trimmed_is_one_tag() {
        // What brat's annotator writes for a selection `ab \r cd` across a line end.
        let s = Scheme::default();
        let got = from_brat("ab \r cd", "T1\tactor 0 2;5 7\tab cd\n", &s).unwrap();
        assert_eq!(got, "(ab \r cd)");
    }
}
