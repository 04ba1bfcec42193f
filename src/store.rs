//! Reading and writing policy files safely: located UTF-8 errors, atomic saves.

use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        error: io::Error,
    },
    /// Not UTF-8: the byte offset of the first bad byte, and its line/column.
    NotUtf8 {
        path: PathBuf,
        byte: usize,
        line: usize,
        column: usize,
    },
    TooLarge {
        path: PathBuf,
        chars: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "{}: error: {error}", path.display()),
            LoadError::NotUtf8 {
                path,
                byte,
                line,
                column,
            } => write!(
                f,
                "{}:{line}:{column}: error: not UTF-8: invalid byte at offset {byte} \
                 (a GB18030/GBK file? convert it with iconv -f GB18030 -t UTF-8)",
                path.display()
            ),
            LoadError::TooLarge { path, chars } => write!(
                f,
                "{}: error: {chars} characters is more than ptag can index (4 G)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a policy as UTF-8 text; `-` reads stdin.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let mut bytes = Vec::new();
    let res = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    res.map_err(|error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    decode(path, bytes)
}

/// Checks `bytes` are UTF-8 and small enough to index.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let good = &e.as_bytes()[..byte];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            byte,
            line,
            column,
        }
    })?;
    if text.len() > u32::MAX as usize {
        let chars = text.chars().count();
        if chars > u32::MAX as usize - 1 {
            return Err(LoadError::TooLarge {
                path: path.to_path_buf(),
                chars,
            });
        }
    }
    Ok(text)
}

/// Writes `contents` to `path` so that the file is always either the old or the new content:
/// a temp file in the same folder, written, fsynced, renamed over, then the folder fsynced.
/// An existing file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    if let Some(p) = &permissions
        && p.readonly()
    {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} is read-only", path.display()),
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".ptag-save-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(&dir) {
        // Makes the rename itself durable; not all file systems allow fsync on a folder.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode(Path::new("p.txt"), b"ab\n\xe4\xb8\xadx\xff".to_vec()).unwrap_err();
        match &e {
            LoadError::NotUtf8 {
                byte, line, column, ..
            } => assert_eq!((*byte, *line, *column), (7, 2, 3)),
            other => panic!("{other}"),
        }
        assert!(
            e.to_string().starts_with("p.txt:2:3: error: not UTF-8"),
            "{e}"
        );
    }

    #[test]
    fn atomic_write_replaces_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, "new(我们)".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new(我们)");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temp file left behind");
    }

    #[test]
    fn atomic_write_refuses_read_only_and_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ro.txt");
        std::fs::write(&p, "old").unwrap();
        let mut perm = std::fs::metadata(&p).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&p, perm).unwrap();
        assert!(write_atomic(&p, b"new").is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert!(write_atomic(&dir.path().join("no/such/dir.txt"), b"x").is_err());
    }
}
