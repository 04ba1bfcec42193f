//! A scheme file read through the guarded reader: `scheme` is below `store` and reads no file
//! itself, it parses and checks the text given to it.

use super::limits::{FileKind, LoadError};
use crate::located::LocatedError;
use crate::scheme::{Scheme, SchemeError};
use std::path::Path;

/// Loads the scheme file at `path`: a regular file under the scheme's ceiling, then checked.
pub fn load_scheme(path: &Path) -> Result<Scheme, SchemeError> {
    let origin = path.display().to_string();
    let text = super::read_file_text(path, FileKind::Scheme)
        .map_err(|e| unreadable(&origin, "scheme", &e))?;
    Scheme::from_json(&text, &origin)
}

/// A configuration file (scheme, keymap) the guarded reader refused, located where it went
/// wrong: the first bad byte of a file that is not UTF-8, else the file's start.
pub fn unreadable(origin: &str, what: &str, e: &LoadError) -> LocatedError {
    let (line, column) = match e {
        LoadError::NotUtf8 { line, column, .. } => (*line, *column),
        _ => (1, 1),
    };
    LocatedError {
        path: origin.to_string(),
        line,
        column,
        message: format!("cannot read {what}: {}", e.reason()),
    }
}
