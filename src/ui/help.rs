//! The help screen, generated from the live keymap and the scheme.

use super::cells::clear_straddling;
use crate::app::App;
use crate::keymap::{Action, Key};
use crate::scheme::RoleId;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The keys that tag with `role`, whatever mix of `tag:NAME` and `tag_nth:N` binds them.
pub(crate) fn role_keys(app: &App, all: &[(Action, Vec<Key>)], role: RoleId) -> Vec<String> {
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
                "{:<16} tag as {} {} {}…{} (on a tag: retag; no selection: the word)",
                keys.join(" "),
                role.name,
                role.zh,
                role.open,
                role.close
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

pub(crate) fn draw_help(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let w = area.width.saturating_sub(4).clamp(1, 90);
    let h = area.height.saturating_sub(2).max(1);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    clear_straddling(frame.buffer_mut(), popup);
    frame.render_widget(Clear, popup);
    let text = help_lines(app).join("\n");
    let p = Paragraph::new(text)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(" keys (j/k scroll, any other key closes) "),
        )
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(p, popup);
}
