//! What the record readers (doccano JSONL, Label Studio) are told: how offsets count, which
//! annotation to take, whether predictions count, and whether a bad record stops the import.

use super::offsets::OffsetUnit;

/// Which of a task's (not cancelled) annotations to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    First,
    Last,
    /// 1-based, in the order the export lists them.
    Nth(usize),
}

impl std::str::FromStr for Which {
    type Err = String;

    fn from_str(s: &str) -> Result<Which, String> {
        match s {
            "first" => Ok(Which::First),
            "last" => Ok(Which::Last),
            n => match n.parse::<usize>() {
                Ok(k) if k >= 1 => Ok(Which::Nth(k)),
                _ => Err(format!("takes first, last or a number from 1, not {n:?}")),
            },
        }
    }
}

/// Options of the record readers; `Default` reads ptag's own exports.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    pub offsets: OffsetUnit,
    /// Take a task's prediction when it has no annotation (never by default).
    pub predictions: bool,
    /// Of a prediction, only regions scored at least this.
    pub min_score: f64,
    /// `None`: the first ground-truth annotation, else the first.
    pub annotation: Option<Which>,
    /// A bad record is listed in `ImportNotes::skipped` instead of stopping the import.
    pub skip_bad: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            offsets: OffsetUnit::Chars,
            predictions: false,
            min_score: 0.0,
            annotation: None,
            skip_bad: false,
        }
    }
}
