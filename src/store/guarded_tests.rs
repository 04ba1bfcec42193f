use super::*;
use crate::store::CONFIG_MAX_BYTES;
use std::path::PathBuf;

fn fifo_in(dir: &Path) -> PathBuf {
    let path = dir.join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    path
}

#[test]
fn a_fifo_is_refused_at_once_without_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo_in(dir.path());
    let start = std::time::Instant::now();
    let e = read_file(&fifo, FileKind::Keymap).unwrap_err();
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert!(
        matches!(
            e,
            LoadError::NotRegular {
                kind: FileKind::Keymap,
                ..
            }
        ),
        "{e}"
    );
    let message = e.to_string();
    assert!(
        message.contains("fifo: error: not a regular file: a keymap"),
        "{message}"
    );
}

#[test]
fn a_device_is_refused_before_a_byte_is_read() {
    let e = read_file(Path::new("/dev/zero"), FileKind::Model).unwrap_err();
    assert!(
        matches!(
            e,
            LoadError::NotRegular {
                kind: FileKind::Model,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn each_kind_has_its_ceiling_and_the_error_names_file_kind_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    // Sparse: the length is over the ceiling, the disk holds nothing.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(CONFIG_MAX_BYTES + 1)
        .unwrap();
    let e = read_file(&big, FileKind::Scheme).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: error: too large: {} bytes is over the limit of {CONFIG_MAX_BYTES} bytes for a scheme",
            big.display(),
            CONFIG_MAX_BYTES + 1
        )
    );
    // The same file is a small model.
    assert_eq!(
        read_file(&big, FileKind::Model).unwrap().len() as u64,
        CONFIG_MAX_BYTES + 1
    );
}

#[test]
fn a_source_longer_than_it_said_stops_one_byte_past_the_limit() {
    // A reader that never ends (what a file growing while read looks like to `read_bounded`).
    let endless = std::io::repeat(b'x');
    let e = read_bounded(endless, Path::new("k.json"), 10, FileKind::Keymap).unwrap_err();
    assert!(
        matches!(
            e,
            LoadError::OverLimit {
                bytes: None,
                limit: 10,
                ..
            }
        ),
        "{e}"
    );
    let fits = read_bounded(
        &b"0123456789"[..],
        Path::new("k.json"),
        10,
        FileKind::Keymap,
    );
    assert_eq!(fits.unwrap(), b"0123456789");
}

/// A raw read in `src/`, outside the guarded reader, or one of the places that open a file
/// without reading its content, each with why it may.
const ALLOWED: &[(&str, &str)] = &[
    // The guarded reader itself.
    ("src/store/guarded.rs", ""),
    // Opens a folder to fsync a rename: nothing is read.
    ("src/store/atomic.rs", "File::open(&dir)"),
    // The controlling terminal, for keys: a terminal, read a key at a time.
    ("src/editor.rs", "\"/dev/tty\""),
    ("src/terminal.rs", "\"/dev/tty\""),
    // Chunks of a file `open_guarded` opened, each bounded by `take`.
    ("src/stream.rs", ".read_to_end(&mut buf)"),
    // An HTTP answer, not a file: bounded by `take` to the response ceiling.
    ("src/suggest/backend.rs", ".read_to_end(&mut body)"),
];

const RAW_READS: &[&str] = &[
    "fs::read(",
    "fs::read_to_string(",
    "File::open(",
    "read_to_end(",
    "read_to_string(",
    ".read(true)",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `src/` that read a file without the guarded reader, test code left out (tests
/// read what they wrote).
fn raw_reads_in(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = file.file_name().unwrap().to_string_lossy();
        if name.contains("test") {
            continue;
        }
        let text = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
        for (n, line) in text.lines().enumerate() {
            // An inline test module ends the file's own code (`mod tests;` does not: the
            // file's code may go on after it).
            if line.trim_start().starts_with("#[cfg(test)]")
                && text
                    .lines()
                    .nth(n + 1)
                    .is_some_and(|next| next.contains("mod tests {"))
            {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            let raw = RAW_READS.iter().any(|r| code.contains(r));
            let allowed = ALLOWED
                .iter()
                .any(|(f, snippet)| relative == *f && code.contains(snippet));
            if raw && !allowed {
                found.push(format!("{relative}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn nothing_in_src_reads_a_file_but_the_guarded_reader() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = raw_reads_in(root);
    assert!(
        found.is_empty(),
        "read through store::read_file (or add the place to ALLOWED with why):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_a_raw_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src/cli")).unwrap();
    std::fs::write(
        dir.path().join("src/cli/x.rs"),
        "fn f() { let _ = std::fs::read_to_string(\"k.json\"); }\n\
         #[cfg(test)]\nmod tests;\n\
         fn h() { let _ = std::fs::File::open(\"m.model\"); }\n\
         #[cfg(test)]\nmod tests { fn g() { std::fs::read(\"t\"); } }\n",
    )
    .unwrap();
    let found = raw_reads_in(dir.path());
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("src/cli/x.rs:1:"), "{found:?}");
}
