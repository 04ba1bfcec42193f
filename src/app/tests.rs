//! Model tests of editing: tagging, selecting, resizing, notes, search, moving, toggles.

use super::*;
use crate::app::test_support::*;

#[test]
fn role_key_tags_the_word_under_the_cursor() {
    let mut a = app(S);
    keys(&mut a, "w w w w w s");
    assert_eq!(markup(&a), "我们会收集您的[手机号码]用于创建账户。");
    assert!(a.buf().is_modified());
    assert!(msg(&a).contains("手机号码"), "{}", msg(&a));
    // A count of one tags one word with any role, a phrase role's too.
    let mut a = app(S);
    keys(&mut a, "w w w w w 1 d");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>用于创建账户。");
}

#[test]
fn a_phrase_roles_key_tags_to_the_phrase_end_from_past_the_lead_in_words() {
    // The cursor after 收集 sits on 您的 (a lead-in): `d` tags the data after it, to the
    // phrase's end (its 、 list whole, before 等); `f` after 用于 the clause to its comma.
    let mut a = app("我们会收集您的姓名、手机号码等信息，用于创建账户，并保障安全。");
    keys(&mut a, "a s");
    assert_eq!(
        markup(&a),
        "(我们)会[收集]您的姓名、手机号码等信息，用于创建账户，并保障安全。"
    );
    keys(&mut a, "d");
    assert_eq!(
        markup(&a),
        "(我们)会[收集]您的<姓名、手机号码>等信息，用于创建账户，并保障安全。"
    );
    keys(&mut a, "} w f");
    assert_eq!(
        markup(&a),
        "(我们)会[收集]您的<姓名、手机号码>等信息，用于{创建账户}，并保障安全。"
    );
    // A count from a lead-in counts from the word after it too; a selection tags it as it is.
    let mut a = app(S);
    keys(&mut a, "w w w 1 d");
    assert_eq!(markup(&a), "我们会收集您的<手机号码>用于创建账户。");
    let mut a = app(S);
    keys(&mut a, "w w w v l d");
    assert_eq!(markup(&a), "我们会收集<您的>手机号码用于创建账户。");
    // Past a lead-in and the punctuation after it: `例如：`.
    let mut a = app("收集设备信息（例如：设备型号、操作系统）。");
    keys(&mut a, "w d d");
    assert_eq!(markup(&a), "收集<设备信息>（例如：<设备型号、操作系统>）。");
    // A phrase never runs into a tag after it.
    let mut a = app("收集手机号码和[设备信息]。");
    keys(&mut a, "w d");
    assert_eq!(
        markup(&a),
        "收集<手机号码>和[设备信息]。",
        "nor ends on a lead-in word"
    );
}

#[test]
fn role_key_on_a_tag_retags_and_x_untags() {
    let mut a = app("我们会收集<手机号码>");
    keys(&mut a, "$ h a");
    assert_eq!(markup(&a), "我们会收集(手机号码)");
    keys(&mut a, "x");
    assert_eq!(markup(&a), "我们会收集手机号码");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "我们会收集(手机号码)");
    keys(&mut a, "u u");
    assert_eq!(markup(&a), "我们会收集<手机号码>");
    keys(&mut a, "U U");
    assert_eq!(markup(&a), "我们会收集手机号码");
}

#[test]
fn a_role_key_on_a_multi_word_tag_retags_it_and_w_nests_a_word() {
    // Bug: the cursor on 创 of {创建账号} + `s` nested [创建] instead of retagging.
    let mut a = app("{创建账号}用于");
    keys(&mut a, "s");
    assert_eq!(markup(&a), "[创建账号]用于");
    let mut a = app("{为了收集手机号码}");
    keys(&mut a, "l l l l l W d");
    assert_eq!(markup(&a), "{为了收集<手机号码>}");
}

#[test]
fn selection_mode_and_shift_arrows_select() {
    let mut a = app(S);
    keys(&mut a, "v l f");
    assert_eq!(markup(&a), "{我们}会收集您的手机号码用于创建账户。");
    assert!(a.selection().is_none(), "tagging ends the selection");
    let mut a = app(S);
    keys(&mut a, "l l <S-Right> <S-Right> s");
    assert_eq!(markup(&a), "我们[会收集]您的手机号码用于创建账户。");
}

