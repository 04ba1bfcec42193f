//! Text from files (tag texts, file names, quoted diagnostics) printed for a human must not
//! drive the terminal: a policy holding `ESC ] 52 ; c ; … BEL` would set the clipboard, and
//! U+202E would reverse what follows it on screen. Every human-facing printer writes through
//! `SafeText`, which shows such characters in one visible form:
//!
//! - C0 controls and DEL: `\x1b`, `\x07`, `\x7f` (tab and line feed pass in text streams,
//!   which use them for layout; `escape` shows them too);
//! - C1 controls and the bidi overrides/isolates U+202A–U+202E, U+2066–U+2069: `\u{9b}`,
//!   `\u{202e}`;
//! - bytes that are not UTF-8: `\xff`.
//!
//! JSON streams get `\u009b`-style escapes instead: JSON allows them inside strings, and these
//! characters can appear nowhere else in JSON, so the output stays valid and means the same.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Whether a character could change how a terminal shows what follows it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How a stream shows an unsafe character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Human text: `\x1b`, `\u{202e}`; tab and line feed pass (they lay the text out).
    Text,
    /// JSON: `\u202e` (serde_json already escapes C0 itself).
    Json,
}

fn push_escaped(out: &mut String, c: char, style: Style) {
    let _ = match style {
        Style::Json => write!(out, "\\u{:04x}", c as u32),
        Style::Text if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
        Style::Text => write!(out, "\\u{{{:x}}}", c as u32),
    };
}

/// `s` with every unsafe character (tab and line feed too) shown visibly: for one name or
/// text that must stay on one line.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c, Style::Text);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escape_stream(s: &str, style: Style, out: &mut String) {
    for c in s.chars() {
        let passes = match style {
            Style::Text => c == '\n' || c == '\t',
            // C0 in JSON output is serde_json's already-escaped layout (a newline between
            // records); only what it leaves raw is escaped here.
            Style::Json => (c as u32) < 0x20,
        };
        if is_unsafe(c) && !passes {
            push_escaped(out, c, style);
        } else {
            out.push(c);
        }
    }
}

/// A writer that escapes unsafe characters on their way to `inner`. A character split between
/// two writes is held until its last byte comes.
pub struct SafeText<W: Write> {
    inner: W,
    style: Style,
    /// The start of a UTF-8 sequence whose other bytes have not been written yet.
    pending: Vec<u8>,
}

impl<W: Write> SafeText<W> {
    pub fn new(inner: W, style: Style) -> Self {
        SafeText {
            inner,
            style,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for SafeText<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        let mut out = String::with_capacity(bytes.len());
        let mut rest = bytes.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    escape_stream(s, self.style, &mut out);
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    escape_stream(
                        std::str::from_utf8(good).expect("valid"),
                        self.style,
                        &mut out,
                    );
                    match e.error_len() {
                        Some(n) => {
                            for b in &bad[..n] {
                                let _ = write!(out, "\\x{b:02x}");
                            }
                            rest = &bad[n..];
                        }
                        None => {
                            // An incomplete sequence at the end: wait for the rest.
                            self.pending = bad.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let mut out = String::new();
            for b in std::mem::take(&mut self.pending) {
                let _ = write!(out, "\\x{b:02x}");
            }
            self.inner.write_all(out.as_bytes())?;
        }
        self.inner.flush()
    }
}

/// Writes `line` and a line feed to stderr through `SafeText`, and ignores a failure: once the
/// terminal has gone (a closed pty, a dropped SSH link) stderr fails with EIO, and `eprintln!`
/// would panic on it, in the middle of ending cleanly.
pub fn to_stderr(line: &str) {
    let stderr = io::stderr();
    let mut err = SafeText::new(stderr.lock(), Style::Text);
    let _ = writeln!(err, "{line}").and_then(|()| err.flush());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(style: Style, pieces: &[&[u8]]) -> String {
        let mut w = SafeText::new(Vec::new(), style);
        for p in pieces {
            w.write_all(p).unwrap();
        }
        w.flush().unwrap();
        String::from_utf8(w.inner).unwrap()
    }

    #[test]
    fn controls_and_bidi_are_shown_not_obeyed() {
        let hostile = "a\x1b]0;T\x07b\u{202e}c\u{9b}d\x7f\te\n";
        assert_eq!(
            through(Style::Text, &[hostile.as_bytes()]),
            "a\\x1b]0;T\\x07b\\u{202e}c\\u{9b}d\\x7f\te\n"
        );
        assert_eq!(escape("x\ty\nz\u{2066}"), "x\\x09y\\x0az\\u{2066}");
        assert!(matches!(escape("(我们)"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_stays_valid_and_means_the_same() {
        let value = serde_json::json!({ "t": "a\x1b\u{202e}\u{85}\x7f" });
        let raw = serde_json::to_string(&value).unwrap();
        let safe = through(Style::Json, &[raw.as_bytes(), b"\n"]);
        assert!(
            !safe.contains(['\x1b', '\u{202e}', '\u{85}', '\x7f']),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_character_split_across_writes_is_kept_whole_and_bad_bytes_shown() {
        let bidi = "\u{202e}".as_bytes();
        assert_eq!(
            through(
                Style::Text,
                &[b"x", &bidi[..1], &bidi[1..], "我".as_bytes()]
            ),
            "x\\u{202e}我"
        );
        assert_eq!(through(Style::Text, &[b"a\xffb", b"\xe6"]), "a\\xffb\\xe6");
    }
}
