//! Model tests of the recovery journal: offered, restored, kept aside, never written through.

use super::*;
use crate::app::test_support::*;

/// A journal for `file` in `data`, written as another process (`pid`) would have left it.
fn plant_journal(data: &std::path::Path, file: &std::path::Path, pid: u32, extra: &[&str]) {
    let jpath = crate::recovery::journal_path(data, file).unwrap();
    let bytes = std::fs::read(file).unwrap();
    let header = crate::recovery::Header {
        v: 1,
        file: file.display().to_string(),
        base_hash: crate::store::content_hash(&bytes),
        base_len: bytes.len() as u64,
        started: 1,
        pid,
        user: "other".into(),
    };
    let mut text = serde_json::to_string(&header).unwrap() + "\n";
    text.push_str(
        r#"{"op":"do","t":2,"splices":[{"at":0,"removed":[],"inserted":[{"start":0,"end":2,"depth":0,"role":0,"note":null}]}],"cursor_before":0,"cursor_after":0}"#,
    );
    text.push('\n');
    for line in extra {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::create_dir_all(jpath.parent().unwrap()).unwrap();
    std::fs::write(&jpath, text).unwrap();
}

/// A data folder, and a policy `p.txt` holding `text` in a folder of its own (`dir`); `j` is
/// where the data folder keeps its journal.
struct Setup {
    data: tempfile::TempDir,
    dir: tempfile::TempDir,
    p: std::path::PathBuf,
    j: std::path::PathBuf,
}

fn policy_in_temp(text: &str) -> Setup {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, text).unwrap();
    let j = crate::recovery::journal_path(data.path(), &p).unwrap();
    Setup { data, dir, p, j }
}

/// The journals moved aside beside journal `j`.
fn kept_aside(j: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(j.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|x| x.to_string_lossy().contains(".kept-"))
        .collect()
}

/// A pid no process has (above the kernel's pid_max).
const DEAD_PID: u32 = 4_000_000_000;

#[test]
fn a_journal_whose_writer_is_alive_is_never_offered_or_touched() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp("我们会收集手机号码");
    // pid 1 is always running: its journal is live work, not ours.
    plant_journal(data.path(), &p, 1, &[]);
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "a live owner's journal was offered"
    );
    assert_ne!(a.mode, Mode::Recover);
    assert!(j.exists(), "the live journal is still there");
}

#[test]
fn a_read_only_second_instance_does_not_see_the_first_ones_journal() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp(S);
    let mut first = app_on_with(vec![p.clone()], data.path());
    keys(&mut first, "d");
    assert!(j.exists(), "the first instance journals its edit");
    let mut second = app_on_with(vec![p.clone()], data.path());
    assert!(second.buf().read_only.is_some());
    assert!(
        second.recoveries.is_empty(),
        "offered the first one's live work"
    );
    keys(&mut second, "d q");
    assert!(
        j.exists(),
        "the first instance's journal survives the second"
    );
}

#[test]
fn a_journal_that_cannot_be_restored_is_kept_aside_and_not_overwritten() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp("我们会收集手机号码");
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let planted = std::fs::read_to_string(&j).unwrap();
    // The file changes behind the journal's back: the work no longer fits it.
    std::fs::write(&p, "别的文本。").unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    assert_eq!(a.mode, Mode::Recover);
    keys(&mut a, "r");
    assert!(msg(&a).contains("kept at"), "{}", msg(&a));
    let kept = kept_aside(&j);
    assert_eq!(kept.len(), 1, "{kept:?}");
    keys(&mut a, "w d");
    assert_eq!(
        std::fs::read_to_string(&kept[0]).unwrap(),
        planted,
        "the kept journal is untouched by the next edit"
    );
}

#[test]
fn a_journal_left_by_a_completed_save_is_not_offered() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp("我们会收集手机号码");
    let saved = "(我们)会收集手机号码";
    let hash = crate::store::content_hash(saved.as_bytes());
    let saving = format!(r#"{{"op":"saving","t":3,"hash":{hash}}}"#);
    plant_journal(data.path(), &p, DEAD_PID, &[&saving]);
    // Killed after the rename, before the journal went: the file holds the saved bytes.
    std::fs::write(&p, saved).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "offered work that is already saved"
    );
    assert!(!j.exists(), "the stale journal is retired");
}

#[test]
fn a_symlink_at_the_journal_path_is_never_written_through() {
    let Setup { data, dir, p, j } = policy_in_temp(S);
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::fs::create_dir_all(j.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&victim, &j).unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    keys(&mut a, "d");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !std::fs::symlink_metadata(&j)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the journal is a file of its own"
    );
}

