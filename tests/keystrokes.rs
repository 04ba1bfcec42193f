//! The keystroke benchmark's proof: the key sequence it finds, replayed as one `--keys` script on
//! a fresh editor, gives back the reference file. On the start of a bundled annotated sample
//! (small: a debug build runs it in seconds); the whole corpus is the example's job.

use ptag::keystrokes::{Options, measure, measure_with_model};
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

/// A model trained on a tiny tagged text where 手机号码 is always data, offering all it finds.
fn phone_model(scheme: &Scheme) -> std::sync::Arc<ptag::suggest::Model> {
    let tagged = "(我们)[收集]您的<手机号码>。\n(我们)[使用]您的<手机号码>。\n".repeat(4);
    let doc = ptag::markup::parse(&tagged, scheme);
    let mut model = ptag::suggest::train::train(
        &[doc],
        scheme,
        &ptag::suggest::train::TrainOptions::default(),
    )
    .expect("a model from the tagged text");
    // One calibration point: every span the learner finds is offered (as in tests/screen.rs).
    model.calibration = ptag::suggest::calibrate::Calibration {
        points: vec![(0.0, 0.83)],
        ..Default::default()
    };
    std::sync::Arc::new(model)
}

#[test]
fn with_a_model_its_suggestion_is_reached_and_the_replay_holds() {
    // 手机号码 is the file's first data tag: its own lexicon has nothing to offer, the model has
    // (`;` onto it and `y`, where a label and the role key take three keys).
    let src = "(我们)会保存您的<手机号码>。\n";
    let scheme = Scheme::default();
    let opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let model = phone_model(&scheme);
    let plain = measure(src, &scheme, &opts);
    let with = measure_with_model(src, &scheme, &opts, Some(&model));
    assert!(
        with.reproduced,
        "the replay differs; script: {}",
        with.script
    );
    assert!(
        with.script.split(' ').any(|k| k == ";"),
        "the suggestion reached with `;`: {}",
        with.script
    );
    let keys = |r: &ptag::keystrokes::FileResult| r.per_tag.iter().map(|t| t.1).sum::<usize>();
    assert!(
        keys(&with) < keys(&plain),
        "{} ({}) < {} ({})",
        keys(&with),
        with.script,
        keys(&plain),
        plain.script
    );
}

#[test]
fn a_near_miss_is_accepted_then_resized() {
    // The model suggests 手机号码; the tag is 号码: `y` and two `J` (the start in a char each)
    // beat selecting 号码 by hand.
    let src = "我们会保存您的手机<号码>和邮箱。\n";
    let scheme = Scheme::default();
    let opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let r = measure_with_model(src, &scheme, &opts, Some(&phone_model(&scheme)));
    assert!(r.reproduced, "the replay differs; script: {}", r.script);
    assert!(r.script.ends_with("y J J"), "{}", r.script);
}

#[test]
fn a_tag_a_page_further_down_is_reached_by_paging() {
    // 40 identical lines: no search tells them apart; a page down and a label do.
    let mut src = "我们会收集您的手机号码。\n".repeat(40);
    src.push_str("我们会收集您的<手机号码>。\n");
    let opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let r = measure(&src, &Scheme::default(), &opts);
    assert!(r.reproduced, "the replay differs; script: {}", r.script);
    assert!(
        r.script.contains("<C-f>") || r.script.contains("<C-d>"),
        "{}",
        r.script
    );
    let keys: usize = r.per_tag.iter().map(|t| t.1).sum();
    assert!(keys <= 8, "{keys} keys: {}", r.script);
}

#[test]
fn every_suggestion_of_a_text_is_accepted_at_once_when_all_are_tags() {
    let src =
        "(我们)会保存您的<手机号码>。\n您的<手机号码>。\n您的<手机号码>。\n您的<手机号码>。\n";
    let scheme = Scheme::default();
    let opts = Options {
        before: false,
        size: (100, 30),
        no_lists: false,
        no_jump: false,
    };
    let r = measure_with_model(src, &scheme, &opts, Some(&phone_model(&scheme)));
    assert!(r.reproduced, "the replay differs; script: {}", r.script);
    assert!(r.script.contains("Y y"), "{}", r.script);
    assert_eq!(
        r.per_tag.iter().filter(|t| t.1 == 0).count(),
        3,
        "three tags made along with the first: {:?}",
        r.per_tag
    );
}
