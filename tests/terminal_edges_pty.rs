//! End-to-end: the real `ptag` binary in a pty when the terminal goes away (the pty master
//! closed, SIGHUP, both at once) in each mode, and under a file-size limit (`ulimit -f`). What an
//! annotator on a shared server needs: no panic and no crash report, the lock free, the unsaved
//! edit in the recovery journal; a save too big for the limit refused, the editor still running.
//!
//! A command that writes past the limit (`strip` here) says so and exits 2, not killed either.
//!
//! The pty is read on the test's thread (a reader thread would hold a duplicate of the master,
//! and dropping the test's handles would not close the terminal); a watchdog kills the editor
//! if a step hangs, which ends the read with the screen shown.

mod common;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const POLICY: &str = "我们会收集您的手机号码用于创建账户。\n";
/// How long a step may take on a machine busy compiling.
const TIMEOUT: Duration = Duration::from_secs(20);

/// The pty's master side: dropping all three closes the terminal.
type PtyHandles = (
    Box<dyn MasterPty + Send>,
    Box<dyn Read + Send>,
    Box<dyn Write + Send>,
);

/// One editor in a pty, with its folder (policy, data folder, config folder).
struct Editor {
    dir: tempfile::TempDir,
    child: Box<dyn Child + Send + Sync>,
    pty: Option<PtyHandles>,
    screen: vt100::Parser,
    watchdog: Arc<AtomicBool>,
}

