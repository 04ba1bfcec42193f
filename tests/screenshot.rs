//! The README's screenshot (`docs/screenshot.svg`) is drawn by the real `ui::draw` on the bundled
//! Taobao policy, so it never drifts from what the editor shows: this test renders it again and
//! fails if the file differs. `PTAG_UPDATE_SCREENSHOT=1 cargo test --test screenshot` rewrites it.

use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::Buffer;
use ptag::editor::run_script;
use ptag::keymap::{Keymap, parse_key_script};
use ptag::scheme::Scheme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer as Cells;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;
use std::path::PathBuf;

const W: u16 = 100;
const H: u16 = 24;
const CELL_W: u32 = 9;
const CELL_H: u32 = 18;
const BG: &str = "#1d1f21";
const FG: &str = "#c5c8c6";

/// A terminal colour as the xterm default palette shows it.
fn hex(c: Color, default: &str) -> String {
    let named = |i: u8| -> &'static str {
        [
            "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
            "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
        ][i as usize]
    };
    match c {
        Color::Reset => default.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Black => named(0).into(),
        Color::Red => named(1).into(),
        Color::Green => named(2).into(),
        Color::Yellow => named(3).into(),
        Color::Blue => named(4).into(),
        Color::Magenta => named(5).into(),
        Color::Cyan => named(6).into(),
        Color::Gray => named(7).into(),
        Color::DarkGray => named(8).into(),
        Color::LightRed => named(9).into(),
        Color::LightGreen => named(10).into(),
        Color::LightYellow => named(11).into(),
        Color::LightBlue => named(12).into(),
        Color::LightMagenta => named(13).into(),
        Color::LightCyan => named(14).into(),
        Color::White => named(15).into(),
        Color::Indexed(i) if i < 16 => named(i).into(),
        Color::Indexed(i) if i >= 232 => {
            let v = 8 + 10 * (i as u32 - 232);
            format!("#{v:02x}{v:02x}{v:02x}")
        }
        Color::Indexed(i) => {
            let i = i as u32 - 16;
            let level = |n: u32| if n == 0 { 0 } else { 55 + 40 * n };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(i / 36),
                level(i / 6 % 6),
                level(i % 6)
            )
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The cells as SVG: a background rectangle and a text run per cell with its colours and weight.
fn svg(cells: &Cells) -> String {
    let (w, h) = (cells.area.width as u32, cells.area.height as u32);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" font-family="'Sarasa Mono SC','Noto Sans Mono CJK SC',monospace" font-size="15">"#,
        w * CELL_W,
        h * CELL_H
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{BG}"/>"#);
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let cell = &cells[(x as u16, y as u16)];
            let sym = cell.symbol();
            let cols = unicode_width::UnicodeWidthStr::width(sym).max(1) as u32;
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (hex(cell.fg, FG), hex(cell.bg, BG));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            if bg != BG {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{CELL_H}" fill="{bg}"/>"#,
                    x * CELL_W,
                    y * CELL_H,
                    cols * CELL_W
                );
            }
            if !sym.trim().is_empty() {
                let weight = if cell.modifier.contains(Modifier::BOLD) {
                    r#" font-weight="bold""#
                } else {
                    ""
                };
                let underline = if cell.modifier.contains(Modifier::UNDERLINED) {
                    r#" text-decoration="underline""#
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    r#"<text x="{}" y="{}" fill="{fg}"{weight}{underline}>{}</text>"#,
                    x * CELL_W,
                    y * CELL_H + 14,
                    escape(sym)
                );
            }
            x += cols;
        }
    }
    out.push_str("</svg>\n");
    out
}

#[test]
fn the_readme_screenshot_is_what_the_editor_draws() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join("sample-policies/taobao-annotated.txt")).unwrap();
    let scheme = Scheme::default();
    let keymap = Keymap::default_for(&scheme);
    let buf = Buffer::from_markup(&src, &scheme, None, "taobao-annotated.txt".into());
    let app = App::new(scheme, keymap, vec![buf], ColorDepth::TrueColor);
    // Down to the membership clauses, dense with all four roles; the cursor on an actor tag.
    let keys = parse_key_script(": 4 5 <Enter> ] ]").unwrap();
    let (app, _) = run_script(app, &keys, W, H);
    let mut term = Terminal::new(TestBackend::new(W, H)).unwrap();
    term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
    let drawn = svg(term.backend().buffer());
    let path = root.join("docs/screenshot.svg");
    if std::env::var_os("PTAG_UPDATE_SCREENSHOT").is_some() {
        std::fs::write(&path, &drawn).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == drawn,
        "docs/screenshot.svg is not what the editor draws now: run PTAG_UPDATE_SCREENSHOT=1 cargo test --test screenshot"
    );
}
