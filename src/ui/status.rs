//! The two bars under the text: the status line (mode, file, counts) and the bottom line
//! (prompt, message, diagnostic or suggestion under the cursor, the role legend).

use super::cells::put;
use super::palette;
use crate::app::role_keys;
use crate::app::{App, Level, Mode};
use crate::keymap::Simple;
use crate::scheme::RoleId;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use unicode_width::UnicodeWidthStr;

pub(crate) fn mode_name(app: &App) -> &'static str {
    match app.mode {
        Mode::Normal if app.view().selecting => "SELECT",
        Mode::Normal => "NORMAL",
        Mode::Prompt(_) => "PROMPT",
        Mode::Help { .. } => "HELP",
        Mode::ConfirmQuit => "QUIT?",
        Mode::PickRole { .. } => "ROLE?",
        Mode::Recover => "RECOVER?",
        Mode::ChangedOnDisk => "CHANGED!",
        Mode::FileList => "FILES",
        Mode::ConfirmAccept { .. } => "ACCEPT?",
        Mode::ConfirmFix { .. } => "FIX?",
        Mode::FindChar { till: true, .. } => "TILL?",
        Mode::FindChar { till: false, .. } => "TO?",
        Mode::Jump { .. } => "JUMP?",
    }
}

pub(crate) fn draw_status(buf: &mut Buffer, app: &App, area: Rect) {
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
        Some(sess) => match app.file(app.current).session_index {
            Some(k) => format!(
                " ({}/{} {})",
                k + 1,
                sess.files.len(),
                sess.files[k].status.label()
            ),
            None => String::new(),
        },
        None if app.files.len() > 1 => format!(
            " ({}/{})",
            app.index_of(app.current).unwrap_or(0) + 1,
            app.files.len()
        ),
        None => String::new(),
    };
    let mut x = area.x;
    // The model mark keeps its room at the right end (training changes what is suggested):
    // whatever else does not fit is cut before it.
    let mark = model_mark(app).map(|m| format!("│ {m} "));
    let mark_w = mark
        .as_deref()
        .map_or(0, |m| UnicodeWidthStr::width(m) as u16);
    let end = area.right();
    let right = if area.width > 2 * mark_w {
        end - mark_w
    } else {
        end
    };
    let draw_mark = |buf: &mut Buffer, x: u16| {
        if let Some(m) = &mark {
            put(
                buf,
                x,
                area.y,
                m,
                end.saturating_sub(x),
                base.add_modifier(Modifier::BOLD),
            );
        }
    };
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
    let conflicts = app.conflicts_left();
    if conflicts > 0 {
        x = put(
            buf,
            x,
            area.y,
            &format!("│ {} left ", app.conflicts_named(conflicts)),
            right.saturating_sub(x),
            base.add_modifier(Modifier::BOLD),
        );
    }
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
    if let Some(percent) = app.loading_percent() {
        // Counts of a part would read as the file's: say what is still being counted instead.
        let x = put(
            buf,
            x,
            area.y,
            &format!("│ counting tags and diagnostics… {percent}% "),
            right.saturating_sub(x),
            base,
        );
        draw_mark(buf, x);
        return;
    }
    // The counts, diagnostics and progress: each whole or not at all (a count cut short would
    // read as another number), and none after one that does not fit.
    let mut parts: Vec<(String, Style)> = vec![("│".into(), base)];
    for (i, n) in app.role_counts().iter().enumerate() {
        let st = palette::role_style(&app.scheme, i as u16, app.colors, false)
            .add_modifier(Modifier::REVERSED);
        parts.push((format!(" {}{n}", app.scheme.roles[i].zh), st));
    }
    parts.push((format!(" │ {} diag ", doc.diagnostic_count()), base));
    if let Some(s) = &app.session {
        parts.push((format!("│ {} ", s.progress()), base));
    }
    let width = |k: usize| {
        parts
            .get(k)
            .map_or(0, |p| UnicodeWidthStr::width(p.0.as_str()))
    };
    for (k, (text, style)) in parts.iter().enumerate() {
        // The bar before the counts goes only with the first of them.
        let need = width(k) + if k == 0 { width(1) } else { 0 };
        if need > right.saturating_sub(x) as usize {
            break;
        }
        x = put(buf, x, area.y, text, right.saturating_sub(x), *style);
    }
    draw_mark(buf, x);
}