#[test]
fn a_journal_with_a_damaged_header_is_kept_aside_and_the_user_told_where() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp("我们会收集手机号码");
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let damaged = std::fs::read_to_string(&j)
        .unwrap()
        .replacen("{\"v\"", "{\"v", 1);
    std::fs::write(&j, &damaged).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(a.recoveries.is_empty());
    assert!(msg(&a).contains("kept at"), "{}", msg(&a));
    let kept = kept_aside(&j);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), damaged);
}

#[test]
fn temp_files_of_killed_saves_are_swept_at_start_but_a_live_one_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.txt");
    std::fs::write(&p, S).unwrap();
    let dead = dir.path().join(format!(".ptag-save-{DEAD_PID}-abc.tmp"));
    let live = dir.path().join(".ptag-save-1-def.tmp");
    std::fs::write(&dead, "half a save").unwrap();
    std::fs::write(&live, "a save in progress").unwrap();
    let _a = app_on_file(&p);
    assert!(!dead.exists(), "a dead owner's temp file stays");
    assert!(live.exists(), "a running save's temp file was removed");
}

#[test]
fn a_journal_folder_anyone_may_write_to_is_neither_read_nor_written() {
    use std::os::unix::fs::PermissionsExt;
    let Setup {
        data,
        dir: _dir,
        p,
        j: _,
    } = policy_in_temp(S);
    plant_journal(data.path(), &p, DEAD_PID, &[]);
    let folder = data.path().join("recovery");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    assert!(
        a.recoveries.is_empty(),
        "read a journal from a world-writable folder"
    );
    let planted = std::fs::read_dir(&folder).unwrap().count();
    keys(&mut a, "d");
    assert!(msg(&a).contains("writable by everyone"), "{}", msg(&a));
    assert_eq!(
        std::fs::read_dir(&folder).unwrap().count(),
        planted,
        "wrote there"
    );
    drop(a);
    // Another user's folder is refused the same way (only root can make one to test with).
    if crate::owner::effective_uid() == 0 {
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::os::unix::fs::chown(&folder, Some(65534), None).unwrap();
        let b = app_on_with(vec![p.clone()], data.path());
        assert!(b.buf().read_only.is_none());
        assert!(
            b.recoveries.is_empty(),
            "read a journal from another user's folder"
        );
    }
}

#[test]
fn work_undone_back_to_the_file_is_not_offered_after_a_crash() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp(S);
    let mut a = app_on_with(vec![p.clone()], data.path());
    keys(&mut a, "d u");
    assert!(j.exists(), "the tag and its undo are journaled");
    drop(a); // killed: no finish, the journal stays
    let b = app_on_with(vec![p.clone()], data.path());
    assert!(b.recoveries.is_empty(), "offered work that changes nothing");
    assert!(!j.exists(), "the empty-handed journal is retired");
}

/// The journal's records, read as start-up would.
fn records_in(j: &std::path::Path) -> Vec<crate::recovery::Record> {
    crate::recovery::parse_journal(&std::fs::read(j).unwrap())
        .unwrap()
        .1
}

/// Issue 24, item 1, on the app state: A tags, B takes the file over and tags, A saves. A's
/// save is refused (naming who took over and what A can do), A's quit without saving removes
/// only A's journal, and after B is gone without saving its work is offered back and restored.
#[test]
fn after_a_takeover_the_old_holders_save_is_refused_and_the_new_holders_work_survives() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp(S);
    let mut a = app_on_with(vec![p.clone()], data.path());
    keys(&mut a, "d");
    assert!(j.exists(), "A's journal");
    let mut b = app_on_with(vec![p.clone()], data.path());
    assert!(b.buf().read_only.is_some(), "A holds the file");
    keys(&mut b, ": takeover <Enter>");
    assert!(msg(&b).contains("saves will be refused"), "{}", msg(&b));
    keys(&mut b, "w w d");
    let b_work = markup(&b);
    assert_ne!(b_work, S);
    assert_eq!(records_in(&j).len(), 1, "B's journal holds B's tag");

    keys(&mut a, "<C-s>");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), S, "A's save refused");
    let refusal = msg(&a);
    assert!(
        refusal.contains("NOT saved") && refusal.contains("took it over"),
        "{refusal}"
    );
    assert!(
        refusal.contains(":w OTHER_PATH") && refusal.contains(":takeover"),
        "says what A can do: {refusal}"
    );
    assert!(a.buf().is_modified(), "A's work is still in A's editor");
    assert!(a.buf().read_only.is_some(), "A no longer edits the file");

    // A gives up without saving: A's own journal goes, B's stays whole.
    keys(&mut a, "q n");
    assert!(a.should_quit);
    a.finish();
    drop(a);
    assert_eq!(records_in(&j).len(), 1, "B's journal untouched by A");
    assert!(kept_aside(&j).is_empty(), "A's discarded journal went");

    // B goes without saving (in a test the lock is released; a killed B leaves it stale).
    drop(b);
    let mut c = app_on_with(vec![p.clone()], data.path());
    assert_eq!(c.mode, Mode::Recover, "{}", msg(&c));
    keys(&mut c, "r <C-s>");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), b_work);
}

