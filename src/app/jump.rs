//! Jump labels: one key puts a letter (or two) on every word after the cursor on screen; typing
//! it moves the cursor there — any visible word in two or three keys, found by looking at it,
//! not by counting words or typing Chinese into a search (helix's `gw`, vim's EasyMotion).
//! In selection mode the labels sit on the words' last characters (just past them with an
//! exclusive, emacs-style selection), so the jump ends a selection on a word's end.

use crate::app::navigate::move_to;
use crate::app::{App, Mode};
use crate::keymap::{Code, Key};
use crate::layout::{next_segment, segment_of};
use crate::motion;

/// The label letters, easiest first (home row, top row, bottom row).
pub const JUMP_LETTERS: &[char] = &[
    'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',
    'z', 'x', 'c', 'v', 'b', 'n', 'm',
];

/// The nearest targets get one letter each; the other letters start two-letter labels.
const SINGLE: usize = 20;

/// How many targets labels can name: the single letters and the two-letter labels.
pub const JUMP_MAX: usize = SINGLE + (26 - SINGLE) * 26;

/// The label of the `i`-th target after the cursor (0 the nearest), None past `JUMP_MAX`.
/// Fixed by the order alone, so a near word's label never depends on what else is on screen.
pub fn jump_label(i: usize) -> Option<String> {
    if i < SINGLE {
        return Some(JUMP_LETTERS[i].to_string());
    }
    let j = i - SINGLE;
    let first = *JUMP_LETTERS.get(SINGLE + j / 26)?;
    Some(format!("{first}{}", JUMP_LETTERS[j % 26]))
}

impl App {
    /// The first char past the last row on screen (the file's length when the text ends on it).
    pub fn screen_end(&self) -> usize {
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let mut left = self.text_area().1 as usize;
        let mut seg = segment_of(doc, self.view().top_seg.min(len));
        let mut row = self.view().top_row;
        loop {
            let layout = self.layout(seg.clone());
            let rows = layout.rows.len();
            if row + left < rows {
                return layout.rows[row + left].start;
            }
            left -= rows.saturating_sub(row);
            row = 0;
            match next_segment(doc, &seg) {
                Some(n) if left > 0 => seg = n,
                Some(n) => return n.start,
                None => return len,
            }
        }
    }

    /// Where the labels go: the start of each word after the cursor up to the screen's end
    /// (its last char in selection mode), punctuation and white space left out; nearest first,
    /// at most `JUMP_MAX`.
    pub fn jump_targets(&self) -> Vec<usize> {
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let cur = self.view().cursor.min(len);
        let end = self.screen_end();
        let on_end = self.view().selecting;
        // An emacs region stops before the cursor: there the label goes just past the word.
        let past = self.keymap.selection_excludes_cursor;
        let mut out = Vec::new();
        let mut seg = segment_of(doc, cur);
        loop {
            for w in motion::words_of_segment(doc, seg.start) {
                let at = if on_end && past {
                    w.end
                } else if on_end {
                    motion::prev_grapheme(doc, w.end)
                } else {
                    w.start
                };
                if at >= end || out.len() == JUMP_MAX {
                    return out;
                }
                let junk = doc
                    .text
                    .slice(w.clone())
                    .chars()
                    .all(|c| crate::markup::is_edge_junk(c) || c.is_whitespace());
                if at > cur && !junk {
                    out.push(at);
                }
            }
            match next_segment(doc, &seg) {
                Some(n) if n.start < end => seg = n,
                _ => return out,
            }
        }
    }

    /// The labels to draw while a jump waits for its label: (char position, label); after the
    /// first letter of a two-letter label, only its group, showing the letter still to type.
    pub fn jump_labels_shown(&self) -> Vec<(usize, String)> {
        let Mode::Jump { targets, prefix } = &self.mode else {
            return Vec::new();
        };
        targets
            .iter()
            .enumerate()
            .filter_map(|(i, &pos)| {
                let label = jump_label(i)?;
                match prefix {
                    None => Some((pos, label)),
                    Some(p) => label
                        .strip_prefix(*p)
                        .filter(|rest| !rest.is_empty())
                        .map(|rest| (pos, rest.to_string())),
                }
            })
            .collect()
    }
}

/// Shows the labels and waits for one.
pub(crate) fn start_jump(app: &mut App) {
    let targets = app.jump_targets();
    if targets.is_empty() {
        app.info("no word after the cursor on screen");
        return;
    }
    app.info(format!(
        "jump: type the label shown on the {} (any other key cancels)",
        if app.view().selecting {
            "word to select through"
        } else {
            "word to go to"
        }
    ));
    app.mode = Mode::Jump {
        targets,
        prefix: None,
    };
}

/// A key while the labels are shown: a label letter jumps (or narrows to its group), anything
/// else cancels.
pub(crate) fn jump_key(app: &mut App, targets: Vec<usize>, prefix: Option<char>, key: &Key) {
    app.mode = Mode::Normal;
    let letter = match key.code {
        Code::Char(c) if !key.ctrl && !key.alt => JUMP_LETTERS.iter().position(|&l| l == c),
        _ => None,
    };
    let Some(k) = letter else {
        app.info("jump cancelled");
        return;
    };
    let index = match prefix {
        None if k < SINGLE => k,
        None => {
            let first = SINGLE + (k - SINGLE) * 26;
            if first < targets.len() {
                app.info("jump: the second letter of the label");
                app.mode = Mode::Jump {
                    targets,
                    prefix: Some(JUMP_LETTERS[k]),
                };
            } else {
                app.info("no such label: jump cancelled");
            }
            return;
        }
        Some(p) => {
            let pk = JUMP_LETTERS.iter().position(|&l| l == p).unwrap_or(0);
            SINGLE + (pk - SINGLE) * 26 + k
        }
    };
    match targets.get(index) {
        Some(&pos) => move_to(app, pos, false),
        None => app.info("no such label: jump cancelled"),
    }
}
