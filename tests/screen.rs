//! Rendering tests: the real `ui::draw` on ratatui's TestBackend, snapshotted with insta.

use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::Buffer;
use ptag::editor::run_script;
use ptag::keymap::{Keymap, parse_key_script};
use ptag::scheme::Scheme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

fn app_with(src: &str, colors: ColorDepth) -> App {
    let scheme = Scheme::default();
    let keymap = Keymap::default_for(&scheme);
    let buf = Buffer::from_markup(src, &scheme, None, "policy.txt".into());
    App::new(scheme, keymap, vec![buf], colors)
}

fn screen(src: &str, keys: &str, w: u16, h: u16, colors: ColorDepth) -> String {
    let app = app_with(src, colors);
    run_script(app, &parse_key_script(keys).unwrap(), w, h).1
}

/// One letter per cell for its style: role colour (a–d by scheme order, capital when underlined),
/// `*` reversed, `s` selected, `~` dim, `!` bold, `_` underline only, `=` both, `.` plain. Wide characters' second cell is
/// skipped so the map lines up with the text.
fn style_map(app: App, keys: &str, w: u16, h: u16) -> String {
    let (app, _) = run_script(app, &parse_key_script(keys).unwrap(), w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
    let buf = term.backend().buffer().clone();
    let colours: Vec<Color> = (0..app.scheme.roles.len())
        .map(|r| ptag::ui::palette::color(app.scheme.rgb(r as u16), app.colors))
        .collect();
    let mut out = String::new();
    for y in 0..h {
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
            let m = cell.modifier;
            let c = if let Some(i) = colours
                .iter()
                .position(|c| *c == cell.fg && app.colors != ColorDepth::None)
            {
                let l = (b'a' + i as u8) as char;
                if m.contains(Modifier::REVERSED) {
                    '*'
                } else if m.contains(Modifier::DIM) {
                    '~'
                } else if m.contains(Modifier::UNDERLINED) {
                    l.to_ascii_uppercase()
                } else {
                    l
                }
            } else if m.contains(Modifier::REVERSED) {
                '*'
            } else if cell.bg == Color::DarkGray {
                's'
            } else if m.contains(Modifier::BOLD | Modifier::UNDERLINED) {
                '='
            } else if m.contains(Modifier::BOLD) {
                '!'
            } else if m.contains(Modifier::UNDERLINED) {
                '_'
            } else if m.contains(Modifier::ITALIC) {
                '/'
            } else if m.contains(Modifier::DIM) {
                '~'
            } else {
                '.'
            };
            out.push(c);
        }
        out.push('\n');
    }
    out
}

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample-policies/taobao-annotated.txt"
    ))
    .unwrap()
}

#[test]
fn seed_at_80x24_around_the_mixed_pair() {
    insta::assert_snapshot!(screen(
        &seed(),
        ": 5 2 <Enter>",
        80,
        24,
        ColorDepth::TrueColor
    ));
}

#[test]
fn seed_with_delimiters_hidden_and_no_gutter() {
    insta::assert_snapshot!(screen(
        &seed(),
        ": 5 2 <Enter> z Z",
        80,
        12,
        ColorDepth::TrueColor
    ));
}

#[test]
fn nested_tags_at_a_narrow_width() {
    let src = "当{您使用<手机号码>登录}时，(我们)会[收集]<设备信息>#待查#。";
    insta::assert_snapshot!(screen(src, "", 20, 8, ColorDepth::TrueColor));
}

#[test]
fn nested_tags_style_map() {
    let src = "当{您用<手机>登录}时(我们)会";
    insta::assert_snapshot!(style_map(app_with(src, ColorDepth::TrueColor), "", 24, 4));
}

#[test]
fn no_color_keeps_roles_apart_and_delimiters_visible() {
    let src = "(我们)[收集]<手机>{注册}";
    let text = screen(src, "z", 30, 4, ColorDepth::None);
    assert!(text.contains("(我们)[收集]<手机>{注册}"), "{text}");
    insta::assert_snapshot!(text);
    insta::assert_snapshot!(style_map(app_with(src, ColorDepth::None), "z", 30, 4));
}

