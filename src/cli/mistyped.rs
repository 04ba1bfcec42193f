//! A mistyped subcommand (`ptag chek file.txt`) would open the editor on a new empty file named
//! `chek`. Before that happens, a first argument that names nothing on disk and looks like a
//! subcommand is answered the way cargo and git do: "did you mean `ptag check`?".

use std::path::Path;

/// The subcommand `first` was probably meant to be, if it names no file or folder and is close
/// to one of `commands`: within 2 edits, or the start of its name (`stat` for `stats`).
pub fn meant_command<'a>(first: &Path, commands: &[&'a str]) -> Option<&'a str> {
    let word = first.to_str()?;
    // A path or a file name with an extension is a file the user means to create.
    if word.chars().count() < 3 || word.contains(['/', '\\', '.']) {
        return None;
    }
    if first.symlink_metadata().is_ok() {
        return None;
    }
    commands
        .iter()
        .filter_map(|&name| {
            if name.starts_with(word) {
                return Some((0, name));
            }
            let d = edit_distance(word, name);
            (d <= 2).then_some((d, name))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// What ptag says, before exiting 2, when `first` was meant as `command`.
pub fn message(first: &Path, command: &str) -> String {
    format!(
        "ptag: no such file '{}'; did you mean `ptag {command}`?",
        first.display()
    )
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMANDS: [&str; 6] = ["check", "stats", "strip", "export", "import", "suggest"];

    #[test]
    fn near_misses_and_prefixes_are_caught_files_are_not() {
        let meant = |w: &str| meant_command(Path::new(w), &COMMANDS);
        assert_eq!(meant("chek"), Some("check"));
        assert_eq!(meant("stat"), Some("stats"));
        assert_eq!(meant("exprot"), Some("export"));
        assert_eq!(meant("sugest"), Some("suggest"));
        assert_eq!(meant("policy"), None);
        assert_eq!(meant("chek.txt"), None, "a file name with an extension");
        assert_eq!(meant("dir/chek"), None, "a path");
        assert_eq!(meant("ch"), None, "too short to tell");
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("chek");
        std::fs::write(&existing, "x").unwrap();
        let cwd_free = meant_command(&existing, &COMMANDS);
        assert_eq!(cwd_free, None, "a path, and it exists");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            message(Path::new("chek"), "check"),
            "ptag: no such file 'chek'; did you mean `ptag check`?"
        );
    }
}
