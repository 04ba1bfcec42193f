//! Model tests for the flow of issue 12: cursor after tagging, scroll-off, `$`, diagnostics,
//! counts, one-step targets, two-point span editing, `.`, list tagging.

use super::*;
use crate::app::test_support::*;
use crate::keymap::CursorAfterTag;

fn app(src: &str) -> App {
    app_with(src, Keymap::default_for(&Scheme::default()))
}

#[test]
fn after_tagging_the_cursor_is_on_the_first_char_after_the_tag() {
    let mut a = app("我们收集手机号码用于注册");
    keys(&mut a, "a");
    assert_eq!(a.view().cursor, 2, "on 收, not back on 我");
    keys(&mut a, "s 1 d");
    assert_eq!(markup(&a), "(我们)[收集]<手机号码>用于注册");
    // Configurable: back to the tag's start, as before.
    let mut a = app("我们收集手机号码");
    a.keymap.options.cursor_after_tag = CursorAfterTag::Start;
    keys(&mut a, "a");
    assert_eq!(a.view().cursor, 0);
}

#[test]
fn dollar_stops_on_the_last_char_and_v_dollar_leaves_the_final_stop_out() {
    // Bug: `$` went one past the last char, so `v $` took the final 。.
    let mut a = app("我们收集手机号码。\n下一行");
    keys(&mut a, "$");
    assert_eq!(a.view().cursor, 8, "on 。");
    keys(&mut a, "0 w v $ d");
    assert_eq!(markup(&a), "我们<收集手机号码>。\n下一行");
}

#[test]
fn a_diagnostic_at_a_tag_end_lands_inside_the_tag() {
    // Bug: C-n put the cursor one char after the tag and the resize keys missed it.
    let mut a = app("我们收集<手机号码，>用于注册");
    keys(&mut a, "<C-n>");
    assert_eq!(a.view().cursor, 8, "on the ，, the tag's last char");
    assert!(msg(&a).starts_with("1:9: warning"), "{}", msg(&a));
    assert!(msg(&a).contains("file column 11"), "{}", msg(&a));
    keys(&mut a, "K");
    assert_eq!(markup(&a), "我们收集<手机号码>，用于注册");
}

#[test]
fn scrolloff_keeps_rows_of_context_below_and_above_the_cursor() {
    let text: String = (1..=30).map(|i| format!("第{i}行\n")).collect();
    let mut a = app(&text);
    let height = a.text_area().1 as usize;
    // Moving down row by row: 3 rows of context stay below the cursor.
    keys(&mut a, &["j"; 14].join(" "));
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, 14 + 3 + 1 - height, "3 rows below line 15");
    // A jump past the screen puts its target 3 rows below the top (what follows it shows).
    keys(&mut a, ": 1 <Enter> : 1 5 <Enter>");
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, 14 - 3, "3 rows above line 15");
    keys(&mut a, "k k k k k k k k k k");
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(top_line, 4 - 3, "3 rows above line 5");
    a.keymap.options.scrolloff = 0;
    keys(&mut a, "G");
    let top_line = a.buf().doc.text.char_to_line(a.view().top_seg);
    assert_eq!(
        top_line,
        30 - height,
        "no context: the last line at the bottom (a final newline adds no row)"
    );
}

#[test]
fn a_count_repeats_a_motion_and_selection_w_ends_at_a_word_boundary() {
    let mut a = app("我们收集手机号码用于注册");
    keys(&mut a, "2 w");
    assert_eq!(a.view().cursor, 4);
    keys(&mut a, "0 v 2 w d");
    assert_eq!(markup(&a), "<我们收集>手机号码用于注册");
    let mut a = app("我们收集手机号码用于注册");
    keys(&mut a, "v w a");
    assert_eq!(markup(&a), "(我们)收集手机号码用于注册", "not 我们收");
}

#[test]
fn till_and_to_a_typed_char_select_in_one_step() {
    let mut a = app("为了向您提供服务，我们会收集信息");
    keys(&mut a, "t ， f");
    assert_eq!(markup(&a), "{为了向您提供服务}，我们会收集信息");
    let mut a = app("收集手机号码和邮箱");
    keys(&mut a, "r 码 d");
    assert_eq!(markup(&a), "<收集手机号码>和邮箱");
    let mut a = app("甲，乙，丙，丁");
    keys(&mut a, "2 t ， f");
    assert_eq!(markup(&a), "{甲，乙}，丙，丁");
    let mut a = app("甲乙丙");
    keys(&mut a, "t 戊");
    assert!(msg(&a).contains("戊"), "{}", msg(&a));
    assert_eq!(a.mode, Mode::Normal);
    // The char may come pasted (an input method commits text).
    let mut a = app("为了向您提供服务，我们");
    keys(&mut a, "t");
    a.handle_paste("，");
    keys(&mut a, "f");
    assert_eq!(markup(&a), "{为了向您提供服务}，我们");
}

