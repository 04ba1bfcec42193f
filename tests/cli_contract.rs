//! The command-line contract (`docs/cli-contract.md`): `-o -` and `--force`, stdout for results
//! and stderr for the rest, exit codes, `--format json`, `-q`/`-v`/`--color`, man pages,
//! did-you-mean. One test walks every subcommand of clap's command tree.

mod common;

use clap::CommandFactory;
use ptag::cli::Cli;
use std::path::Path;
use std::process::{Command, Output};

/// Two annotations of one text (B lacks A's data tag), a plain text, and a file with an error.
const A: &str = "(我们)会[收集]您的<手机号码>\n";
const B: &str = "(我们)会[收集]您的手机号码\n";
const PLAIN: &str = "我们会收集您的手机号码\n";
const BROKEN: &str = "(我们会收集\n";

fn workdir() -> tempfile::TempDir {
    common::folder(&[
        ("a.txt", A.as_bytes()),
        ("b.txt", B.as_bytes()),
        ("plain.txt", PLAIN.as_bytes()),
        ("broken.txt", BROKEN.as_bytes()),
    ])
}

/// Runs ptag in `dir` with its journals kept there and no colour asked of the environment.
fn run(dir: &Path, args: &[&str]) -> Output {
    run_env(dir, args, &[])
}

fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ptag"));
    command
        .args(args)
        .current_dir(dir)
        .env("PTAG_DATA_DIR", dir.join(".data"))
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A run of `name` that succeeds on `workdir()`, without its `-o`. A new subcommand must get
/// one here: the walk below fails until it has.
fn example(name: &str) -> Vec<&'static str> {
    match name {
        "check" => vec!["check", "a.txt"],
        "stats" => vec!["stats", "a.txt"],
        "strip" => vec!["strip", "a.txt"],
        "export" => vec!["export", "--format", "jsonl", "a.txt"],
        "import" => vec!["import", "--format", "plain", "plain.txt"],
        "suggest" => vec!["suggest", "b.txt", "--from", "a.txt"],
        "train" => vec!["train", "--from", "a.txt"],
        "agree" => vec!["agree", "a.txt", "b.txt"],
        "review" => vec!["review", "a.txt", "b.txt", "--keys", "<C-s> q"],
        "diff" => vec!["diff", "a.txt", "b.txt"],
        "merge" => vec!["merge", "a.txt", "a.txt", "b.txt"],
        "completions" => vec!["completions", "bash"],
        "man" => vec!["man", "check"],
        "config" => vec!["config", "a.txt"],
        "init" => vec!["init", "project"],
        other => panic!("no example run for the subcommand {other}: add one to example()"),
    }
}

/// Subcommands whose output is data or a document, not a report, so `--format json` has
/// nothing to describe: the plain text, a completion script, a man page, the editor, the
/// commented project file `init` writes.
const NOT_REPORTS: [&str; 5] = ["strip", "completions", "man", "review", "init"];
/// Subcommands whose `--format` names the exchange format: their report is `--summary`.
const EXCHANGE: [&str; 2] = ["import", "export"];

fn has_long(command: &clap::Command, long: &str) -> bool {
    command.get_arguments().any(|a| a.get_long() == Some(long))
}

fn takes_json(command: &clap::Command, long: &str) -> bool {
    command
        .get_arguments()
        .find(|a| a.get_long() == Some(long))
        .is_some_and(|a| {
            a.get_possible_values()
                .iter()
                .any(|v| v.get_name() == "json")
        })
}

/// Stdout as JSON: one value, or JSON Lines.
fn parses_as_json(text: &str) -> bool {
    !text.trim().is_empty()
        && (serde_json::from_str::<serde_json::Value>(text).is_ok()
            || text
                .lines()
                .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()))
}

