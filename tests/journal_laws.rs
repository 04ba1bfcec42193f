//! The recovery journal is untrusted input: whatever bytes it holds, reading and replaying it
//! never panics, and a replay that is accepted never changes the policy text (only its tags).
//! `fuzz/fuzz_targets/journal.rs` runs the same law under libFuzzer.

use proptest::prelude::*;
use ptag::doc::Buffer;
use ptag::markup::serialize_unchecked;
use ptag::recovery::{Found, Header, Record, parse_journal, replay};
use ptag::scheme::Scheme;
use ptag::store::DiskStamp;
use std::path::PathBuf;

const POLICY: &str = "(我们)会收集<手机号码>#注#\n用于{创建账户}。\n";

/// Replays `records` on a fresh buffer of POLICY; the law holds whatever the records say.
fn replay_law(records: Vec<Record>) {
    let scheme = Scheme::default();
    let mut buf = Buffer::from_markup(POLICY, &scheme, Some(PathBuf::from("p.txt")), "p".into());
    let stamp = DiskStamp::of(std::path::Path::new("p.txt"), POLICY.as_bytes());
    buf.disk = Some(stamp);
    let text_before = buf.doc.text.to_string();
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
        assert_eq!(
            buf.doc.text.to_string(),
            text_before,
            "a replay changed the text"
        );
        // Whatever it did reads back as markup.
        let m = serialize_unchecked(&buf.doc);
        let again = ptag::markup::parse(&m, &scheme);
        assert_eq!(again.text.to_string(), text_before);
        // And it undoes back to the start.
        while buf.undo().is_some() {}
        assert_eq!(serialize_unchecked(&buf.doc), POLICY);
    }
}

/// Records in the journal's own shape, with hostile numbers, roles and texts.
fn record() -> impl Strategy<Value = String> {
    let num = prop_oneof![
        0u64..40,
        Just(u64::MAX),
        Just(u32::MAX as u64),
        Just(u32::MAX as u64 + 1)
    ];
    let item = (num.clone(), num.clone(), 0u64..4, prop::option::of(0u64..200), prop::option::of("[#a-z我们]{0,4}")).prop_map(
        |(start, end, depth, role, note)| {
            serde_json::json!({"start": start, "end": end, "depth": depth, "role": role, "note": note})
        },
    );
    let splice = (num.clone(), prop::collection::vec(item.clone(), 0..3), prop::collection::vec(item, 0..3))
        .prop_map(|(at, removed, inserted)| serde_json::json!({"at": at, "removed": removed, "inserted": inserted}));
    prop_oneof![
        prop::collection::vec(splice, 0..3).prop_map(|s| {
            serde_json::json!({"op": "do", "t": 1, "splices": s, "cursor_before": 0, "cursor_after": 3}).to_string()
        }),
        "[()<>{}\\[\\]#我们会收集手机号码用于创建账户。\n]{0,30}".prop_map(|after| {
            serde_json::json!({"op": "do", "t": 1, "before": POLICY, "after": after, "cursor_before": 0, "cursor_after": 0}).to_string()
        }),
        Just(r#"{"op":"undo","t":1}"#.to_string()),
        Just(r#"{"op":"redo","t":1}"#.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn any_bytes_read_as_a_journal_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Some((_, records)) = parse_journal(&bytes) {
            replay_law(records);
        }
    }

    #[test]
    fn hostile_records_never_panic_nor_change_the_text(lines in prop::collection::vec(record(), 0..6)) {
        let header = r#"{"v":1,"file":"p.txt","base_hash":0,"base_len":0,"started":0,"pid":0,"user":"u"}"#;
        let text = std::iter::once(header.to_string()).chain(lines).collect::<Vec<_>>().join("\n");
        let (_, records) = parse_journal(text.as_bytes()).expect("the header parses");
        replay_law(records);
    }
}
