//! Model tests for jump labels: which words get labels, which label each gets, and where a
//! label (one letter or two) takes the cursor and the selection.

use super::*;
use crate::app::test_support::*;

fn app(src: &str) -> App {
    app_with(src, Keymap::default_for(&Scheme::default()))
}

#[test]
fn labels_are_one_letter_for_the_nearest_26_then_a_capital_and_a_letter() {
    assert_eq!(jump_label(0).as_deref(), Some("a"));
    assert_eq!(jump_label(25).as_deref(), Some("m"));
    assert_eq!(jump_label(26).as_deref(), Some("Aa"));
    assert_eq!(jump_label(51).as_deref(), Some("Am"));
    assert_eq!(jump_label(52).as_deref(), Some("Sa"));
    assert_eq!(jump_label(JUMP_MAX - 1).as_deref(), Some("Mm"));
    assert_eq!(jump_label(JUMP_MAX), None);
    // No label is the start of another: a typed letter is never ambiguous.
    let all: Vec<String> = (0..JUMP_MAX).filter_map(jump_label).collect();
    for a in &all {
        for b in &all {
            assert!(a == b || !b.starts_with(a.as_str()), "{a} starts {b}");
        }
    }
}

#[test]
fn targets_are_word_starts_after_the_cursor_without_punctuation() {
    let mut a = app("我们会收集您的手机号码，用于创建账户。");
    let t = a.jump_targets();
    // Words: 我们 会 收集 您 的 手机号码 ， 用于 创建 账户 。 — the comma and the stop get none,
    // nor do the lead-in words 会 and 您的 (a role key there tags the word after them).
    let starts: Vec<String> = t
        .iter()
        .map(|&p| a.buf().doc.text.slice(p..p + 1).to_string())
        .collect();
    assert_eq!(starts.join(""), "收手用创账");
    // The label hides its word's first char: the bottom line names the nearest labels' words.
    keys(&mut a, "-");
    assert!(
        msg(&a).starts_with("jump to: a 收集  s 手机号码  d 用于  f 创建"),
        "{}",
        msg(&a)
    );
    keys(&mut a, "<Esc>");
    keys(&mut a, "- f");
    assert_eq!(a.view().cursor, 14, "the 4th label (f) is on 创建");
    assert_eq!(a.selection(), None);
    assert_eq!(a.mode, Mode::Normal);
    // Selecting, a lead-in word's end is a place a selection may end: it keeps its label.
    let mut a = app("我们会收集您的手机号码，用于创建账户。");
    keys(&mut a, "v");
    let ends: Vec<usize> = a.jump_targets();
    assert!(ends.contains(&2), "会's end: {ends:?}");
}

#[test]
fn in_selection_mode_labels_sit_on_word_ends_and_the_jump_selects() {
    let mut a = app("我们会收集您的手机号码，用于创建账户。");
    keys(&mut a, "w w w w w v");
    assert_eq!(a.view().cursor, 7, "on 手");
    // Ends after the cursor: 码 (of 手机号码), 于, 建, 户.
    assert_eq!(a.jump_targets(), vec![10, 13, 15, 17]);
    keys(&mut a, "- a d");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>，用于创建账户。");
}

#[test]
fn an_emacs_region_jump_ends_just_past_the_word() {
    let mut km = Keymap::default_for(&Scheme::default());
    km.merge_json(crate::keymap::EMACS_KEYMAP, "emacs", &Scheme::default())
        .unwrap();
    let mut a = app_with("我们会收集您的手机号码，用于创建账户。", km);
    a.view_mut().cursor = 7;
    keys(&mut a, "<C-Space> - a d");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>，用于创建账户。");
}

