//! Advisory locks for shared servers: the second annotator to open a file is told who holds it.
//!
//! The lock is a small JSON file beside the policy (`.NAME.ptag-lock`), so every user on the host
//! sees it. It never exists half-written: the holder is written and fsynced to a temp file of
//! our own first, then hard-linked into place, which fails if a lock is already there (so of
//! many openers racing, exactly one wins).
//!
//! A lock whose process is gone (same host, no such pid) is stale and is cleared — under a
//! short "breaking" mark (`.NAME.ptag-lock.break`, created exclusively), so two openers that
//! both saw the same stale lock cannot clear it twice (the second would delete the first's
//! fresh lock). A lock from another host cannot be checked from here and is trusted.
//!
//! A lock file that cannot be read or parsed is *not* stale: since locks are created complete,
//! it is another user's lock we may not read, a lock from a ptag we do not understand, or
//! damage. Deleting it could put two editors on one file, so it counts as held (the file opens
//! read-only, saying why); `:takeover` replaces it when the user decides.

use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A lock file is a line of JSON; anything bigger is not one of ours and is not read.
const MAX_LOCK_BYTES: u64 = 64 * 1024;
/// A "breaking" mark older than this was left by an opener killed while clearing a stale lock
/// (which takes microseconds): it is cleared itself.
const BREAK_MARK_STALE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub user: String,
    pub pid: u32,
    pub host: String,
    /// Unix seconds.
    pub since: u64,
    /// Which lock this is: a lock is ours only while the file still carries our token.
    #[serde(default)]
    pub token: u64,
}

impl Holder {
    fn me() -> Holder {
        Holder {
            user: crate::owner::user_name(),
            pid: std::process::id(),
            host: crate::owner::host_name(),
            since: crate::owner::now_secs(),
            token: new_token(),
        }
    }

    /// "alice (pid 4711 on srv1) since 12 min ago".
    pub fn describe(&self) -> String {
        let ago = crate::owner::now_secs().saturating_sub(self.since);
        let when = if ago < 120 {
            format!("{ago} s")
        } else if ago < 7200 {
            format!("{} min", ago / 60)
        } else {
            format!("{} h", ago / 3600)
        };
        format!(
            "{} (pid {} on {}) since {when} ago",
            self.user, self.pid, self.host
        )
    }

    fn alive(&self) -> bool {
        if self.host != crate::owner::host_name() {
            // Another host's process cannot be checked from here: trust the lock.
            return true;
        }
        crate::owner::process_alive(self.pid)
    }
}

fn new_token() -> u64 {
    // Two threads (two editors in one process, as the tests run them) can ask in the same
    // nanosecond: the counter keeps their tokens apart.
    static TAKEN: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    crate::store::content_hash(
        format!(
            "{nanos}/{}/{}/{}",
            std::process::id(),
            crate::owner::host_name(),
            TAKEN.fetch_add(1, Ordering::Relaxed)
        )
        .as_bytes(),
    )
}

/// A lock we hold; released when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    token: u64,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only remove it if it is still ours (someone may have taken over).
        if self.still_ours().is_ok() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Why a lock we took is no longer ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lost {
    /// Someone took it over (`:takeover`, `--take-over`).
    TakenBy(Holder),
    /// The lock file is gone, or is not one we can read: someone removed or replaced it.
    Gone(String),
}

impl Lost {
    /// "alice (pid 4711 on srv1) since 2 min ago" or what became of the lock file.
    pub fn describe(&self) -> String {
        match self {
            Lost::TakenBy(h) => format!("{} took it over", h.describe()),
            Lost::Gone(why) => why.clone(),
        }
    }
}

impl Lock {
    /// Is the lock file still the one we wrote? Asked before every save: after a takeover the
    /// file is someone else's to write.
    pub fn still_ours(&self) -> Result<(), Lost> {
        match read_lock(&self.path) {
            Seen::Holder(h) if h.token == self.token => Ok(()),
            Seen::Holder(h) => Err(Lost::TakenBy(h)),
            Seen::Missing => Err(Lost::Gone(format!(
                "the lock {} was removed",
                self.path.display()
            ))),
            Seen::Unreadable(why) => Err(Lost::Gone(why)),
        }
    }
}

#[derive(Debug)]
pub enum Outcome {
    Acquired(Lock),
    HeldBy(Holder),
    /// A lock file is there that cannot be read as a lock: counted as held (see the top).
    Unreadable(String),
    /// No lock could be made (read-only folder, …): editing goes on without one.
    Unavailable(String),
}

pub fn lock_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.with_file_name(format!(".{name}.ptag-lock"))
}

/// What the lock file says.
enum Seen {
    Missing,
    Holder(Holder),
    Unreadable(String),
}

