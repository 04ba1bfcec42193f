//! The scripted mode of the real binary: `ptag FILE --keys "…" --size COLSxROWS --dump-screen OUT`
//! runs the editor on an in-memory screen, so whole sessions can be checked without a terminal.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const POLICY: &str = "我们会收集您的手机号码用于创建账户。\n";
const TIMEOUT: Duration = Duration::from_secs(30);

/// What a run of the binary left behind.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `ptag ARGS` in `dir` with a deterministic environment, killing it after TIMEOUT.
fn ptag(dir: &Path, args: &[&str]) -> Run {
    let out = dir.join(".stdout");
    let err = dir.join(".stderr");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ptag"));
    cmd.args(args)
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("COLORTERM")
        .env("HOME", dir);
    // Nothing from or to the real user folders: keymap, recovery journals, resume positions.
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("PTAG_DATA_DIR", "ptag-data"),
    ] {
        cmd.env(var, dir.join(sub));
    }
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).expect("stdout file"))
        .stderr(std::fs::File::create(&err).expect("stderr file"))
        .spawn()
        .expect("start ptag");
    let start = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            break st;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ptag {args:?} did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: std::fs::read_to_string(out).expect("stdout"),
        stderr: std::fs::read_to_string(err).expect("stderr"),
    }
}

/// A temp folder with `policy.txt` holding `content`.
fn folder(content: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join("policy.txt"), content).expect("write the policy");
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).expect("read back")
}

fn seed() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-policies/taobao-annotated.txt"),
    )
    .expect("the seed")
}

/// Display width of a dumped line.
fn width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn keys_tag_and_save_and_the_dump_shows_the_screen() {
    let dir = folder(POLICY);
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            "w w w w w 1 d <C-s>",
            "--size",
            "100x30",
            "--dump-screen",
            "out.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(r.stdout, "", "scripted mode writes nothing to the terminal");
    assert_eq!(
        read(&dir, "policy.txt"),
        "我们会收集您的<手机号码>用于创建账户。\n"
    );
    let dump = read(&dir, "out.txt");
    let lines: Vec<&str> = dump.lines().collect();
    assert_eq!(lines.len(), 30, "{dump}");
    assert!(lines.iter().all(|l| width(l) <= 100), "{dump}");
    assert!(
        lines[0].contains("我们会收集您的<手机号码>用于创建账户。"),
        "{dump}"
    );
    let status = lines[28];
    assert!(status.contains("NORMAL"), "{status}");
    assert!(status.contains("policy.txt"), "{status}");
    assert!(!status.contains("[+]"), "saved, so not modified: {status}");
    assert!(
        status.contains("│ 1:12 "),
        "cursor after the tag, on 用: {status}"
    );
    assert!(status.contains("数据1"), "one data tag: {status}");
    assert!(lines[29].starts_with("saved policy.txt"), "{dump}");
}

#[test]
fn keys_can_type_into_prompts_and_quit() {
    let dir = folder(POLICY);
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            "/ 手机号码 <Enter> 1 d 0 a 0 # 需要核实 <Enter> : wq <Enter> j",
            "--dump-screen",
            "out.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    assert_eq!(
        read(&dir, "policy.txt"),
        "#需要核实#(我们)会收集您的<手机号码>用于创建账户。\n"
    );
}

#[test]
fn tiny_and_huge_sizes_do_not_panic() {
    let keys = "w w e b l l h j j k G k $ 0 d a u U v l l s <Esc> ] [ } { <C-d> <PageDown> \
                <PageUp> ? j <Esc> / 手机 <Enter> n N z Z g";
    for size in [
        "20x5", "1x1", "400x120", "2x2", "3x3", "1x30", "100x1", "100x2", "5x40",
    ] {
        // A folder each: no resume position carried from one size to the next.
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("policy.txt"), seed()).expect("write");
        let r = ptag(
            dir.path(),
            &[
                "policy.txt",
                "--keys",
                keys,
                "--size",
                size,
                "--dump-screen",
                "out.txt",
            ],
        );
        assert_eq!(r.code, Some(0), "--size {size}: stderr: {}", r.stderr);
        assert!(
            !r.stderr.contains("panicked"),
            "--size {size}: {}",
            r.stderr
        );
        let (w, h) = size.split_once('x').expect("COLSxROWS");
        let (w, h): (usize, usize) = (w.parse().expect("w"), h.parse().expect("h"));
        let dump = read(&dir, "out.txt");
        assert_eq!(dump.lines().count(), h, "--size {size}:\n{dump}");
        for line in dump.lines() {
            assert!(width(line) <= w, "--size {size}: {line:?} too wide");
        }
        assert_eq!(read(&dir, "policy.txt"), seed(), "nothing was saved");
    }
}

