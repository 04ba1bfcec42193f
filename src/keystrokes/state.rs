//! The search's states (cursor and selection), its steps (keys as a script) and the options.

use crate::app::App;
use crate::keymap::{Key, parse_key_script};
use crate::markup::Document;

/// How the benchmark runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Only the keys ptag had before issue 12, and the cursor back on the tag's start.
    pub before: bool,
    /// The screen (rows matter to `j`/`k`).
    pub size: (u16, u16),
    /// Leave list tagging (`m` + a role key) out of the search.
    pub no_lists: bool,
    /// Leave jump labels (`-` + a label) out of the search.
    pub no_jump: bool,
}

/// Where the cursor and selection are: what a key sequence changes between two tags.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) struct State {
    pub(crate) cursor: usize,
    pub(crate) anchor: Option<usize>,
    pub(crate) selecting: bool,
    pub(crate) goal_col: Option<u16>,
    /// The first row on screen: jump labels go only on what is on screen.
    pub(crate) top: (usize, usize),
}

/// A tag of the reference: (start, end, role).
pub(crate) type Tag = (usize, usize, u16);

pub(crate) fn tags_of(doc: &Document) -> Vec<Tag> {
    let mut t: Vec<Tag> = doc
        .items()
        .iter()
        .filter(|it| !it.is_note())
        .map(|it| (it.start as usize, it.end as usize, it.role().unwrap_or(0)))
        .collect();
    t.sort();
    t
}

pub(crate) fn state(app: &App) -> State {
    let v = app.view();
    State {
        cursor: v.cursor,
        anchor: v.anchor,
        selecting: v.selecting,
        goal_col: v.goal_col,
        top: (v.top_seg, v.top_row),
    }
}

pub(crate) fn set_state(app: &mut App, s: &State) {
    app.mode = crate::app::Mode::Normal;
    app.count = None;
    let v = app.view_mut();
    v.cursor = s.cursor;
    v.anchor = s.anchor;
    v.selecting = s.selecting;
    v.goal_col = s.goal_col;
    (v.top_seg, v.top_row) = s.top;
}

pub(crate) fn run(app: &mut App, keys: &[Key]) {
    for k in keys {
        app.handle_key(k);
    }
}

/// One step of the search: its keys as a `--keys` script and as keys.
#[derive(Clone)]
pub(crate) struct Step {
    pub(crate) script: String,
    pub(crate) keys: Vec<Key>,
}

pub(crate) fn step(script: &str) -> Step {
    Step {
        script: script.to_string(),
        keys: parse_key_script(script).expect("a valid script"),
    }
}

/// A script token for typing `c` (in a prompt, or after `t`/`r`).
pub(crate) fn typed(c: char) -> String {
    match c {
        ' ' => "<Space>".into(),
        '<' => "<lt>".into(),
        '>' => "<gt>".into(),
        c => c.to_string(),
    }
}

/// `-` + the label that jumps from the state `app` is in onto `target`, if one is on screen.
pub(crate) fn jump_step(app: &App, target: usize) -> Option<Step> {
    if target <= app.view().cursor {
        return None;
    }
    let t = app.jump_targets_through(target);
    let i = t.iter().rposition(|&t| t == target)?;
    let label: Vec<String> = crate::app::jump_label(i)?
        .chars()
        .map(|c| c.to_string())
        .collect();
    Some(step(&format!("- {}", label.join(" "))))
}

/// `/` + the fewest leading chars of the text at `target` that make the forward search from
/// `cursor` land on `target` + Enter (None when no prefix up to 40 chars does, or one would hold
/// a line break).
pub(crate) fn search_step(
    text: &[char],
    hay: &str,
    byte_of: &[usize],
    cursor: usize,
    target: usize,
) -> Option<Step> {
    for k in 1..=40.min(text.len() - target) {
        let pat = &text[target..target + k];
        if pat.iter().any(|c| *c == '\n' || *c == '\r') {
            return None;
        }
        let pat: String = pat.iter().collect();
        // As `search_step` does: the first match after the cursor, else the first from the top.
        let from = byte_of[(cursor + 1).min(text.len())];
        let found = hay[from..]
            .find(&pat)
            .map(|b| from + b)
            .or_else(|| hay.find(&pat));
        if found == Some(byte_of[target]) {
            let typed: Vec<String> = pat.chars().map(typed).collect();
            return Some(step(&format!("/ {} <Enter>", typed.join(" "))));
        }
    }
    None
}
