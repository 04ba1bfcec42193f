//! What the model tests share: an app on a small document, keys typed into it, what it shows.

use super::*;
use crate::keymap::parse_key_script;
use crate::markup::serialize_unchecked;

/// An app on `src` (file `t.txt`) with `keymap`, 40x10, no data folder.
pub(crate) fn app_with(src: &str, keymap: Keymap) -> App {
    let scheme = Scheme::default();
    let buf = Buffer::from_markup(src, &scheme, None, "t.txt".into());
    let mut app = App::new(scheme, keymap, vec![buf], ColorDepth::TrueColor);
    app.size = (40, 10);
    app
}

pub(crate) fn keys(app: &mut App, script: &str) {
    for k in parse_key_script(script).unwrap() {
        app.handle_key(&k);
    }
}

pub(crate) fn markup(app: &App) -> String {
    serialize_unchecked(&app.buf().doc)
}

pub(crate) fn msg(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}
