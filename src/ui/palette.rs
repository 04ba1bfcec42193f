//! Role colours for the terminal at hand: truecolor, 256, 16, or none (modifiers only).

use crate::color::ColorDepth;
use crate::scheme::{RoleId, Scheme};
use ratatui::style::{Color, Modifier, Style};

/// Role styles without colour. Only bold and underline: every terminal renders them, over SSH
/// too (italic and dim often are not), and reverse video is the cursor's. The fourth role is
/// told apart by its delimiters, which are always drawn (bold) without colour.
pub const NO_COLOR_ROLES: [Modifier; 4] = [
    Modifier::BOLD,
    Modifier::UNDERLINED,
    Modifier::BOLD.union(Modifier::UNDERLINED),
    Modifier::empty(),
];

/// The style of text inside a tag of `role`; `outer` says it is itself inside another tag.
pub fn role_style(scheme: &Scheme, role: RoleId, depth: ColorDepth, outer: bool) -> Style {
    let mut style = match depth {
        ColorDepth::None => Style::default().add_modifier(NO_COLOR_ROLES[role as usize % 4]),
        _ => Style::default().fg(color(scheme.rgb(role), depth)),
    };
    if outer && depth != ColorDepth::None {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

/// An untagged text the lexicon suggests for `role`: a faint version of the role's colour,
/// italic and dim so it reads as "not yet a tag" even without colour.
pub fn suggestion_style(scheme: &Scheme, role: RoleId, depth: ColorDepth) -> Style {
    let s = Style::default().add_modifier(Modifier::ITALIC | Modifier::DIM);
    match depth {
        ColorDepth::None => s,
        _ => s.fg(color(scheme.rgb(role), depth)),
    }
}

/// A delimiter of `role`: the role's colour, dimmed.
pub fn delimiter_style(scheme: &Scheme, role: RoleId, depth: ColorDepth) -> Style {
    match depth {
        ColorDepth::None => Style::default().add_modifier(Modifier::BOLD),
        _ => Style::default()
            .fg(color(scheme.rgb(role), depth))
            .add_modifier(Modifier::DIM),
    }
}

pub fn color((r, g, b): (u8, u8, u8), depth: ColorDepth) -> Color {
    match depth {
        ColorDepth::TrueColor => Color::Rgb(r, g, b),
        ColorDepth::Ansi256 => Color::Indexed(ansi256(r, g, b)),
        ColorDepth::Ansi16 => ansi16(r, g, b),
        ColorDepth::None => Color::Reset,
    }
}

/// Nearest colour of the 6×6×6 cube of the 256-colour palette.
fn ansi256(r: u8, g: u8, b: u8) -> u8 {
    let q = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    16 + 36 * q(r) + 6 * q(g) + q(b)
}

/// Nearest of the 16 basic colours (bright variants for light colours).
fn ansi16(r: u8, g: u8, b: u8) -> Color {
    let max = r.max(g).max(b);
    let bright = max > 180;
    // A channel counts as "on" when it is close to the strongest one (sky blue is blue, not cyan).
    let on = |v: u8| v > 60 && u16::from(v) * 10 >= u16::from(max) * 7;
    match (on(r), on(g), on(b), bright) {
        (true, false, false, true) => Color::LightRed,
        (true, false, false, false) => Color::Red,
        (false, true, false, true) => Color::LightGreen,
        (false, true, false, false) => Color::Green,
        (true, true, false, true) => Color::LightYellow,
        (true, true, false, false) => Color::Yellow,
        (false, false, true, true) => Color::LightBlue,
        (false, false, true, false) => Color::Blue,
        (true, false, true, true) => Color::LightMagenta,
        (true, false, true, false) => Color::Magenta,
        (false, true, true, true) => Color::LightCyan,
        (false, true, true, false) => Color::Cyan,
        (true, true, true, _) => Color::White,
        (false, false, false, _) => Color::DarkGray,
    }
}

/// A cell of a conflict's label: its marks like a note (black on yellow), each side's text in
/// its roles' colours with visible delimiters; the second side (theirs, B) underlined so the
/// two versions never read as one.
pub fn label_style(
    scheme: &Scheme,
    cell: &crate::conflict_label::LabelCell,
    depth: ColorDepth,
) -> Style {
    let Some(side) = cell.side else {
        return match depth {
            ColorDepth::None => Style::default().add_modifier(Modifier::REVERSED),
            _ => Style::default().fg(Color::Black).bg(Color::Yellow),
        };
    };
    let style = match (cell.role, cell.delimiter) {
        (Some(role), true) => delimiter_style(scheme, role, depth)
            .remove_modifier(Modifier::DIM)
            .add_modifier(Modifier::BOLD),
        (Some(role), false) => role_style(scheme, role, depth, false),
        (None, _) => Style::default(),
    };
    if side == 1 {
        style.add_modifier(Modifier::UNDERLINED)
    } else {
        style
    }
}

/// A jump label over its word: bold black on light cyan; without colour, bold reverse video
/// (the cursor, the one other reverse cell, is not drawn while labels wait for a key).
pub fn jump_style(depth: ColorDepth) -> Style {
    match depth {
        ColorDepth::None => Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        _ => Style::default()
            .fg(Color::Black)
            .bg(Color::LightCyan)
            .add_modifier(Modifier::BOLD),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depths_map_colours() {
        assert_eq!(
            color((0x5f, 0xaf, 0xff), ColorDepth::TrueColor),
            Color::Rgb(0x5f, 0xaf, 0xff)
        );
        assert_eq!(
            color((0x5f, 0xaf, 0xff), ColorDepth::Ansi256),
            Color::Indexed(75)
        );
        assert_eq!(
            color((0x5f, 0xaf, 0xff), ColorDepth::Ansi16),
            Color::LightBlue
        );
        let s = Scheme::default();
        let styles: Vec<Style> = (0..4)
            .map(|r| role_style(&s, r, ColorDepth::None, false))
            .collect();
        for (i, a) in styles.iter().enumerate() {
            assert_eq!(a.fg, None);
            for b in &styles[i + 1..] {
                assert_ne!(a, b, "roles stay distinguishable without colour");
            }
        }
    }
}
