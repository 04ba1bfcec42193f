//! The editor's action layer on arbitrary input: the first part of the input is a document, the
//! rest a sequence of keys. After every key the document must save and read back the same, no
//! tags may cross, and undoing everything must give back the original bytes. Any panic is a find.
//!
//! Run: `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run actions` (or `cargo +nightly fuzz run actions`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::Buffer;
use ptag::keymap::{Keymap, parse_key};
use ptag::markup::{parse, serialize, serialize_unchecked};
use ptag::scheme::Scheme;

/// Keys that move, page, jump (a label follows), select, count, tag, retag, untag, resize,
/// note, search, fix, accept, undo and redo.
const KEYS: &[&str] = &[
    "h", "l", "j", "k", "w", "b", "e", "0", "$", "}", "{", ")", "(", "]", "[", "v", "<S-Right>",
    "<S-Down>", "<Esc>", "W", "C", "T", "a", "s", "d", "f", "x", "H", "L", "J", "K", "<A-h>",
    "<A-l>", "<A-j>", "<A-k>", "u", "U", "#", "g", "G", "F", "<C-n>", "<C-p>", "z", "n", "M",
    "1", "3", "D", "E", "-", "_", "<C-d>", "<C-u>", "<C-f>", "<C-b>", "t", "r", ",", "y",
];

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xff).unwrap_or(data.len());
    let Ok(src) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let keys = data.get(split + 1..).unwrap_or(&[]);
    let scheme = Scheme::default();
    let buf = Buffer::from_markup(src, &scheme, None, "fuzz".into());
    let mut app = App::new(scheme.clone(), Keymap::default_for(&scheme), vec![buf], ColorDepth::None);
    app.resume = false;
    let w = 1 + keys.first().copied().unwrap_or(40) % 120;
    let h = 1 + keys.get(1).copied().unwrap_or(10) % 40;
    app.size = (w as u16, h as u16);
    for &k in keys.iter().take(200) {
        let key = KEYS[k as usize % KEYS.len()];
        app.handle_key(&parse_key(key).unwrap());
        if key == "#" {
            app.handle_key(&parse_key("注").unwrap());
            app.handle_key(&parse_key("<Enter>").unwrap());
        }
        if key == "M" {
            // Answer the role question (or cancel) so the session goes on.
            app.handle_key(&parse_key("d").unwrap());
        }
        let doc = &app.buf().doc;
        let out = serialize(doc).expect("every state saves");
        let back = parse(&out, &scheme);
        assert_eq!(back.text, doc.text);
        let rec = |d: &ptag::markup::Document| -> Vec<_> { d.items().iter().map(|i| d.item_record(i)).collect() };
        assert_eq!(rec(&back), rec(doc));
    }
    while app.buf_mut().undo().is_some() {}
    assert_eq!(serialize_unchecked(&app.buf().doc), src);
});