#[test]
fn selection_and_cursor_are_visible() {
    let src = "我们会收集手机号码";
    insta::assert_snapshot!(style_map(
        app_with(src, ColorDepth::TrueColor),
        "l v l l",
        24,
        4
    ));
}

#[test]
fn tiny_terminal_20x5() {
    insta::assert_snapshot!(screen(&seed(), "j j", 20, 5, ColorDepth::TrueColor));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let text = screen("我们", "?", 70, 20, ColorDepth::TrueColor);
    assert!(text.contains("tag as data 数据"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn any_size_and_resizes_never_panic() {
    let src = seed();
    for (w, h) in [(1, 1), (2, 1), (1, 5), (3, 3), (7, 2), (20, 5), (400, 120)] {
        let app = app_with(&src, ColorDepth::Ansi16);
        let (mut app, _) = run_script(app, &parse_key_script("j w v e e G k").unwrap(), w, h);
        // Resize mid-selection and draw again.
        let mut term = Terminal::new(TestBackend::new(h.max(1), w.max(1))).unwrap();
        app.size = (h.max(1), w.max(1));
        app.scroll_to_cursor();
        term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
    }
}

#[test]
fn resizing_keeps_the_cursor_in_view() {
    let src = seed();
    let app = app_with(&src, ColorDepth::TrueColor);
    let (mut app, _) = run_script(app, &parse_key_script(": 6 0 <Enter>").unwrap(), 100, 30);
    let cursor = app.view().cursor;
    for (w, h) in [(30, 10), (200, 50), (12, 6)] {
        app.size = (w, h);
        app.scroll_to_cursor();
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        let frame = term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
        let _ = frame;
        let pos = term.get_cursor_position().unwrap();
        assert!(
            pos.y < h.saturating_sub(2),
            "cursor row {} on screen at {w}x{h}",
            pos.y
        );
        assert_eq!(app.view().cursor, cursor);
    }
}

#[test]
fn ambiguous_width_punctuation_can_be_shown_narrow_without_changing_the_text() {
    let src = "<我们认为有风险的链接（“URL”）>……\n";
    let plain = screen(src, "", 40, 4, ColorDepth::TrueColor);
    assert!(plain.contains("“URL”"), "{plain}");
    let mut app = app_with(src, ColorDepth::TrueColor);
    app.narrow_ambiguous = true;
    let (app, narrow) = run_script(app, &[], 40, 4);
    assert!(
        narrow.contains("\"URL\"") && narrow.contains("~~"),
        "{narrow}"
    );
    assert!(!narrow.contains('“'), "{narrow}");
    assert_eq!(
        ptag::markup::serialize_unchecked(&app.buf().doc),
        src,
        "only the screen changes"
    );
}

#[test]
fn without_colour_each_role_and_the_cursor_look_different_in_ways_every_terminal_shows() {
    let src = "(我们)[收集]<手机>{注册}会";
    // The cursor on 会, after every tag.
    let app = app_with(src, ColorDepth::None);
    let (app, _) = run_script(app, &parse_key_script("l l l l l l l l").unwrap(), 40, 4);
    let mut term = Terminal::new(TestBackend::new(40, 4)).unwrap();
    term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
    let buf = term.backend().buffer().clone();
    let text: String = (0..40).map(|x| buf[(x, 0)].symbol().to_string()).collect();
    let at = |needle: &str| {
        let x = (0..40).find(|&x| buf[(x, 0)].symbol() == needle).unwrap();
        buf[(x, 0)].modifier
    };
    let roles = [at("我"), at("收"), at("手"), at("注")];
    let cursor = at("会");
    assert!(
        cursor.contains(Modifier::REVERSED),
        "the cursor is reverse video"
    );
    for (i, m) in roles.iter().enumerate() {
        assert!(
            !m.intersects(Modifier::REVERSED | Modifier::ITALIC | Modifier::DIM),
            "role {i}: {m:?} (reverse is the cursor's; italic and dim often do not show)"
        );
        for other in &roles[i + 1..] {
            assert_ne!(m, other, "roles stay distinguishable without colour");
        }
    }
    // The role without a modifier is told apart by its delimiters, drawn bold.
    assert!(text.replace(' ', "").contains("{注册}"), "{text}");
    assert!(at("{").contains(Modifier::BOLD));
}

#[test]
fn help_keeps_its_left_border_where_a_wide_char_straddles_it() {
    // The bundled sample at 120x35, as the trial saw it: CJK text under the box's left edge.
    let seed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-policies/taobao-raw.txt"),
    )
    .unwrap();
    for w in [120u16, 119, 81] {
        let app = app_with(&seed, ColorDepth::TrueColor);
        let (app, _) = run_script(app, &parse_key_script("?").unwrap(), w, 35);
        let mut term = Terminal::new(TestBackend::new(w, 35)).unwrap();
        term.draw(|f| ptag::ui::draw(f, &app)).unwrap();
        let buf = term.backend().buffer().clone();
        let (left, top) = (0..w)
            .flat_map(|x| (0..35).map(move |y| (x, y)))
            .find(|&p| buf[p].symbol() == "┌")
            .unwrap();
        let bottom = (top..35).find(|&y| buf[(left, y)].symbol() == "└").unwrap();
        for y in top..=bottom {
            let before = buf[(left - 1, y)].symbol();
            assert!(
                unicode_width::UnicodeWidthStr::width(before) <= 1,
                "{w} columns, row {y}: {before:?} straddles the border"
            );
            assert!(
                ["┌", "│", "└"].contains(&buf[(left, y)].symbol()),
                "{w} columns, row {y}"
            );
        }
    }
}

/// A review (`ptag review`): A's text, each disagreement shown as `A:… B:…|` before its text,
/// both sides' tags in their roles' colours (B underlined); the status line counts those left.
#[test]
fn a_review_shows_both_sides_of_each_disagreement() {
    let a = "(我们)会收集<手机号码>和<设备信息>用于{创建账户}。";
    let b = "我们会收集{手机号码}和<设备>信息用于{创建账户}#查#。";
    let review = |colors| {
        let mut app = app_with(a, colors);
        let mut marked = String::new();
        let n = ptag::merge::review(a, b, &app.scheme, &mut marked).unwrap();
        assert_eq!(n, 4);
        app.start_review(&marked, "a.txt", "b.txt").unwrap();
        app
    };
    let (_, text) = run_script(review(ColorDepth::TrueColor), &[], 44, 8);
    insta::assert_snapshot!(text);
    insta::assert_snapshot!(style_map(review(ColorDepth::TrueColor), "", 44, 8));
}

/// A model trained on a tiny tagged text (手机号码 is always data), its calibration set to one
/// point so every confidence shown is 0.83 whatever the learner makes of the raw scores.
fn model_sure_at_083() -> ptag::suggest::Model {
    let scheme = Scheme::default();
    let tagged = "(我们)[收集]您的<手机号码>。\n(我们)[使用]您的<手机号码>。\n".repeat(4);
    let doc = Buffer::from_markup(&tagged, &scheme, None, "a.txt".into()).doc;
    let mut model = ptag::suggest::train::train(
        &[doc],
        &scheme,
        &ptag::suggest::train::TrainOptions::default(),
    )
    .expect("a model from the tagged text");
    model.calibration = ptag::suggest::calibrate::Calibration {
        points: vec![(0.0, 0.83)],
        ..Default::default()
    };
    model
}

/// A model's suggestion under the cursor: the bottom line names its role, its text and its
/// confidence, with the accept/reject keys of the live keymap. The model is trained on a tiny
/// tagged text (手机号码 is always data); its calibration is then set to one point, so the
/// confidence shown is 0.83 whatever the learner's internals make of the raw scores: the
/// snapshot checks the drawing, the model has its own tests.
#[test]
fn the_bottom_line_shows_a_model_suggestion_with_its_confidence() {
    let model = model_sure_at_083();
    let mut app = app_with("我们会保存您的手机号码。\n", ColorDepth::TrueColor);
    app.use_model(model, "m.model".into());
    let phone = app
        .suggestions(0..usize::MAX)
        .into_iter()
        .find(|x| app.buf().doc.text.slice(x.range.clone()) == "手机号码")
        .expect("the model suggests 手机号码");
    app.view_mut().cursor = phone.range.start;
    let (_, text) = run_script(app, &[], 120, 6);
    let bottom = text.lines().last().expect("a bottom line").to_string();
    insta::assert_snapshot!(bottom);
}

/// On a narrow terminal the suggestion line keeps the confidence and the accept and reject
/// keys whole, leaving out the "accept all" hints that do not fit (at 100 columns the reject
/// hint used to be cut off).
#[test]
fn a_narrow_bottom_line_keeps_the_confidence_and_the_reject_key() {
    let model = model_sure_at_083();
    for width in [80, 100] {
        let mut app = app_with("我们会保存您的手机号码。\n", ColorDepth::TrueColor);
        app.use_model(model.clone(), "m.model".into());
        let phone = app
            .suggestions(0..usize::MAX)
            .into_iter()
            .find(|x| app.buf().doc.text.slice(x.range.clone()) == "手机号码")
            .expect("the model suggests 手机号码");
        app.view_mut().cursor = phone.range.start;
        let reject = format!("{} reject", app.key(ptag::keymap::Simple::RejectSuggestion));
        let (_, text) = run_script(app, &[], width, 6);
        let bottom = text
            .lines()
            .last()
            .expect("a bottom line")
            .trim_end()
            .to_string();
        assert!(bottom.contains("(confidence 0.83)"), "{width}: {bottom}");
        assert!(
            bottom.ends_with(&reject) || bottom.contains(&format!("{reject}, ")),
            "{width}: {bottom}"
        );
    }
}

/// While the session model trains, the status line says so at its right end, whole, however
/// much else it holds: a long file name, the tags under the cursor, the counts (here at 120
/// columns, where "training…" used to be cut off).
#[test]
fn the_status_line_keeps_the_training_mark_whole_at_120_columns() {
    let scheme = Scheme::default();
    let keymap = Keymap::default_for(&scheme);
    let src = "{当您使用(我们)的[服务]时}，(我们)会[收集]您的<手机号码>和<设备信息>。\n".repeat(30);
    let name = "policies/2020-01-10/com.example.application/privacy-policy.txt";
    let buf = Buffer::from_markup(&src, &scheme, None, name.into());
    let mut app = App::new(scheme, keymap, vec![buf], ColorDepth::TrueColor);
    app.view_mut().cursor = 8;
    app.learning.auto = true;
    app.learning.running = Some(1);
    let (_, text) = run_script(app, &[], 120, 6);
    let lines: Vec<&str> = text.lines().collect();
    let status = lines[lines.len() - 2].trim_end().to_string();
    assert!(status.ends_with("training…"), "{status}");
    insta::assert_snapshot!(status);
}

#[test]
fn jump_labels_cover_the_words_they_name_on_a_wrapped_cjk_line() {
    // 20 columns: the sentence wraps; each word after the cursor shows its label in its first
    // cell (a wide char's two cells: the letter and a blank), punctuation and the lead-in
    // words 会 您的 并 get none.
    let src = "我们会收集您的手机号码，用于创建账户，并改善服务。";
    let text = screen(src, "-", 20, 5, ColorDepth::TrueColor);
    assert!(text.starts_with("1 我们会a 集您的s 机"), "{text}");
    assert!(text.contains("JUMP?"), "{text}");
    insta::assert_snapshot!(text);
    // The labels' cells are reverse video without colour (the cursor is not drawn meanwhile).
    let map = style_map(app_with(src, ColorDepth::None), "-", 20, 4);
    assert!(map.starts_with(".....**...**."), "{map}");
    // After the capital of a two-key label only its group stays labelled.
    let many: String = (0..40).map(|_| "收集").collect::<Vec<_>>().join("，");
    let text = screen(&many, "- A", 80, 8, ColorDepth::TrueColor);
    assert!(text.contains("a 集，s 集，d 集"), "{text}");
}

#[test]
fn jump_back_labels_sit_on_the_words_before_the_cursor() {
    // From the line's end: the nearest word before the cursor gets `a`, and so on back.
    let src = "我们会收集您的手机号码，用于创建账户。";
    let text = screen(src, "$ _", 40, 4, ColorDepth::TrueColor);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("1 h 们会g 集您的f 机号码，d 于s 建a 户。"),
        "{text}"
    );
    assert!(text.contains("jump back to: a 账户"), "{text}");
}
