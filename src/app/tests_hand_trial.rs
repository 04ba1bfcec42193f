//! Bugs an annotator met tagging by hand (issue 28), each as the keys that showed it.

use super::Mode;
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

#[test]
fn list_tagging_leaves_the_cursor_after_the_list_and_calls_them_items() {
    let mut a = app("收集姓名、性别和手机号码。");
    keys(&mut a, "w v $ m d");
    assert_eq!(markup(&a), "收集<姓名>、<性别>和<手机号码>。");
    assert_eq!(msg(&a), "tagged 3 items as data 数据");
    let after_last = "收集姓名、性别和手机号码".chars().count();
    assert_eq!(a.view().cursor, after_last, "where a role key leaves it");
}

#[test]
fn help_names_angle_bracket_keys_as_typed() {
    let a = app("我们");
    let help = crate::ui::help_lines(&a).join("\n");
    let gt_bound = a
        .keymap
        .by_action()
        .iter()
        .any(|(_, ks)| ks.iter().any(|k| k.to_string() == "<gt>"));
    assert!(gt_bound, "the default keymap binds > (next undone file)");
    assert!(!help.contains("<gt>"), "{help}");
    assert!(
        help.lines()
            .any(|l| l.starts_with("> ") || l.contains(" > ")),
        "{help}"
    );
    assert_eq!(crate::keymap::parse_key("<gt>").unwrap().label(), ">");
    assert_eq!(
        crate::keymap::parse_key("<C-gt>").unwrap().label(),
        "<C-gt>"
    );
}

#[test]
fn accepting_onto_the_next_suggestion_shows_that_suggestion_not_accepted() {
    let mut a = app("(我们)收集信息。\n我们我们使用信息。");
    keys(&mut a, "j");
    assert!(a.suggestion_at(a.view().cursor).is_some());
    keys(&mut a, "y");
    assert_eq!(markup(&a), "(我们)收集信息。\n(我们)我们使用信息。");
    assert!(
        a.suggestion_at(a.view().cursor).is_some(),
        "on the second 我们"
    );
    assert!(a.message.is_none(), "{}", msg(&a));
}

#[test]
fn resize_keys_act_on_the_tag_just_made() {
    let mut a = app("我们会收集您的手机号码。");
    // `W` selects 我们 … tag it as data, then grow its end by a character right away.
    keys(&mut a, "W d");
    assert_eq!(markup(&a), "<我们>会收集您的手机号码。");
    let grow_end = a.key(crate::keymap::Simple::GrowEnd);
    keys(&mut a, &grow_end);
    assert_eq!(markup(&a), "<我们会>收集您的手机号码。");
}

#[test]
fn a_jump_down_shows_the_lines_after_the_target() {
    let text: String = (1..=200).map(|i| format!("第{i}行\n")).collect();
    let mut a = app(&text);
    a.scroll_to_cursor();
    keys(&mut a, ": 5 0 <Enter>");
    a.scroll_to_cursor();
    let so = a.keymap.options.scrolloff as usize;
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, 49 - so, "line 50 sits {so} rows below the top");
    // Near the end of the file the screen is full: the last line at the bottom.
    keys(&mut a, ": 1 9 9 <Enter>");
    a.scroll_to_cursor();
    let height = a.text_area().1 as usize;
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, 200 - height);
    // `j` at the bottom still scrolls one row at a time.
    keys(&mut a, ": 1 <Enter>");
    a.scroll_to_cursor();
    for _ in 0..height {
        keys(&mut a, "j");
        a.scroll_to_cursor();
    }
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, so + 1);
}

#[test]
fn help_pages_with_the_motion_keys_and_stops_at_its_end() {
    let mut a = app("我们");
    a.size = (60, 12);
    keys(&mut a, "?");
    let (rows, page) = a.help_rows();
    assert!(rows.len() > 2 * page, "the help is longer than two pages");
    let last = (rows.len() - page) as u16;
    keys(&mut a, "<C-f>");
    assert_eq!(
        a.mode,
        Mode::Help {
            scroll: (page - 1) as u16
        }
    );
    keys(&mut a, "<Space>");
    assert_eq!(
        a.mode,
        Mode::Help {
            scroll: (2 * page - 1) as u16
        }
    );
    keys(&mut a, "G");
    assert_eq!(a.mode, Mode::Help { scroll: last });
    keys(&mut a, "j j");
    assert_eq!(a.mode, Mode::Help { scroll: last }, "never past the end");
    keys(&mut a, "g");
    assert_eq!(a.mode, Mode::Help { scroll: 0 });
    // Every row fits the box, and the title names the live keys.
    let (_, _, w, _) = crate::app::help_box(a.size);
    assert!(
        rows.iter()
            .all(|r| unicode_width::UnicodeWidthStr::width(r.as_str()) <= (w - 2) as usize)
    );
    assert!(
        a.help_title()
            .contains(&a.key(crate::keymap::Simple::PageDown))
    );
    keys(&mut a, "q");
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn an_accepted_suggestion_teaches_the_lexicon_like_a_tag() {
    let mut a = app("(个人信息)收集。\n我们收集个人信息。\n我们分享个人信息。");
    assert_eq!(a.lexicon().get("个人信息").map(|e| e.total()), Some(1));
    keys(&mut a, "j");
    let first = a.suggestions(0..usize::MAX)[0].range.start;
    a.view_mut().cursor = first;
    keys(&mut a, "y");
    assert_eq!(a.lexicon().get("个人信息").map(|e| e.total()), Some(2));
    keys(&mut a, "u");
    assert_eq!(a.lexicon().get("个人信息").map(|e| e.total()), Some(1));
}
