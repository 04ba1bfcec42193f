use super::*;
use crate::doc::{Edit, OnRefusal};
use crate::markup::serialize_unchecked;
use crate::scheme::Scheme;
use crate::store::DiskStamp;

#[test]
fn journal_replays_changes_undo_and_redo() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.txt");
    let src = "我们会收集手机号码#旧#";
    std::fs::write(&file, src).unwrap();
    let jpath = dir.path().join("j.jsonl");
    let scheme = Scheme::default();
    let load = || {
        let mut b = Buffer::from_markup(src, &scheme, Some(file.clone()), "p".into());
        b.disk = Some(DiskStamp::of(&file, src.as_bytes()));
        b
    };
    let mut b = load();
    let header = Header {
        v: 1,
        file: file.display().to_string(),
        base_hash: b.disk.unwrap().hash,
        base_len: src.len() as u64,
        started: now_secs(),
        pid: 1,
        user: "t".into(),
    };
    let mut j = Journal::create(&jpath, &header).unwrap();
    let one = |b: &mut Buffer, edit: Edit, before, after| {
        b.apply(&[edit], OnRefusal::RollBack, before, after)
            .unwrap();
    };
    one(
        &mut b,
        Edit::Tag {
            role: 2,
            start: 5,
            end: 9,
        },
        0,
        5,
    );
    one(
        &mut b,
        Edit::Tag {
            role: 0,
            start: 0,
            end: 2,
        },
        5,
        0,
    );
    b.undo();
    let note = Edit::AddNote {
        pos: 3,
        text: "新".into(),
    };
    one(&mut b, note, 0, 3);
    for ev in std::mem::take(&mut b.pending) {
        if let Some(r) = record_of(&b, &ev) {
            j.write(&r).unwrap();
        }
    }
    j.sync_now().unwrap();
    // A torn last line, as if killed mid-write.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&jpath)
        .unwrap()
        .write_all(b"{\"op\":\"do\",\"t\":1,\"spl")
        .unwrap();

    let lines = std::fs::read_to_string(&jpath).unwrap();
    let mut records = Vec::new();
    for l in lines.lines().skip(1) {
        match serde_json::from_str::<Record>(l) {
            Ok(r) => records.push(r),
            Err(_) => break,
        }
    }
    assert_eq!(records.len(), 4);
    let found = Found {
        path: jpath,
        header,
        records,
        last: 0,
    };
    let mut fresh = load();
    replay(&mut fresh, &found).unwrap();
    assert_eq!(serialize_unchecked(&fresh.doc), serialize_unchecked(&b.doc));
    assert_eq!(
        serialize_unchecked(&fresh.doc),
        "我们会#新#收集<手机号码>#旧#"
    );
    assert!(fresh.is_modified());
    fresh.undo();
    fresh.undo();
    assert_eq!(
        serialize_unchecked(&fresh.doc),
        src,
        "history came back too"
    );

    let mut other = load();
    other.disk = Some(DiskStamp::of(&file, b"something else"));
    assert!(
        replay(&mut other, &found)
            .unwrap_err()
            .contains("changed on disk")
    );
}
