//! The recovery journal: every unsaved change, written as it happens, so a killed ptag (SIGKILL,
//! a dropped SSH link, a closed terminal, a panic) loses nothing.
//!
//! One JSON-lines file per policy in the data folder (not beside the policy): a header naming the
//! file and the hash of the bytes the changes apply to, then one record per change, undo or redo.
//! Each record is written with a plain `write` as soon as it happens (so it survives the process
//! being killed) and fsynced within a second (so it survives the machine going down).

pub use crate::owner::{now_secs, user_name};

use crate::doc::{Buffer, Change, Event, Replayed};
use crate::markup::SpliceRecord;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a written record may wait for its fsync.
pub const SYNC_WITHIN: Duration = Duration::from_millis(500);
/// An empty journal older than this was abandoned (its writer writes the header at once).
const EMPTY_JOURNAL_ABANDONED: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub v: u32,
    pub file: String,
    /// `store::content_hash` of the file's bytes the records apply to.
    pub base_hash: u64,
    pub base_len: u64,
    /// Unix seconds.
    pub started: u64,
    pub pid: u32,
    pub user: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Record {
    Do {
        t: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        splices: Option<Vec<SpliceRecord>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
        cursor_before: usize,
        cursor_after: usize,
    },
    Undo {
        t: u64,
    },
    Redo {
        t: u64,
    },
    /// A save of bytes hashing to `hash` is about to be renamed into place. If the journal is
    /// still there afterwards and the file holds exactly those bytes, the work was saved.
    Saving {
        t: u64,
        hash: u64,
    },
}

/// The data folder: `$PTAG_DATA_DIR` if set, else the platform's (e.g. ~/.local/share/ptag).
/// The editor keeps it in `App::data_dir`; everything below takes it as an argument.
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PTAG_DATA_DIR") {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "ptag").map(|d| d.data_dir().to_path_buf())
}

/// Where the journal of `file` lives in the data folder `data_dir`.
pub fn journal_path(data_dir: &Path, file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file)
        .or_else(|_| std::path::absolute(file))
        .ok()?;
    let key = crate::store::content_hash(abs.to_string_lossy().as_bytes());
    Some(data_dir.join("recovery").join(format!("{key:016x}.jsonl")))
}

/// An open journal being written.
///
/// The journal at `journal_path` belongs to whoever holds the file's lock. When another
/// annotator takes the lock over, their journal moves ours aside (`keep_aside`) and we go on
/// writing to it there; so a journal knows itself by its file (device and inode), not by its
/// name, and `remove` removes only that file, wherever it now is.
pub struct Journal {
    /// Where start-up looks for it (our file may have been moved aside from there).
    pub path: PathBuf,
    file: File,
    /// Device and inode of our file: what tells it from a journal someone else put at `path`.
    identity: (u64, u64),
    unsynced_since: Option<Instant>,
    pub records: usize,
}

impl Journal {
    /// Starts a new journal at `path` (replacing any old one) with `header`.
    /// A journal already at `path` is never overwritten: it is moved aside first (see
    /// `keep_aside`). The new file is created exclusively, so a symlink planted at `path` is
    /// refused rather than followed.
    ///
    /// Only the lock holder creates a journal here: one who lost the lock uses `create_aside`.
    pub fn create(path: &Path, header: &Header) -> io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            trusted_folder(dir)?;
        }
        if std::fs::symlink_metadata(path).is_ok() {
            keep_aside(path)?;
        }
        Journal::create_new(path, path, header)
    }

    /// Starts a journal under a kept-aside name beside `path` (never offered at start-up, never
    /// in the way of the journal at `path`): for work done on a file whose lock was taken over,
    /// whose journal at `path` is the new holder's.
    pub fn create_aside(path: &Path, header: &Header) -> io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
            trusted_folder(dir)?;
        }
        Journal::create_new(&free_aside_name(path)?, path, header)
    }

    /// Creates the journal file at `at`; its home (`Journal::path`) is `home`.
    fn create_new(at: &Path, home: &Path, header: &Header) -> io::Result<Journal> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(at)?;
        let mut line = serde_json::to_string(header).map_err(io::Error::other)?;
        line.push('\n');
        if let Err(e) = file
            .write_all(line.as_bytes())
            .and_then(|_| file.sync_data())
        {
            // A full disk must not leave an empty journal behind to be mistaken for one later.
            let _ = std::fs::remove_file(at);
            return Err(e);
        }
        let identity = file_identity(&file.metadata()?);
        Ok(Journal {
            path: home.to_path_buf(),
            file,
            identity,
            unsynced_since: None,
            records: 0,
        })
    }

    /// Writes one record now (it survives the process being killed from here on).
    pub fn write(&mut self, rec: &Record) -> io::Result<()> {
        let mut line = serde_json::to_string(rec).map_err(io::Error::other)?;
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.unsynced_since.get_or_insert_with(Instant::now);
        self.records += 1;
        Ok(())
    }

    /// Fsyncs if a record has waited long enough.
    pub fn sync_if_due(&mut self) -> io::Result<()> {
        if self
            .unsynced_since
            .is_some_and(|t| t.elapsed() >= SYNC_WITHIN)
        {
            self.sync_now()?;
        }
        Ok(())
    }

    pub fn sync_now(&mut self) -> io::Result<()> {
        if self.unsynced_since.take().is_some() {
            self.file.sync_data()?;
        }
        Ok(())
    }

    /// The work is saved (or deliberately discarded): our journal goes — only ours. If another
    /// annotator took the file over, the journal at `path` is theirs (live work) and ours was
    /// moved aside: that one is found by its inode among the kept-aside journals and removed.
    pub fn remove(self) {
        if let Some(ours) = self.where_now() {
            let _ = std::fs::remove_file(ours);
        }
    }

    /// We hold the file's lock again (`:takeover` back): our journal returns to `path`, where
    /// start-up looks, and whatever is there (the other annotator's) is kept aside.
    pub fn reclaim(&mut self) -> io::Result<()> {
        let Some(now) = self.where_now() else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                "the journal was removed by someone else",
            ));
        };
        if now == self.path {
            return Ok(());
        }
        if std::fs::symlink_metadata(&self.path).is_ok() {
            keep_aside(&self.path)?;
        }
        std::fs::rename(now, &self.path)
    }

    /// Where our journal file is now: at `path`, or moved aside beside it.
    fn where_now(&self) -> Option<PathBuf> {
        let ours = |p: &Path| {
            std::fs::symlink_metadata(p)
                .is_ok_and(|m| m.file_type().is_file() && file_identity(&m) == self.identity)
        };
        if ours(&self.path) {
            return Some(self.path.clone());
        }
        let stem = self.path.file_stem()?.to_string_lossy().into_owned();
        std::fs::read_dir(self.path.parent()?)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}.kept-")))
            })
            .find(|p| ours(p))
    }
}

