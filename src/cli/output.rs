//! The output named by `-o`, opened the same way by every command: `-` is stdout; a path is
//! written atomically (`store`), and a file already there is replaced only with `--force`
//! (as gzip and zstd do), so a mistyped `-o` never destroys a file.

use super::paths::io_message;
use crate::store::{self, AtomicFile};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What `-o` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// `-o -`: the command's standard output.
    Stdout,
    File(&'a Path),
}

impl<'a> Target<'a> {
    pub fn of(path: &'a Path) -> Target<'a> {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(path)
        }
    }

    pub fn is_stdout(self) -> bool {
        self == Target::Stdout
    }
}

/// Why an output cannot be opened, said as `PATH: error: …`.
pub fn already_exists(path: &Path) -> String {
    format!(
        "{}: error: already exists (--force overwrites)",
        path.display()
    )
}

/// Refuses a path that exists already, unless `force`. Checked before any work is done, so a
/// refused command costs nothing.
pub fn check_overwrite(path: &Path, force: bool) -> Result<(), String> {
    // A FIFO or a device is never replaced, --force or not (`store::AtomicFile` refuses it
    // too); saying so first tells the user what --force could not change.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(format!(
            "{}: error: not a regular file: ptag writes only regular files and new paths",
            path.display()
        ));
    }
    if !force && path.symlink_metadata().is_ok() {
        return Err(already_exists(path));
    }
    Ok(())
}

/// An open output: stdout, or a file written as it comes and committed at the end.
pub enum Output<'a> {
    Stdout(&'a mut dyn Write),
    File {
        path: PathBuf,
        file: BufWriter<AtomicFile>,
    },
}

impl<'a> Output<'a> {
    /// Opens what `-o` named (`None`: stdout); `out` is the command's stdout. The message of a
    /// refusal names the path.
    pub fn open(
        named: Option<&Path>,
        force: bool,
        out: &'a mut dyn Write,
    ) -> Result<Output<'a>, String> {
        match named.map(Target::of) {
            None | Some(Target::Stdout) => Ok(Output::Stdout(out)),
            Some(Target::File(path)) => {
                check_overwrite(path, force)?;
                let file = AtomicFile::create(path).map_err(|e| cannot_write(path, &e))?;
                Ok(Output::File {
                    path: path.to_path_buf(),
                    file: BufWriter::with_capacity(1 << 20, file),
                })
            }
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(out) => &mut **out,
            Output::File { file, .. } => file,
        }
    }

    /// Flushes stdout, or makes the file whole at its path. Dropped without this, a file
    /// output leaves the path as it was.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Output::Stdout(out) => out.flush().map_err(|e| cannot_write(Path::new("-"), &e)),
            Output::File { path, file } => file
                .into_inner()
                .map_err(|e| cannot_write(&path, e.error()))
                .and_then(|f| f.commit().map_err(|e| cannot_write(&path, &e))),
        }
    }
}

/// Writes `bytes` whole to what `-o` named: stdout (`out`) or, atomically, a file that is new
/// or (with `force`) replaced.
pub fn write_whole(
    named: &Path,
    force: bool,
    bytes: &[u8],
    out: &mut dyn Write,
) -> Result<(), String> {
    match Target::of(named) {
        Target::Stdout => out
            .write_all(bytes)
            .map_err(|e| cannot_write(Path::new("-"), &e)),
        Target::File(path) => {
            check_overwrite(path, force)?;
            store::write_atomic(path, bytes).map_err(|e| cannot_write(path, &e))
        }
    }
}

pub fn cannot_write(path: &Path, e: &io::Error) -> String {
    format!("{}: error: cannot write: {}", path.display(), io_message(e))
}

/// Where a command's JSON report goes: stdout, unless `-o -` put the command's data there;
/// then stderr, so the two never mix.
pub fn report_sink<'a>(
    data_on_stdout: bool,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
) -> &'a mut dyn Write {
    if data_on_stdout { err } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_without_force_and_replaced_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let mut stdout = Vec::new();
        let refused = write_whole(&path, false, b"new", &mut stdout);
        assert_eq!(refused, Err(already_exists(&path)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        write_whole(&path, true, b"new", &mut stdout).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert!(stdout.is_empty());
    }

    #[test]
    fn a_device_is_refused_even_with_force() {
        let device = Path::new("/dev/null");
        for force in [false, true] {
            let refused = check_overwrite(device, force).unwrap_err();
            assert!(refused.contains("not a regular file"), "{refused}");
        }
    }

    #[test]
    fn a_dash_is_stdout_and_makes_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut stdout = Vec::new();
        let mut output = Output::open(Some(Path::new("-")), false, &mut stdout).unwrap();
        output.writer().write_all(b"data").unwrap();
        output.finish().unwrap();
        assert_eq!(stdout, b"data");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
    }

    #[test]
    fn a_file_output_dropped_unfinished_leaves_the_path_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let mut stdout = Vec::new();
        let mut output = Output::open(Some(&path), true, &mut stdout).unwrap();
        output.writer().write_all(b"half").unwrap();
        drop(output);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mut output = Output::open(Some(&path), true, &mut stdout).unwrap();
        output.writer().write_all(b"whole").unwrap();
        output.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "whole");
    }
}