#[test]
fn two_key_labels_narrow_then_jump_and_other_keys_cancel() {
    // 36 two-char words on one line: the 27th and later have two-key labels.
    let line: String = (0..36).map(|_| "收集").collect::<Vec<_>>().join("，");
    let mut a = app(&line);
    a.size = (200, 10);
    assert_eq!(a.jump_targets().len(), 35);
    keys(&mut a, "- A");
    assert!(matches!(
        a.mode,
        Mode::Jump {
            prefix: Some('A'),
            ..
        }
    ));
    let shown = a.jump_labels_shown();
    assert_eq!(shown.len(), 9, "only the A group, by its second letter");
    assert_eq!(shown[0], (81, "a".to_string()));
    keys(&mut a, "s");
    assert_eq!(a.view().cursor, 84, "As: the 28th word after the cursor");
    assert_eq!(a.mode, Mode::Normal);
    keys(&mut a, "- <Esc>");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.view().cursor, 84);
    assert_eq!(msg(&a), "jump cancelled");
    // A capital with no such group cancels too.
    keys(&mut a, "- M");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(msg(&a), "no such label: jump cancelled");
}

#[test]
fn only_what_is_on_screen_gets_labels() {
    // 10 rows: 8 of text. Lines 1..=20, one word each after the first.
    let src: String = (1..=20).map(|i| format!("收集{i}\n")).collect();
    let mut a = app(&src);
    a.scroll_to_cursor();
    let t = a.jump_targets();
    let end = a.screen_end();
    assert!(t.iter().all(|&p| p < end), "{t:?} < {end}");
    let last_line = a.buf().doc.text.char_to_line(*t.last().unwrap());
    assert_eq!(last_line, 7, "the 8th line is the last on screen");
    // With nothing after the cursor on screen, the jump says so.
    keys(&mut a, "G $ - ");
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(msg(&a), "no word after the cursor on screen");
}

#[test]
fn a_suggestion_that_starts_inside_a_word_gets_a_label_on_its_start() {
    // 号码 was tagged: the lexicon suggests it inside 手机号码, where jieba has no word start.
    let mut a = app("<号码>\n请提供手机号码。");
    keys(&mut a, "j 0");
    let line = a.view().cursor;
    let at = line + 5;
    assert!(
        a.suggestions(line..line + 8)
            .iter()
            .any(|x| x.range == (at..at + 2)),
        "the lexicon suggests 号码 in 手机号码"
    );
    let t = a.jump_targets();
    let i = t.iter().position(|&p| p == at).expect("a label on 号");
    keys(&mut a, "-");
    let label = jump_label(i).unwrap();
    assert!(
        msg(&a).contains(&format!("{label} 号码")),
        "the bottom line names it from its start: {}",
        msg(&a)
    );
    keys(&mut a, &label);
    assert_eq!(a.view().cursor, at);
    keys(&mut a, "y");
    assert_eq!(markup(&a), "<号码>\n请提供手机<号码>。");
}

#[test]
fn a_jump_back_labels_the_words_before_the_cursor_nearest_first() {
    let mut a = app("我们会收集您的手机号码，用于创建账户。");
    keys(&mut a, "$");
    // Before 。: 账户 创建 用于 手机号码 收集 我们, nearest first; no 会 您 的 (lead-ins).
    let t = a.jump_targets_back();
    let starts: String = t
        .iter()
        .map(|&p| a.buf().doc.text.slice(p..p + 1).to_string())
        .collect();
    assert_eq!(starts, "账创用手收我");
    keys(&mut a, "_");
    assert!(
        msg(&a).starts_with("jump back to: a 账户  s 创建"),
        "{}",
        msg(&a)
    );
    keys(&mut a, "g");
    assert_eq!(a.view().cursor, 3, "the 5th label (g) is on 收集");
    // Then a role key tags there, as after a forward jump.
    keys(&mut a, "s");
    assert_eq!(markup(&a), "我们会[收集]您的手机号码，用于创建账户。");
    // Nothing before the cursor: said, no labels.
    keys(&mut a, "g _");
    assert_eq!(a.mode, Mode::Normal);
    assert!(msg(&a).contains("no word before the cursor"), "{}", msg(&a));
}