#[test]
fn select_word_clause_and_tag_in_one_key() {
    let mut a = app("为了注册，我们收集手机号码；");
    keys(&mut a, "W");
    assert_eq!(a.selection(), Some(0..2));
    keys(&mut a, "<Esc> w w w C f");
    assert_eq!(markup(&a), "为了注册，{我们收集手机号码}；");
    keys(&mut a, "h T");
    assert_eq!(a.selection(), Some(5..13));
}

#[test]
fn crossing_and_literal_delimiters_are_refused_with_reasons() {
    let mut a = app("{创建账户}用于");
    keys(&mut a, "l l l v l l l d");
    assert_eq!(markup(&a), "{创建账户}用于");
    assert!(msg(&a).contains("cross"), "{}", msg(&a));
    let mut a = app("a)b");
    keys(&mut a, "v l l d");
    assert!(msg(&a).contains("literal ')'"), "{}", msg(&a));
    assert_eq!(markup(&a), "a)b");
}

#[test]
fn boundaries_grow_and_shrink() {
    let mut a = app("收集手机号码信息");
    keys(&mut a, "l l l l 1 d");
    assert_eq!(markup(&a), "收集<手机号码>信息");
    keys(&mut a, "h L");
    assert_eq!(markup(&a), "收集<手机号码信>息");
    keys(&mut a, "K H");
    assert_eq!(markup(&a), "收<集手机号码>信息");
    keys(&mut a, "J");
    assert_eq!(markup(&a), "收集<手机号码>信息");
    keys(&mut a, "<A-l>");
    assert_eq!(markup(&a), "收集<手机号码信息>");
    keys(&mut a, "u");
    assert_eq!(
        markup(&a),
        "收集<手机号码>信息",
        "a boundary move is one undo step"
    );
}

#[test]
fn notes_are_added_and_edited_in_a_prompt() {
    let mut a = app("我们收集");
    keys(&mut a, "l l # 存在 语病 <Enter>");
    assert_eq!(markup(&a), "我们#存在语病#收集");
    keys(&mut a, "# <BS> <BS> 问题 <Enter>");
    assert_eq!(markup(&a), "我们#存在问题#收集");
    keys(&mut a, "# <C-u> <Enter>");
    assert_eq!(markup(&a), "我们收集", "an emptied note is removed");
    a.handle_paste("粘贴");
    keys(&mut a, "#");
    a.handle_paste("粘贴的备注");
    keys(&mut a, "<Enter>");
    assert_eq!(markup(&a), "我们#粘贴的备注#收集");
}

#[test]
fn search_and_tag_every_untagged_match_as_one_step() {
    let mut a = app("手机号码、<手机号码>和手机号码\n手机号码");
    keys(&mut a, "/ 手机号码 <Enter>");
    assert_eq!(a.view().cursor, 5);
    keys(&mut a, "n");
    assert_eq!(a.view().cursor, 10);
    keys(&mut a, "N");
    assert_eq!(a.view().cursor, 5);
    keys(&mut a, "M");
    assert!(msg(&a).starts_with("3 untagged matches"), "{}", msg(&a));
    keys(&mut a, "d");
    assert_eq!(markup(&a), "<手机号码>、<手机号码>和<手机号码>\n<手机号码>");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "手机号码、<手机号码>和手机号码\n手机号码");
    keys(&mut a, "\\ 号.  <Enter>");
    assert!(msg(&a).contains("match"), "{}", msg(&a));
}

#[test]
fn moving_between_tags_diagnostics_and_lines() {
    let mut a = app("a(我们)b<数据>\n（我们)会\n第三行");
    keys(&mut a, "]");
    assert_eq!(a.view().cursor, 1);
    keys(&mut a, "]");
    assert_eq!(a.view().cursor, 4);
    keys(&mut a, "[");
    assert_eq!(a.view().cursor, 1);
    keys(&mut a, "<A-3>");
    assert_eq!(a.view().cursor, 4);
    keys(&mut a, "<C-n>");
    assert!(msg(&a).contains("mixed pair"), "{}", msg(&a));
    keys(&mut a, "F");
    assert_eq!(markup(&a), "a(我们)b<数据>\n(我们)会\n第三行");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "a(我们)b<数据>\n（我们)会\n第三行");
    keys(&mut a, ": 3 <Enter>");
    assert_eq!(a.view().cursor, 13);
    keys(&mut a, "g");
    assert_eq!(a.view().cursor, 0);
    keys(&mut a, "G");
    assert_eq!(a.view().cursor, 13);
}

