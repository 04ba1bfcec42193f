//! Drawing. Reads `App`, writes cells; changes nothing.

pub mod palette;

use crate::app::{App, ColorDepth, Level, Mode};
use crate::keymap::{Action, Key};
use crate::layout::{AtomKind, next_segment, segment_of};
use crate::scheme::RoleId;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (text_h, bars) = if area.height >= 3 {
        (area.height - 2, 2)
    } else {
        (area.height, 0)
    };
    // The frame may be smaller than the size the app last heard of (a resize still in flight).
    let gutter = app.gutter_width().min(area.width.saturating_sub(1));
    let text_area = Rect::new(area.x + gutter, area.y, area.width - gutter, text_h);
    let gutter_area = Rect::new(area.x, area.y, gutter, text_h);
    let cursor_cell = if app.mode == Mode::FileList {
        draw_file_list(
            frame.buffer_mut(),
            app,
            Rect::new(area.x, area.y, area.width, text_h),
        );
        None
    } else {
        draw_text(frame.buffer_mut(), app, text_area, gutter_area)
    };
    if bars == 2 {
        draw_status(
            frame.buffer_mut(),
            app,
            Rect::new(area.x, area.y + text_h, area.width, 1),
        );
        let bottom = Rect::new(area.x, area.y + text_h + 1, area.width, 1);
        if let Some(pos) = draw_bottom(frame.buffer_mut(), app, bottom) {
            frame.set_cursor_position(pos);
        } else if let Some(pos) = cursor_cell {
            frame.set_cursor_position(pos);
        }
    } else if let Some(pos) = cursor_cell {
        frame.set_cursor_position(pos);
    }
    if let Mode::Help { scroll } = app.mode {
        draw_help(frame, app, area, scroll);
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, max_w: u16, style: Style) -> u16 {
    let a = buf.area;
    if y >= a.bottom() || x >= a.right() || max_w == 0 {
        return x;
    }
    let max_w = max_w.min(a.right() - x);
    buf.set_stringn(x, y, s, max_w as usize, style).0
}

