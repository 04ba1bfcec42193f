//! Each exchange format on the whole corpus (PTAG_CORPUS) and the seeds: export the folder,
//! import it back into a new folder, compare file by file.

mod common;

use common::*;
use std::path::Path;

/// Exports `src` (a folder) as `format` and imports it into a new folder; returns that folder.
fn folder_round_trip(
    src: &Path,
    format: &str,
    export_opts: &[&str],
    dir: &Path,
) -> std::path::PathBuf {
    let mid = dir.join(format!("mid-{format}"));
    let mut args = vec![
        "export",
        "--format",
        format,
        "--include-errors",
        s(src),
        "-o",
        s(&mid),
    ];
    args.extend(export_opts);
    let o = ptag(&args);
    assert_eq!(code(&o), 0, "{format}: {}", stderr(&o));
    let back = dir.join(format!("back-{format}"));
    let o = ptag(&["import", "--format", format, s(&mid), "-o", s(&back)]);
    assert_eq!(code(&o), 0, "{format}: {}", stderr(&o));
    back
}

fn same_files(src: &Path, back: &Path, what: &str) {
    for f in txt_files(src.to_path_buf()) {
        let name = f.file_name().unwrap();
        assert!(
            std::fs::read(&f).unwrap() == std::fs::read(back.join(name)).unwrap(),
            "{what}: {}",
            f.display()
        );
    }
}

#[test]
fn every_record_format_gives_the_seeds_and_the_corpus_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut folders = vec![seeds_dir()];
    if !no_corpus() {
        folders.push(corpus_markup());
    }
    for (k, src) in folders.iter().enumerate() {
        for format in ["jsonl", "spacy-jsonl", "labelstudio"] {
            let d = dir.path().join(format!("{k}"));
            std::fs::create_dir_all(&d).unwrap();
            let back = folder_round_trip(src, format, &[], &d);
            same_files(src, &back, format);
        }
        let d = dir.path().join(format!("{k}-bio"));
        std::fs::create_dir_all(&d).unwrap();
        let back = folder_round_trip(src, "bio", &["--docstart", "--sentences"], &d);
        same_files(src, &back, "bio");
    }
}

#[test]
fn brat_gives_the_seeds_and_the_corpus_back_and_offsets_index_the_txt() {
    let dir = tempfile::tempdir().unwrap();
    let mut folders = vec![seeds_dir()];
    if !no_corpus() {
        folders.push(corpus_markup());
    }
    for (k, src) in folders.iter().enumerate() {
        let out = dir.path().join(format!("brat{k}"));
        let o = ptag(&[
            "export",
            "--format",
            "brat",
            "--include-errors",
            s(src),
            "-o",
            s(&out),
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let warned = stderr(&o);
        for f in txt_files(src.clone()) {
            let name = f.file_name().unwrap();
            let txt = std::fs::read_to_string(out.join(name)).unwrap();
            let chars: Vec<char> = txt.chars().collect();
            let ann = std::fs::read_to_string(out.join(name).with_extension("ann")).unwrap();
            for line in ann.lines().filter(|l| l.starts_with('T')) {
                let cols: Vec<&str> = line.split('\t').collect();
                let range: Vec<&str> = cols[1].split(' ').collect();
                let (a, b): (usize, usize) = (range[1].parse().unwrap(), range[2].parse().unwrap());
                assert_eq!(chars[a..b].iter().collect::<String>(), cols[2], "{line}");
            }
        }
        let back = dir.path().join(format!("back{k}"));
        let o = ptag(&["import", "--format", "brat", s(&out), "-o", s(&back)]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        // Byte for byte, unless export said what brat cannot hold (a note outside every tag,
        // an empty tag, a BOM); then the text and every tag still come back.
        let mut exact = 0;
        for f in txt_files(src.clone()) {
            let b = back.join(f.file_name().unwrap());
            if warned.contains(s(&f)) {
                let record = |p: &Path| {
                    let o = ptag(&["export", "--format", "jsonl", "--include-errors", s(p)]);
                    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
                    (v["text"].clone(), v["label"].clone())
                };
                assert_eq!(record(&f), record(&b), "{}", f.display());
            } else {
                assert!(
                    std::fs::read(&f).unwrap() == std::fs::read(&b).unwrap(),
                    "{}",
                    f.display()
                );
                exact += 1;
            }
        }
        eprintln!(
            "brat: {exact} of {} files byte for byte",
            txt_files(src.clone()).len()
        );
    }
}

#[test]
fn label_studio_predictions_and_config() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("p.txt");
    std::fs::write(&f, "(我们)收集<手机>\n").unwrap();
    let o = ptag(&[
        "export",
        "--format",
        "labelstudio",
        "--predictions",
        "0.8",
        s(&f),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["data"]["text"], "我们收集手机\n");
    assert_eq!(v[0]["predictions"][0]["score"], 0.8);
    assert_eq!(
        v[0]["predictions"][0]["result"][1]["value"]["labels"][0],
        "data"
    );
    let mid = dir.path().join("tasks.json");
    std::fs::write(&mid, &o.stdout).unwrap();
    let o = ptag(&["import", "--format", "labelstudio", s(&mid), "-o", "-"]);
    assert_eq!(stdout(&o), "我们收集手机\n", "predictions only when asked");
    assert!(
        stderr(&o).contains("not taken without --predictions"),
        "{}",
        stderr(&o)
    );
    let o = ptag(&[
        "import",
        "--format",
        "labelstudio",
        "--predictions",
        s(&mid),
        "-o",
        "-",
    ]);
    assert_eq!(
        stdout(&o),
        "(我们)收集<手机>\n",
        "predictions import as tags"
    );
    let o = ptag(&[
        "export",
        "--format",
        "labelstudio-config",
        "--labels",
        "actor=HANDLER",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("<Label value=\"HANDLER\""),
        "{}",
        stdout(&o)
    );
    let o = ptag(&["export", "--format", "brat", s(&f)]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("give -o DIR"), "{}", stderr(&o));
}
