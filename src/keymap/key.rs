//! Keys and their notation: `j`, `J`, `#`, `<C-s>`, `<A-h>`, `<S-Left>`, `<Esc>`, `<lt>`.

use crate::display_safe::escape;
use crossterm::event::{KeyCode as CtCode, KeyEvent, KeyModifiers};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Char(char),
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    F(u8),
}

/// A key press with modifiers. Shift is only recorded for non-character keys: `J` is `J`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: Code,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub fn plain(code: Code) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let m = ev.modifiers;
        let code = match ev.code {
            CtCode::Char(c) => Code::Char(c),
            CtCode::Left => Code::Left,
            CtCode::Right => Code::Right,
            CtCode::Up => Code::Up,
            CtCode::Down => Code::Down,
            CtCode::Home => Code::Home,
            CtCode::End => Code::End,
            CtCode::PageUp => Code::PageUp,
            CtCode::PageDown => Code::PageDown,
            CtCode::Enter => Code::Enter,
            CtCode::Esc => Code::Esc,
            CtCode::Tab => Code::Tab,
            CtCode::BackTab => Code::BackTab,
            CtCode::Backspace => Code::Backspace,
            CtCode::Delete => Code::Delete,
            CtCode::Insert => Code::Insert,
            CtCode::F(n) => Code::F(n),
            _ => return None,
        };
        let is_char = matches!(code, Code::Char(_));
        let mut key = Key {
            code,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT) && !is_char && code != Code::BackTab,
        };
        // Terminals send Ctrl+letter as the lowercase letter with CONTROL.
        if key.ctrl
            && let Code::Char(c) = key.code
        {
            key.code = Code::Char(legacy_ctrl(c.to_ascii_lowercase()));
        }
        Some(key)
    }

    /// The crossterm event this key would arrive as (for scripted sessions and tests).
    pub fn to_event(&self) -> KeyEvent {
        let code = match self.code {
            Code::Char(c) => CtCode::Char(c),
            Code::Left => CtCode::Left,
            Code::Right => CtCode::Right,
            Code::Up => CtCode::Up,
            Code::Down => CtCode::Down,
            Code::Home => CtCode::Home,
            Code::End => CtCode::End,
            Code::PageUp => CtCode::PageUp,
            Code::PageDown => CtCode::PageDown,
            Code::Enter => CtCode::Enter,
            Code::Esc => CtCode::Esc,
            Code::Tab => CtCode::Tab,
            Code::BackTab => CtCode::BackTab,
            Code::Backspace => CtCode::Backspace,
            Code::Delete => CtCode::Delete,
            Code::Insert => CtCode::Insert,
            Code::F(n) => CtCode::F(n),
        };
        let mut m = KeyModifiers::NONE;
        if self.ctrl {
            m |= KeyModifiers::CONTROL;
        }
        if self.alt {
            m |= KeyModifiers::ALT;
        }
        if self.shift {
            m |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(code, m)
    }
}

