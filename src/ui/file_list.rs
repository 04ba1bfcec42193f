//! The session's file list: status, counts per role, diagnostics, progress.

use super::cells::put;
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

/// The session's files: status, name, tag counts per role, notes, diagnostics.
pub(crate) fn draw_file_list(buf: &mut Buffer, app: &App, area: Rect) {
    let Some(sess) = &app.session else {
        return;
    };
    let roles = &app.scheme.roles;
    let mut header = format!("{:<3} {:<28}", "", "file");
    for r in roles {
        header.push_str(&format!(" {:>6}", r.zh.chars().take(3).collect::<String>()));
    }
    header.push_str("  notes  diag");
    put(
        buf,
        area.x,
        area.y,
        &header,
        area.width,
        Style::default().add_modifier(Modifier::BOLD),
    );
    let rows = area.height.saturating_sub(1) as usize;
    if rows == 0 {
        return;
    }
    let first = sess
        .selected
        .saturating_sub(rows.saturating_sub(1) / 2)
        .min(sess.files.len().saturating_sub(rows));
    for (k, f) in sess.files.iter().enumerate().skip(first).take(rows) {
        let y = area.y + 1 + (k - first) as u16;
        let mark = match f.status {
            crate::session::Status::Todo => "[ ]",
            crate::session::Status::InProgress => "[~]",
            crate::session::Status::Done => "[x]",
        };
        let open = if app.open_file_of(k).is_some_and(|o| o.buffer.is_modified()) {
            "+"
        } else {
            " "
        };
        let name: String = {
            let w = unicode_width::UnicodeWidthStr::width(f.rel.as_str());
            if w > 27 {
                let tail: String = f
                    .rel
                    .chars()
                    .rev()
                    .take(26)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                format!("…{tail}")
            } else {
                f.rel.clone()
            }
        };
        let mut line = format!("{mark}{open}{name:<27}");
        match &f.error {
            Some(e) => line.push_str(&format!(" {e}")),
            None => {
                for c in &f.counts {
                    line.push_str(&format!(" {c:>6}"));
                }
                line.push_str(&format!("  {:>5}  {:>4}", f.notes, f.diagnostics));
            }
        }
        let mut st = match f.status {
            crate::session::Status::Done => Style::default().fg(Color::DarkGray),
            crate::session::Status::InProgress => Style::default().fg(Color::Yellow),
            crate::session::Status::Todo => Style::default(),
        };
        if k == sess.selected {
            st = st.add_modifier(Modifier::REVERSED);
        }
        put(buf, area.x, y, &line, area.width, st);
    }
}
