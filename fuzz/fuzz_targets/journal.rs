//! The recovery journal reader on arbitrary bytes: read and replayed onto a fixed policy, it is
//! restored or refused, never a panic, and an accepted replay never changes the policy text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::doc::Buffer;
use ptag::recovery::{Found, Header, parse_journal, replay};
use ptag::scheme::Scheme;
use ptag::store::DiskStamp;
use std::path::{Path, PathBuf};

const POLICY: &str = "(我们)会收集<手机号码>#注#\n用于{创建账户}。\n";

fuzz_target!(|data: &[u8]| {
    let Some((_, records)) = parse_journal(data) else {
        return;
    };
    let scheme = Scheme::default();
    let mut buf = Buffer::from_markup(POLICY, &scheme, Some(PathBuf::from("p.txt")), "p".into());
    let stamp = DiskStamp::of(Path::new("p.txt"), POLICY.as_bytes());
    buf.disk = Some(stamp);
    let before = buf.doc.text.to_string();
    let found = Found {
        path: PathBuf::from("j.jsonl"),
        header: Header {
            v: 1,
            file: "p.txt".into(),
            base_hash: stamp.hash,
            base_len: POLICY.len() as u64,
            started: 0,
            pid: 0,
            user: "fuzz".into(),
        },
        records,
        last: 0,
    };
    if replay(&mut buf, &found).is_ok() {
        assert_eq!(buf.doc.text.to_string(), before);
    }
});
