//! How another tool counted its offsets, and turning them into char offsets, checked against the
//! text a region claims where the tool gives one.
//!
//! Python tools (doccano's import, Label Studio's backend) count code points, as ptag does; a
//! browser counts UTF-16 units (doccano's annotation page unless its grapheme mode is on:
//! doccano issue 2290), so a text with characters outside the BMP (emoji, CJK Extension B)
//! comes back shifted. The two agree on every other text.

use super::ImportError;

/// The unit an input's offsets count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OffsetUnit {
    /// Code points (what ptag writes).
    #[default]
    Chars,
    /// UTF-16 code units (JavaScript string indices).
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl OffsetUnit {
    /// The `--offsets` value that names this unit.
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::Chars => "chars",
            OffsetUnit::Utf16 => "utf16",
            OffsetUnit::Bytes => "bytes",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            OffsetUnit::Chars => 1,
            OffsetUnit::Utf16 => c.len_utf16(),
            OffsetUnit::Bytes => c.len_utf8(),
        }
    }
}

/// A text's char offsets as another unit counts them.
pub struct Counted {
    /// `starts[unit]` is `Some(char index)` when a char starts there; the last entry is the end.
    starts: Vec<Option<usize>>,
}

impl Counted {
    pub fn new(text: &str, unit: OffsetUnit) -> Counted {
        let mut starts = Vec::with_capacity(text.len() + 1);
        for (k, c) in text.chars().enumerate() {
            starts.push(Some(k));
            for _ in 1..unit.width(c) {
                starts.push(None);
            }
        }
        starts.push(Some(text.chars().count()));
        Counted { starts }
    }

    /// The char offset of `offset`, if it is inside the text and on a char's start.
    pub fn to_char(&self, offset: usize) -> Option<usize> {
        self.starts.get(offset).copied().flatten()
    }

