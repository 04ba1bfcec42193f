//! The policy text: wrapped segments, tags in their role colours, delimiters, suggestions,
//! the selection and the cursor, with the line-number gutter.

use super::cells::put;
use super::palette;
use crate::app::{App, Mode};
use crate::color::ColorDepth;
use crate::layout::{AtomKind, next_segment, segment_of};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};

/// Draws the visible rows; returns where the cursor is on screen.
pub(crate) fn draw_text(buf: &mut Buffer, app: &App, area: Rect, gutter: Rect) -> Option<Position> {
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
        Mode::Normal
            | Mode::PickRole { .. }
            | Mode::ConfirmAccept { .. }
            | Mode::ConfirmFix { .. }
            | Mode::FindChar { .. }
    );
    // Suggestions only for what can be on screen: at most a row's width of chars per row.
    let reach = (area.width as usize + 1) * area.height as usize + crate::layout::BLOCK;
    let suggestions = app.suggestions(seg.start..seg.start + reach);
    // Jump labels, drawn over their words after the text so a two-letter label on a narrow
    // char is not covered by the next cell.
    let jump: std::collections::HashMap<usize, String> =
        app.jump_labels_shown().into_iter().collect();
    let mut labels: Vec<(u16, u16, String)> = Vec::new();
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
                    AtomKind::Label { cell, .. } => {
                        if visible {
                            let c = &layout.labels[*cell];
                            let st = palette::label_style(&app.scheme, c, colors);
                            put(buf, x, y, &c.text, area.right().saturating_sub(x), st);
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
                            } else if app.narrow_ambiguous {
                                narrow(g)
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
                            let selected = sel
                                .as_ref()
                                .is_some_and(|s| s.start <= *start && *start < s.end);
                            if selected {
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
                                // Without colour a selection is reverse video already: the
                                // cursor in it is the one cell that is not.
                                st = if selected && colors == ColorDepth::None {
                                    st.remove_modifier(Modifier::REVERSED)
                                } else {
                                    st.add_modifier(Modifier::REVERSED)
                                };
                                cursor_at =
                                    Some(Position::new(x.min(area.right().saturating_sub(1)), y));
                            }
                            put(buf, x, y, &shown, area.right().saturating_sub(x), st);
                            if let Some(l) = jump.get(start) {
                                labels.push((x, y, format!("{l:<w$}", w = atom.width as usize)));
                            }
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
    for (x, y, l) in labels {
        put(
            buf,
            x,
            y,
            &l,
            area.right().saturating_sub(x),
            palette::jump_style(colors),
        );
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

/// `g` as a terminal that draws ambiguous-width characters wide still shows in one column:
/// the common ambiguous punctuation of Chinese text becomes its ASCII look-alike.
fn narrow(g: &str) -> String {
    g.chars()
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '—' | '–' => '-',
            '…' => '~',
            '·' => '.',
            other => other,
        })
        .collect()
}