#[test]
fn e_selects_to_the_clause_end_without_its_punctuation() {
    let mut a = app("为了向您提供服务、改进产品，我们收集");
    keys(&mut a, "E f");
    assert_eq!(markup(&a), "{为了向您提供服务}、改进产品，我们收集");
    let mut a = app("为了向您提供服务、改进产品，我们收集");
    keys(&mut a, "2 E f");
    assert_eq!(markup(&a), "{为了向您提供服务、改进产品}，我们收集");
}

#[test]
fn set_start_and_end_move_a_boundary_to_the_cursor() {
    let mut a = app("我们会收集您的<手机>号码信息");
    keys(&mut a, "$ A");
    assert_eq!(markup(&a), "我们会收集您的<手机号码信息>");
    keys(&mut a, "0 l l l I");
    assert_eq!(markup(&a), "我们会<收集您的手机号码信息>");
    keys(&mut a, "u");
    assert_eq!(
        markup(&a),
        "我们会收集您的<手机号码信息>",
        "one undo step each"
    );
    // Inside the tag: shrink.
    keys(&mut a, "$ h h A");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>信息");
    // Tag a word, walk on, end the tag there.
    let mut a = app("收集手机号码用于注册");
    keys(&mut a, "w 1 d e A");
    assert_eq!(markup(&a), "收集<手机号码用于>注册");
}

#[test]
fn a_role_key_on_a_selection_inside_a_same_role_tag_resizes_it() {
    let mut a = app("{为了创建账号和登录}");
    keys(&mut a, "v e e f");
    assert_eq!(markup(&a), "{为了创建}账号和登录", "not nested in itself");
    keys(&mut a, "0 v $ f");
    assert_eq!(markup(&a), "{为了创建账号和登录}");
    assert_eq!(a.buf().doc.items().len(), 1);
}

#[test]
fn dot_repeats_the_last_tagging_on_the_next_match() {
    let mut a = app("收集手机号码；手机号码用于验证；手机号码");
    keys(&mut a, "w d . .");
    assert_eq!(markup(&a), "收集<手机号码>；<手机号码>用于验证；<手机号码>");
    keys(&mut a, ".");
    assert!(msg(&a).contains("no untagged"), "{}", msg(&a));
}

#[test]
fn list_tagging_shows_the_items_then_tags_each_in_one_step() {
    let mut a = app("收集姓名、性别、手机号码和身份证号以及住址。");
    keys(&mut a, "w v $ m");
    assert_eq!(
        a.mode,
        Mode::PickRole {
            matches: vec![2..4, 5..7, 8..12, 13..17, 19..21],
            list: true,
        }
    );
    assert!(
        msg(&a).contains("姓名 | 性别 | 手机号码 | 身份证号 | 住址"),
        "{}",
        msg(&a)
    );
    assert_eq!(
        markup(&a),
        "收集姓名、性别、手机号码和身份证号以及住址。",
        "nothing yet"
    );
    keys(&mut a, "d");
    assert_eq!(
        markup(&a),
        "收集<姓名>、<性别>、<手机号码>和<身份证号>以及<住址>。"
    );
    keys(&mut a, "u");
    assert_eq!(markup(&a), "收集姓名、性别、手机号码和身份证号以及住址。");
}

#[test]
fn a_role_key_on_a_separator_tags_the_next_word_so_a_list_costs_a_key_an_item() {
    let mut a = app("收集姓名、性别、手机号码。");
    keys(&mut a, "w 1 d 1 d 1 d");
    assert_eq!(markup(&a), "收集<姓名>、<性别>、<手机号码>。");
    keys(&mut a, "d");
    assert!(msg(&a).contains("nothing to tag"), "{}", msg(&a));
}

#[test]
fn a_count_before_a_role_key_tags_that_many_words() {
    let mut a = app("我们收集位置信息用于推荐");
    keys(&mut a, "w w 2 d");
    assert_eq!(markup(&a), "我们收集<位置信息>用于推荐");
    assert_eq!(a.view().cursor, 8, "after the tag, as for one word");
    // Punctuation counts as a word, as `w` stops on it; the words stay on the line.
    let mut a = app("收集姓名、性别\n下一行");
    keys(&mut a, "w 3 d");
    assert_eq!(markup(&a), "收集<姓名、性别>\n下一行");
    let mut a = app("收集姓名\n下一行");
    keys(&mut a, "w 5 d");
    assert_eq!(markup(&a), "收集<姓名>\n下一行", "not past the line");
    // On punctuation: from the next word, like a role key alone.
    let mut a = app("我们，收集位置信息");
    keys(&mut a, "l l 3 s");
    assert_eq!(markup(&a), "我们，[收集位置信息]");
    // With a selection the count changes nothing: the selection is tagged.
    let mut a = app("收集位置信息");
    keys(&mut a, "v l 3 d");
    assert_eq!(markup(&a), "<收集>位置信息");
}