fn read_lock(path: &Path) -> Seen {
    let unreadable = |why: String| Seen::Unreadable(format!("the lock {}: {why}", path.display()));
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Seen::Missing,
        Err(e) => return unreadable(e.to_string()),
        Ok(m) if !m.file_type().is_file() => return unreadable("not a regular file".into()),
        Ok(m) if m.len() > MAX_LOCK_BYTES => {
            return unreadable(format!("{} bytes: not a ptag lock", m.len()));
        }
        Ok(_) => {}
    }
    match crate::store::read_regular(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Seen::Missing,
        Err(e) => unreadable(e.to_string()),
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(h) => Seen::Holder(h),
            Err(e) => unreadable(format!("not a ptag lock ({e})")),
        },
    }
}

#[cfg(test)]
fn read_holder(path: &Path) -> Option<Holder> {
    match read_lock(path) {
        Seen::Holder(h) => Some(h),
        _ => None,
    }
}

/// Writes `holder` complete to a temp file of our own beside `path` (fsynced), and hard-links
/// it into place: the lock appears whole or not at all, and only if none is there.
fn write_new(path: &Path, holder: &Holder) -> io::Result<Lock> {
    // Named as a save's temp file is, so one left by a kill is swept at the next start
    // (`store::sweep_stale_saves`) once its pid is gone.
    let temp = path.with_file_name(format!(
        "{}{}-lock-{:016x}.tmp",
        crate::store::SAVE_PREFIX,
        holder.pid,
        holder.token
    ));
    let linked = (|| {
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(
            serde_json::to_string(holder)
                .map_err(io::Error::other)?
                .as_bytes(),
        )?;
        f.sync_all()?;
        std::fs::hard_link(&temp, path)
    })();
    let _ = std::fs::remove_file(&temp);
    linked?;
    Ok(Lock {
        path: path.to_path_buf(),
        token: holder.token,
    })
}

