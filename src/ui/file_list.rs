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
    let mut header = format!("{:<4}{:<27}", "", "file");
    // Each count column is as wide as its role's name (by screen width: CJK names take two
    // columns a char), at least six; a name is cut only past 16 columns.
    let widths: Vec<usize> = roles
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(fit(&r.zh, 16).as_str()).max(6))
        .collect();
    for (r, w) in roles.iter().zip(&widths) {
        header.push(' ');
        header.push_str(&pad_left(&fit(&r.zh, *w), *w));
    }
    header.push_str("  notes  diag");
    // Expected work: the sum of 1 − confidence over what the model still suggests there.
    let with_work = app.learning.model.is_some();
    if with_work {
        header.push_str("   work");
    }
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
        let name_w = unicode_width::UnicodeWidthStr::width(name.as_str());
        let mut line = format!(
            "{mark}{open}{name}{}",
            " ".repeat(27usize.saturating_sub(name_w))
        );
        // A file open in the editor shows its counts as they are now, not as the session read it.
        let live = app.open_file_of(k).map(|o| {
            let doc = &o.buffer.doc;
            let mut counts = vec![0usize; roles.len()];
            for s in doc.spans() {
                if let Some(c) = counts.get_mut(s.role as usize) {
                    *c += 1;
                }
            }
            (counts, doc.notes().count(), doc.diagnostic_count())
        });
        match (&f.error, live) {
            (_, Some((counts, notes, diagnostics))) => {
                for (c, w) in counts.iter().zip(&widths) {
                    line.push_str(&format!(" {c:>w$}"));
                }
                line.push_str(&format!("  {notes:>5}  {diagnostics:>4}"));
            }
            (Some(e), None) => line.push_str(&format!(" {e}")),
            (None, None) => {
                for (c, w) in f.counts.iter().zip(&widths) {
                    line.push_str(&format!(" {c:>w$}"));
                }
                line.push_str(&format!("  {:>5}  {:>4}", f.notes, f.diagnostics));
            }
        }
        if with_work {
            match app.file_work(k) {
                Some(w) => line.push_str(&format!("  {w:>5.1}")),
                None => line.push_str("      -"),
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

/// `s` cut to at most `width` columns.
fn fit(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// `s` right-aligned in `width` columns.
fn pad_left(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}
