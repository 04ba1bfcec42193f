//! How a conflict note is shown in the text: both sides' versions of the region at once, each
//! as markup (`A:<手机号码> B:{手机号}码|`), in front of the region's text. The note itself
//! is one `#` in the file; the label is what the adjudicator reads to choose.

use crate::markup::{ConflictSide, read_conflict};
use crate::scheme::{RoleId, Scheme};
use unicode_segmentation::UnicodeSegmentation;

/// One grapheme of a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCell {
    pub text: String,
    /// `None` for the label's own marks (`A:`, `B:`, `|`); else the side (0: ours/A, 1: theirs/B).
    pub side: Option<u8>,
    /// The innermost tag of that side around this char (or the delimiter's role).
    pub role: Option<RoleId>,
    /// A tag delimiter or a note of the side.
    pub delimiter: bool,
}

/// The label of conflict note `note` with the sides named `sides`; `None` if it is not a
/// conflict note or cannot be read (then it shows as an ordinary note).
pub fn conflict_label(note: &str, scheme: &Scheme, sides: &[String; 2]) -> Option<Vec<LabelCell>> {
    let c = read_conflict(note, scheme)?.ok()?;
    let mut cells = Vec::new();
    let mark = |cells: &mut Vec<LabelCell>, s: &str| {
        cells.extend(s.graphemes(true).map(|g| LabelCell {
            text: g.to_string(),
            side: None,
            role: None,
            delimiter: false,
        }))
    };
    mark(&mut cells, &format!("{}:", sides[0]));
    side_cells(&c.text, &c.ours, 0, scheme, &mut cells);
    mark(&mut cells, &format!(" {}:", sides[1]));
    side_cells(&c.text, &c.theirs, 1, scheme, &mut cells);
    mark(&mut cells, "|");
    Some(cells)
}

/// The region `text` marked up with `s`'s tags and notes, cell by cell.
fn side_cells(text: &str, s: &ConflictSide, side: u8, scheme: &Scheme, out: &mut Vec<LabelCell>) {
    let mut tags = s.tags.clone();
    tags.sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));
    let mut open: Vec<(usize, RoleId)> = Vec::new();
    let mut next_tag = 0;
    let cell = |text: String, role: Option<RoleId>, delimiter: bool| LabelCell {
        text,
        side: Some(side),
        role,
        delimiter,
    };
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let mut pos = 0;
    for k in 0..=graphemes.len() {
        while let Some(&(end, role)) = open.last() {
            if end > pos {
                break;
            }
            out.push(cell(scheme.role(role).close.to_string(), Some(role), true));
            open.pop();
        }
        for (_, n) in s.notes.iter().filter(|(p, _)| *p == pos) {
            let note = format!("{}{n}{}", scheme.note, scheme.note);
            out.extend(note.graphemes(true).map(|g| cell(g.into(), None, true)));
        }
        while let Some(t) = tags.get(next_tag).filter(|t| t.start == pos) {
            out.push(cell(
                scheme.role(t.role).open.to_string(),
                Some(t.role),
                true,
            ));
            if t.end == pos {
                out.push(cell(
                    scheme.role(t.role).close.to_string(),
                    Some(t.role),
                    true,
                ));
            } else {
                open.push((t.end, t.role));
            }
            next_tag += 1;
        }
        let Some(g) = graphemes.get(k) else { break };
        out.push(cell((*g).to_string(), open.last().map(|o| o.1), false));
        pos += g.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_shows_both_sides_as_markup() {
        let s = Scheme::default();
        let note = r#"ptag-conflict {"ours":"<手机号码>","theirs":"{手机号}码\u0023查\u0023"}"#;
        let sides = ["A".to_string(), "B".to_string()];
        let cells = conflict_label(note, &s, &sides).unwrap();
        let text: String = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(text, "A:<手机号码> B:{手机号}码#查#|");
        let data = s.role_by_name("data");
        let purpose = s.role_by_name("purpose");
        let ji = cells
            .iter()
            .find(|c| c.text == "机" && c.side == Some(0))
            .unwrap();
        assert_eq!(ji.role, data);
        let ji_b = cells
            .iter()
            .find(|c| c.text == "机" && c.side == Some(1))
            .unwrap();
        assert_eq!(ji_b.role, purpose);
        let ma_b = cells.iter().rfind(|c| c.text == "码").unwrap();
        assert_eq!((ma_b.side, ma_b.role), (Some(1), None));
        assert!(conflict_label("an ordinary note", &s, &sides).is_none());
    }
}
