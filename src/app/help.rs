//! The help screen's content and paging: generated from the live keymap and the scheme, cut
//! into rows here (by display width) so that paging knows where the end is and never scrolls
//! past it; `ui::help` only draws the rows it is given.

use super::{App, Mode};
use crate::keymap::{Action, Code, Key, Simple};
use crate::scheme::RoleId;
use unicode_width::UnicodeWidthChar;

/// The help box is at most this many columns wide (long lines wrap under their key column).
const MAX_WIDTH: u16 = 90;
/// Continuation rows start under the help text, past the keys' column.
const KEY_COLUMN: usize = 17;

/// The keys that tag with `role`, whatever mix of `tag:NAME` and `tag_nth:N` binds them.
pub fn role_keys(app: &App, all: &[(Action, Vec<Key>)], role: RoleId) -> Vec<String> {
    all.iter()
        .filter(|(a, _)| matches!(a, Action::Tag(r) if r.resolve(&app.scheme) == Some(role)))
        .flat_map(|(_, ks)| ks.iter().map(|k| k.label()))
        .collect()
}

/// Help, generated from the active keymap so it can never drift from the real bindings.
pub fn help_lines(app: &App) -> Vec<String> {
    let all = app.keymap.by_action();
    let mut lines = Vec::new();
    // One line per role, whatever mix of `tag:NAME` and `tag_nth:N` binds it.
    for (i, role) in app.scheme.roles.iter().enumerate() {
        let keys = role_keys(app, &all, i as RoleId);
        if !keys.is_empty() {
            lines.push(format!(
                "{:<16} tag as {} {} {}…{} (on a tag: retag; no selection: {})",
                keys.join(" "),
                role.name,
                role.zh,
                role.open,
                role.close,
                role.extent.what_a_key_tags()
            ));
        }
    }
    for (a, keys) in &all {
        if matches!(a, Action::Tag(_)) {
            continue;
        }
        let ks: Vec<String> = keys.iter().map(|k| k.label()).collect();
        lines.push(format!("{:<16} {}", ks.join(" "), a.help(&app.scheme)));
    }
    lines
}

/// Where the help box goes on a screen of `(width, height)`: x, y, width, height (its border
/// included).
pub fn help_box(screen: (u16, u16)) -> (u16, u16, u16, u16) {
    let (sw, sh) = screen;
    let w = sw.saturating_sub(4).clamp(1, MAX_WIDTH);
    let h = sh.saturating_sub(2).max(1);
    ((sw.saturating_sub(w)) / 2, (sh.saturating_sub(h)) / 2, w, h)
}

/// Cuts `line` into rows of at most `width` columns, at a space where the row has one past the
/// keys' column (else between characters: CJK text has no spaces); rows after the first are
/// indented to the help text's column (when there is room for it).
fn wrap(line: &str, width: usize, out: &mut Vec<String>) {
    let width = width.max(1);
    let indent = if width > KEY_COLUMN + 8 {
        KEY_COLUMN
    } else {
        0
    };
    let mut row: Vec<char> = Vec::new();
    let mut used = 0;
    let cols = |cs: &[char]| cs.iter().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > indent {
            let body_start = if out.is_empty() {
                KEY_COLUMN.min(row.len())
            } else {
                indent
            };
            let cut = row[body_start..]
                .iter()
                .rposition(|&x| x == ' ')
                .map(|p| body_start + p + 1)
                .filter(|&p| p < row.len())
                .unwrap_or(row.len());
            let tail = row.split_off(cut);
            out.push(row.iter().collect::<String>().trim_end().to_string());
            row = std::iter::repeat_n(' ', indent).chain(tail).collect();
            used = cols(&row);
        }
        row.push(c);
        used += w;
    }
    out.push(row.into_iter().collect());
}

impl App {
    /// The help's rows as the box on this screen shows them, and how many fit in it at once.
    pub fn help_rows(&self) -> (Vec<String>, usize) {
        let (_, _, w, h) = help_box(self.size);
        let mut rows = Vec::new();
        for line in help_lines(self) {
            wrap(&line, w.saturating_sub(2) as usize, &mut rows);
        }
        (rows, h.saturating_sub(2).max(1) as usize)
    }

    /// The help box's title, naming the live keys that page through it.
    pub fn help_title(&self) -> String {
        format!(
            " keys — {}/{} {}/{} {}/{} scroll, any other key closes ",
            self.key(Simple::Down),
            self.key(Simple::Up),
            self.key(Simple::PageDown),
            self.key(Simple::PageUp),
            self.key(Simple::FileStart),
            self.key(Simple::FileEnd),
        )
    }

    /// A key while help is shown: the motion keys page through it (never past its end), Space
    /// pages down as in a pager, anything else closes it.
    pub(super) fn help_key(&mut self, scroll: u16, key: &Key) {
        let (rows, page) = self.help_rows();
        let last = rows.len().saturating_sub(page);
        let at = scroll as usize;
        let to = match (key.code, self.keymap.action(key)) {
            (Code::Char(' '), _) if !key.ctrl && !key.alt => Some(at + page),
            (Code::Down, _) => Some(at + 1),
            (Code::Up, _) => Some(at.saturating_sub(1)),
            (_, Some(Action::Simple(s))) => match s {
                Simple::Down => Some(at + 1),
                Simple::Up => Some(at.saturating_sub(1)),
                Simple::PageDown => Some(at + page.saturating_sub(1).max(1)),
                Simple::PageUp => Some(at.saturating_sub(page.saturating_sub(1).max(1))),
                Simple::HalfPageDown => Some(at + (page / 2).max(1)),
                Simple::HalfPageUp => Some(at.saturating_sub((page / 2).max(1))),
                Simple::FileStart => Some(0),
                Simple::FileEnd => Some(last),
                _ => None,
            },
            _ => None,
        };
        self.mode = match to {
            Some(to) => Mode::Help {
                scroll: to.min(last) as u16,
            },
            None => Mode::Normal,
        };
    }
}