impl Editor {
    /// `ptag policy.txt` on `content`, run through `sh -c SHELL_PREFIX exec ptag policy.txt`
    /// when `shell_prefix` is given (to set a limit first).
    fn start(content: &str, shell_prefix: Option<&str>) -> Editor {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("policy.txt"), content).unwrap();
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 12,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let ptag = env!("CARGO_BIN_EXE_ptag");
        let mut cmd = match shell_prefix {
            Some(prefix) => {
                let mut c = CommandBuilder::new("bash");
                c.args(["-c", &format!("{prefix} exec \"$0\" policy.txt"), ptag]);
                c
            }
            None => {
                let mut c = CommandBuilder::new(ptag);
                c.arg("policy.txt");
                c
            }
        };
        cmd.cwd(dir.path());
        common::pty::editor_env(&mut cmd, dir.path(), "tester");
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let watchdog = Arc::new(AtomicBool::new(true));
        let (armed, pid) = (watchdog.clone(), child.process_id().unwrap());
        std::thread::spawn(move || {
            let start = Instant::now();
            while armed.load(Ordering::SeqCst) {
                if start.elapsed() > TIMEOUT * 2 {
                    let _ = std::process::Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .status();
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        let mut e = Editor {
            dir,
            child,
            pty: Some((pair.master, reader, writer)),
            screen: vt100::Parser::new(12u16.try_into().unwrap(), 100u16.try_into().unwrap(), 0),
            watchdog,
        };
        e.read_until("the first frame", |t| t.contains("NORMAL"));
        e
    }

    fn policy(&self) -> PathBuf {
        self.dir.path().join("policy.txt")
    }

    /// Reads what the editor writes until the screen's text satisfies `pred`.
    fn read_until(&mut self, what: &str, pred: impl Fn(&str) -> bool) {
        let mut buf = [0u8; 8192];
        while !pred(&self.screen.screen().contents()) {
            let (_, reader, _) = self.pty.as_mut().expect("the terminal is open");
            match reader.read(&mut buf) {
                Ok(n) if n > 0 => self.screen.process(&buf[..n]),
                _ => panic!(
                    "the pty closed before {what}; the screen:\n{}",
                    self.screen.screen().contents()
                ),
            }
        }
    }

    fn keys(&mut self, keys: &str) {
        let (_, _, writer) = self.pty.as_mut().expect("the terminal is open");
        writer.write_all(keys.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// Tags 手机号码 as data: an unsaved change, journaled as it shows.
    fn tag_phone(&mut self) {
        self.keys("wwwww");
        self.read_until("the cursor on 手机号码", |t| t.contains("1:8"));
        self.keys("1d");
        self.read_until("the tag", |t| t.contains("<手机号码>") && t.contains("[+]"));
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.process_id().unwrap().to_string();
        let ok = std::process::Command::new("kill")
            .args([sig, &pid])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits (at most `within`) for the editor to end.
    fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            assert!(
                start.elapsed() < within,
                "ptag still running after {within:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn lock_file(&self) -> PathBuf {
        self.dir.path().join(".policy.txt.ptag-lock")
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        self.watchdog.store(false, Ordering::SeqCst);
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The files in `dir` whose names start with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// How the terminal goes away.
#[derive(Debug, Clone, Copy)]
enum Gone {
    /// The pty master closes (tmux kill-pane, a dropped SSH connection).
    Closed,
    /// SIGHUP with the terminal still there.
    HangUp,
    /// Both: sshd sends SIGHUP and the pty is gone, so stderr is dead too.
    HangUpAndClosed,
}

/// Opens the policy, tags it, opens `keys`' mode (waiting for `shows`), makes the terminal go
/// `how`, and checks the editor ended cleanly, keeping the edit.
fn ends_cleanly(keys: &str, shows: &str, how: Gone) {
    let mut e = Editor::start(POLICY, None);
    e.tag_phone();
    if !keys.is_empty() {
        e.keys(keys);
        e.read_until(shows, |t| t.contains(shows));
    }
    assert!(e.lock_file().exists(), "the lock is held while editing");
    match how {
        Gone::Closed => e.pty = None,
        Gone::HangUp => e.signal("-HUP"),
        Gone::HangUpAndClosed => {
            e.pty = None;
            e.signal("-HUP");
        }
    }
    let status = e.wait_exit(Duration::from_secs(5));
    let case = format!("{how:?} with {keys:?} open");
    // 129 = 128 + SIGHUP: ended on purpose; an abort would be a signal (SIGABRT).
    assert_eq!(status.exit_code(), 129, "{case}: exit status {status:?}");
    assert!(
        files_starting(&e.data(), "crash-").is_empty(),
        "{case}: a crash report without a crash: {:?}",
        files_starting(&e.data(), "crash-")
    );
    assert!(!e.lock_file().exists(), "{case}: the lock is released");
    let journals = files_starting(&e.data().join("recovery"), "");
    let texts: Vec<String> = journals
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        texts.len() == 1 && texts[0].contains("\"splices\""),
        "{case}: the edit is in the journal: {texts:?}"
    );
    assert_eq!(
        std::fs::read_to_string(e.policy()).unwrap(),
        POLICY,
        "{case}: nothing saved without asking"
    );
}

#[test]
fn a_closed_terminal_with_unsaved_changes_ends_without_a_crash() {
    ends_cleanly("", "NORMAL", Gone::Closed);
}

#[test]
fn a_closed_terminal_with_the_quit_prompt_open_releases_the_lock() {
    ends_cleanly("q", "save before quitting?", Gone::Closed);
}

#[test]
fn a_closed_terminal_with_help_open_releases_the_lock() {
    ends_cleanly("?", "HELP", Gone::Closed);
}

#[test]
fn sighup_with_the_quit_prompt_open_releases_the_lock() {
    ends_cleanly("q", "save before quitting?", Gone::HangUp);
}

#[test]
fn sighup_with_help_open_releases_the_lock() {
    ends_cleanly("?", "HELP", Gone::HangUp);
}

#[test]
fn sighup_and_a_closed_terminal_at_once_end_without_a_crash() {
    ends_cleanly("", "NORMAL", Gone::HangUpAndClosed);
    ends_cleanly("q", "save before quitting?", Gone::HangUpAndClosed);
}

/// Under `ulimit -f 1` (1 KiB) a save of a 6 KB file fails with EFBIG instead of killing the
/// editor (SIGXFSZ): the status line says so, the file is as it was, the editor goes on, and
/// quitting gives the terminal back.
#[test]
fn a_save_over_the_file_size_limit_is_a_failed_save_not_a_dead_editor() {
    let big = format!("{POLICY}{}", "这是一段不会被标注的填充文字。\n".repeat(130));
    assert!(big.len() > 6000);
    let mut e = Editor::start(&big, Some("ulimit -f 1;"));
    e.tag_phone();
    e.keys("\x13");
    e.read_until("the failed save", |t| t.contains("NOT saved"));
    assert!(
        e.child.try_wait().unwrap().is_none(),
        "the editor is still running"
    );
    assert_eq!(
        std::fs::read_to_string(e.policy()).unwrap(),
        big,
        "the file on disk is unchanged"
    );
    assert!(
        files_starting(e.dir.path(), ".policy.txt.")
            .iter()
            .all(|p| p == &e.lock_file()),
        "no temp file left beside the policy: {:?}",
        files_starting(e.dir.path(), ".policy.txt.")
    );
    let journals: Vec<String> = files_starting(&e.data().join("recovery"), "")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        journals.len() == 1 && journals[0].contains("\"splices\""),
        "the unsaved edit is still in the journal: {journals:?}"
    );
    // Still editing: a key moves the cursor.
    e.keys("0");
    e.read_until("the cursor at the line start", |t| t.contains("1:1"));
    e.keys("q");
    e.read_until("the quit question", |t| t.contains("save before quitting?"));
    e.keys("n");
    let status = e.wait_exit(Duration::from_secs(5));
    // Read what was left in the pty: the terminal must be given back.
    if let Some((_, reader, _)) = e.pty.as_mut() {
        let mut rest = Vec::new();
        let _ = reader.read_to_end(&mut rest);
        e.screen.process(&rest);
    }
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !e.screen.screen().alternate_screen(),
        "the alternate screen was left"
    );
    assert_eq!(std::fs::read_to_string(e.policy()).unwrap(), big);
}

/// `ptag strip` writing 8 KB to a file under `ulimit -f 1`: the write past the limit is an
/// error on stderr and exit 2, not a silent death by SIGXFSZ (exit 153).
#[test]
fn a_command_writing_past_the_file_size_limit_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "我们会收集您的(手机号码)用于创建账户。\n".repeat(150);
    std::fs::write(dir.path().join("big.txt"), &policy).unwrap();
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            "ulimit -f 1; exec \"$0\" strip big.txt > out.txt",
            env!("CARGO_BIN_EXE_ptag"),
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{:?}: {err}", out.status);
    assert!(err.contains("File too large"), "{err}");
}