/// A, whose lock was taken, tags again: the edit stays in A's editor but A's journal is never
/// put where B's is (that would move B's live journal aside, and B's crash would then offer
/// A's work instead of B's), and A is told at once.
#[test]
fn an_annotator_whose_lock_was_taken_never_displaces_the_new_holders_journal() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp(S);
    let mut a = app_on_with(vec![p.clone()], data.path());
    let mut b = app_on_with(vec![p.clone()], data.path());
    keys(&mut b, ": takeover <Enter> w w d");
    let b_journal = std::fs::read(&j).unwrap();
    keys(&mut a, "d");
    assert_eq!(
        std::fs::read(&j).unwrap(),
        b_journal,
        "B's journal in place"
    );
    assert!(msg(&a).contains("took it over"), "{}", msg(&a));
    assert!(a.buf().read_only.is_some());
    assert_eq!(kept_aside(&j).len(), 1, "A's edit is journaled beside it");
    keys(&mut b, "<C-s>");
    assert!(msg(&b).contains("saved"), "B saves: {}", msg(&b));
    assert!(!j.exists(), "B's saved journal goes");
    assert_eq!(kept_aside(&j).len(), 1, "A's is A's to remove");
    keys(&mut a, "q n");
    assert!(kept_aside(&j).is_empty(), "A discarded its own");
}

/// An empty journal is one being created this instant (its header not written yet) or one
/// left by a kill in that instant long ago: only the old one is cleared at start.
#[test]
fn an_empty_journal_is_cleared_only_once_it_is_old() {
    let Setup {
        data,
        dir: _dir,
        p,
        j,
    } = policy_in_temp(S);
    std::fs::create_dir_all(j.parent().unwrap()).unwrap();
    let empty = std::fs::File::create(&j).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(
        j.exists(),
        "a journal being written this instant is left alone"
    );
    drop(a);
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    empty.set_modified(long_ago).unwrap();
    let a = app_on_with(vec![p.clone()], data.path());
    assert!(!j.exists(), "an old empty journal is cleared");
    assert!(a.recoveries.is_empty());
}

/// A lock file that cannot be read as a lock is not cleared as stale (that is how two editors
/// came to hold one file): the file opens read-only saying why, and `:takeover` still works.
#[test]
fn a_garbage_lock_opens_the_file_read_only_until_taken_over() {
    let Setup {
        data, dir: _dir, p, ..
    } = policy_in_temp(S);
    let lock = crate::lock::lock_path(&p);
    std::fs::write(&lock, "{\"user\":").unwrap();
    let mut a = app_on_with(vec![p.clone()], data.path());
    assert!(a.buf().read_only.is_some());
    assert!(
        msg(&a).contains("not a ptag lock") && msg(&a).contains(":takeover"),
        "{}",
        msg(&a)
    );
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), "{\"user\":");
    keys(&mut a, ": takeover <Enter> d <C-s>");
    assert_ne!(
        std::fs::read_to_string(&p).unwrap(),
        S,
        "saved after the takeover"
    );
}

/// The journal where start-up looks is the lock holder's: A, taking the file back, takes its
/// journal back there too (whether A journaled before losing the file or only after), so A's
/// work is what a crash of A offers.
#[test]
fn taking_a_file_back_takes_its_journal_back_too() {
    for a_tags_first in [true, false] {
        let Setup {
            data,
            dir: _dir,
            p,
            j,
        } = policy_in_temp(S);
        let mut a = app_on_with(vec![p.clone()], data.path());
        if a_tags_first {
            keys(&mut a, "1 d");
        }
        let mut b = app_on_with(vec![p.clone()], data.path());
        keys(&mut b, ": takeover <Enter> w w 1 d");
        if !a_tags_first {
            keys(&mut a, "1 d");
            assert!(a.buf().read_only.is_some(), "A told the file was taken");
        }
        keys(&mut a, ": takeover <Enter> w w w w 1 d");
        let a_work = markup(&a);
        assert_eq!(records_in(&j).len(), 2, "A's two tags where start-up looks");
        keys(&mut b, "q n");
        assert_eq!(records_in(&j).len(), 2, "B's discard leaves A's journal");
        assert!(kept_aside(&j).is_empty(), "B's own journal went");
        drop(a);
        let mut c = app_on_with(vec![p.clone()], data.path());
        keys(&mut c, "r <C-s>");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), a_work);
    }
}
