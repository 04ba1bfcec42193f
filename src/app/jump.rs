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

/// The label letters, easiest first (home row, top row, bottom row): the nearest 26 targets
/// get one each; farther ones a capital (the group) and then a letter.
pub const JUMP_LETTERS: &[char] = &[
    'a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p',
    'z', 'x', 'c', 'v', 'b', 'n', 'm',
];

const N: usize = 26;

/// How many of the nearest labels the bottom line names with their words.
const NAMED: usize = 12;

/// How many targets labels can name: the single letters and the two-key labels.
pub const JUMP_MAX: usize = N + N * N;

/// The label of the `i`-th target after the cursor (0 the nearest), None past `JUMP_MAX`.
/// Fixed by the order alone, so a near word's label never depends on what else is on screen.
pub fn jump_label(i: usize) -> Option<String> {
    if i < N {
        return Some(JUMP_LETTERS[i].to_string());
    }
    let j = i - N;
    let group = JUMP_LETTERS.get(j / N)?.to_ascii_uppercase();
    Some(format!("{group}{}", JUMP_LETTERS[j % N]))
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
    /// (its last char in selection mode), punctuation, white space and (outside a selection)
    /// the scheme's lead-in words left out, and of each suggestion there; nearest first, at
    /// most `JUMP_MAX`.
    pub fn jump_targets(&self) -> Vec<usize> {
        self.jump_targets_through(usize::MAX)
    }

    /// `jump_targets` up to the one at `stop` (those after it are not looked for).
    pub fn jump_targets_through(&self, stop: usize) -> Vec<usize> {
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let cur = self.view().cursor.min(len);
        let end = self.screen_end();
        let on_end = self.view().selecting;
        // An emacs region stops before the cursor: there the label goes just past the word.
        let past = self.keymap.selection_excludes_cursor;
        let edge = |r: &std::ops::Range<usize>| {
            if on_end && past {
                r.end
            } else if on_end {
                motion::prev_grapheme(doc, r.end)
            } else {
                r.start
            }
        };
        // The suggestions on screen are spans the annotator tagged before (or the model
        // predicts): where they do not start (end) on a jieba word's edge, their edges get
        // labels too, so a span like 经允许 or 该第三方 is one label away.
        let mut spans: Vec<usize> = self
            .suggestions(cur..end.min(stop.saturating_add(1)))
            .iter()
            .map(|x| edge(&x.range))
            .filter(|&at| at > cur && at < end && at <= stop)
            .collect();
        spans.sort_unstable();
        let mut out = Vec::new();
        let mut seg = segment_of(doc, cur);
        'segments: loop {
            for w in motion::words_of_segment(doc, seg.start) {
                let at = edge(&w);
                if at >= end || at > stop {
                    break 'segments;
                }
                if at > cur && self.gets_a_label(&w, on_end) {
                    out.push(at);
                }
            }
            match next_segment(doc, &seg) {
                Some(n) if n.start < end && n.start <= stop => seg = n,
                _ => break,
            }
        }
        out.extend(spans);
        out.sort_unstable();
        out.dedup();
        out.truncate(JUMP_MAX);
        out
    }

    /// Does the word `w` get a jump label: not punctuation or white space, and (outside a
    /// selection, `selecting` false) not a lead-in word (`您的`, `会`): a role key there tags
    /// the word after it, which has a label of its own.
    fn gets_a_label(&self, w: &std::ops::Range<usize>, selecting: bool) -> bool {
        let doc = &self.buf().doc;
        let junk = doc
            .text
            .slice(w.clone())
            .chars()
            .all(|c| crate::markup::is_edge_junk(c) || c.is_whitespace());
        let lead_in = !selecting
            && crate::phrase::skip_lead_in(doc, w.start, &self.scheme.lead_in) != w.start;
        !junk && !lead_in
    }

    /// Where the labels of a jump back go: the start of each word on screen before the cursor
    /// (punctuation, white space and, outside a selection, lead-in words left out, as forward) and of each suggestion
    /// there, nearest first, at most `JUMP_MAX`. Selecting, a jump back moves the selection's
    /// moving end onto a word's start.
    pub fn jump_targets_back(&self) -> Vec<usize> {
        let doc = &self.buf().doc;
        let len = doc.text.len_chars();
        let cur = self.view().cursor.min(len);
        let top_seg = segment_of(doc, self.view().top_seg.min(len));
        let first = self
            .layout(top_seg.clone())
            .rows
            .get(self.view().top_row)
            .map_or(top_seg.start, |r| r.start);
        let mut out: Vec<usize> = self
            .suggestions(first..cur)
            .iter()
            .map(|x| x.range.start)
            .filter(|&at| at >= first && at < cur)
            .collect();
        let mut seg = top_seg;
        'segments: loop {
            for w in motion::words_of_segment(doc, seg.start) {
                if w.start >= cur {
                    break 'segments;
                }
                if w.start >= first && self.gets_a_label(&w, self.view().selecting) {
                    out.push(w.start);
                }
            }
            match next_segment(doc, &seg) {
                Some(n) if n.start < cur => seg = n,
                _ => break,
            }
        }
        out.sort_unstable_by(|a, b| b.cmp(a));
        out.dedup();
        out.truncate(JUMP_MAX);
        out
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

