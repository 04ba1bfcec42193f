//! End-to-end: ptag killed in every way an SSH session dies, and saves interrupted at random.
//! The real binary runs in a pty (portable-pty + vt100); the file on disk is the judge.

mod common;

use common::pty::{PtyEditor as Session, TIMEOUT, editor_env};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const POLICY: &str = "我们会收集您的手机号码用于创建账户。\n";

/// A folder with the policy and a private data folder (journals) and config folder.
struct Place {
    dir: tempfile::TempDir,
}

impl Place {
    fn new(content: &str) -> Place {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("policy.txt"), content).unwrap();
        Place { dir }
    }

    fn policy(&self) -> PathBuf {
        self.dir.path().join("policy.txt")
    }

    fn file(&self) -> String {
        std::fs::read_to_string(self.policy()).unwrap()
    }

    fn env(&self, cmd: &mut CommandBuilder) {
        editor_env(cmd, self.dir.path(), "tester");
    }

    fn open(&self) -> Session {
        Session::open(self.dir.path(), 12, 100, "tester")
    }
}

/// The pty's master side: while any of these is open, the terminal is there.
type PtyHandles = (
    Box<dyn MasterPty + Send>,
    Box<dyn Read + Send>,
    Box<dyn Write + Send>,
);

impl Place {
    /// Opens the policy and tags 手机号码, reading the pty on this thread (a reader thread would
    /// hold a duplicate of the master, so dropping the handles would not close the terminal).
    fn open_and_tag_inline(&self) -> (Box<dyn Child + Send + Sync>, PtyHandles) {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 12,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ptag"));
        cmd.arg("policy.txt");
        cmd.cwd(self.dir.path());
        self.env(&mut cmd);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let mut writer = pair.master.take_writer().unwrap();
        let mut parser =
            vt100::Parser::new(12u16.try_into().unwrap(), 100u16.try_into().unwrap(), 0);
        let mut read_until = |what: &str, pred: &dyn Fn(&str) -> bool| {
            let mut buf = [0u8; 8192];
            while !pred(&parser.screen().contents()) {
                match reader.read(&mut buf) {
                    Ok(n) if n > 0 => parser.process(&buf[..n]),
                    _ => panic!("the pty closed before {what}"),
                }
            }
        };
        read_until("the first frame", &|t| t.contains("NORMAL"));
        writer.write_all(b"wwwww").unwrap();
        read_until("the cursor on 手机号码", &|t| t.contains("1:8"));
        writer.write_all(b"1d").unwrap();
        read_until("the tag", &|t| {
            t.contains("<手机号码>") && t.contains("[+]")
        });
        (child, (pair.master, reader, writer))
    }
}

/// Tags 手机号码 as data and waits until the change shows (and so is journaled).
fn tag_phone(s: &mut Session) {
    s.wait_for("the first frame", |t| t.contains("NORMAL"));
    s.keys("wwwww");
    s.wait_for("the cursor on 手机号码", |t| t.contains("1:8"));
    s.keys("1d");
    s.wait_for("the tag", |t| t.contains("<手机号码>") && t.contains("[+]"));
}

/// Reopens after a crash, answers "restore", saves, quits; returns the file.
fn restore_and_save(place: &Place) -> String {
    let mut s = place.open();
    s.wait_for("the recovery question", |t| {
        t.contains("unsaved work found") && t.contains("1 change")
    });
    s.keys("r");
    s.wait_for("the restored tag", |t| {
        t.contains("<手机号码>") && t.contains("restored 1")
    });
    s.keys("\x13");
    s.wait_for("the save", |t| t.contains("saved"));
    s.keys("q");
    s.wait_exit();
    place.file()
}

const EXPECTED: &str = "我们会收集您的<手机号码>用于创建账户。\n";

#[test]
fn sigkill_loses_nothing() {
    let place = Place::new(POLICY);
    let mut s = place.open();
    tag_phone(&mut s);
    s.signal("-KILL");
    s.wait_exit();
    assert_eq!(place.file(), POLICY, "nothing saved yet");
    assert_eq!(restore_and_save(&place), EXPECTED);
    let journals = std::fs::read_dir(place.dir.path().join("data/recovery"))
        .unwrap()
        .count();
    assert_eq!(journals, 0, "the journal goes once the work is saved");
}

#[test]
fn sighup_like_an_ssh_drop_keeps_the_work_and_restores_the_terminal() {
    let place = Place::new(POLICY);
    let mut s = place.open();
    tag_phone(&mut s);
    s.signal("-HUP");
    s.wait_exit();
    // The reader thread may still be taking in the last bytes ptag wrote before it exited.
    let start = Instant::now();
    while s.on_alternate_screen() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the alternate screen was not left"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(restore_and_save(&place), EXPECTED);
}

#[test]
fn sigterm_keeps_the_work_too() {
    let place = Place::new(POLICY);
    let mut s = place.open();
    tag_phone(&mut s);
    s.signal("-TERM");
    s.wait_exit();
    assert_eq!(restore_and_save(&place), EXPECTED);
}

#[test]
fn discarding_recovered_work_leaves_the_file_alone() {
    let place = Place::new(POLICY);
    let mut s = place.open();
    tag_phone(&mut s);
    s.signal("-KILL");
    s.wait_exit();
    let mut s = place.open();
    s.wait_for("the recovery question", |t| {
        t.contains("unsaved work found")
    });
    s.keys("d");
    s.wait_for("discarded", |t| t.contains("discarded"));
    s.keys("q");
    s.wait_exit();
    assert_eq!(place.file(), POLICY);
    let mut s = place.open();
    s.wait_for("a plain start", |t| {
        t.contains("NORMAL") && !t.contains("unsaved work")
    });
    s.keys("q");
    s.wait_exit();
}