fn file_identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// The record of a buffer event.
pub fn record_of(buf: &Buffer, ev: &Event) -> Option<Record> {
    let t = now_secs();
    Some(match ev {
        Event::Do {
            change,
            cursor_before,
            cursor_after,
        } => match change {
            Change::Splices(s) => Record::Do {
                t,
                splices: Some(s.iter().map(|s| s.to_record(&buf.doc)).collect()),
                before: None,
                after: None,
                cursor_before: *cursor_before,
                cursor_after: *cursor_after,
            },
            Change::Rewrite { before, after } => Record::Do {
                t,
                splices: None,
                before: Some(before.clone()),
                after: Some(after.clone()),
                cursor_before: *cursor_before,
                cursor_after: *cursor_after,
            },
        },
        Event::Undo => Record::Undo { t },
        Event::Redo => Record::Redo { t },
        Event::Saved => return None,
    })
}

/// A journal left behind by an earlier session.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub header: Header,
    pub records: Vec<Record>,
    /// Unix seconds of the last record.
    pub last: u64,
}

impl Found {
    /// "12 changes, last 3 minutes ago (pid 4711, alice)".
    pub fn summary(&self) -> String {
        let ago = now_secs().saturating_sub(self.last);
        let when = match ago {
            0..=59 => format!("{ago} s ago"),
            60..=3599 => format!("{} min ago", ago / 60),
            3600..=86399 => format!("{} h ago", ago / 3600),
            _ => format!("{} days ago", ago / 86400),
        };
        format!(
            "{} change{}, last {when} (pid {}, {})",
            self.records.len(),
            if self.records.len() == 1 { "" } else { "s" },
            self.header.pid,
            self.header.user
        )
    }
}

/// Is `dir` a folder only we can write to? Journals in a folder another user owns, or anyone
/// may write to, could be planted or swapped under us: none is read or written there.
pub fn trusted_folder(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let meta = std::fs::symlink_metadata(dir)?;
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{}: {why}: no recovery journal is kept there",
                dir.display()
            ),
        ))
    };
    if !meta.file_type().is_dir() {
        return refuse("not a folder");
    }
    if meta.uid() != crate::owner::effective_uid() {
        return refuse("owned by another user");
    }
    if meta.permissions().mode() & 0o002 != 0 {
        return refuse("writable by everyone");
    }
    Ok(())
}

/// Moves the journal at `path` aside under a name of its own (`….kept-SECS-N.jsonl`), so that
/// nothing overwrites work that could not be restored; returns where it went.
pub fn keep_aside(path: &Path) -> io::Result<PathBuf> {
    let aside = free_aside_name(path)?;
    std::fs::rename(path, &aside)?;
    Ok(aside)
}

/// A kept-aside name beside journal `path` that nothing has yet.
fn free_aside_name(path: &Path) -> io::Result<PathBuf> {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    for n in 0..1000 {
        let aside = path.with_file_name(format!("{stem}.kept-{}-{n}.jsonl", now_secs()));
        if std::fs::symlink_metadata(&aside).is_err() {
            return Ok(aside);
        }
    }
    Err(io::Error::other("no free name to keep the journal aside"))
}

