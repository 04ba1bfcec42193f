//! The 16 basic colours as a 16-colour terminal understands them. crossterm writes every named
//! colour as a 256-colour index (`ESC[38;5;12m`), which a terminal with 8 or 16 colours
//! (`TERM=xterm`, the Linux console, some SSH clients) shows wrong or not at all. This writer sits
//! between the terminal backend and stdout and rewrites those codes to the classic ones:
//! foreground 30–37 and 90–97, background 40–47 and 100–107. Everything else passes unchanged.

use std::io::{self, Write};

/// Longest escape sequence held back while it is incomplete; anything longer is not ours.
const MAX_HELD: usize = 64;

/// A writer that rewrites 256-colour indexes below 16 in SGR sequences to 16-colour codes.
pub struct Ansi16Writer<W: Write> {
    inner: W,
    /// Off: everything passes unchanged (a terminal with 256 colours or more).
    enabled: bool,
    /// A control sequence started (`ESC [ …`) but not yet ended: it may come in pieces.
    held: Vec<u8>,
}

impl<W: Write> Ansi16Writer<W> {
    pub fn new(inner: W, enabled: bool) -> Ansi16Writer<W> {
        Ansi16Writer {
            inner,
            enabled,
            held: Vec::new(),
        }
    }

    /// Writes one complete control sequence, rewritten if it is an SGR.
    fn emit_sequence(&mut self) -> io::Result<()> {
        let seq = std::mem::take(&mut self.held);
        match seq
            .strip_prefix(b"\x1b[")
            .and_then(|s| s.strip_suffix(b"m"))
        {
            Some(params) => {
                let out = rewrite_sgr(params);
                self.inner.write_all(b"\x1b[")?;
                self.inner.write_all(&out)?;
                self.inner.write_all(b"m")
            }
            None => self.inner.write_all(&seq),
        }
    }
}

/// `38;5;N` and `48;5;N` with N < 16 become their 16-colour codes; other parameters stay.
fn rewrite_sgr(params: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = params.split(|&b| b == b';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let text = String::from_utf8_lossy(parts[i]).into_owned();
        let index = parts
            .get(i + 2)
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| *n < 16);
        let base = match (text.as_str(), parts.get(i + 1).copied(), index) {
            ("38", Some(b"5"), Some(n)) => Some((30, 90, n)),
            ("48", Some(b"5"), Some(n)) => Some((40, 100, n)),
            _ => None,
        };
        match base {
            Some((normal, bright, n)) => {
                let code = if n < 8 { normal + n } else { bright + n - 8 };
                out.push(code.to_string());
                i += 3;
            }
            None => {
                // A 256-colour or RGB colour that is not one of the 16 keeps all its parts.
                let skip = match (text.as_str(), parts.get(i + 1).copied()) {
                    ("38" | "48" | "58", Some(b"5")) => 3,
                    ("38" | "48" | "58", Some(b"2")) => 5,
                    _ => 1,
                };
                for p in &parts[i..(i + skip).min(parts.len())] {
                    out.push(String::from_utf8_lossy(p).into_owned());
                }
                i += skip;
            }
        }
    }
    out.join(";").into_bytes()
}

impl<W: Write> Write for Ansi16Writer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.enabled {
            return self.inner.write(buf);
        }
        let mut plain_from = 0;
        for (i, &b) in buf.iter().enumerate() {
            if !self.held.is_empty() {
                self.held.push(b);
                if self.held.len() == 2 {
                    if b != b'[' {
                        // Not a control sequence (ESC and another byte): not ours.
                        let held = std::mem::take(&mut self.held);
                        self.inner.write_all(&held)?;
                    }
                } else if (0x40..=0x7e).contains(&b) {
                    self.emit_sequence()?;
                } else if self.held.len() > MAX_HELD {
                    let held = std::mem::take(&mut self.held);
                    self.inner.write_all(&held)?;
                }
                plain_from = i + 1;
            } else if b == 0x1b {
                self.inner.write_all(&buf[plain_from..i])?;
                self.held.push(b);
                plain_from = i + 1;
            }
        }
        self.inner.write_all(&buf[plain_from..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // A sequence still incomplete at a flush was not ours to finish.
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&str]) -> String {
        let mut w = Ansi16Writer::new(Vec::new(), true);
        for p in pieces {
            w.write_all(p.as_bytes()).unwrap();
        }
        w.flush().unwrap();
        String::from_utf8(w.inner).unwrap()
    }

    #[test]
    fn sixteen_colours_become_classic_sgr_codes() {
        assert_eq!(through(&["\x1b[38;5;12m蓝"]), "\x1b[94m蓝");
        assert_eq!(through(&["\x1b[38;5;1;48;5;8m"]), "\x1b[31;100m");
        assert_eq!(through(&["a\x1b[48;5;0mb"]), "a\x1b[40mb");
        assert_eq!(through(&["\x1b[39m\x1b[49m"]), "\x1b[39m\x1b[49m");
    }

    #[test]
    fn sequences_written_in_pieces_are_rewritten_too() {
        // crossterm writes `ESC[`, `38;`, `5;12` and `m` as separate writes.
        assert_eq!(through(&["x\x1b[", "38;", "5;12", "m", "y"]), "x\x1b[94my");
        assert_eq!(through(&["\x1b", "[", "48;5;3", "m"]), "\x1b[43m");
    }

    #[test]
    fn off_it_changes_nothing() {
        let mut w = Ansi16Writer::new(Vec::new(), false);
        w.write_all(b"\x1b[38;5;12m").unwrap();
        assert_eq!(w.inner, b"\x1b[38;5;12m");
    }

    #[test]
    fn everything_else_passes_unchanged() {
        for s in [
            "\x1b[38;5;200m",
            "\x1b[38;2;1;2;3;1m",
            "\x1b[1;4m",
            "\x1b[10;20H",
            "\x1b[?2026h",
            "\x1bM",
            "plain 中文",
        ] {
            assert_eq!(through(&[s]), s, "{s:?}");
        }
    }
}
