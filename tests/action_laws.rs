//! Random action sequences on random documents: after every step the document saves and reads
//! back the same, no tags cross, and undoing everything gives back the original bytes.

use proptest::prelude::*;
use ptag::app::App;
use ptag::color::ColorDepth;
use ptag::doc::Buffer;
use ptag::keymap::{Keymap, parse_key};
use ptag::markup::{parse, serialize, serialize_unchecked};
use ptag::scheme::Scheme;

fn document() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "我们",
        "收集",
        "您的",
        "手机号码",
        "用于",
        "注册",
        "，",
        "。",
        "(",
        ")",
        "<",
        ">",
        "[",
        "]",
        "{",
        "}",
        "#注#",
        "（",
        "）",
        "\n",
        "\r\n",
        " ",
        "a",
        "1",
        "e\u{301}",
        "😀",
    ]);
    prop::collection::vec(atoms, 1..40).prop_map(|v| v.concat())
}

/// Keys that move, select, tag, retag, untag, resize, note, undo and redo.
fn key() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "h",
        "l",
        "j",
        "k",
        "w",
        "b",
        "e",
        "0",
        "$",
        "}",
        "{",
        "]",
        "[",
        "v",
        "<S-Right>",
        "<Esc>",
        "W",
        "C",
        "T",
        "a",
        "s",
        "d",
        "f",
        "1",
        "x",
        "H",
        "L",
        "J",
        "K",
        "<A-h>",
        "<A-l>",
        "<A-j>",
        "<A-k>",
        "u",
        "U",
        "#",
        "g",
        "G",
        "F",
    ])
}

fn check(app: &App, src: &str, step: usize) -> Result<(), TestCaseError> {
    let doc = &app.buf().doc;
    let out = serialize(doc).map_err(|e| TestCaseError::fail(format!("step {step}: {e}")))?;
    let back = parse(&out, &doc.scheme);
    prop_assert_eq!(back.text.to_string(), doc.text.to_string(), "step {}", step);
    let records = |d: &ptag::markup::Document| -> Vec<_> {
        d.items().iter().map(|i| d.item_record(i)).collect()
    };
    prop_assert_eq!(
        records(&back),
        records(doc),
        "step {}: {:?} from {:?}",
        step,
        out,
        src
    );
    let spans: Vec<_> = doc.spans().collect();
    for a in &spans {
        for b in &spans {
            prop_assert!(
                !(a.start < b.start && b.start < a.end && a.end < b.end),
                "step {}: {:?} crosses {:?}",
                step,
                a,
                b
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_actions_keep_the_laws(src in document(), keys in prop::collection::vec(key(), 1..60)) {
        let scheme = Scheme::default();
        let buf = Buffer::from_markup(&src, &scheme, None, "p".into());
        let mut app = App::new(scheme.clone(), Keymap::default_for(&scheme), vec![buf], ColorDepth::TrueColor);
        app.size = (30, 8);
        for (i, k) in keys.iter().enumerate() {
            app.handle_key(&parse_key(k).unwrap());
            if k == &"#" {
                // A note prompt: type a note and confirm.
                app.handle_key(&parse_key("备").unwrap());
                app.handle_key(&parse_key("<Enter>").unwrap());
            }
            check(&app, &src, i)?;
        }
        while app.buf_mut().undo().is_some() {}
        prop_assert_eq!(serialize_unchecked(&app.buf().doc), src);
    }
}