/// What the model is doing: training (always shown: the suggestions will change), or which
/// model suggests.
fn model_mark(app: &App) -> Option<&'static str> {
    let l = &app.learning;
    if l.running.is_some() && l.auto {
        Some("training…")
    } else if l.running.is_some() {
        Some("weighing…")
    } else if l.model.is_some() {
        Some("model")
    } else {
        None
    }
}

/// The bottom line: prompt, message, note or diagnostic at the cursor, or the legend.
/// Returns the cursor position when a prompt has it.
pub(crate) fn draw_bottom(buf: &mut Buffer, app: &App, area: Rect) -> Option<Position> {
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
        put(
            buf,
            area.x,
            area.y,
            &fit_quoted(&m.text, area.width),
            area.width,
            st,
        );
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
        // What matters most comes first, and a hint is left out whole rather than cut: the
        // label and its confidence, accept, reject, then the two "all" keys as room allows.
        let mut line = format!(
            "suggest {}: “{text}” — {} accept, {} reject",
            app.suggestion_label(&x),
            app.key(Simple::AcceptSuggestion),
            app.key(Simple::RejectSuggestion),
        );
        for more in [
            format!(", {} all “{text}”", app.key(Simple::AcceptAllText)),
            format!(", {} all {role}", app.key(Simple::AcceptAllRole)),
        ] {
            let fits = unicode_width::UnicodeWidthStr::width(line.as_str())
                + unicode_width::UnicodeWidthStr::width(more.as_str())
                <= area.width as usize;
            if fits {
                line.push_str(&more);
            }
        }
        put(
            buf,
            area.x,
            area.y,
            &line,
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

/// `text` shortened to `width` columns by eliding the middle of its longest “quoted” part, so
/// that what follows the quote (the role a text was tagged as, the keys to press) stays on
/// screen: `tagged “让他们按照…以下用途” as purpose`. Unchanged when it fits or holds no quote.
pub(crate) fn fit_quoted(text: &str, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = width as usize;
    let total = text.width();
    if total <= width {
        return text.to_string();
    }
    let longest = text
        .match_indices('“')
        .filter_map(|(open, _)| {
            let inner = open + '“'.len_utf8();
            text[inner..].find('”').map(|len| (inner, inner + len))
        })
        .max_by_key(|&(a, b)| text[a..b].width());
    let Some((a, b)) = longest else {
        return text.to_string();
    };
    let quoted: Vec<char> = text[a..b].chars().collect();
    // Keep as much of both ends as the width allows, at least two chars each.
    let over = total - width + 1; // the ellipsis takes a column
    let mut keep = quoted.len();
    let mut shown = text[a..b].width();
    while keep > 4 && shown + over > text[a..b].width() {
        keep -= 1;
        let head = keep.div_ceil(2);
        let tail = keep - head;
        let cut: String = quoted[..head]
            .iter()
            .chain(&quoted[quoted.len() - tail..])
            .collect();
        shown = cut.width();
    }
    if keep == quoted.len() {
        return text.to_string();
    }
    let head = keep.div_ceil(2);
    let tail = keep - head;
    let cut: String = quoted[..head]
        .iter()
        .chain(std::iter::once(&'…'))
        .chain(&quoted[quoted.len() - tail..])
        .collect();
    format!("{}{cut}{}", &text[..a], &text[b..])
}

#[cfg(test)]
mod fit_tests {
    use super::fit_quoted;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_long_quote_is_cut_in_its_middle_so_the_role_stays() {
        let msg = "tagged “让他们按照我们的说明、本隐私政策以及其他任何相关的保密和安全措施来处理个人信息，并用于以下用途” as purpose 目的/条件";
        let fit = fit_quoted(msg, 60);
        assert!(fit.width() <= 60, "{fit}");
        assert!(fit.ends_with("” as purpose 目的/条件"), "{fit}");
        assert!(fit.starts_with("tagged “让他"), "{fit}");
        assert!(fit.contains('…'), "{fit}");
        // What fits, or holds no quote, is left alone.
        assert_eq!(
            fit_quoted("tagged “我们” as actor", 60),
            "tagged “我们” as actor"
        );
        assert_eq!(fit_quoted(&"x".repeat(80), 60), "x".repeat(80));
    }
}
