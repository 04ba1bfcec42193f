//! Who owns a lock, a journal or a temp file: this user, this host, a process that may have
//! died. The bottom of the safety modules (`store`, `lock`, `recovery` all ask it).

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds now.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Who we are: `$USER`, `$LOGNAME`, else the name of our uid in /etc/passwd.
pub fn user_name() -> String {
    if let Ok(u) = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")) {
        return u;
    }
    use std::os::unix::fs::MetadataExt;
    let Ok(uid) = std::fs::metadata("/proc/self").map(|m| m.uid()) else {
        return "unknown".into();
    };
    crate::store::read_file_text(Path::new("/etc/passwd"), crate::store::FileKind::System)
        .ok()
        .and_then(|p| {
            p.lines().find_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.len() > 2 && f[2] == uid.to_string()).then(|| f[0].to_string())
            })
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}

/// The user id files we create belong to.
#[cfg(unix)]
pub fn effective_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// This machine's name, to tell a lock taken here from one taken on another host.
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let name = rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .trim()
            .to_string();
        if !name.is_empty() {
            return name;
        }
    }
    std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".into())
}

/// Is process `pid` on this host still running? Asked with `kill(pid, 0)`, which every Unix
/// has (reading `/proc` works on Linux only). Refused for lack of permission means the process
/// exists (another user's); only "no such process" is dead. A pid that is not positive names no
/// single process (0 and negatives name process groups), so its lock is stale.
#[cfg(unix)]
pub fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .filter(|&p| p > 0)
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    }
}

/// Without `kill`, a process cannot be asked after: trust the lock, as for another host's.
#[cfg(not(unix))]
pub fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_reaped_child_is_dead_and_our_parent_init_and_we_are_alive() {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        assert!(!process_alive(dead));
        // Our parent may be another user's: refused for lack of permission is alive too.
        assert!(process_alive(std::os::unix::process::parent_id()));
        assert!(process_alive(1) && process_alive(std::process::id()));
        // 0 and pids past i32::MAX would name process groups to kill(): no single owner.
        assert!(!process_alive(0) && !process_alive(u32::MAX - 7));
    }
}