impl Key {
    /// The key as a person reads it on screen: keymap notation, but `<` and `>` as themselves
    /// (the notation's `<lt>`/`<gt>` exist only so a keymap file can write them).
    pub fn label(&self) -> String {
        let plain = !self.ctrl && !self.alt && !self.shift;
        match self.code {
            Code::Char(c @ ('<' | '>')) if plain => c.to_string(),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.code {
            Code::Char(' ') => "Space".to_string(),
            Code::Char('<') => "lt".to_string(),
            Code::Char('>') => "gt".to_string(),
            Code::Char(c) => c.to_string(),
            Code::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let plain_char = matches!(self.code, Code::Char(c) if c != ' ' && c != '<' && c != '>');
        if plain_char && !self.ctrl && !self.alt && !self.shift {
            return f.write_str(&name);
        }
        f.write_str("<")?;
        if self.ctrl {
            f.write_str("C-")?;
        }
        if self.alt {
            f.write_str("A-")?;
        }
        if self.shift {
            f.write_str("S-")?;
        }
        write!(f, "{name}>")
    }
}

/// Parses one key in keymap notation.
pub fn parse_key(s: &str) -> Result<Key, String> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => return Ok(Key::plain(Code::Char(c))),
        (None, _) => return Err("empty key".into()),
        _ => {}
    }
    let inner = s
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .ok_or_else(|| {
            format!(
                "unknown key \"{}\": write one character or <Name>, e.g. <C-s>",
                escape(s)
            )
        })?;
    let mut key = Key::plain(Code::Char(' '));
    let mut rest = inner;
    loop {
        let lower = rest.get(..2).map(|p| p.to_ascii_lowercase());
        match lower.as_deref() {
            Some("c-") if rest.len() > 2 => key.ctrl = true,
            Some("a-") | Some("m-") if rest.len() > 2 => key.alt = true,
            Some("s-") if rest.len() > 2 => key.shift = true,
            _ => break,
        }
        rest = &rest[2..];
    }
    let mut one = rest.chars();
    key.code = match (one.next(), one.next()) {
        (Some(c), None) => Code::Char(if key.ctrl {
            legacy_ctrl(c.to_ascii_lowercase())
        } else {
            c
        }),
        _ => match rest.to_ascii_lowercase().as_str() {
            "left" => Code::Left,
            "right" => Code::Right,
            "up" => Code::Up,
            "down" => Code::Down,
            "home" => Code::Home,
            "end" => Code::End,
            "pageup" => Code::PageUp,
            "pagedown" => Code::PageDown,
            "enter" | "cr" | "return" => Code::Enter,
            "esc" | "escape" => Code::Esc,
            "tab" => Code::Tab,
            "backtab" => Code::BackTab,
            "backspace" | "bs" => Code::Backspace,
            "del" | "delete" => Code::Delete,
            "insert" => Code::Insert,
            "space" => Code::Char(' '),
            "lt" => Code::Char('<'),
            "gt" => Code::Char('>'),
            f if f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                Code::F(f[1..].parse().unwrap_or(1))
            }
            _ => return Err(format!("unknown key \"{}\"", escape(s))),
        },
    };
    if matches!(key.code, Code::Char(_)) && key.shift {
        // `<S-a>` is just `A`.
        key.shift = false;
        if let Code::Char(c) = key.code {
            key.code = Code::Char(c.to_ascii_uppercase());
        }
    }
    Ok(key)
}

/// Splits a `--keys` script into keys. A token that is neither one key nor `<…>` is typed
/// character by character (so `手机号码` types four characters into a prompt).
pub fn parse_key_script(script: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    for token in script.split_whitespace() {
        if token.chars().count() == 1
            || (token.starts_with('<') && token.ends_with('>') && token.len() > 2)
        {
            keys.push(parse_key(token)?);
        } else {
            keys.extend(token.chars().map(|c| Key::plain(Code::Char(c))));
        }
    }
    Ok(keys)
}

/// A terminal sends Ctrl with `\\ ] ^ _ /` and with `4 5 6 7` as the same four bytes (0x1C–0x1F),
/// which crossterm reads as Ctrl+4…7: both spellings mean one key. `<C-/>` in a keymap (emacs
/// undo) and Ctrl-/ pressed in tmux then meet as Ctrl+_.
fn legacy_ctrl(c: char) -> char {
    match c {
        '4' => '\\',
        '5' => ']',
        '6' => '^',
        '7' | '/' => '_',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips() {
        for s in [
            "j", "J", "#", "<C-s>", "<A-h>", "<S-Left>", "<Esc>", "<lt>", "<gt>", "<Space>",
            "<F1>", "<C-A-x>",
        ] {
            let k = parse_key(s).unwrap();
            assert_eq!(k.to_string(), s, "{s}");
            assert_eq!(Key::from_event(&k.to_event()), Some(k), "{s}");
        }
        assert_eq!(parse_key("<S-a>").unwrap(), parse_key("A").unwrap());
        assert!(parse_key("<Nope>").is_err());
        assert!(parse_key("ab").is_err());
    }

    #[test]
    fn scripts_split_keys_and_type_text() {
        let keys = parse_key_script("j <C-s> 手机 <Enter>").unwrap();
        let shown: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        assert_eq!(shown, ["j", "<C-s>", "手", "机", "<Enter>"]);
    }
}
