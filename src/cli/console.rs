//! How loud ptag is and whether it colours: `-q`/`--quiet`, `-v`/`--verbose` and
//! `--color auto|always|never` (with NO_COLOR), taken once and applied to every command's
//! stderr.

use clap::ValueEnum;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and NO_COLOR is unset or empty.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream: `no_color` is NO_COLOR's value, `terminal` whether the
    /// stream is one. As no-color.org says, a NO_COLOR that is set but empty does not count.
    pub fn colours(self, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    /// Whether to colour stdout (where `check` prints its diagnostics).
    pub fn colours_stdout(self) -> bool {
        use std::io::IsTerminal;
        self.colours(
            std::env::var_os("NO_COLOR").as_deref(),
            io::stdout().is_terminal(),
        )
    }
}

/// `-q` keeps only the lines that report an error. Every error ptag prints says `error:`
/// (`path:line:col: error: …`, `ptag CMD: error: …`), so the filter needs no help from the
/// commands: summaries, warnings and progress are the other lines.
pub struct ErrorsOnly<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> ErrorsOnly<W> {
    pub fn new(inner: W) -> ErrorsOnly<W> {
        ErrorsOnly {
            inner,
            line: Vec::new(),
        }
    }

    fn pass_line(&mut self) -> io::Result<()> {
        if is_error_line(&self.line) {
            self.inner.write_all(&self.line)?;
        }
        self.line.clear();
        Ok(())
    }
}

/// An error report: `error:` after a location or a command's name, or at the start.
fn is_error_line(line: &[u8]) -> bool {
    line.starts_with(b"error:") || line.windows(8).any(|w| w == b" error: ")
}

impl<W: Write> Write for ErrorsOnly<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for chunk in buf.split_inclusive(|&b| b == b'\n') {
            self.line.extend_from_slice(chunk);
            if chunk.ends_with(b"\n") {
                self.pass_line()?;
            }
        }
        Ok(buf.len())
    }

    /// A last line without its newline is judged as it is.
    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.pass_line()?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_keeps_errors_and_drops_summaries_and_warnings() {
        let mut kept = Vec::new();
        let mut quiet = ErrorsOnly::new(&mut kept);
        write!(
            quiet,
            "a.txt:1:2: warning: empty tag\na.txt:3:4: error: unclosed (\nptag check: 1 file, "
        )
        .unwrap();
        write!(quiet, "1 error\nptag train: error: no tags\nerror: bare").unwrap();
        quiet.flush().unwrap();
        assert_eq!(
            String::from_utf8(kept).unwrap(),
            "a.txt:3:4: error: unclosed (\nptag train: error: no tags\nerror: bare"
        );
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_is_set_and_not_empty() {
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert!(ColorChoice::Auto.colours(None, true));
        assert!(ColorChoice::Auto.colours(empty, true));
        assert!(!ColorChoice::Auto.colours(set, true));
        assert!(!ColorChoice::Auto.colours(None, false));
        assert!(ColorChoice::Always.colours(set, false));
        assert!(!ColorChoice::Never.colours(None, true));
    }
}
