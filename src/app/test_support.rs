//! What the model tests share: an app on a small document, keys typed into it, what it shows.

use super::*;
use crate::editor::build_app;
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

/// An app on `src` with the default keymap and the test run's data folder.
pub(crate) fn app(src: &str) -> App {
    let mut app = app_with(src, Keymap::default_for(&Scheme::default()));
    app.data_dir = Some(test_data_dir());
    app
}

/// A short policy sentence.
pub(crate) const S: &str = "我们会收集您的手机号码用于创建账户。";

/// A data folder for the whole test run, so tests never write journals or resume files into
/// the real one.
pub(crate) fn test_data_dir() -> std::path::PathBuf {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap())
        .path()
        .to_path_buf()
}

pub(crate) fn app_on_file(path: &std::path::Path) -> App {
    let args = crate::cli::EditorArgs {
        files: vec![path.to_path_buf()],
        ..Default::default()
    };
    let mut a = build_app(&args, Some(test_data_dir())).unwrap();
    a.size = (60, 10);
    a
}

/// A corpus folder: two tagged files and one raw one.
pub(crate) fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "(我们)[收集]<手机号码>和<设备信息>。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "(我们)会[使用]<手机号码>{注册账户}。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.txt"),
        "我们会收集您的手机号码和设备信息用于注册账户。\n",
    )
    .unwrap();
    dir
}

pub(crate) fn app_on(paths: Vec<std::path::PathBuf>) -> App {
    app_on_with(paths, &test_data_dir())
}

pub(crate) fn app_on_with(paths: Vec<std::path::PathBuf>, data_dir: &std::path::Path) -> App {
    let args = crate::cli::EditorArgs {
        files: paths,
        ..Default::default()
    };
    let mut a = build_app(&args, Some(data_dir.to_path_buf())).unwrap();
    a.size = (80, 12);
    a
}
