//! The model's suggestions as `ptag suggest --model` lists them: each with its line and column
//! in the markup file and its text. A big file is listed a run of whole lines at a time, each
//! run on a worker: the model decodes line by line and its known texts never hold a line
//! break, so a run's suggestions are exactly the whole file's on those lines.

use super::model::Model;
use crate::markup::{Document, LineStart, Locator, parse_part};
use crate::scheme::{RoleId, Scheme};
use std::ops::Range;

/// One suggestion, located.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Char range in the plain text of what was listed (a run's own, until `shifted`).
    pub range: Range<usize>,
    pub role: RoleId,
    pub confidence: f32,
    /// 1-based line and column (in chars) of its first char in the markup file.
    pub line: usize,
    pub column: usize,
    pub text: String,
}

/// What a run of whole lines holds: its suggestions, and how many plain chars it has (where
/// the next run's plain offsets start).
#[derive(Debug, Clone, PartialEq)]
pub struct RunListing {
    pub listed: Vec<Listed>,
    pub plain_chars: usize,
}

impl Model {
    /// The suggestions that could be tagged in `doc` (`predict`), located, with lines counted
    /// from `first_line`.
    pub fn list(&self, doc: &Document, first_line: usize) -> Vec<Listed> {
        let mut at = Locator::new(doc);
        self.predict(doc)
            .into_iter()
            .map(|p| {
                let (line, column) = at.locate(p.range.start);
                Listed {
                    text: doc.text.slice(p.range.clone()).to_string(),
                    range: p.range,
                    role: p.role,
                    confidence: p.confidence,
                    line: first_line + line - 1,
                    column,
                }
            })
            .collect()
    }

    /// `list` of a run of whole lines cut from a file at line ends (see `parse_part`): its
    /// lines are the file's, its plain offsets the run's own (`Listed::shifted` moves them).
    pub fn list_run(&self, src: &str, scheme: &Scheme, at: LineStart) -> RunListing {
        let doc = parse_part(src, scheme, at);
        RunListing {
            listed: self.list(&doc, at.line_no),
            plain_chars: doc.text.len_chars(),
        }
    }
}

impl Listed {
    /// The same suggestion with its plain offsets moved on by `base` chars.
    pub fn shifted(mut self, base: usize) -> Listed {
        self.range = self.range.start + base..self.range.end + base;
        self
    }
}