#[test]
fn e_on_punctuation_starts_the_selection_at_the_next_clause() {
    // Tagging the clause before leaves the cursor on its comma.
    let mut a = app("{为了注册}，用于向您推荐内容。");
    keys(&mut a, "0 l l l l E f");
    assert_eq!(markup(&a), "{为了注册}，{用于向您推荐内容}。");
    let mut a = app("为了注册，用于推荐。");
    keys(&mut a, "E f E f");
    assert_eq!(markup(&a), "{为了注册}，{用于推荐}。");
}

#[test]
fn phrase_end_keeps_a_list_whole_and_stops_before_deng_or_a_bracket() {
    // `E` stops at the list's 、; `D` selects the whole list, up to before 等.
    let mut a = app("收集姓名、性别和手机号码等信息，用于注册。");
    keys(&mut a, "w D d");
    assert_eq!(markup(&a), "收集<姓名、性别和手机号码>等信息，用于注册。");
    // A purpose clause with a list in it, up to its comma; from the comma after a tag the
    // selection starts on the clause's first character, as with `E`.
    let mut a = app("我们收集信息，改善产品、提供服务，并保障安全。");
    keys(&mut a, "6 l D f");
    assert_eq!(
        markup(&a),
        "我们收集信息，{改善产品、提供服务}，并保障安全。"
    );
    // Before an opening bracket and before a closing one; pressed again, on to the next stop.
    let mut a = app("收集设备信息（型号、版本）和位置。");
    keys(&mut a, "w D");
    assert_eq!(a.selection(), Some(2..6), "设备信息, not its bracket");
    keys(&mut a, "D");
    assert_eq!(a.selection(), Some(2..12), "up to the closing bracket");
    keys(&mut a, "D d");
    assert_eq!(markup(&a), "收集<设备信息（型号、版本）和位置>。");
    // Inside brackets, the list ends before the closing one.
    let mut a = app("信息（例如设备型号、操作系统）和位置。");
    keys(&mut a, "3 l d");
    assert_eq!(markup(&a), "信息（例如<设备型号、操作系统>）和位置。");
}

#[test]
fn t_and_r_take_an_ascii_key_for_its_chinese_punctuation() {
    // No input method needed: `,` stands for `，`, `.` for `。`, `\` for `、`.
    let mut a = app("用于创建账户，并保障安全。");
    keys(&mut a, "t , f");
    assert_eq!(markup(&a), "{用于创建账户}，并保障安全。");
    let mut a = app("收集姓名、性别。");
    keys(&mut a, "w t \\ 1 d");
    assert_eq!(a.selection(), None);
    assert_eq!(markup(&a), "收集<姓名>、性别。");
    let mut a = app("收集姓名、性别。");
    keys(&mut a, "w r . d");
    assert_eq!(markup(&a), "收集<姓名、性别。>");
    // The ASCII character itself still counts where the text has it.
    let mut a = app("SDK,版本。");
    keys(&mut a, "t , d");
    assert_eq!(markup(&a), "<SDK>,版本。");
}

#[test]
fn page_keys_scroll_the_text_with_the_cursor_as_vim_does() {
    // 12 rows: 10 of text. C-d moves the cursor 5 lines and the text 5 lines, so the cursor
    // keeps its row and 5 new lines come on screen (before, the cursor moved within the screen
    // and nothing new showed).
    let text: String = (1..=60).map(|i| format!("第{i}行文字。\n")).collect();
    let mut a = app(&text);
    a.size = (80, 12);
    keys(&mut a, "j j j j");
    let line_of = |a: &App, pos: usize| a.buf().doc.text.char_to_line(pos) + 1;
    assert_eq!(line_of(&a, a.view().cursor), 5);
    keys(&mut a, "<C-d>");
    assert_eq!(line_of(&a, a.view().cursor), 10);
    assert_eq!(
        line_of(&a, a.view().top_seg),
        6,
        "the text moved 5 lines too"
    );
    keys(&mut a, "<C-f>");
    assert_eq!(line_of(&a, a.view().cursor), 19);
    assert_eq!(line_of(&a, a.view().top_seg), 15);
    keys(&mut a, "<C-u>");
    assert_eq!(line_of(&a, a.view().cursor), 14);
    assert_eq!(line_of(&a, a.view().top_seg), 10);
}