/// Reads journal text: the header line, then records up to the first line that does not parse
/// (a torn last line from a kill mid-write, or damage). `None` when the header is unreadable.
/// Pure and total: any bytes give an answer, never a panic (fuzzed in `fuzz/`).
pub fn parse_journal(bytes: &[u8]) -> Option<(Header, Vec<Record>)> {
    let mut lines = bytes.split(|&b| b == b'\n');
    let header: Header = serde_json::from_slice(lines.next()?).ok()?;
    let records = lines
        .map_while(|l| serde_json::from_slice::<Record>(l).ok())
        .collect();
    Some((header, records))
}

/// What start-up found of a file's journal.
#[derive(Debug)]
pub enum Lookup {
    /// Nothing to offer (no journal, a live owner's, or one retired as already saved).
    Nothing,
    /// Unsaved work to offer back.
    Offer(Found),
    /// A journal that cannot be read was moved aside, to `path`.
    KeptAside { path: PathBuf },
}

/// Reads the journal of `file`, if one exists and is ours to offer. A torn last line (killed
/// mid-write) is dropped. A journal whose writer is still running belongs to that process: it
/// is neither offered nor touched. One left by a save that completed (its last record says which
/// bytes were being saved, and the file holds exactly them) is removed: nothing is unsaved.
/// One whose header is damaged is moved aside (`keep_aside`) and not offered.
pub fn find(data_dir: &Path, file: &Path) -> Option<Found> {
    match lookup(data_dir, file) {
        Lookup::Offer(f) => Some(f),
        _ => None,
    }
}

/// `find`, telling also where a damaged journal was moved.
pub fn lookup(data_dir: &Path, file: &Path) -> Lookup {
    let Some(path) = journal_path(data_dir, file) else {
        return Lookup::Nothing;
    };
    if path.parent().is_some_and(|d| trusted_folder(d).is_err()) {
        return Lookup::Nothing;
    }
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Lookup::Nothing;
    };
    if !meta.file_type().is_file() {
        // Not a journal we wrote (a symlink or something stranger): never read through it.
        return Lookup::Nothing;
    }
    let Ok(bytes) = crate::store::read_file(&path, crate::store::FileKind::Journal) else {
        return Lookup::Nothing;
    };
    if bytes.is_empty() {
        // Created but never written (a full disk, a kill in that instant): nothing in it to
        // keep. A fresh one may be a live writer's, between creating it and writing its
        // header: that one is left alone.
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > EMPTY_JOURNAL_ABANDONED);
        if old {
            let _ = std::fs::remove_file(&path);
        }
        return Lookup::Nothing;
    }
    let Some((header, mut records)) = parse_journal(&bytes) else {
        return match keep_aside(&path) {
            Ok(path) => Lookup::KeptAside { path },
            Err(_) => Lookup::Nothing,
        };
    };
    if header.pid != std::process::id() && crate::owner::process_alive(header.pid) {
        return Lookup::Nothing;
    }
    if let Some(Record::Saving { hash, .. }) = records.last()
        && crate::store::read_regular(file).is_ok_and(|b| crate::store::content_hash(&b) == *hash)
    {
        let _ = std::fs::remove_file(&path);
        return Lookup::Nothing;
    }
    records.retain(|r| !matches!(r, Record::Saving { .. }));
    if records.is_empty() {
        return Lookup::Nothing;
    }
    let last = match records.last() {
        Some(
            Record::Do { t, .. }
            | Record::Undo { t }
            | Record::Redo { t }
            | Record::Saving { t, .. },
        ) => *t,
        None => header.started,
    };
    Lookup::Offer(Found {
        path,
        header,
        records,
        last,
    })
}

/// Replays a journal onto a buffer freshly loaded from the same bytes the journal started from.
pub fn replay(buf: &mut Buffer, found: &Found) -> Result<usize, String> {
    let hash = buf.disk.map(|d| d.hash);
    if hash != Some(found.header.base_hash) {
        return Err("the file changed on disk since that work was done".to_string());
    }
    let mut cursor = 0;
    for rec in &found.records {
        match rec {
            Record::Do {
                splices,
                before,
                after,
                cursor_before,
                cursor_after,
                ..
            } => {
                let step = match (splices, before, after) {
                    (Some(s), _, _) => Replayed::Splices(s.clone()),
                    (None, Some(b), Some(a)) => Replayed::Rewrite {
                        before: b.clone(),
                        after: a.clone(),
                    },
                    _ => return Err("a journal record is incomplete".into()),
                };
                buf.replay(step, *cursor_before, *cursor_after)
                    .map_err(|_| "the journal does not fit the file".to_string())?;
                cursor = *cursor_after;
            }
            Record::Undo { .. } => cursor = buf.undo().unwrap_or(cursor),
            Record::Redo { .. } => cursor = buf.redo().unwrap_or(cursor),
            Record::Saving { .. } => {}
        }
    }
    Ok(cursor)
}

#[cfg(test)]
mod tests;
