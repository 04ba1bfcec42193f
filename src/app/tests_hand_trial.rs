//! Bugs an annotator met tagging by hand (issue 28), each as the keys that showed it.

use super::test_support::*;

#[test]
fn undo_takes_back_what_the_tag_taught() {
    let mut a = app("我们会收集您的信息。\n我们会使用您的信息。");
    keys(&mut a, "W d");
    assert!(a.lexicon().get("我们").is_some_and(|e| e.total() == 1));
    keys(&mut a, "u j");
    assert!(
        !msg(&a).contains("我们"),
        "an undone tag is still suggested: {}",
        msg(&a)
    );
    assert!(a.lexicon().get("我们").is_none_or(|e| e.total() == 0));
    // Redo teaches it again.
    keys(&mut a, "k <C-r>");
    assert!(a.lexicon().get("我们").is_some_and(|e| e.total() == 1));
}

#[test]
fn g_goes_to_the_last_line_not_past_the_final_newline() {
    let mut a = app("我们会收集您的信息。\n我们会使用您的信息。\n");
    keys(&mut a, "G");
    let doc = &a.buf().doc;
    assert_eq!(doc.text.char_to_line(a.view().cursor), 1);
    assert_eq!(doc.line_count(), 2);
    // `j` on the last line stays there, and `:9` too.
    keys(&mut a, "j j");
    assert_eq!(a.buf().doc.text.char_to_line(a.view().cursor), 1);
    keys(&mut a, ": 9 <Enter>");
    assert_eq!(a.buf().doc.text.char_to_line(a.view().cursor), 1);
}
