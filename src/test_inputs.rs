//! Inputs the library's tests share: the corpus policies (from `PTAG_CORPUS`, skipped with a
//! printed notice when it is unset), random markup heavy in delimiters, and small files that
//! trip naive line and piece handling.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every corpus policy's markup file, sorted; `None`, after a printed notice, when
/// `PTAG_CORPUS` is unset (the repo stands alone: the corpus is not in it).
pub fn corpus_policies() -> Option<Vec<PathBuf>> {
    let Some(root) = std::env::var_os("PTAG_CORPUS").filter(|v| !v.is_empty()) else {
        eprintln!("notice: PTAG_CORPUS is not set: a corpus test is skipped");
        return None;
    };
    let mut files: Vec<_> = std::fs::read_dir(Path::new(&root).join("markup"))
        .expect("PTAG_CORPUS holds markup/")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 63, "{} corpus policies", files.len());
    Some(files)
}

/// Strings of delimiters, CJK, line breaks of every kind, BOM, tabs and full-width twins.
pub fn markup_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "(", ")", "[", "]", "<", ">", "{", "}", "#", "\n", "\r\n", "我们", "收集", " ", "。", "（",
        "）", "＞", "1", "a", "\u{feff}", "\t",
    ]);
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

/// Files that trip naive line and piece handling: empty, a BOM alone, CRLF, an unclosed tag,
/// no final line break, empty lines, a line separator and a char outside the BMP.
pub const TRICKY_FILES: [&str; 9] = [
    "",
    "\n",
    "\u{feff}",
    "\u{feff}(我们)会[收集]#备注#<手机号码>\r\n（一）(未闭合\n末行",
    "（我们)[收集]\n见(1)。\n<>\n\n#注#\n(a)#b#(c)\n",
    "（我们)[收集]\n见(1)。\n<>\n\n\n(a)(b)\n",
    "无标记\n无标记\n[x\n",
    "很长的一行没有换行(我们)[收集]<数据>{目的}#注#",
    "\u{2028}(我们)\u{2028}[收集]\r\r\n𠀀<数据＞\n",
];

/// `src` written to `p.txt` in a fresh temp folder (removed when the guard drops).
pub fn on_disk(src: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, src).unwrap();
    (dir, p)
}