#[test]
fn vertical_moves_keep_the_display_column() {
    // 40 columns minus a 2-column gutter: 19 CJK chars a row.
    let line = "我".repeat(30);
    let mut a = app(&format!("{line}\nab"));
    keys(&mut a, "l l l j");
    assert_eq!(
        a.view().cursor,
        22,
        "down one screen row inside a wrapped line"
    );
    keys(&mut a, "j");
    assert_eq!(a.view().cursor, 33, "the short next line: its end");
    keys(&mut a, "k k");
    assert_eq!(a.view().cursor, 3);
}

#[test]
fn several_files_and_toggles() {
    let scheme = Scheme::default();
    let bufs = vec![
        Buffer::from_markup("一", &scheme, None, "a".into()),
        Buffer::from_markup("二", &scheme, None, "b".into()),
    ];
    let mut a = App::new(
        scheme.clone(),
        Keymap::default_for(&scheme),
        bufs,
        ColorDepth::None,
    );
    keys(&mut a, "<Tab>");
    assert_eq!(a.buf().name, "b");
    keys(&mut a, "<BackTab>");
    assert_eq!(a.buf().name, "a");
    keys(&mut a, "z");
    assert!(
        a.delimiters_visible(),
        "without colour, delimiters stay visible"
    );
    a.colors = ColorDepth::TrueColor;
    assert!(!a.delimiters_visible());
    keys(&mut a, "? j <Esc>");
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn colour_depth_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        ColorDepth::detect(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
        ColorDepth::None
    );
    assert_eq!(
        ColorDepth::detect(env(&[("COLORTERM", "truecolor")])),
        ColorDepth::TrueColor
    );
    assert_eq!(
        ColorDepth::detect(env(&[("TERM", "xterm-256color")])),
        ColorDepth::Ansi256
    );
    assert_eq!(
        ColorDepth::detect(env(&[("TERM", "xterm")])),
        ColorDepth::Ansi16
    );
}

#[test]
fn regression_a_fix_after_other_edits_uses_fresh_offsets() {
    // Found by the action proptest: a tag added before the fix shifted the fix's byte offsets.
    let mut a = app("我们会收集\n当你使用时，（我们)会");
    keys(&mut a, "1 d j $ F");
    assert_eq!(markup(&a), "<我们>会收集\n当你使用时，(我们)会");
}

#[test]
fn regression_undo_across_a_fix_keeps_notes_and_cursors_in_range() {
    // Found by the action proptest: a fix re-parses the file; older history must still find its
    // notes, and a fix that shortens the text must not leave the cursor past its end.
    let mut a = app("a我们\n#注#我们");
    keys(&mut a, "j # 备 <Enter>");
    assert_eq!(markup(&a), "a我们\n#注备#我们");
    let mut b = app("(）");
    keys(&mut b, "l F");
    assert_eq!(markup(&b), "()");
    assert_eq!(b.view().cursor, 0);
    keys(&mut b, "{ u");
    assert_eq!(markup(&b), "(）");
    keys(&mut a, "u");
    assert_eq!(markup(&a), "a我们\n#注#我们");
}

#[test]
fn a_role_key_on_a_suggestions_start_tags_the_suggested_span_with_its_own_role() {
    // 手机号码 was tagged as data before: the second one is suggested, and `d` on it tags
    // what is shown (not the phrase 手机号码用于注册 to the stop); `s` tags the same span.
    let mut a = app("收集<手机号码>。\n使用手机号码用于注册。\n使用手机号码用于登录。");
    keys(&mut a, "j w");
    assert!(a.suggestion_at(a.view().cursor).is_some(), "{}", msg(&a));
    keys(&mut a, "d");
    assert_eq!(
        markup(&a),
        "收集<手机号码>。\n使用<手机号码>用于注册。\n使用手机号码用于登录。"
    );
    keys(&mut a, "j 0 w s");
    assert_eq!(
        markup(&a),
        "收集<手机号码>。\n使用<手机号码>用于注册。\n使用[手机号码]用于登录。"
    );
    // Off a suggestion the phrase rule holds.
    keys(&mut a, "f");
    assert_eq!(
        markup(&a),
        "收集<手机号码>。\n使用<手机号码>用于注册。\n使用[手机号码]{用于登录}。"
    );
}
