//! Advisory locks for shared servers: the second annotator to open a file is told who holds it.
//!
//! The lock is a small JSON file beside the policy (`.NAME.ptag-lock`), so every user on the host
//! sees it. A lock whose process is gone (same host, no such pid) is stale and is cleared; a
//! lock from another host cannot be checked from here and is trusted.

use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    crate::store::content_hash(
        format!(
            "{nanos}/{}/{}",
            std::process::id(),
            crate::owner::host_name()
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
        if read_holder(&self.path).is_some_and(|h| h.token == self.token) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[derive(Debug)]
pub enum Outcome {
    Acquired(Lock),
    HeldBy(Holder),
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

fn read_holder(path: &Path) -> Option<Holder> {
    let text = crate::store::read_file_text(path, crate::store::FileKind::Lock).ok()?;
    serde_json::from_str(&text).ok()
}

fn write_new(path: &Path, holder: &Holder) -> io::Result<Lock> {
    let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(
        serde_json::to_string(holder)
            .map_err(io::Error::other)?
            .as_bytes(),
    )?;
    f.sync_all()?;
    Ok(Lock {
        path: path.to_path_buf(),
        token: holder.token,
    })
}

/// Tries to lock `file` for this process.
pub fn acquire(file: &Path) -> Outcome {
    let path = lock_path(file);
    for _ in 0..2 {
        match write_new(&path, &Holder::me()) {
            Ok(lock) => return Outcome::Acquired(lock),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match read_holder(&path) {
                Some(h) if h.alive() => return Outcome::HeldBy(h),
                // Stale (dead pid) or unreadable: clear it and try again.
                _ => {
                    let _ = std::fs::remove_file(&path);
                }
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
}