/// Shows the labels (on the words after the cursor, or `back` before it) and waits for one.
pub(crate) fn start_jump(app: &mut App, back: bool) {
    let targets = if back {
        app.jump_targets_back()
    } else {
        app.jump_targets()
    };
    if targets.is_empty() {
        app.info(if back {
            "no word before the cursor on screen"
        } else {
            "no word after the cursor on screen"
        });
        return;
    }
    // A label covers its word's first char: the bottom line names the nearest labels' words,
    // so which word a label is on never has to be guessed from the chars around it.
    let doc = &app.buf().doc;
    let named: Vec<String> = targets
        .iter()
        .take(NAMED)
        .enumerate()
        .filter_map(|(i, &p)| {
            // A label inside a word (a suggestion's start) names the word from there on.
            let w = motion::word_at(doc, p)?;
            let from = if app.view().selecting { w.start } else { p };
            Some(format!(
                "{} {}",
                jump_label(i)?,
                doc.text.slice(from..w.end)
            ))
        })
        .collect();
    app.info(format!(
        "jump {}: {} … (type a label; any other key cancels)",
        if back {
            "back to"
        } else if app.view().selecting {
            "through"
        } else {
            "to"
        },
        named.join("  ")
    ));
    app.mode = Mode::Jump {
        targets,
        prefix: None,
    };
}

/// A key while the labels are shown: a label's letter jumps, a capital narrows to its group,
/// anything else cancels.
pub(crate) fn jump_key(app: &mut App, targets: Vec<usize>, prefix: Option<char>, key: &Key) {
    app.mode = Mode::Normal;
    let of = |c: char| JUMP_LETTERS.iter().position(|&l| l == c);
    let (letter, group) = match key.code {
        Code::Char(c) if !key.ctrl && !key.alt => (of(c), of(c.to_ascii_lowercase())),
        _ => (None, None),
    };
    let index = match (prefix, letter, group) {
        (None, Some(k), _) => k,
        (None, None, Some(g)) => {
            if N + g * N < targets.len() {
                app.info("jump: the second letter of the label");
                app.mode = Mode::Jump {
                    targets,
                    prefix: Some(JUMP_LETTERS[g].to_ascii_uppercase()),
                };
            } else {
                app.info("no such label: jump cancelled");
            }
            return;
        }
        (Some(p), Some(k), _) => N + of(p.to_ascii_lowercase()).unwrap_or(0) * N + k,
        _ => {
            app.info("jump cancelled");
            return;
        }
    };
    match targets.get(index) {
        Some(&pos) => move_to(app, pos, false),
        None => app.info("no such label: jump cancelled"),
    }
}
