//! The emacs keymap as an emacs user types it: undo from a legacy terminal, `C-s C-s`, regions.

use super::*;
use crate::app::test_support::*;
use crate::keymap::EMACS_KEYMAP;
use crate::markup::serialize_unchecked;

fn emacs(src: &str) -> App {
    let scheme = Scheme::default();
    let mut keymap = Keymap::default_for(&scheme);
    keymap
        .merge_json(EMACS_KEYMAP, "emacs.json", &scheme)
        .unwrap();
    app_with(src, keymap)
}

/// Keys as crossterm reports them from a legacy terminal (tmux, xterm): Ctrl-/ and Ctrl-_ are
/// the byte 0x1F, read as Ctrl+7.
fn legacy_ctrl_7(app: &mut App) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let ev = KeyEvent::new(KeyCode::Char('7'), KeyModifiers::CONTROL);
    app.handle_key(&crate::keymap::Key::from_event(&ev).unwrap());
}

#[test]
fn undo_from_a_legacy_terminal() {
    let mut a = emacs("我们会收集手机号码");
    keys(&mut a, "a");
    assert_eq!(serialize_unchecked(&a.buf().doc), "(我们)会收集手机号码");
    legacy_ctrl_7(&mut a);
    assert_eq!(serialize_unchecked(&a.buf().doc), "我们会收集手机号码");
    let m = a
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(!m.contains("not bound"), "{m}");
}

#[test]
fn search_key_twice_repeats_the_last_search() {
    let mut a = emacs("手机，手机，手机");
    keys(&mut a, "<C-s> 手机 <Enter>");
    assert_eq!(a.view().cursor, 3);
    keys(&mut a, "<C-s> <C-s>");
    assert_eq!(a.view().cursor, 6, "C-s C-s: the next match");
    assert_eq!(a.mode, Mode::Normal);
    // With text typed, the search key searches for it at once.
    keys(&mut a, "<C-a> <C-s> 机 <C-s>");
    assert_eq!(a.view().cursor, 1);
    // Nothing to repeat yet: said so, nothing moves.
    let mut b = emacs("手机");
    keys(&mut b, "<C-s> <C-s>");
    assert_eq!(b.view().cursor, 0);
    assert_eq!(b.mode, Mode::Normal);
}

#[test]
fn the_region_excludes_the_point() {
    let mut a = emacs("我们会收集手机号码");
    // Mark on 收, point moved two chars on to 手: the region is 收集, as in emacs.
    keys(&mut a, "<C-f> <C-f> <C-f> <C-Space> <C-f> <C-f>");
    assert_eq!(a.selection(), Some(3..5));
    keys(&mut a, "d");
    assert_eq!(serialize_unchecked(&a.buf().doc), "我们会<收集>手机号码");
    // Point before the mark: from the point to the mark, the mark's char left out.
    let mut b = emacs("我们会收集手机号码");
    keys(
        &mut b,
        &format!("{} <C-Space> <C-b> <C-b>", "<C-f> ".repeat(7)),
    );
    assert_eq!(b.selection(), Some(5..7));
    // Mark and point together: no region (a role key then tags the word).
    let mut c = emacs("我们会收集手机号码");
    keys(&mut c, "<C-Space>");
    assert_eq!(c.selection(), None);
}

#[test]
fn the_default_keymap_keeps_both_ends() {
    let scheme = Scheme::default();
    let keymap = Keymap::default_for(&scheme);
    let buf = Buffer::from_markup("我们会收集手机号码", &scheme, None, "t.txt".into());
    let mut a = App::new(scheme, keymap, vec![buf], ColorDepth::TrueColor);
    keys(&mut a, "l l l v l");
    assert_eq!(a.selection(), Some(3..5));
}

#[test]
fn a_keymap_names_its_selection_kind_or_is_refused() {
    let s = Scheme::default();
    let mut km = Keymap::default_for(&s);
    km.merge_json(r#"{"selection": "exclusive", "bindings": {}}"#, "k", &s)
        .unwrap();
    assert!(km.selection_excludes_cursor);
    km.merge_json(r#"{"bindings": {}}"#, "k", &s).unwrap();
    assert!(km.selection_excludes_cursor, "a patch without it keeps it");
    let e = km
        .merge_json(r#"{"selection": "sideways", "bindings": {}}"#, "k.json", &s)
        .unwrap_err();
    assert!(e.to_string().starts_with("k.json:1:"), "{e}");
    assert!(e.message.contains("exclusive"), "{e}");
}
