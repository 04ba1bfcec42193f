//! A labelling session over many files: the file list with counts and statuses (stored beside
//! the corpus in `.ptag/status.json`, so it travels with it in git), where each file was left
//! (in the data folder), and the lexicon the tagged files teach.

use crate::scheme::Scheme;
use crate::store::FileKind;
use crate::suggest::Lexicon;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::InProgress => "in progress",
            Status::Done => "done",
        }
    }

    pub fn next(self) -> Status {
        match self {
            Status::Todo => Status::InProgress,
            Status::InProgress => Status::Done,
            Status::Done => Status::Todo,
        }
    }
}

/// One file of the session and what the list shows about it.
#[derive(Debug, Clone)]
pub struct SessionFile {
    pub path: PathBuf,
    /// Path relative to the session root (the key in status.json).
    pub rel: String,
    pub status: Status,
    /// Tags per role.
    pub counts: Vec<usize>,
    pub notes: usize,
    pub diagnostics: usize,
    /// Could not be read (shown in the list instead of counts).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct StatusFile {
    version: u32,
    files: BTreeMap<String, Status>,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub root: PathBuf,
    pub files: Vec<SessionFile>,
    /// The highlighted row of the file list.
    pub selected: usize,
    pub lexicon: Lexicon,
}

impl Session {
    /// All `*.txt` under `folder`, as `source::policy_files` finds them (recursive, sorted,
    /// each file once; `.ptag` and hidden folders skipped). What cannot be read is left out:
    /// the list shows what can be opened.
    pub fn scan(folder: &Path) -> Vec<PathBuf> {
        Self::scan_listing(folder).files
    }

    /// `scan`, with the entries left out because they cannot be read (a FIFO or device named
    /// `*.txt`, an unreadable folder), for the editor to say so.
    pub fn scan_listing(folder: &Path) -> crate::source::Listing {
        crate::source::policy_files(folder)
    }

    /// Opens a session over `files` rooted at `root`: reads each file once for its counts and
    /// to learn the lexicon, and the statuses from `root/.ptag/status.json`. Files are read as
    /// the editor reads them (`options`: encoding, plain).
    pub fn open(
        root: &Path,
        files: Vec<PathBuf>,
        scheme: &Scheme,
        options: &crate::doc::LoadOptions,
    ) -> Session {
        let statuses = Self::read_statuses(root);
        let mut lexicon = Lexicon::new(scheme.roles.len());
        let files = files
            .into_iter()
            .map(|path| {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                let status = statuses.get(&rel).copied().unwrap_or_default();
                let mut f = SessionFile {
                    path: path.clone(),
                    rel,
                    status,
                    counts: vec![0; scheme.roles.len()],
                    notes: 0,
                    diagnostics: 0,
                    error: None,
                };
                // The editor's own loader: a session of GB18030 or plain files counts them right.
                match crate::doc::Buffer::open(&path, scheme, options) {
                    Ok(buf) => {
                        let doc = buf.doc;
                        for s in doc.spans() {
                            f.counts[s.role as usize] += 1;
                        }
                        f.notes = doc.notes().count();
                        f.diagnostics = doc.diagnostic_count();
                        lexicon.learn(&doc);
                    }
                    Err(e) => f.error = Some(e.to_string()),
                }
                f
            })
            .collect();
        Session {
            root: root.to_path_buf(),
            files,
            selected: 0,
            lexicon,
        }
    }

    fn status_path(root: &Path) -> PathBuf {
        root.join(".ptag").join("status.json")
    }

    fn read_statuses(root: &Path) -> BTreeMap<String, Status> {
        crate::store::read_file_text(&Self::status_path(root), FileKind::Session)
            .ok()
            .and_then(|t| serde_json::from_str::<StatusFile>(&t).ok())
            .map(|s| s.files)
            .unwrap_or_default()
    }

    /// Writes the statuses (atomically) to `.ptag/status.json`.
    pub fn save_statuses(&self) -> std::io::Result<()> {
        let mut files = Self::read_statuses(&self.root);
        for f in &self.files {
            if f.status == Status::Todo {
                files.remove(&f.rel);
            } else {
                files.insert(f.rel.clone(), f.status);
            }
        }
        let path = Self::status_path(&self.root);
        std::fs::create_dir_all(path.parent().expect("has a parent"))?;
        let text = serde_json::to_string_pretty(&StatusFile { version: 1, files })
            .map_err(std::io::Error::other)?;
        crate::store::write_atomic(&path, format!("{text}\n").as_bytes())
    }

    pub fn done(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.status == Status::Done)
            .count()
    }

    /// "37/483 done".
    pub fn progress(&self) -> String {
        format!("{}/{} done", self.done(), self.files.len())
    }

    /// The next file after `from` (wrapping) that is not done.
    pub fn next_undone(&self, from: usize) -> Option<usize> {
        let n = self.files.len();
        (1..=n)
            .map(|k| (from + k) % n)
            .find(|&i| self.files[i].status != Status::Done)
    }
}

/// Where the annotator left each file: cursor and last search, in the data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub cursor: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub regex: bool,
    /// Suggestions the annotator rejected here, as char ranges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<(usize, usize)>,
}

fn resume_path(data_dir: &Path) -> PathBuf {
    data_dir.join("resume.json")
}

fn key_of(file: &Path) -> String {
    std::fs::canonicalize(file)
        .unwrap_or_else(|_| file.to_path_buf())
        .display()
        .to_string()
}

pub fn load_resume(data_dir: &Path, file: &Path) -> Option<Resume> {
    let text = crate::store::read_file_text(&resume_path(data_dir), FileKind::Session).ok()?;
    let all: BTreeMap<String, Resume> = serde_json::from_str(&text).ok()?;
    all.get(&key_of(file)).cloned()
}

/// Remembers where `file` was left (atomic rewrite of the small resume file).
pub fn store_resume(data_dir: &Path, file: &Path, r: &Resume) -> std::io::Result<()> {
    let path = resume_path(data_dir);
    let mut all: BTreeMap<String, Resume> = crate::store::read_file_text(&path, FileKind::Session)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    all.insert(key_of(file), r.clone());
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    let text = serde_json::to_string(&all).map_err(std::io::Error::other)?;
    crate::store::write_atomic(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_travel_with_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a.txt"), "(我们)[收集]<手机号码>").unwrap();
        std::fs::write(dir.path().join("sub/b.txt"), "<手机号码>和<设备信息>)").unwrap();
        std::fs::write(dir.path().join("notes.md"), "not a policy").unwrap();
        let s = Scheme::default();
        let files = Session::scan(dir.path());
        assert_eq!(files.len(), 2);
        let mut sess = Session::open(dir.path(), files.clone(), &s, &Default::default());
        assert_eq!(sess.files[0].counts, [1, 1, 1, 0]);
        assert_eq!(sess.files[1].rel, "sub/b.txt");
        assert_eq!(sess.files[1].diagnostics, 1);
        assert_eq!(sess.lexicon.get("手机号码").unwrap().counts[2], 2);
        assert_eq!(sess.progress(), "0/2 done");
        sess.files[1].status = Status::Done;
        sess.save_statuses().unwrap();
        let again = Session::open(dir.path(), files, &s, &Default::default());
        assert_eq!(again.files[1].status, Status::Done);
        assert_eq!(again.progress(), "1/2 done");
        assert_eq!(again.next_undone(0), Some(0));
        let json = std::fs::read_to_string(dir.path().join(".ptag/status.json")).unwrap();
        assert!(json.contains("\"sub/b.txt\": \"done\""), "{json}");
    }
}
