//! Every kind of file ptag reads goes through one guarded reader: a FIFO (nothing will ever be
//! written to it), a device (`/dev/zero`, endless) and a sparse file one byte over the ceiling
//! of its kind each end the command within a second with exit 2 and an error naming the file
//! and the kind, whatever option named the file. A crafted model file is refused, not a panic.

mod common;

use common::*;
use ptag::store::{CONFIG_MAX_BYTES, DEFAULT_MAX_FILE_BYTES, MODEL_MAX_BYTES};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the binary in `dir` (user folders inside it), killed after 20 s: a read that never
/// ends. Returns what it did and how long it took.
fn ptag_timed(dir: &Path, args: &[&str]) -> (Output, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ptag"));
    cmd.args(args).current_dir(dir).env("HOME", dir);
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("PTAG_DATA_DIR", "ptag-data"),
    ] {
        cmd.env(var, dir.join(sub));
    }
    cmd.env_remove("PTAG_MAX_FILE_BYTES");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("ptag {args:?} still running after 20 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = start.elapsed();
    (child.wait_with_output().unwrap(), took)
}

/// A kind of file ptag reads: what errors call it, its ceiling, and the command that reads
/// the file at the path given (in a folder holding `a.txt`, a small tagged policy).
struct Reader {
    kind: &'static str,
    limit: u64,
    args: fn(&str) -> Vec<String>,
}

fn own(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

const READERS: &[Reader] = &[
    Reader {
        kind: "policy",
        limit: DEFAULT_MAX_FILE_BYTES,
        args: |f| own(&["check", f]),
    },
    Reader {
        kind: "model file",
        limit: MODEL_MAX_BYTES,
        args: |f| own(&["suggest", "a.txt", "--model", f]),
    },
    Reader {
        kind: "scheme",
        limit: CONFIG_MAX_BYTES,
        args: |f| own(&["check", "a.txt", "--scheme", f]),
    },
    Reader {
        kind: "keymap",
        limit: CONFIG_MAX_BYTES,
        args: |f| own(&["a.txt", "--keymap", f, "--keys", "", "--size", "80x10"]),
    },
    Reader {
        kind: "label map",
        limit: CONFIG_MAX_BYTES,
        args: |f| own(&["export", "--format", "jsonl", "--labels", f, "a.txt"]),
    },
];

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

/// A sparse file of `len` bytes: over a ceiling without the disk holding it.
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

fn policy_folder() -> tempfile::TempDir {
    folder(&[("a.txt", "(我们)会[收集]<手机号码>。\n".as_bytes())])
}

/// The command over `file` ends at once with exit 2 and says `want` about the file and kind.
fn assert_refused(dir: &Path, reader: &Reader, file: &Path, want: &str) {
    let args = (reader.args)(s(file));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (o, took) = ptag_timed(dir, &args);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "{} {args:?}: {err}", reader.kind);
    assert!(took < Duration::from_secs(1), "{args:?} took {took:?}");
    assert!(
        err.contains(s(file)),
        "{args:?}: the file is not named: {err}"
    );
    assert!(err.contains(want), "{args:?}: {err}");
    assert!(
        err.contains(&format!("a {}", reader.kind)),
        "{args:?}: the kind is not named: {err}"
    );
}

#[test]
fn a_fifo_is_refused_at_once_whatever_reads_it() {
    let dir = policy_folder();
    let fifo = dir.path().join("input.fifo");
    mkfifo(&fifo);
    for reader in READERS {
        assert_refused(dir.path(), reader, &fifo, "not a regular file");
    }
}

#[test]
fn a_device_is_refused_at_once_whatever_reads_it() {
    let dir = policy_folder();
    for reader in READERS {
        assert_refused(
            dir.path(),
            reader,
            Path::new("/dev/zero"),
            "not a regular file",
        );
    }
}

#[test]
fn a_file_over_the_ceiling_of_its_kind_is_refused_unread() {
    let dir = policy_folder();
    for (k, reader) in READERS.iter().enumerate() {
        let big = dir.path().join(format!("big{k}"));
        sparse(&big, reader.limit + 1);
        let want = format!(
            "too large: {} bytes is over the limit of {} bytes",
            reader.limit + 1,
            reader.limit
        );
        assert_refused(dir.path(), reader, &big, &want);
        std::fs::remove_file(&big).unwrap();
    }
}

/// Puts a hostile file at a path.
type MakeHostile = fn(&Path);

