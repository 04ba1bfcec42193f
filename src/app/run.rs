//! Starting the editor: load files and keymaps, then run it on the terminal or on a script.

use super::{App, ColorDepth};
use crate::cli::EditorArgs;
use crate::doc::Buffer;
use crate::keymap::{Key, Keymap, parse_key_script};
use crate::markup::parse;
use crate::scheme::{Scheme, full_width};
use crate::terminal;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};

/// The bundled sample: the Taobao policy with its markup removed, ready to label.
const SAMPLE: &str = include_str!("../../sample-policies/taobao-raw.txt");

/// Opens the editor as the command line asks. Returns the exit code.
pub fn run(args: EditorArgs) -> i32 {
    let app = match build_app(&args) {
        Ok(app) => app,
        Err(msg) => {
            eprintln!("{msg}");
            return 2;
        }
    };
    match &args.keys {
        Some(script) => {
            let (w, h) = match parse_size(&args.size) {
                Some(s) => s,
                None => {
                    eprintln!(
                        "ptag: --size must be COLSxROWS, at most 2000x1000, e.g. 100x30 (got {})",
                        args.size
                    );
                    return 2;
                }
            };
            let keys = match parse_key_script(script) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("ptag: --keys: {e}");
                    return 2;
                }
            };
            let (app, screen) = run_script(app, &keys, w, h);
            if let Some(path) = &args.dump_screen
                && let Err(e) = std::fs::write(path, screen)
            {
                eprintln!("ptag: cannot write {}: {e}", path.display());
                return 2;
            }
            if app
                .message
                .as_ref()
                .is_some_and(|m| m.level == super::Level::Error)
            {
                eprintln!(
                    "ptag: {}",
                    app.message.as_ref().map(|m| m.text.as_str()).unwrap_or("")
                );
            }
            0
        }
        None => match terminal::run_interactive(app) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("ptag: {e}");
                2
            }
        },
    }
}

fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    // A screen larger than this is a typo, and would allocate gigabytes for the frame.
    (w > 0 && h > 0 && w <= 2000 && h <= 1000).then_some((w, h))
}

/// Loads scheme, keymaps and files; any problem is a located message and the editor does not start.
pub fn build_app(args: &EditorArgs) -> Result<App, String> {
    let scheme = match &args.common.scheme {
        Some(p) => Scheme::load(p).map_err(|e| e.to_string())?,
        None => Scheme::default(),
    };
    let mut keymap = Keymap::default_for(&scheme);
    if let Some(dirs) = directories::ProjectDirs::from("", "", "ptag") {
        let user = dirs.config_dir().join("keymap.json");
        if user.exists() {
            keymap
                .merge_file(&user, &scheme)
                .map_err(|e| e.to_string())?;
        }
    }
    if let Some(p) = &args.keymap {
        keymap.merge_file(p, &scheme).map_err(|e| e.to_string())?;
    }
    let encoding = match args.encoding.as_deref() {
        None => crate::store::TextEncoding::Utf8,
        Some(name) => crate::store::TextEncoding::parse(name)
            .ok_or_else(|| format!("ptag: unknown --encoding {name} (utf-8 or gb18030)"))?,
    };
    let colors = ColorDepth::detect(|k| std::env::var(k).ok());
    // A folder, or several files, is a session with a file list.
    let folder = match args.files.as_slice() {
        [one] if one.is_dir() => Some(one.clone()),
        _ => None,
    };
    let session_files = match &folder {
        Some(f) => {
            let files = crate::session::Session::scan(f);
            if files.is_empty() {
                return Err(format!(
                    "ptag: {}: no *.txt files in this folder",
                    f.display()
                ));
            }
            files
        }
        None if args.files.len() > 1 => args.files.clone(),
        None => Vec::new(),
    };
    let mut first = Vec::new();
    if args.files.is_empty() {
        let doc = parse(SAMPLE, &scheme);
        first.push(Buffer::new(
            doc,
            None,
            "sample (unsaved: Ctrl-S asks for a name)".into(),
        ));
    } else if session_files.is_empty() {
        first.push(load_buffer(&args.files[0], &scheme, args.plain, encoding)?);
    }
    let mut app = App::new(scheme, keymap, first, colors);
    app.resume = args.keys.is_none();
    if !session_files.is_empty() {
        let root = folder
            .clone()
            .unwrap_or_else(|| common_parent(&session_files));
        let session = crate::session::Session::open(&root, session_files, &app.scheme);
        let start = session.next_undone(session.files.len() - 1).unwrap_or(0);
        app.session = Some(session);
        // Open the first file not done; the list comes first for a folder.
        let path = app.session.as_ref().expect("set").files[start].path.clone();
        let buf = load_buffer(&path, &app.scheme, args.plain, encoding)?;
        app.buffers.push(buf);
        app.views.push(super::View::default());
        app.journals.push(None);
        app.locks.push(None);
        app.current = 0;
        if let Some(s) = app.session.as_mut() {
            s.files[start].buffer = Some(0);
            s.selected = start;
        }
    }
    if app.buffers[0].path.is_some() {
        let path = app.buffers[0].path.clone().expect("checked");
        app.attach_file(0, &path, args.take_over);
        super::corpus::restore_position(&mut app, 0);
    }
    if folder.is_some() {
        app.mode = super::Mode::FileList;
        let progress = app
            .session
            .as_ref()
            .map(|s| s.progress())
            .unwrap_or_default();
        if app.message.is_none() {
            app.info(format!(
                "{progress} — Enter opens a file, S sets its status, Esc goes to the open file"
            ));
        }
    }
    app.next_recovery();
    Ok(app)
}

