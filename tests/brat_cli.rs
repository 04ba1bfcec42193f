//! brat standoff through the binary: tags holding line breaks travel as brat writes a tag
//! across lines (fragments split at the breaks, their texts joined by a space), so brat reads
//! every T-line whole and import gives the file back; a T-line whose text is not what its
//! offsets hold is refused where it is; what ptag has no place for is dropped and counted
//! (or refused with --strict).

mod common;

use common::*;
use std::path::Path;

/// The characters Python's `str.splitlines` (and so brat's `.ann` reader) breaks lines at.
const PYTHON_LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}', '\u{85}', '\u{2028}', '\u{2029}',
];

/// The lines of `s` as Python's `str.splitlines()` gives them (`\r\n` is one break).
fn python_splitlines(s: &str) -> Vec<String> {
    let (mut lines, mut line) = (Vec::new(), String::new());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if PYTHON_LINE_BREAKS.contains(&c) {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            lines.push(std::mem::take(&mut line));
        } else {
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// brat's own check of a T-line (server/src/annotation.py): the text is the text of its
/// fragments (`START END;START END`) joined by one space.
fn brat_accepts(line: &str, txt: &[char]) -> bool {
    let cols: Vec<&str> = line.split('\t').collect();
    let [_, body, text] = cols[..] else {
        return false;
    };
    let offsets = body.split_once(' ').unwrap().1;
    let pieces: Vec<String> = offsets
        .split(';')
        .map(|f| {
            let (s, e) = f.split_once(' ').unwrap();
            txt[s.parse::<usize>().unwrap()..e.parse::<usize>().unwrap()]
                .iter()
                .collect()
        })
        .collect();
    pieces.join(" ") == text
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let f = dir.join(name);
    std::fs::create_dir_all(f.parent().unwrap()).unwrap();
    std::fs::write(&f, text).unwrap();
    f
}

#[test]
fn tags_holding_line_breaks_reach_brat_whole_and_come_back_byte_identical() {
    // A tag cannot hold a line feed (markup lines end there); every other break it can.
    for brk in PYTHON_LINE_BREAKS.iter().filter(|&&c| c != '\n') {
        let dir = tempfile::tempdir().unwrap();
        let policy = format!("(我们{brk}收集)和<{brk}手机>与[x{brk}]及{{{brk}}}\n{{为<某>提供}}\n");
        write(&dir.path().join("src"), "p.txt", &policy);
        let (src, out, back) = (
            dir.path().join("src"),
            dir.path().join("brat"),
            dir.path().join("back.txt"),
        );
        let o = ptag(&["export", "--format", "brat", s(&src), "-o", s(&out)]);
        assert_eq!(code(&o), 0, "{brk:?}: {}", stderr(&o));
        let ann = std::fs::read_to_string(out.join("p.ann")).unwrap();
        let txt: Vec<char> = std::fs::read_to_string(out.join("p.txt"))
            .unwrap()
            .chars()
            .collect();
        // brat splits the .ann where Python does: exactly at the line ends written.
        let lines: Vec<String> = ann.lines().map(String::from).collect();
        assert_eq!(python_splitlines(&ann), lines, "{brk:?}: {ann:?}");
        assert_eq!(lines.len(), 6, "{brk:?}: {ann:?}");
        for line in &lines {
            assert!(brat_accepts(line, &txt), "{brk:?}: brat refuses {line:?}");
        }
        let o = ptag(&["import", "--format", "brat", s(&out), "-o", s(&back)]);
        assert_eq!(code(&o), 0, "{brk:?}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&back).unwrap(), policy, "{brk:?}");
    }
}

#[test]
fn a_t_line_whose_text_disagrees_with_its_offsets_is_refused_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.txt", "我们收集手机号码");
    let ann = write(
        dir.path(),
        "p.ann",
        "T1\tactor 0 2\t我们\nT2\tdata 4 6\t号码\n",
    );
    let out = dir.path().join("out.txt");
    let o = ptag(&["import", "--format", "brat", s(&ann), "-o", s(&out)]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2: error: T2 text \"号码\" but the .txt has \"手机\" at 4-6",
            ann.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // Offsets counted in UTF-16 units (an emoji is two): said so.
    write(dir.path(), "u.txt", "😀我们收集");
    let ann = write(dir.path(), "u.ann", "T1\tactor 2 4\t我们\n");
    let o = ptag(&["import", "--format", "brat", s(&ann), "-o", s(&out)]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(":1: error: T1 text \"我们\" but the .txt has \"们收\" at 2-4"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
}

#[test]
fn relations_attributes_and_split_spans_are_dropped_and_counted_or_refused_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.txt", "我们收集手机号码");
    let ann = write(
        dir.path(),
        "p.ann",
        "T1\tactor 0 2\t我们\nT2\tdata 4 8\t手机号码\nR1\tCollects Arg1:T1 Arg2:T2\n\
         A1\tNegated T2\nN1\tReference T1 Wiki:1\t我们\nT3\tdata 0 1;3 4\t我 集\n\
         #1\tAnnotatorNotes T3\tsplit\n#2\tAnnotatorNotes T1\t注\nR2\tCollects Arg1:T1 Arg2:T3\n",
    );
    let out = dir.path().join("out.txt");
    let o = ptag(&["import", "--format", "brat", s(&ann), "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "(我们#注#)收集<手机号码>"
    );
    let err = stderr(&o);
    assert!(
        err.contains(&format!("{}:6: warning: T3 dropped", ann.display())),
        "{err}"
    );
    assert!(
        err.contains("dropped 2 relations (R), 1 attribute (A), 1 normalization (N), 1 discontinuous span (T), 1 note on a dropped span (#)"),
        "{err}"
    );
    assert!(err.contains("ptag import: 2 tags, 1 note"), "{err}");
    std::fs::remove_file(&out).unwrap();
    let o = ptag(&[
        "import",
        "--format",
        "brat",
        "--strict",
        s(&ann),
        "-o",
        s(&out),
    ]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{}:3: error: R1 is a relation", ann.display())),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// The same export read by Python itself, as brat reads an `.ann` (`codecs.open(...)
/// .readlines()`, which cuts with `str.splitlines`) and checks a T-line (its text is the text
/// of its fragments joined by a space). Skipped, with a notice, without python3.
#[test]
fn python_reads_the_export_as_brat_does() {
    let Ok(version) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        eprintln!("notice: python3 is not installed: brat's reader check is skipped");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().unwrap();
    let breaks: String = PYTHON_LINE_BREAKS.iter().filter(|&&c| c != '\n').collect();
    let policy: String = breaks
        .chars()
        .map(|c| format!("(我{c}们)<{c}x>[y{c}]"))
        .collect();
    write(&dir.path().join("src"), "p.txt", &policy);
    let out = dir.path().join("brat");
    let o = ptag(&[
        "export",
        "--format",
        "brat",
        s(&dir.path().join("src")),
        "-o",
        s(&out),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let script = r#"
import codecs, sys
txt = codecs.open(sys.argv[1], 'r', 'utf-8').read()
lines = codecs.open(sys.argv[2], 'r', 'utf-8').readlines()
ok = 0
for line in lines:
    id, body, text = line.rstrip('\n').split('\t')
    spans = [tuple(map(int, f.split(' '))) for f in body.split(' ', 1)[1].split(';')]
    assert text == ' '.join(txt[s:e] for s, e in spans), (line, spans)
    ok += 1
print(ok)
"#;
    let run = std::process::Command::new("python3")
        .args(["-c", script, s(&out.join("p.txt")), s(&out.join("p.ann"))])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read: usize = String::from_utf8_lossy(&run.stdout).trim().parse().unwrap();
    assert_eq!(
        read,
        3 * breaks.chars().count(),
        "one T-line per tag, none cut"
    );
}