/// Draws the visible rows; returns where the cursor is on screen.
fn draw_text(buf: &mut Buffer, app: &App, area: Rect, gutter: Rect) -> Option<Position> {
    let doc = &app.buf().doc;
    let view = app.view();
    let sel = app.selection();
    let items = doc.items();
    let len = doc.text.len_chars();
    let cursor = view.cursor.min(len);
    let mut seg = segment_of(doc, view.top_seg.min(len));
    let mut first_row = view.top_row;
    let mut y = area.y;
    let mut cursor_at = None;
    let colors = app.colors;
    let show_cursor = matches!(
        app.mode,
        Mode::Normal | Mode::PickRole { .. } | Mode::ConfirmAccept { .. }
    );
    // Suggestions only for what can be on screen: at most a row's width of chars per row.
    let reach = (area.width as usize + 1) * area.height as usize + crate::layout::BLOCK;
    let suggestions = app.suggestions(seg.start..seg.start + reach);
    'segments: loop {
        let layout = app.layout(seg.clone());
        let mut open: Vec<usize> = layout.open_at_start.clone();
        let line_start = doc.line_range_of(seg.start).start == seg.start;
        for (r, row) in layout.rows.iter().enumerate() {
            let visible = r >= first_row;
            if visible && y >= area.bottom() {
                break 'segments;
            }
            if visible && r == 0 && line_start && gutter.width > 0 {
                let n = format!(
                    "{:>w$} ",
                    doc.text.char_to_line(seg.start) + 1,
                    w = gutter.width as usize - 1
                );
                put(
                    buf,
                    gutter.x,
                    y,
                    &n,
                    gutter.width,
                    Style::default().fg(Color::DarkGray),
                );
            }
            let mut x = area.x;
            for k in row.atoms.clone() {
                let atom = &layout.atoms[k];
                match &atom.kind {
                    AtomKind::Open { item } | AtomKind::Close { item } => {
                        if matches!(atom.kind, AtomKind::Open { .. }) {
                            open.push(*item);
                        } else {
                            open.retain(|i| i != item);
                        }
                        if visible && atom.width > 0 {
                            let role = items[*item].role().expect("a tag");
                            let r = app.scheme.role(role);
                            let c = if matches!(atom.kind, AtomKind::Open { .. }) {
                                r.open
                            } else {
                                r.close
                            };
                            let st = palette::delimiter_style(&app.scheme, role, colors);
                            put(
                                buf,
                                x,
                                y,
                                &c.to_string(),
                                area.right().saturating_sub(x),
                                st,
                            );
                        }
                    }
                    AtomKind::Note { .. } => {
                        if visible {
                            let st = match colors {
                                ColorDepth::None => {
                                    Style::default().add_modifier(Modifier::REVERSED)
                                }
                                _ => Style::default().fg(Color::Black).bg(Color::Yellow),
                            };
                            let st = if cursor == atom.pos && show_cursor && cursor_at.is_none() {
                                st.add_modifier(Modifier::UNDERLINED)
                            } else {
                                st
                            };
                            put(
                                buf,
                                x,
                                y,
                                &app.scheme.note.to_string(),
                                area.right().saturating_sub(x),
                                st,
                            );
                        }
                    }
                    AtomKind::Text { start, end } => {
                        if visible {
                            let g = &layout.text[layout.bytes[k].clone()];
                            let shown: String = if g == "\t" {
                                " ".repeat(atom.width as usize)
                            } else if g.chars().all(|c| c.is_control())
                                || unicode_width::UnicodeWidthStr::width(g) == 0
                            {
                                "·".into()
                            } else {
                                g.to_string()
                            };
                            let mut st = match open.last() {
                                Some(&i) => {
                                    let role = items[i].role().expect("a tag");
                                    palette::role_style(&app.scheme, role, colors, open.len() > 1)
                                }
                                None => Style::default(),
                            };
                            if shown == "·" {
                                st = st.add_modifier(Modifier::DIM);
                            }
                            if let Some(x) = suggestions
                                .iter()
                                .find(|x| x.range.start <= *start && *start < x.range.end)
                            {
                                st = palette::suggestion_style(&app.scheme, x.role, colors);
                            }
                            if let Some(s) = &sel
                                && s.start <= *start
                                && *start < s.end
                            {
                                st = st.bg(if colors == ColorDepth::None {
                                    Color::Reset
                                } else {
                                    Color::DarkGray
                                });
                                if colors == ColorDepth::None {
                                    st = st.add_modifier(Modifier::REVERSED);
                                }
                            }
                            if *start <= cursor && cursor < *end && show_cursor {
                                st = st.add_modifier(Modifier::REVERSED);
                                cursor_at =
                                    Some(Position::new(x.min(area.right().saturating_sub(1)), y));
                            }
                            put(buf, x, y, &shown, area.right().saturating_sub(x), st);
                        }
                    }
                }
                if visible {
                    x = x.saturating_add(atom.width);
                }
            }
            // The cursor at the end of a line sits just after the row's last cell.
            if visible
                && cursor_at.is_none()
                && r + 1 == layout.rows.len()
                && cursor == layout.line_end()
                && cursor >= row.start
            {
                let cx = x.min(area.right().saturating_sub(1));
                if show_cursor {
                    put(
                        buf,
                        cx,
                        y,
                        " ",
                        1,
                        Style::default().add_modifier(Modifier::REVERSED),
                    );
                }
                cursor_at = Some(Position::new(cx, y));
            }
            if visible {
                y += 1;
            }
        }
        first_row = 0;
        match next_segment(doc, &seg) {
            Some(n) if y < area.bottom() => seg = n,
            _ => break,
        }
    }
    while y < area.bottom() {
        put(
            buf,
            area.x,
            y,
            "~",
            area.width,
            Style::default().fg(Color::DarkGray),
        );
        y += 1;
    }
    cursor_at
}