/// The `.ann` beside `x.txt` (brat import) and the exchange file itself.
#[test]
fn brat_and_exchange_inputs_are_guarded_too() {
    let dir = policy_folder();
    std::fs::write(dir.path().join("x.txt"), "abc").unwrap();
    let ann = dir.path().join("x.ann");
    let import_brat = own(&["import", "--format", "brat", "x.txt", "-o", "out.txt"]);
    let hostile: [(&str, MakeHostile); 3] = [
        ("not a regular file", mkfifo),
        ("not a regular file", |p| {
            std::os::unix::fs::symlink("/dev/zero", p).unwrap()
        }),
        ("too large", |p| sparse(p, DEFAULT_MAX_FILE_BYTES + 1)),
    ];
    for (want, make) in hostile {
        make(&ann);
        let args: Vec<&str> = import_brat.iter().map(String::as_str).collect();
        let (o, took) = ptag_timed(dir.path(), &args);
        let err = stderr(&o);
        assert_eq!(code(&o), 2, "{want}: {err}");
        assert!(took < Duration::from_secs(1), "took {took:?}");
        assert!(
            err.contains("x.ann: error: ") && err.contains(want),
            "{err}"
        );
        assert!(err.contains("a brat .ann file"), "{err}");
        std::fs::remove_file(&ann).unwrap();
        let jsonl: PathBuf = dir.path().join("in.jsonl");
        make(&jsonl);
        let (o, took) = ptag_timed(
            dir.path(),
            &["import", "--format", "jsonl", "in.jsonl", "-o", "out.txt"],
        );
        assert_eq!(code(&o), 2, "{want}: {}", stderr(&o));
        assert!(took < Duration::from_secs(1), "took {took:?}");
        let err = stderr(&o);
        assert!(
            err.contains(want) && err.contains("an exchange file"),
            "{err}"
        );
        std::fs::remove_file(&jsonl).unwrap();
    }
}

/// The magic and the version, before the header's length.
const MODEL_PREFIX: usize = b"PTAG-MODEL\n".len() + 4;

/// A model file trained on a small tagged file in `dir`, as `m.model`.
fn trained_model(dir: &Path) -> Vec<u8> {
    let tagged = "(我们)[收集]您的<手机号码>和<位置信息>。\n".repeat(20);
    std::fs::write(dir.join("t.txt"), tagged).unwrap();
    let (o, _) = ptag_timed(dir, &["train", "--from", "t.txt", "-o", "m.model"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    std::fs::read(dir.join("m.model")).unwrap()
}

/// `bytes` with its header and weights changed by `change`, the lengths and the checksum
/// made right: what a crafted file looks like.
fn crafted(bytes: &[u8], change: impl FnOnce(&mut serde_json::Value, &mut Vec<u8>)) -> Vec<u8> {
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let json_len = word(MODEL_PREFIX);
    let json_at = MODEL_PREFIX + 8;
    let mut header: serde_json::Value =
        serde_json::from_slice(&bytes[json_at..json_at + json_len]).unwrap();
    let body_at = json_at + json_len + 8;
    let mut body = bytes[body_at..body_at + word(json_at + json_len)].to_vec();
    change(&mut header, &mut body);
    let json = serde_json::to_vec(&header).unwrap();
    let mut out = bytes[..MODEL_PREFIX].to_vec();
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    let sum = ptag::store::content_hash(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Each command that loads a model refuses the crafted one with exit 2 and says which field;
/// the editor says so too and goes on with the lexicon's suggestions, as for any model it
/// cannot use.
fn assert_model_refused(dir: &Path, model: &[u8], field: &str) {
    std::fs::write(dir.join("bad.model"), model).unwrap();
    let runs: [(&[&str], i32); 3] = [
        (&["suggest", "a.txt", "--model", "bad.model"], 2),
        (
            &[
                "export",
                "--format",
                "labelstudio",
                "--model",
                "bad.model",
                "a.txt",
            ],
            2,
        ),
        (
            &[
                "a.txt",
                "--model",
                "bad.model",
                "--keys",
                "",
                "--size",
                "80x10",
            ],
            0,
        ),
    ];
    for (args, exit) in runs {
        let (o, _) = ptag_timed(dir, args);
        let err = stderr(&o);
        assert_eq!(code(&o), exit, "{args:?}: {err}");
        assert!(
            err.contains("bad.model") && err.contains(&format!("{field} is invalid")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_crafted_model_with_an_empty_lexicon_text_is_refused_not_a_panic() {
    let dir = policy_folder();
    let model = trained_model(dir.path());
    let empty = crafted(&model, |header, _| header["lexicon"][0][0] = "".into());
    assert_model_refused(dir.path(), &empty, "lexicon[0].text");
}

#[test]
fn a_crafted_model_with_absurd_weights_is_refused_not_silent() {
    let dir = policy_folder();
    let model = trained_model(dir.path());
    let absurd = crafted(&model, |header, body| {
        let rows = header["rows"].as_u64().unwrap() as usize;
        // Every row's scale (after the feature hashes, each followed by its weights).
        let labels = header["labels"].as_u64().unwrap() as usize;
        for row in 0..rows {
            let at = rows * 8 + row * (4 + labels);
            body[at..at + 4].copy_from_slice(&1e30f32.to_le_bytes());
        }
    });
    assert_model_refused(dir.path(), &absurd, "weights.scales[0]");
}
