//! The keystroke benchmark's proof: the key sequence it finds, replayed as one `--keys` script on
//! a fresh editor, gives back the reference file. On the start of a bundled annotated sample
//! (small: a debug build runs it in seconds); the whole corpus is the example's job.

use ptag::keystrokes::{Options, measure};
use ptag::scheme::Scheme;

fn sample_head(lines: usize) -> String {
    let src = include_str!("../sample-policies/jd-annotated.txt");
    src.lines().take(lines).map(|l| format!("{l}\n")).collect()
}

#[test]
fn the_shortest_key_sequences_replay_to_the_reference_file() {
    let src = sample_head(12);
    for before in [false, true] {
        let opts = Options {
            before,
            size: (100, 30),
            no_lists: false,
            no_jump: false,
        };
        let r = measure(&src, &Scheme::default(), &opts);
        assert!(
            r.per_tag.len() >= 5,
            "the sample's head has tags: {}",
            r.per_tag.len()
        );
        assert_eq!(r.unreached, 0);
        assert!(
            r.reproduced,
            "before={before}: the replay differs; script: {}",
            r.script
        );
        let keys: usize = r.per_tag.iter().map(|t| t.1).sum();
        assert!(keys >= r.per_tag.len(), "at least one key a tag");
        assert_eq!(
            keys,
            ptag::keymap::parse_key_script(&r.script).unwrap().len(),
            "the count is the script's length"
        );
    }
}

#[test]
fn a_list_tagged_in_one_step_shares_its_keys_and_replays() {
    // Four data tags in an enumeration: `m` + the role key on one selection makes them all.
    let src = "我们会收集<唯一设备识别码>、<移动网络接入方式>、<浏览器类型版本>和<操作系统语言设置>用于安全风控。\n";
    let opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let r = measure(src, &Scheme::default(), &opts);
    assert!(r.reproduced, "the replay differs; script: {}", r.script);
    assert_eq!(r.per_tag.len(), 4);
    assert!(r.script.contains(" m d"), "list tagging used: {}", r.script);
    let keys: usize = r.per_tag.iter().map(|t| t.1).sum();
    assert_eq!(
        keys,
        ptag::keymap::parse_key_script(&r.script).unwrap().len(),
        "the count is the script's length"
    );
    assert!(
        r.per_tag.iter().filter(|t| t.1 == 0).count() >= 2,
        "tags made along with the first cost nothing more: {:?}",
        r.per_tag
    );
}