/// The session's files: status, name, tag counts per role, notes, diagnostics.
fn draw_file_list(buf: &mut Buffer, app: &App, area: Rect) {
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
        let open = if f.buffer.is_some_and(|b| app.buffers[b].is_modified()) {
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

fn mode_name(app: &App) -> &'static str {
    match app.mode {
        Mode::Normal if app.view().selecting => "SELECT",
        Mode::Normal => "NORMAL",
        Mode::Prompt(_) => "PROMPT",
        Mode::Help { .. } => "HELP",
        Mode::ConfirmQuit => "QUIT?",
        Mode::PickRole { .. } => "ROLE?",
        Mode::Recover => "RECOVER?",
        Mode::ChangedOnDisk => "CHANGED!",
        Mode::Conflicts { .. } => "MERGE",
        Mode::FileList => "FILES",
        Mode::ConfirmAccept { .. } => "ACCEPT?",
    }
}

fn draw_status(buf: &mut Buffer, app: &App, area: Rect) {
    let base = Style::default().add_modifier(Modifier::REVERSED);
    buf.set_style(area, base);
    let doc = &app.buf().doc;
    let cur = app.view().cursor.min(doc.text.len_chars());
    let line = doc.text.char_to_line(cur);
    let col = cur - doc.text.line_to_char(line) + 1;
    let under: Vec<String> = doc
        .covering(cur)
        .into_iter()
        .filter_map(|i| doc.items()[i].role())
        .map(|r| app.scheme.role(r).name.clone())
        .collect();
    let modified = match (app.buf().is_modified(), app.buf().read_only.is_some()) {
        (_, true) => " [read-only]",
        (true, false) => " [+]",
        (false, false) => "",
    };
    let files = match &app.session {
        Some(sess) => match sess
            .files
            .iter()
            .position(|f| f.buffer == Some(app.current))
        {
            Some(k) => format!(
                " ({}/{} {})",
                k + 1,
                sess.files.len(),
                sess.files[k].status.label()
            ),
            None => String::new(),
        },
        None if app.buffers.len() > 1 => format!(" ({}/{})", app.current + 1, app.buffers.len()),
        None => String::new(),
    };
    let mut x = area.x;
    let right = area.right();
    x = put(
        buf,
        x,
        area.y,
        &format!(" {} ", mode_name(app)),
        right - x,
        base.add_modifier(Modifier::BOLD),
    );
    x = put(
        buf,
        x,
        area.y,
        &format!("│ {}{modified}{files} ", app.buf().name),
        right.saturating_sub(x),
        base,
    );
    x = put(
        buf,
        x,
        area.y,
        &format!("│ {}:{col} ", line + 1),
        right.saturating_sub(x),
        base,
    );
    if !under.is_empty() {
        x = put(
            buf,
            x,
            area.y,
            &format!("│ {} ", under.join("›")),
            right.saturating_sub(x),
            base,
        );
    }
    let counts = app.role_counts();
    x = put(buf, x, area.y, "│", right.saturating_sub(x), base);
    for (i, n) in counts.iter().enumerate() {
        let st = palette::role_style(&app.scheme, i as u16, app.colors, false)
            .add_modifier(Modifier::REVERSED);
        x = put(
            buf,
            x,
            area.y,
            &format!(" {}{n}", app.scheme.roles[i].zh),
            right.saturating_sub(x),
            st,
        );
    }
    let nd = doc.diagnostics.len();
    x = put(
        buf,
        x,
        area.y,
        &format!(" │ {nd} diag "),
        right.saturating_sub(x),
        base,
    );
    if let Some(s) = &app.session {
        put(
            buf,
            x,
            area.y,
            &format!("│ {} ", s.progress()),
            right.saturating_sub(x),
            base,
        );
    }
}

/// The bottom line: prompt, message, note or diagnostic at the cursor, or the legend.
/// Returns the cursor position when a prompt has it.
fn draw_bottom(buf: &mut Buffer, app: &App, area: Rect) -> Option<Position> {
    let right = area.right();
    if let Mode::Prompt(p) = &app.mode {
        let x = put(
            buf,
            area.x,
            area.y,
            p.label(),
            area.width,
            Style::default().add_modifier(Modifier::BOLD),
        );
        let before: String = p.input.chars().take(p.cursor).collect();
        let x_cursor = x + unicode_width::UnicodeWidthStr::width(before.as_str()) as u16;
        put(
            buf,
            x,
            area.y,
            &p.input,
            right.saturating_sub(x),
            Style::default(),
        );
        return Some(Position::new(x_cursor.min(right.saturating_sub(1)), area.y));
    }
    if let Some(m) = &app.message {
        let st = match m.level {
            Level::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Level::Info => Style::default(),
        };
        put(buf, area.x, area.y, &m.text, area.width, st);
        return None;
    }
    let doc = &app.buf().doc;
    let cur = app.view().cursor;
    let first = doc.first_item_at_or_after(cur);
    if let Some(note) = doc.items()[first..]
        .iter()
        .take_while(|it| it.start as usize == cur)
        .find(|it| it.is_note())
    {
        put(
            buf,
            area.x,
            area.y,
            &format!("note: {}", doc.note_text(note)),
            area.width,
            Style::default().fg(Color::Yellow),
        );
        return None;
    }
    if let Some(d) = doc.diagnostics.iter().find(|d| d.offset == cur) {
        let fix = d
            .fix
            .as_ref()
            .map(|f| format!(" — F: {}", f.label))
            .unwrap_or_default();
        put(
            buf,
            area.x,
            area.y,
            &format!("{}: {}{fix}", d.severity, d.message),
            area.width,
            Style::default().fg(Color::Magenta),
        );
        return None;
    }
    if let Some(x) = app.suggestion_at(cur) {
        let text = doc.text.slice(x.range.clone()).to_string();
        let role = &app.scheme.role(x.role).name;
        put(
            buf,
            area.x,
            area.y,
            &format!(
                "suggest {}: “{text}” — y accept, R reject, Y all “{text}”, A-y all {role}",
                app.suggestion_label(&x)
            ),
            area.width,
            Style::default().fg(Color::Cyan),
        );
        return None;
    }
    // Legend: each role's keys, in its colour.
    let mut x = area.x;
    let all = app.keymap.by_action();
    for (i, role) in app.scheme.roles.iter().enumerate() {
        let keys = role_keys(app, &all, i as RoleId);
        let st = palette::role_style(&app.scheme, i as u16, app.colors, false);
        x = put(
            buf,
            x,
            area.y,
            &format!(
                "{} {}{}{} {} ",
                keys.join("/"),
                role.open,
                role.zh,
                role.close,
                role.name
            ),
            right.saturating_sub(x),
            st,
        );
    }
    put(
        buf,
        x,
        area.y,
        " ? help",
        right.saturating_sub(x),
        Style::default().fg(Color::DarkGray),
    );
    None
}

/// The keys that tag with `role`, whatever mix of `tag:NAME` and `tag_nth:N` binds them.
fn role_keys(app: &App, all: &[(Action, Vec<Key>)], role: RoleId) -> Vec<String> {
    all.iter()
        .filter(|(a, _)| matches!(a, Action::Tag(r) if r.resolve(&app.scheme) == Some(role)))
        .flat_map(|(_, ks)| ks.iter().map(|k| k.to_string()))
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
        let ks: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        lines.push(format!("{:<16} {}", ks.join(" "), a.help(&app.scheme)));
    }
    lines
}

fn draw_help(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let w = area.width.saturating_sub(4).clamp(1, 90);
    let h = area.height.saturating_sub(2).max(1);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
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
