//! An error in a configuration file (a scheme, a keymap) with where it is, written the way
//! compilers write theirs (`path:line:col: error: message`) so that editors can jump to it.

use std::io;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: error: {message}")]
pub struct LocatedError {
    /// The file as the user named it, or `<built-in …>` for an embedded one.
    pub path: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in chars.
    pub column: usize,
    pub message: String,
}

impl LocatedError {
    /// A file that is not JSON of the expected shape, where serde stopped.
    pub fn json(path: &str, e: &serde_json::Error) -> LocatedError {
        LocatedError {
            path: path.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }

    /// A file that could not be read at all: `what` names what it should hold (`scheme`).
    pub fn unreadable(path: &str, what: &str, e: &io::Error) -> LocatedError {
        LocatedError {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: format!("cannot read {what}: {e}"),
        }
    }

    /// A problem with a value of the file: located at the first occurrence of `needle` in
    /// `text` (the file's start if it does not occur).
    pub fn at(path: &str, text: &str, needle: &str, message: String) -> LocatedError {
        let (line, column) = locate(text, needle);
        LocatedError {
            path: path.to_string(),
            line,
            column,
            message,
        }
    }
}

/// A problem at byte `byte` of `text` (a parser's span), located as line and column.
pub fn at_byte(path: &str, text: &str, byte: usize, message: String) -> LocatedError {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    LocatedError {
        path: path.to_string(),
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().unwrap_or("").chars().count() + 1,
        message,
    }
}

/// 1-based line and column (in chars) of the first occurrence of `needle` in `text`.
pub fn locate(text: &str, needle: &str) -> (usize, usize) {
    let Some(byte) = text.find(needle) else {
        return (1, 1);
    };
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn located_at_the_needle_in_chars_and_written_like_a_compiler() {
        let e = LocatedError::at("k.json", "{\n  \"键\": \"x\"\n}", "\"x\"", "bad".into());
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(e.to_string(), "k.json:2:8: error: bad");
        assert_eq!(locate("abc", "zz"), (1, 1));
    }
}
