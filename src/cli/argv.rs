//! The command line as typed, set in the order clap reads it. The options every command takes
//! (`-q`, `-v`, `--color`, `--scheme`) may come before the subcommand as well as after it
//! (`ptag -q check x`, as with git and cargo); since any option before a subcommand name
//! makes clap read the rest as the editor's files, they are moved after the name first.

use std::ffi::OsString;

/// Options that take no value.
const GLOBAL_FLAGS: [&str; 4] = ["-q", "--quiet", "-v", "--verbose"];
/// Options that take the next word as their value (or `=VALUE`).
const GLOBAL_OPTIONS: [&str; 2] = ["--color", "--scheme"];

/// `args` (the program name first) with the global options before a subcommand named in
/// `subcommands` moved after it; anything else is left as it is.
pub fn global_options_after_subcommand(args: Vec<OsString>, subcommands: &[&str]) -> Vec<OsString> {
    let mut i = 1;
    while let Some(word) = args.get(i).and_then(|a| a.to_str()) {
        if GLOBAL_FLAGS.contains(&word)
            || GLOBAL_OPTIONS.iter().any(|o| {
                word.strip_prefix(o)
                    .is_some_and(|rest| rest.starts_with('='))
            })
        {
            i += 1;
        } else if GLOBAL_OPTIONS.contains(&word) {
            i += 2;
        } else {
            break;
        }
    }
    let named = args.get(i).and_then(|a| a.to_str());
    if i == 1 || i >= args.len() || !named.is_some_and(|n| subcommands.contains(&n)) {
        return args;
    }
    let mut moved = Vec::with_capacity(args.len());
    moved.push(args[0].clone());
    moved.push(args[i].clone());
    moved.extend_from_slice(&args[1..i]);
    moved.extend_from_slice(&args[i + 1..]);
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &[&str]) -> Vec<String> {
        let args = words.iter().map(OsString::from).collect();
        global_options_after_subcommand(args, &["check", "merge"])
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn global_options_before_a_subcommand_move_after_it() {
        assert_eq!(
            run(&["ptag", "-q", "--color", "never", "check", "a.txt"]),
            ["ptag", "check", "-q", "--color", "never", "a.txt"]
        );
        assert_eq!(
            run(&["ptag", "--scheme=s.json", "-v", "merge", "b", "o", "t"]),
            ["ptag", "merge", "--scheme=s.json", "-v", "b", "o", "t"]
        );
    }

    #[test]
    fn anything_else_is_left_alone() {
        for words in [
            &["ptag", "check", "-q", "a.txt"][..],
            &["ptag", "-q", "a.txt"],
            &["ptag", "--plain", "check"],
            &["ptag", "-q"],
            &["ptag", "--color", "check"],
        ] {
            assert_eq!(run(words), words, "{words:?}");
        }
    }
}