#[test]
fn every_subcommand_keeps_the_contract() {
    let mut cli = Cli::command();
    cli.build();
    let mut walked = 0;
    for sub in cli.get_subcommands() {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        walked += 1;
        // Help text for the command and each of its options, written for users.
        assert!(sub.get_about().is_some(), "{name}: no help text");
        for arg in sub.get_arguments() {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(!help.is_empty(), "{name} {}: no help text", arg.get_id());
            assert!(
                !help.contains("Parsed here"),
                "{name} {}: a developer's note",
                arg.get_id()
            );
        }
        let base = example(name);
        if sub.get_arguments().any(|a| a.get_short() == Some('o')) {
            assert!(has_long(sub, "force"), "{name}: -o without --force");
            output_contract(name, &base);
        }
        if NOT_REPORTS.contains(&name) {
            continue;
        }
        let flag = if EXCHANGE.contains(&name) {
            "summary"
        } else {
            "format"
        };
        assert!(takes_json(sub, flag), "{name}: no --{flag} json");
        let dir = workdir();
        let flag = format!("--{flag}");
        let mut args = base.clone();
        args.extend([flag.as_str(), "json"]);
        if name == "train" {
            args.extend(["-o", "model.bin"]);
        }
        if name == "import" {
            args.extend(["-o", "imported.txt"]);
        }
        let o = run(dir.path(), &args);
        assert!(code(&o) <= 1, "{name} {args:?}: {}", err(&o));
        assert!(parses_as_json(&out(&o)), "{name} {flag} json: {}", out(&o));
    }
    assert!(walked >= 13, "the walk saw {walked} subcommands");
}

/// `-o -` is stdout and makes no file named `-`; an existing `-o` file is kept without
/// `--force` (exit 2) and replaced with it.
fn output_contract(name: &str, base: &[&str]) {
    let dir = workdir();
    let mut args = base.to_vec();
    args.extend(["-o", "-"]);
    let o = run(dir.path(), &args);
    assert_eq!(code(&o), 0, "{name} -o -: {}", err(&o));
    assert!(!o.stdout.is_empty(), "{name} -o -: nothing on stdout");
    assert!(
        !dir.path().join("-").exists(),
        "{name} -o - made a file named -"
    );

    let target = dir.path().join("existing.out");
    std::fs::write(&target, "keep me").unwrap();
    let mut args = base.to_vec();
    args.extend(["-o", "existing.out"]);
    let o = run(dir.path(), &args);
    assert_eq!(code(&o), 2, "{name} -o existing: {}", err(&o));
    assert!(err(&o).contains("existing.out"), "{name}: {}", err(&o));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "keep me",
        "{name}"
    );
    args.push("--force");
    let o = run(dir.path(), &args);
    assert_eq!(code(&o), 0, "{name} -o existing --force: {}", err(&o));
    assert_ne!(
        std::fs::read(&target).unwrap(),
        b"keep me",
        "{name}: not replaced"
    );
}

#[test]
fn export_force_overwrites_and_include_errors_exports_broken_files() {
    let dir = workdir();
    let o = run(dir.path(), &["export", "--format", "jsonl", "broken.txt"]);
    assert_eq!(code(&o), 1, "refused: {}", err(&o));
    assert!(err(&o).contains("--include-errors"), "{}", err(&o));
    let o = run(
        dir.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "--include-errors",
            "broken.txt",
        ],
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains("我们会收集"), "{}", out(&o));
}

#[test]
fn exit_codes_say_ok_found_problems_or_usage() {
    let dir = workdir();
    let cases: [(&[&str], i32); 8] = [
        (&["check", "a.txt"], 0),
        (&["check", "broken.txt"], 1),
        (&["diff", "a.txt", "a.txt"], 0),
        (&["diff", "a.txt", "b.txt"], 1),
        (&["suggest", "b.txt", "--from", "a.txt"], 0),
        (&["check", "--no-such-flag", "a.txt"], 2),
        (&["check", "missing.txt"], 2),
        (&["nosuchthing-at-all", "--format", "x"], 2),
    ];
    for (args, want) in cases {
        let o = run(dir.path(), args);
        assert_eq!(code(&o), want, "{args:?}: {}", err(&o));
    }
}

#[test]
fn results_go_to_stdout_and_summaries_to_stderr() {
    let dir = workdir();
    let o = run(dir.path(), &["train", "--from", "a.txt", "-o", "m.bin"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o), "");
    assert!(
        err(&o).starts_with("trained on 1 file, 3 tags"),
        "{}",
        err(&o)
    );
    let o = run(dir.path(), &["merge", "a.txt", "a.txt", "b.txt", "-o", "-"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o), B, "the merged file alone on stdout");
    assert!(err(&o).contains("merged 0 changes from ours, 1 change from theirs"));
    let o = run(
        dir.path(),
        &[
            "merge", "a.txt", "a.txt", "b.txt", "-o", "-", "--format", "json",
        ],
    );
    assert_eq!(out(&o), B, "with -o -, the JSON report goes to stderr");
    let report: serde_json::Value = serde_json::from_str(&err(&o)).unwrap();
    assert_eq!(report["from_theirs"], 1);
    assert_eq!(report["conflicts"], serde_json::json!([]));
}

