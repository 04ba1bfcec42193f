//! Every ```console example in README.md and docs/*.md runs, and must print what the page shows
//! (trycmd: `$ ptag …` lines, `? N` for a non-zero exit, `...` and `[..]` where output varies).
//!
//! Each page runs in a folder of its own, a copy of the sample policies in it (and a `.git`
//! so that no `ptag.toml` above it takes effect): examples may write files (`check --fix`,
//! `export -o`) without touching the repository. When an example's output changes, the test
//! fails with the difference; fix the page by hand (the copies it ran on are temporary).

use std::path::{Path, PathBuf};

fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// Copies the folder `from` to `to`, files and folders only.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// What the examples read, laid out as in the clone: the samples and `docs/examples/`.
fn copy_samples(root: &Path, into: &Path) {
    copy_tree(&root.join("sample-policies"), &into.join("sample-policies"));
    copy_tree(&root.join("docs/examples"), &into.join("docs/examples"));
    std::fs::create_dir(into.join(".git")).unwrap();
}

#[test]
fn the_examples_in_the_readme_and_the_manual_print_what_they_show() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("ptag", Path::new(env!("CARGO_BIN_EXE_ptag")))
        .env("NO_COLOR", "1")
        .env(
            "PTAG_DATA_DIR",
            work.path().join("data").display().to_string(),
        );
    for page in pages(root) {
        let copy = work.path().join(page.file_name().unwrap());
        std::fs::copy(&page, &copy).unwrap();
        copy_samples(root, &copy.with_extension("in"));
        cases.case(&copy);
    }
    cases.run();
}