#[test]
fn a_second_annotator_is_told_who_holds_the_file() {
    let place = Place::new(POLICY);
    let mut first = place.open();
    first.wait_for("the first frame", |t| t.contains("NORMAL"));
    let mut second = place.open();
    second.wait_for("the holder", |t| {
        t.contains("is open by tester (pid") && t.contains("read-only")
    });
    second.keys("wwwwwd");
    second.wait_for("the refusal", |t| {
        t.contains("read-only:") && t.contains("takeover")
    });
    second.keys("q");
    second.wait_exit();
    first.keys("q");
    first.wait_exit();
    assert!(
        !place.dir.path().join(".policy.txt.ptag-lock").exists(),
        "lock released"
    );
}

/// Interrupting saves of a large file at random moments never leaves anything but the old or
/// the new content on disk.
#[test]
fn saves_killed_at_random_points_leave_old_or_new() {
    let place = Place::new("");
    let line = "我们会收集您的手机号码用于创建账户，并[使用]您的<设备信息>。\n";
    let old = line.repeat(30_000); // ~2.5 MB
    std::fs::write(place.policy(), &old).unwrap();
    let new = format!("<{}", &old[..]).replacen("<我们", "<我们>", 1);
    // `1 d` on the first word, then save: the new content is the old with one tag.
    assert!(new.starts_with("<我们>会收集"));
    // How long one uninterrupted run takes, so the kills land before, during and after the save.
    let run = |kill_after: Option<Duration>| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ptag"))
            .arg(place.policy())
            .args(["--keys", "1 d <C-s>", "--size", "80x10"])
            .env("PTAG_DATA_DIR", place.dir.path().join("data"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        if let Some(d) = kill_after {
            std::thread::sleep(d);
            let _ = child.kill();
        }
        let _ = child.wait();
    };
    let t0 = Instant::now();
    run(None);
    let full = t0.elapsed();
    assert_eq!(
        std::fs::read(place.policy()).unwrap(),
        new.as_bytes(),
        "an uninterrupted run saves"
    );
    let _ = std::fs::remove_file(place.dir.path().join(".policy.txt.ptag-lock"));
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut outcomes = (0, 0);
    for round in 0..12 {
        std::fs::write(place.policy(), &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // From 60% to 130% of a full run: before, during and after the save.
        let ms = full.as_millis() as u64 + 1;
        let delay = Duration::from_millis(ms * 6 / 10 + seed % (ms * 7 / 10));
        run(Some(delay));
        let on_disk = std::fs::read(place.policy()).unwrap();
        if on_disk == old.as_bytes() {
            outcomes.0 += 1;
        } else if on_disk == new.as_bytes() {
            outcomes.1 += 1;
        } else {
            panic!(
                "round {round}: after {delay:?} the file is neither old nor new ({} bytes)",
                on_disk.len()
            );
        }
        // The lock of a killed process is stale, not an obstacle.
        let _ = std::fs::remove_file(place.dir.path().join(".policy.txt.ptag-lock"));
    }
    eprintln!(
        "one run takes {full:?}; old kept {} times, new written {} times",
        outcomes.0, outcomes.1
    );
    assert_eq!(outcomes.0 + outcomes.1, 12);
}

/// The lock file ptag keeps beside the policy while it is open.
fn lock_file(place: &Place) -> PathBuf {
    place.dir.path().join(".policy.txt.ptag-lock")
}

/// The journal files in the private data folder, as text.
fn journals(place: &Place) -> Vec<String> {
    std::fs::read_dir(place.dir.path().join("data/recovery"))
        .map(|rd| {
            rd.flatten()
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// Ends the session the way `how` says and checks what an annotator on a shared server needs:
/// the process gone within 2 s with a non-zero code, the lock free, the edit in the journal,
/// and the next start offering it back.
fn goes_away_cleanly(how: &str) {
    let place = Place::new(POLICY);
    let (mut child, handles) = place.open_and_tag_inline();
    assert!(lock_file(&place).exists(), "the lock is held while editing");
    let start = Instant::now();
    match how {
        // The pty master closes: what a dropped SSH connection or `tmux kill-session` does.
        "close" => drop(handles),
        sig => {
            let ok = std::process::Command::new("kill")
                .args([sig, &child.process_id().unwrap().to_string()])
                .status()
                .unwrap();
            assert!(ok.success());
        }
    }
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "ptag still running 2 s after {how}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(!status.success(), "{how}: exit status {status:?}");
    assert!(!lock_file(&place).exists(), "{how}: the lock is released");
    let j = journals(&place);
    assert!(
        j.len() == 1 && j[0].contains("\"splices\""),
        "{how}: the edit is in the journal: {j:?}"
    );
    assert_eq!(place.file(), POLICY, "nothing saved without asking");
    assert_eq!(restore_and_save(&place), EXPECTED);
}

#[test]
fn a_closed_terminal_ends_ptag_within_two_seconds_keeping_the_work() {
    goes_away_cleanly("close");
}

#[test]
fn sighup_ends_ptag_within_two_seconds_keeping_the_work() {
    goes_away_cleanly("-HUP");
}

#[test]
fn sigterm_ends_ptag_within_two_seconds_keeping_the_work() {
    goes_away_cleanly("-TERM");
}