/// Clears the stale lock `seen` (its owner is dead) unless it changed meanwhile. Done under an
/// exclusive "breaking" mark so that two openers that read the same stale lock cannot both
/// clear it: the second would be deleting the first one's fresh lock.
fn clear_stale(path: &Path, seen: &Holder) {
    let mark = path.with_file_name(format!(
        "{}.break",
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    let made = OpenOptions::new().write(true).create_new(true).open(&mark);
    if made.is_err() {
        // Someone is clearing it now (a moment), or was killed doing so long ago.
        let old = std::fs::symlink_metadata(&mark)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > BREAK_MARK_STALE);
        if old {
            let _ = std::fs::remove_file(&mark);
        }
        std::thread::sleep(Duration::from_millis(1));
        return;
    }
    if let Seen::Holder(now) = read_lock(path)
        && now == *seen
    {
        let _ = std::fs::remove_file(path);
    }
    let _ = std::fs::remove_file(&mark);
}

/// Tries to lock `file` for this process.
pub fn acquire(file: &Path) -> Outcome {
    let path = lock_path(file);
    // Each round either wins, finds a live holder, or clears a lock whose owner died (or
    // waits a moment for someone else clearing it); a few hundred rounds is far more than
    // any real race needs.
    for _ in 0..500 {
        match write_new(&path, &Holder::me()) {
            Ok(lock) => return Outcome::Acquired(lock),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match read_lock(&path) {
                Seen::Holder(h) if h.alive() => return Outcome::HeldBy(h),
                Seen::Holder(stale) => clear_stale(&path, &stale),
                // Released between our link and our look: try again.
                Seen::Missing => {}
                Seen::Unreadable(why) => return Outcome::Unreadable(why),
            },
            Err(e) => return Outcome::Unavailable(format!("cannot lock {}: {e}", file.display())),
        }
    }
    Outcome::Unavailable(format!("cannot lock {}", file.display()))
}

/// Takes the lock over from whoever holds it (the user asked explicitly).
pub fn take_over(file: &Path) -> io::Result<Lock> {
    let path = lock_path(file);
    let _ = std::fs::remove_file(&path);
    write_new(&path, &Holder::me())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::owner::host_name;

    #[test]
    fn second_opener_sees_the_holder_and_stale_locks_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.txt");
        std::fs::write(&file, "x").unwrap();
        let first = match acquire(&file) {
            Outcome::Acquired(l) => l,
            other => panic!("{other:?}"),
        };
        match acquire(&file) {
            Outcome::HeldBy(h) => {
                assert_eq!(h.pid, std::process::id());
                assert!(h.describe().contains("pid"), "{}", h.describe());
            }
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!lock_path(&file).exists(), "released on drop");

        // A lock left by a dead process on this host.
        let dead = Holder {
            pid: u32::MAX - 7,
            ..Holder::me()
        };
        std::fs::write(lock_path(&file), serde_json::to_string(&dead).unwrap()).unwrap();
        assert!(
            matches!(acquire(&file), Outcome::Acquired(_)),
            "stale lock cleared"
        );

        // A live holder (pid 1 always exists): we are told, and can take over explicitly.
        let other = Holder {
            pid: 1,
            user: "alice".into(),
            ..Holder::me()
        };
        std::fs::write(lock_path(&file), serde_json::to_string(&other).unwrap()).unwrap();
        match acquire(&file) {
            Outcome::HeldBy(h) => assert_eq!(h.user, "alice"),
            o => panic!("{o:?}"),
        }
        let taken = take_over(&file).unwrap();
        assert_eq!(
            read_holder(&lock_path(&file)).unwrap().pid,
            std::process::id()
        );
        drop(taken);
        assert!(!lock_path(&file).exists());

        // A lock someone else took over from us is left alone when we let go.
        let ours = match acquire(&file) {
            Outcome::Acquired(l) => l,
            o => panic!("{o:?}"),
        };
        std::fs::write(lock_path(&file), serde_json::to_string(&other).unwrap()).unwrap();
        drop(ours);
        assert!(lock_path(&file).exists());
    }

    /// Whether the owner is alive is asked of the kernel (`owner::process_alive`), not of `/proc` (macOS and
    /// the BSDs have none, and there every owner looked dead).
    #[cfg(unix)]
    #[test]
    fn owner_liveness_is_asked_of_the_kernel_and_other_hosts_are_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.txt");
        std::fs::write(&file, "x").unwrap();
        let plant = |pid: u32, host: String| {
            let h = Holder {
                pid,
                host,
                ..Holder::me()
            };
            std::fs::write(lock_path(&file), serde_json::to_string(&h).unwrap()).unwrap();
        };
        // A child that has exited and been reaped: its pid names no process now.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        // Our parent is alive (and may be another user's: permission refused is alive too).
        let parent = std::os::unix::process::parent_id();

        plant(dead, host_name());
        assert!(matches!(acquire(&file), Outcome::Acquired(_)), "dead owner");
        plant(parent, host_name());
        assert!(matches!(acquire(&file), Outcome::HeldBy(_)), "live owner");
        plant(dead, format!("{}-elsewhere", host_name()));
        assert!(
            matches!(acquire(&file), Outcome::HeldBy(_)),
            "another host's lock is trusted"
        );
    }

    /// Many openers racing for one file, with no lock there or with a stale one: exactly one
    /// holds it each time, and none ever sees the lock half-written (an empty lock file read as
    /// "unreadable, so stale" and deleted was how two editors came to hold one file).
    #[test]
    fn of_many_racing_openers_exactly_one_wins() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.txt");
        std::fs::write(&file, "x").unwrap();
        let racers = 12;
        for round in 0..40 {
            if round % 2 == 1 {
                let dead = Holder {
                    pid: u32::MAX - 7,
                    ..Holder::me()
                };
                std::fs::write(lock_path(&file), serde_json::to_string(&dead).unwrap()).unwrap();
            }
            let start = std::sync::Arc::new(std::sync::Barrier::new(racers));
            let racing = std::sync::atomic::AtomicBool::new(true);
            let outcomes: Vec<Outcome> = std::thread::scope(|s| {
                // An onlooker reading the lock all through the race never sees it half-written.
                let onlooker = s.spawn(|| {
                    let mut looks = 0;
                    while racing.load(Ordering::Relaxed) || looks == 0 {
                        if let Seen::Unreadable(why) = read_lock(&lock_path(&file)) {
                            return Err(why);
                        }
                        looks += 1;
                    }
                    Ok(looks)
                });
                let handles: Vec<_> = (0..racers)
                    .map(|_| {
                        let start = start.clone();
                        let file = &file;
                        s.spawn(move || {
                            start.wait();
                            acquire(file)
                        })
                    })
                    .collect();
                let outcomes = handles.into_iter().map(|h| h.join().unwrap()).collect();
                racing.store(false, Ordering::Relaxed);
                let seen = onlooker.join().unwrap();
                assert!(seen.is_ok(), "round {round}: {seen:?}");
                outcomes
            });
            let won: Vec<&Lock> = outcomes
                .iter()
                .filter_map(|o| match o {
                    Outcome::Acquired(l) => Some(l),
                    _ => None,
                })
                .collect();
            assert_eq!(won.len(), 1, "round {round}: {outcomes:?}");
            let on_disk = read_holder(&lock_path(&file)).expect("the winner's lock is on disk");
            assert_eq!(on_disk.token, won[0].token, "round {round}");
            drop(outcomes);
            assert!(!lock_path(&file).exists(), "round {round}: released");
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .filter(|n| n != "p.txt")
            .collect();
        assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    }

    /// A lock file that is not a lock we can read is never deleted as stale: it may be another
    /// user's we may not read, or from a ptag we do not understand. The file opens as held.
    #[test]
    fn an_unreadable_lock_is_held_not_stale() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.txt");
        std::fs::write(&file, "x").unwrap();
        for garbage in ["", "{\"user\":", "not json at all"] {
            std::fs::write(lock_path(&file), garbage).unwrap();
            let outcome = acquire(&file);
            assert!(
                !matches!(outcome, Outcome::Acquired(_)),
                "{garbage:?}: {outcome:?}"
            );
            assert_eq!(
                std::fs::read_to_string(lock_path(&file)).unwrap(),
                garbage,
                "left as it was"
            );
        }
        // Asked explicitly, the user can still take it over.
        let taken = take_over(&file).unwrap();
        assert_eq!(read_holder(&lock_path(&file)).unwrap().token, taken.token);
    }
}