    /// The text's length in this unit.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A span as another tool gives it: offsets in its unit, the role, and the text it claims
/// (Label Studio's `value.text`), with the field it came from for errors.
#[derive(Debug, Clone)]
pub struct RawSpan {
    pub start: usize,
    pub end: usize,
    pub role: String,
    pub claimed: Option<String>,
    pub field: String,
}

/// The other units in which `span`'s offsets fit its text (its claimed text, where given, or
/// else just the text's length), for the hint of an error.
fn units_that_fit(text: &str, span: &RawSpan, tried: OffsetUnit) -> Vec<OffsetUnit> {
    [OffsetUnit::Chars, OffsetUnit::Utf16, OffsetUnit::Bytes]
        .into_iter()
        .filter(|&u| u != tried)
        .filter(|&u| {
            let counted = Counted::new(text, u);
            match (counted.to_char(span.start), counted.to_char(span.end)) {
                (Some(s), Some(e)) if s <= e => span
                    .claimed
                    .as_ref()
                    .is_none_or(|claimed| text.chars().skip(s).take(e - s).eq(claimed.chars())),
                _ => false,
            }
        })
        .collect()
}

/// Whether every span of `spans` that has a claimed text fits it when counted in `unit`, and at
/// least one has one: the evidence for offering `unit`.
fn all_claims_fit(text: &str, spans: &[RawSpan], unit: OffsetUnit) -> bool {
    let counted = Counted::new(text, unit);
    let mut any = false;
    for span in spans {
        let Some(claimed) = &span.claimed else {
            continue;
        };
        any = true;
        match (counted.to_char(span.start), counted.to_char(span.end)) {
            (Some(s), Some(e)) if s <= e => {
                if !text.chars().skip(s).take(e - s).eq(claimed.chars()) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    any
}

/// `spans` as char offsets into `text`, each checked: inside the text, on a char's start in
/// `unit`, and equal to its claimed text. A mismatch names the field and, when another unit
/// would fit, says so.
pub fn to_char_spans(
    text: &str,
    spans: &[RawSpan],
    unit: OffsetUnit,
) -> Result<Vec<(usize, usize, String)>, ImportError> {
    let counted = Counted::new(text, unit);
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let hint = || {
            let mut fits = units_that_fit(text, span, unit);
            // Without a claimed text any unit long enough "fits": offer one only on evidence.
            if span.claimed.is_none() {
                fits.retain(|&u| u == OffsetUnit::Utf16 && counted.len() < span.end);
            } else if fits.len() > 1 {
                fits.retain(|&u| all_claims_fit(text, spans, u));
            }
            fits.first()
                .map(|u| {
                    format!(
                        "; counted in {} these offsets fit: import with --offsets {}",
                        describe(*u),
                        u.name()
                    )
                })
                .unwrap_or_default()
        };
        let located = |why: String| ImportError::InField {
            field: span.field.clone(),
            source: Box::new(ImportError::Offsets(why)),
        };
        let (Some(start), Some(end)) = (counted.to_char(span.start), counted.to_char(span.end))
        else {
            let why = if span.start.max(span.end) > counted.len() {
                format!(
                    "[{}, {}] is not inside the text of {} {}",
                    span.start,
                    span.end,
                    counted.len(),
                    describe(unit)
                )
            } else {
                format!(
                    "[{}, {}] falls inside a character counted in {}",
                    span.start,
                    span.end,
                    describe(unit)
                )
            };
            return Err(located(why + &hint()));
        };
        if end < start {
            return Err(located(format!(
                "[{}, {}] ends before it starts",
                span.start, span.end
            )));
        }
        if let Some(claimed) = &span.claimed {
            let found: String = text.chars().skip(start).take(end - start).collect();
            if &found != claimed {
                return Err(located(format!(
                    "value.text {claimed:?} is not the text at [{}, {}] ({found:?}){}",
                    span.start,
                    span.end,
                    hint()
                )));
            }
        }
        out.push((start, end, span.role.clone()));
    }
    Ok(out)
}

fn describe(unit: OffsetUnit) -> &'static str {
    match unit {
        OffsetUnit::Chars => "code points",
        OffsetUnit::Utf16 => "UTF-16 units",
        OffsetUnit::Bytes => "UTF-8 bytes",
    }
}

/// When offsets are read as code points from a text with characters outside the BMP before the
/// end of some span and nothing confirms them: a word that they might be UTF-16 units.
pub fn astral_warning(text: &str, spans: &[RawSpan], unit: OffsetUnit) -> Option<String> {
    if unit != OffsetUnit::Chars || spans.iter().any(|s| s.claimed.is_some()) {
        return None;
    }
    let last_end = spans.iter().map(|s| s.end).max()?;
    let astral = text
        .chars()
        .take(last_end)
        .filter(|c| c.len_utf16() == 2)
        .count();
    (astral > 0).then(|| {
        format!(
            "{astral} character{} outside the BMP before its labels: offsets were read as code \
             points; if the tool counted UTF-16 units (doccano's browser does), import with \
             --offsets utf16",
            if astral == 1 { "" } else { "s" }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, claimed: Option<&str>) -> RawSpan {
        RawSpan {
            start,
            end,
            role: "data".into(),
            claimed: claimed.map(str::to_string),
            field: "x".into(),
        }
    }

    #[test]
    fn units_count_as_their_tools_do() {
        let text = "😀我𠮷";
        let c = Counted::new(text, OffsetUnit::Utf16);
        assert_eq!(c.len(), 5);
        assert_eq!(
            (c.to_char(2), c.to_char(1), c.to_char(5)),
            (Some(1), None, Some(3))
        );
        let b = Counted::new(text, OffsetUnit::Bytes);
        assert_eq!(
            (b.len(), b.to_char(4), b.to_char(7)),
            (11, Some(1), Some(2))
        );
        assert_eq!(Counted::new(text, OffsetUnit::Chars).to_char(3), Some(3));
    }

    #[test]
    fn a_claimed_text_is_checked_and_the_unit_that_fits_offered() {
        let text = "😀我们会";
        assert_eq!(
            to_char_spans(text, &[span(2, 4, Some("我们"))], OffsetUnit::Utf16).unwrap(),
            [(1, 3, "data".to_string())]
        );
        let e = to_char_spans(text, &[span(2, 4, Some("我们"))], OffsetUnit::Chars)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x: value.text \"我们\" is not the text at [2, 4]"),
            "{e}"
        );
        assert!(e.ends_with("import with --offsets utf16"), "{e}");
        let e = to_char_spans("ab", &[span(0, 1, Some("b"))], OffsetUnit::Chars)
            .unwrap_err()
            .to_string();
        assert!(!e.contains("--offsets"), "{e}");
        let e = to_char_spans("我们", &[span(3, 6, Some("们"))], OffsetUnit::Chars).unwrap_err();
        assert!(
            e.to_string().ends_with("import with --offsets bytes"),
            "{e}"
        );
        assert_eq!(
            to_char_spans("我们", &[span(3, 6, Some("们"))], OffsetUnit::Bytes).unwrap(),
            [(1, 2, "data".to_string())]
        );
        let e = to_char_spans(text, &[span(1, 2, None)], OffsetUnit::Utf16).unwrap_err();
        assert!(e.to_string().contains("falls inside a character"), "{e}");
        let e = to_char_spans(text, &[span(3, 5, None)], OffsetUnit::Chars).unwrap_err();
        assert!(e.to_string().contains("--offsets utf16"), "{e}");
    }

    #[test]
    fn astral_text_before_unconfirmed_labels_is_warned_about() {
        assert!(astral_warning("😀我们", &[span(1, 3, None)], OffsetUnit::Chars).is_some());
        assert!(astral_warning("我们😀", &[span(0, 2, None)], OffsetUnit::Chars).is_none());
        assert!(astral_warning("😀我们", &[span(1, 3, None)], OffsetUnit::Utf16).is_none());
    }
}
