//! Atomic writes: a file is always either its old or its new content.

use super::limits::FileKind;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` so that the file is always either the old or the new content:
/// a temp file in the same folder, written, fsynced, renamed over, then the folder fsynced.
/// An existing file's permissions are kept.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_inner(path, contents, None)
}

/// `write_atomic` with an optional injected failure after `fail_after` bytes (a full disk), so
/// tests can prove the original survives a write that dies half way.
pub(crate) fn write_atomic_inner(
    path: &Path,
    contents: &[u8],
    fail_after: Option<usize>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    match fail_after {
        Some(n) if n < contents.len() => {
            file.write_all(&contents[..n])?;
            // The temp file is removed when `file` drops; the original was never touched.
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device (injected)",
            ));
        }
        _ => file.write_all(contents)?,
    }
    file.commit()
}

/// A file being written in place of `path`, atomically: written as it goes to a temp file in
/// the same folder, which `commit` fsyncs and renames over `path` (then fsyncs the folder).
/// Dropped without `commit`, the temp file is removed and `path` never touched. What a merge
/// of 100 MB files writes as it goes, without holding its result in memory.
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    dir: PathBuf,
    permissions: Option<std::fs::Permissions>,
}

impl AtomicFile {
    /// Starts writing in place of `path`: only a regular file that is not read-only, or a new
    /// path, is written.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        // Through a symlink, the target is what gets replaced (the link stays a link).
        let path = match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)?,
            _ => path.to_path_buf(),
        };
        let existing = std::fs::metadata(&path).ok();
        AtomicFile::create_at(path, existing)
    }

    /// `create` without following a link at `path`: `commit` renames over the directory entry
    /// itself, so a link there is replaced by the file and its target never touched. What
    /// writing inside an output folder uses (`OutputFolder`), where a link is never trusted.
    pub fn create_replacing_link(path: &Path) -> io::Result<AtomicFile> {
        let existing = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| !m.file_type().is_symlink());
        AtomicFile::create_at(path.to_path_buf(), existing)
    }

    /// Starts writing in place of `path`, whose current entry (none: a new path) is `existing`.
    fn create_at(path: PathBuf, existing: Option<std::fs::Metadata>) -> io::Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Renaming over a FIFO or a device would replace it with a plain file (as root,
        // `-o /dev/null` would replace /dev/null): only regular files and new paths are written.
        if existing.as_ref().is_some_and(|m| !m.is_file()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a regular file", path.display()),
            ));
        }
        let permissions = existing.map(|m| m.permissions());
        if let Some(p) = &permissions
            && p.readonly()
        {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("{} is read-only", path.display()),
            ));
        }
        // The pid in the name tells a later start whose temp file it is (see `sweep_stale_saves`).
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{SAVE_PREFIX}{}-", std::process::id()))
            .suffix(".tmp")
            .tempfile_in(&dir)?;
        Ok(AtomicFile {
            tmp,
            path,
            dir,
            permissions,
        })
    }

    /// The temp file being written: what a save reads back to verify before `commit`.
    pub fn temp_path(&self) -> &Path {
        self.tmp.path()
    }

    /// Makes what was written the file at `path`.
    pub fn commit(self) -> io::Result<()> {
        let AtomicFile {
            tmp,
            path,
            dir,
            permissions,
        } = self;
        tmp.as_file().sync_all()?;
        // Temp files are private (0600); the saved file gets the original's mode, or for a new
        // file what the umask allows, as any editor would.
        let mode = match permissions {
            Some(p) => p,
            None => {
                use std::os::unix::fs::PermissionsExt;
                std::fs::Permissions::from_mode(0o666 & !umask())
            }
        };
        tmp.as_file().set_permissions(mode)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        if let Ok(d) = std::fs::File::open(&dir) {
            // Makes the rename itself durable; not all file systems allow fsync on a folder.
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
    }
}

/// Temp files of saves in progress start with this, then the saving process's pid.
pub const SAVE_PREFIX: &str = ".ptag-save-";

/// Removes the temp files that saves killed mid-way left in `dir` (`.ptag-save-PID-*.tmp` whose
/// process is gone); returns how many. A running save's temp file (its pid alive) is left alone.
pub fn sweep_stale_saves(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(SAVE_PREFIX))
            .filter(|n| n.ends_with(".tmp"))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let dead = pid.is_none_or(|p| p != std::process::id() && !crate::owner::process_alive(p));
        let regular = e.file_type().is_ok_and(|t| t.is_file());
        if dead && regular && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process umask, read from /proc (no libc call needed); 022 if unknown.
fn umask() -> u32 {
    super::guarded::read_file(Path::new("/proc/self/status"), FileKind::System)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:"))
                .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        })
        .unwrap_or(0o022)
}
