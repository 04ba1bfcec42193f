//! Completions and the man page come from the clap definitions, and every option has help text.

use clap::CommandFactory;
use std::process::Command;

fn ptag(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ptag"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn completions_for_each_shell_know_every_subcommand_and_option() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, script) = ptag(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        for word in [
            "check",
            "stats",
            "suggest",
            "import",
            "deny-warnings",
            "encoding",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn the_man_page_is_roff_naming_the_commands() {
    let (code, page) = ptag(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH ptag 1"), "{page}");
    for word in [
        "check",
        "stats",
        "strip",
        "export",
        "import",
        "suggest",
        "completions",
    ] {
        assert!(page.contains(word), "man page lacks {word}");
    }
}

#[test]
fn every_argument_and_option_has_help_text() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (no about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&ptag::cli::Cli::command(), "ptag", &mut missing);
    assert!(missing.is_empty(), "without help text: {missing:?}");
}