#[test]
fn bad_sizes_and_keys_are_refused() {
    let dir = folder(POLICY);
    for size in ["0x0", "100x0", "abc", "100"] {
        let r = ptag(dir.path(), &["policy.txt", "--keys", "j", "--size", size]);
        assert_eq!(r.code, Some(2), "--size {size}");
        assert!(r.stderr.contains("--size"), "{}", r.stderr);
    }
    let r = ptag(dir.path(), &["policy.txt", "--keys", "<Nope>"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("unknown key"), "{}", r.stderr);
}

#[test]
fn unknown_keymap_action_is_located_and_the_editor_does_not_start() {
    let dir = folder(POLICY);
    std::fs::write(
        dir.path().join("keymap.json"),
        "{\"bindings\": {\n  \"j\": \"fly_away\"\n}}\n",
    )
    .expect("write keymap");
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keymap",
            "keymap.json",
            "--keys",
            "1 d <C-s>",
            "--dump-screen",
            "out.txt",
        ],
    );
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .starts_with("keymap.json:2:8: error: unknown action \"fly_away\""),
        "{}",
        r.stderr
    );
    assert!(!dir.path().join("out.txt").exists(), "no session ran");
    assert_eq!(read(&dir, "policy.txt"), POLICY);
    // Interactive start is refused the same way, before touching the terminal.
    let r = ptag(dir.path(), &["policy.txt", "--keymap", "keymap.json"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.starts_with("keymap.json:2:8: error:"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "", "no escape sequences were written");
}

#[test]
fn a_valid_keymap_rebinds_keys() {
    let dir = folder(POLICY);
    std::fs::write(
        dir.path().join("keymap.json"),
        r#"{"bindings": {"d": "none", "<C-t>": "tag:data"}}"#,
    )
    .expect("write keymap");
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keymap",
            "keymap.json",
            "--keys",
            "w w w w w d 1 <C-t> <C-s>",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        read(&dir, "policy.txt"),
        "我们会收集您的<手机号码>用于创建账户。\n"
    );
}