#[test]
fn options_that_conflict_or_would_be_ignored_are_refused() {
    let dir = workdir();
    let o = run(dir.path(), &["check", "-q", "-v", "a.txt"]);
    assert_eq!(code(&o), 2, "{}", err(&o));
    let o = run(
        dir.path(),
        &["export", "--format", "bio", "--predictions", "0.5", "a.txt"],
    );
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert!(err(&o).contains("--predictions"), "{}", err(&o));
    assert_eq!(out(&o), "");
    for args in [
        &["train", "--from", "a.txt", "-o", "m.bin", "--epochs", "0"][..],
        &["suggest", "--evaluate", "--from", "a.txt", "--epochs", "0"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(code(&o), 2, "{args:?}: {}", err(&o));
        assert!(
            err(&o).contains("--epochs") && err(&o).contains("0 passes would train nothing"),
            "{}",
            err(&o)
        );
    }
    assert!(!dir.path().join("m.bin").exists());
}

#[test]
fn quiet_leaves_errors_only_and_verbose_says_more_before_or_after_the_subcommand() {
    let dir = workdir();
    let loud = run(dir.path(), &["check", "a.txt"]);
    assert!(err(&loud).contains("ptag check: 1 file"), "{}", err(&loud));
    for args in [
        &["-q", "check", "a.txt"][..],
        &["check", "a.txt", "--quiet"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(code(&o), 0, "{args:?}: {}", err(&o));
        assert_eq!(err(&o), "", "{args:?}");
    }
    let o = run(dir.path(), &["-q", "check", "a.txt", "missing.txt"]);
    assert_eq!(code(&o), 2);
    assert!(err(&o).contains("missing.txt"), "errors stay: {}", err(&o));
    assert!(!err(&o).contains("ptag check: "), "{}", err(&o));
    let o = run(dir.path(), &["-v", "check", "a.txt"]);
    assert!(err(&o).contains("ptag: exit 0 after "), "{}", err(&o));
}

#[test]
fn diff_json_is_one_object_a_line_per_disagreement() {
    let dir = workdir();
    let o = run(dir.path(), &["diff", "a.txt", "b.txt", "--format", "json"]);
    assert_eq!(code(&o), 1, "{}", err(&o));
    let lines: Vec<serde_json::Value> = out(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{}", out(&o));
    let d = &lines[0];
    assert_eq!(d["path"], "a.txt");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(12))
    );
    assert_eq!(d["kind"], "only_in_a");
    assert_eq!(d["role_a"], "data");
    assert_eq!(d["text_a"], "手机号码");
    let text = run(dir.path(), &["diff", "a.txt", "b.txt"]);
    assert_eq!(
        out(&text),
        format!("a.txt:1:12: {}\n", d["message"].as_str().unwrap())
    );
}

#[test]
fn man_pages_exist_for_every_subcommand_with_exit_status_environment_and_files() {
    let dir = workdir();
    let o = run(dir.path(), &["man", "merge"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "\\-\\-force"] {
        assert!(out(&o).contains(section), "no {section}: {}", out(&o));
    }
    let o = run(dir.path(), &["man", "--all", "-o", "pages"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    let pages = dir.path().join("pages");
    assert!(pages.join("ptag.1").is_file());
    for sub in Cli::command().get_subcommands() {
        let page = pages.join(format!("ptag-{}.1", sub.get_name()));
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{page:?}: {e}"));
        assert!(text.contains(".SH \"EXIT STATUS\""), "{page:?}");
    }
    let again = run(dir.path(), &["man", "--all", "-o", "pages"]);
    assert_eq!(code(&again), 2, "pages exist: {}", err(&again));
    let forced = run(dir.path(), &["man", "--all", "-o", "pages", "--force"]);
    assert_eq!(code(&forced), 0, "{}", err(&forced));
    let o = run(dir.path(), &["man", "nosuch"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn a_mistyped_subcommand_is_named_whatever_flags_follow_it() {
    let dir = workdir();
    let o = run(dir.path(), &["exprot", "--format", "bio", "x"]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        err(&o),
        "ptag: no such file 'exprot'; did you mean `ptag export`?\n"
    );
    // A subcommand spelled right with a wrong flag is clap's usage error, not a typo.
    let o = run(dir.path(), &["export", "--bogus"]);
    assert_eq!(code(&o), 2);
    assert!(!err(&o).contains("did you mean `ptag"), "{}", err(&o));
}

#[test]
fn dump_screen_takes_dash_for_stdout_and_keeps_an_existing_file_without_force() {
    let dir = workdir();
    let o = run(dir.path(), &["a.txt", "--keys", "q", "--dump-screen", "-"]);
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert!(out(&o).contains("(我们)会[收集]"), "{}", out(&o));
    assert!(!dir.path().join("-").exists());
    std::fs::write(dir.path().join("screen.txt"), "old").unwrap();
    let args = ["a.txt", "--keys", "q", "--dump-screen", "screen.txt"];
    let o = run(dir.path(), &args);
    assert_eq!(code(&o), 2, "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("screen.txt")).unwrap(),
        "old"
    );
    let o = run(dir.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(code(&o), 0, "{}", err(&o));
    let screen = std::fs::read_to_string(dir.path().join("screen.txt")).unwrap();
    assert!(screen.contains("(我们)会[收集]"), "{screen}");
}

#[test]
fn import_and_export_summaries_come_as_json_when_asked() {
    let dir = workdir();
    let o = run(
        dir.path(),
        &[
            "import",
            "--format",
            "plain",
            "plain.txt",
            "-o",
            "-",
            "--summary",
            "json",
        ],
    );
    assert_eq!(code(&o), 0, "{}", err(&o));
    assert_eq!(out(&o), PLAIN, "the markup alone on stdout");
    // The JSON object is the last line on stderr, after what the plain import says.
    let last = err(&o).lines().last().unwrap_or("").to_string();
    let counts: serde_json::Value = serde_json::from_str(&last).unwrap();
    assert_eq!(
        counts,
        serde_json::json!({"files": 1, "tags": 0, "notes": 0})
    );
    let o = run(
        dir.path(),
        &[
            "export",
            "--format",
            "jsonl",
            "a.txt",
            "broken.txt",
            "-o",
            "x.jsonl",
            "--summary",
            "json",
        ],
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    let counts: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(
        counts,
        serde_json::json!({"exported": 1, "refused": 1, "failed": 0})
    );
    let exported = std::fs::read_to_string(dir.path().join("x.jsonl")).unwrap();
    assert_eq!(exported.lines().count(), 1, "{exported}");
}

#[test]
fn check_draws_located_snippets_in_colour_only_when_asked_and_plain_text_is_unchanged() {
    let dir = workdir();
    let plain = run(dir.path(), &["check", "broken.txt"]);
    assert_eq!(code(&plain), 1);
    let gcc = out(&plain);
    assert!(gcc.starts_with("broken.txt:1:1: error: "), "{gcc}");
    assert!(!gcc.contains('\u{1b}'));
    for args in [
        &["check", "broken.txt", "--color", "never"][..],
        &["--color", "auto", "check", "broken.txt"],
    ] {
        let o = run(dir.path(), args);
        assert_eq!(out(&o), gcc, "{args:?}: not a terminal, so plain");
    }
    let o = run_env(
        dir.path(),
        &["check", "broken.txt", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert_eq!(code(&o), 1, "{}", err(&o));
    let drawn = out(&o);
    assert!(
        drawn.contains('\u{1b}'),
        "--color always wins over NO_COLOR: {drawn:?}"
    );
    assert!(drawn.contains("broken.txt:1:1"), "{drawn}");
    assert!(drawn.contains("(我们会收集"), "the source line: {drawn}");
    assert!(drawn.contains('^'), "the column underlined: {drawn}");
    let o = run(
        dir.path(),
        &[
            "check",
            "broken.txt",
            "--color",
            "always",
            "--format",
            "json",
        ],
    );
    assert!(!out(&o).contains('\u{1b}'), "JSON is never coloured");
}