/// The deepest folder holding all `files`.
fn common_parent(files: &[PathBuf]) -> PathBuf {
    let abs: Vec<PathBuf> = files
        .iter()
        .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
        .collect();
    let mut root = abs[0].parent().map(Path::to_path_buf).unwrap_or_default();
    while !abs.iter().all(|f| f.starts_with(&root)) {
        match root.parent() {
            Some(p) => root = p.to_path_buf(),
            None => break,
        }
    }
    root
}

pub(super) fn load_buffer(
    path: &Path,
    scheme: &Scheme,
    plain: bool,
    encoding: crate::store::TextEncoding,
) -> Result<Buffer, String> {
    use crate::store::{DiskStamp, LoadError, TextEncoding};
    let name = path.display().to_string();
    let (text, disk) = match crate::store::read_bytes(path) {
        Ok(bytes) => {
            let stamp = DiskStamp::of(path, &bytes);
            let gb = encoding == TextEncoding::Utf8
                && std::str::from_utf8(&bytes).is_err()
                && crate::store::looks_like_gb18030(&bytes);
            match crate::store::decode_as(path, bytes, encoding) {
                Ok(t) => (t, Some(stamp)),
                Err(e) if gb => {
                    return Err(format!(
                        "{e}\nptag: the file decodes cleanly as GB18030: open it with --encoding gb18030 (it is saved back in GB18030)"
                    ));
                }
                Err(e) => return Err(e.to_string()),
            }
        }
        Err(LoadError::Io { error, .. }) if error.kind() == std::io::ErrorKind::NotFound => {
            // A new file: start empty; saving creates it.
            (String::new(), None)
        }
        Err(e) => return Err(e.to_string()),
    };
    let text = if plain {
        text.chars()
            .map(|c| {
                if scheme.is_delimiter(c) {
                    full_width(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    } else {
        text
    };
    let mut buf = Buffer::new(parse(&text, scheme), Some(PathBuf::from(path)), name);
    buf.encoding = encoding;
    buf.disk = disk;
    Ok(buf)
}

/// Runs `keys` on an in-memory screen `w`×`h`; returns the app and the last frame as text.
pub fn run_script(mut app: App, keys: &[Key], w: u16, h: u16) -> (App, String) {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("an in-memory terminal");
    app.size = (w, h);
    app.scroll_to_cursor();
    let _ = term.draw(|f| crate::ui::draw(f, &app));
    for key in keys {
        if app.should_quit {
            break;
        }
        app.handle_key(key);
        let _ = term.draw(|f| crate::ui::draw(f, &app));
    }
    // A script is not a session to recover: its journals go when it ends.
    app.discard_journals();
    super::corpus::remember(&app);
    // The last frame drawn afresh, so the dump never depends on what earlier frames left behind.
    let mut fresh = Terminal::new(TestBackend::new(w, h)).expect("an in-memory terminal");
    let _ = fresh.draw(|f| crate::ui::draw(f, &app));
    let screen = screen_text(fresh.backend().buffer());
    (app, screen)
}

/// A buffer as lines of text (wide characters once, trailing spaces trimmed).
pub fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