#[test]
fn no_file_shows_the_bundled_sample() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let r = ptag(dir.path(), &["--keys", "", "--dump-screen", "out.txt"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let dump = read(&dir, "out.txt");
    assert!(dump.contains("我们如何收集和使用您的信息"), "{dump}");
    assert!(dump.contains("sample"), "{dump}");
    // The sample is for labelling: its markup is removed.
    let text: String = dump.lines().take(28).collect();
    assert!(!text.contains('<') && !text.contains('['), "{dump}");

    // Ctrl-S asks for a name, then saves there.
    let r = ptag(
        dir.path(),
        &[
            "--keys",
            "<C-s> mine.txt <Enter>",
            "--dump-screen",
            "out.txt",
            // The first run's dump is replaced: only with --force.
            "--force",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(read(&dir, "out.txt").contains("saved mine.txt"));
    assert!(read(&dir, "mine.txt").starts_with("一、 我们如何收集和使用您的信息\n"));
}

// Bugs found by this suite and fixed; each test states the behaviour wanted.

#[test]
fn quit_prompt_only_y_and_n_answer() {
    // The prompt says "(y)es (n)o, any other key cancels"; `d` must cancel, not discard.
    let dir = folder(POLICY);
    let r = ptag(
        dir.path(),
        &["policy.txt", "--keys", "w w w w w 1 d q d <C-s>"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        read(&dir, "policy.txt"),
        "我们会收集您的<手机号码>用于创建账户。\n",
        "`d` at the prompt cancelled the quit, so Ctrl-S saved the tag"
    );
}

#[test]
fn select_to_line_end_and_tag() {
    let dir = folder("我们会收集\n");
    let r = ptag(dir.path(), &["policy.txt", "--keys", "v $ d <C-s>"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(read(&dir, "policy.txt"), "<我们会收集>\n");
}

#[test]
fn write_to_path_keeps_the_current_file() {
    let dir = folder("(我们)会收集\n");
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            ": w <Space> copy.txt <Enter> l x <C-s>",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(read(&dir, "copy.txt"), "(我们)会收集\n", "the copy");
    assert_eq!(
        read(&dir, "policy.txt"),
        "我们会收集\n",
        "Ctrl-S saved the file being edited"
    );
}

#[test]
fn huge_size_is_refused_cleanly() {
    let dir = folder(POLICY);
    let r = ptag(
        dir.path(),
        &["policy.txt", "--keys", "j", "--size", "65535x65535"],
    );
    assert!(matches!(r.code, Some(0 | 2)), "{:?}: {}", r.code, r.stderr);
    assert!(!r.stderr.contains("memory allocation"), "{}", r.stderr);
}

#[test]
fn scripted_sessions_start_at_the_top() {
    let dir = folder(POLICY);
    for _ in 0..2 {
        let r = ptag(
            dir.path(),
            // The second run replaces the first's dump: only with --force.
            &[
                "policy.txt",
                "--keys",
                "l",
                "--dump-screen",
                "out.txt",
                "--force",
            ],
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let dump = read(&dir, "out.txt");
        assert!(dump.contains("│ 1:2 "), "one `l` from the start:\n{dump}");
    }
}

#[cfg(unix)]
#[test]
fn new_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temp dir");
    let r = ptag(dir.path(), &["new.txt", "--keys", "<C-s>"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Compare with a file created the ordinary way, under the same umask.
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "").expect("write");
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("new.txt")), mode(&plain));
}

#[cfg(unix)]
#[test]
fn saving_through_a_symlink_writes_the_target() {
    let dir = folder(POLICY);
    std::os::unix::fs::symlink("policy.txt", dir.path().join("link.txt")).expect("symlink");
    let r = ptag(dir.path(), &["link.txt", "--keys", "w w w w w 1 d <C-s>"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let link = std::fs::symlink_metadata(dir.path().join("link.txt")).expect("metadata");
    assert!(link.file_type().is_symlink(), "still a link");
    assert_eq!(
        read(&dir, "policy.txt"),
        "我们会收集您的<手机号码>用于创建账户。\n"
    );
}

#[test]
fn the_editor_without_a_terminal_says_so_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.txt"), POLICY).unwrap();
    // stdin is /dev/null and stdout a file: `ssh host ptag p.txt` without -t, or a pipe.
    let run = ptag(dir.path(), &["p.txt"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("needs a terminal") && run.stderr.contains("ssh -t"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.txt")).unwrap(),
        POLICY
    );
}

#[test]
fn the_fix_key_never_changes_policy_text_without_a_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m");
    std::fs::write(&m, "mixed\n").unwrap();
    // The reproduction from the hostile-input report: before, this saved `｛m｝ixed`.
    let run = ptag(dir.path(), &["m", "--keys", "v f <C-n> F <C-s> q"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&m).unwrap(), "mixed\n");
    // `n` cancels the fix; the save keeps the purpose tag and the text as it was.
    let run = ptag(dir.path(), &["m", "--keys", "v f <C-n> F n <C-s> q"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&m).unwrap(), "{m}ixed\n");
    // Only an explicit `y` applies a fix that changes the text.
    std::fs::write(&m, "mixed\n").unwrap();
    let run = ptag(dir.path(), &["m", "--keys", "v f <C-n> F y <C-s> q"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::read_to_string(&m).unwrap().contains('｛'));
}

#[test]
fn a_script_whose_save_failed_exits_1_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The folder does not exist: the save cannot happen.
    let run = ptag(dir.path(), &["missing/p.txt", "--keys", "<C-s> q n"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("NOT saved"), "{}", run.stderr);
}

#[test]
fn dash_reads_the_policy_from_stdin_and_saving_asks_for_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = ptag_dash(
        dir.path(),
        "w w w w w 1 d <C-s> o u t . t x t <Enter> q",
        POLICY,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "我们会收集您的<手机号码>用于创建账户。\n"
    );
    assert!(!dir.path().join("-").exists(), "no file named '-'");
}

#[test]
fn narrow_quotes_shows_ascii_look_alikes_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, "<链接（“URL”）>\n").unwrap();
    let dump = dir.path().join("screen.txt");
    let run = ptag(
        dir.path(),
        &[
            "p.txt",
            "--narrow-quotes",
            "--keys",
            "",
            "--dump-screen",
            "screen.txt",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let screen = std::fs::read_to_string(dump).unwrap();
    assert!(
        screen.contains("\"URL\"") && !screen.contains('“'),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "<链接（“URL”）>\n");
}

#[test]
fn quitting_an_unnamed_buffer_saves_under_the_name_given_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let out = ptag_dash(dir.path(), "w w w w w 1 d q y o . t x t <Enter> w", POLICY);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("o.txt")).unwrap(),
        "我们会收集您的<手机号码>用于创建账户。\n"
    );
}

/// Runs `ptag - --keys KEYS` in `dir` with `policy` on stdin (a private data folder).
fn ptag_dash(dir: &Path, keys: &str, policy: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ptag"))
        .args(["-", "--keys", keys])
        .current_dir(dir)
        .env("HOME", dir)
        .env("PTAG_DATA_DIR", dir.join("data"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(policy.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_file_list_shows_whole_role_names_over_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("p")).unwrap();
    std::fs::write(
        dir.path().join("p/a.txt"),
        "(我们)会{为了}{登录}收集<手机>\n",
    )
    .unwrap();
    let r = ptag(
        dir.path(),
        &[
            "p",
            "--keys",
            "j",
            "--size",
            "100x8",
            "--dump-screen",
            "out.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let dump = read(&dir, "out.txt");
    let lines: Vec<&str> = dump.lines().collect();
    let header = lines[0];
    let row = lines
        .iter()
        .find(|l| l.contains("a.txt"))
        .expect("the file's row");
    // Each count ends in the column its role's name ends in.
    for (name, count) in [("主体", "1"), ("数据", "1"), ("目的/条件", "2")] {
        let end = width(
            &header[..header
                .find(name)
                .unwrap_or_else(|| panic!("{name}: {dump}"))],
        ) + width(name);
        let prefix: String = row
            .chars()
            .scan(0, |w, c| {
                *w += width(&c.to_string());
                (*w <= end).then_some(c)
            })
            .collect();
        assert!(prefix.ends_with(count), "{name} over {count}: {dump}");
    }
}

/// A generated file of a few MB (the issue's 50 MB case is run by hand with the release build:
/// `benches/large-file.sh` and the report) whose last line holds its only error: `C-n` finds it
/// from the top, reading the file in pieces parsed on every core.
#[test]
fn c_n_finds_the_only_error_on_the_last_line_of_a_big_file() {
    let filler = "(我们)会[收集]您的<设备信息>用于{安全保障}。#注#\n";
    let mut content = filler.repeat((4 << 20) / filler.len() + 1);
    content.push_str("我们会(收集您的手机号码\n");
    let last = content.lines().count();
    let dir = folder(&content);
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            "<C-n>",
            "--size",
            "100x30",
            "--dump-screen",
            "out.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let dump = read(&dir, "out.txt");
    assert!(
        dump.contains(&format!("│ {last}:4 ")),
        "cursor on the '(': {dump}"
    );
    assert!(dump.contains("unclosed '('"), "the error is shown: {dump}");
}

#[test]
fn a_file_that_may_not_be_written_opens_read_only_and_refuses_edits() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(POLICY);
    let p = dir.path().join("policy.txt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    // No keys: the first screen already says it.
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            "",
            "--size",
            "100x10",
            "--dump-screen",
            "open.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let open = read(&dir, "open.txt");
    assert!(open.contains("[read-only]"), "{open}");
    assert!(open.contains("read-only on disk"), "{open}");
    // A role key is refused, naming the command that saves a copy; the file is untouched.
    let r = ptag(
        dir.path(),
        &[
            "policy.txt",
            "--keys",
            "w w w w w 1 d",
            "--size",
            "100x10",
            "--dump-screen",
            "edit.txt",
        ],
    );
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    let edit = read(&dir, "edit.txt");
    assert!(edit.contains(":w OTHER_PATH"), "{edit}");
    assert!(edit.contains("[read-only]"), "{edit}");
    assert_eq!(read(&dir, "policy.txt"), POLICY);
}
