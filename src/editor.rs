//! The wiring: build an `App` from the command line, then run it on the terminal or on a
//! `--keys` script. The app itself knows nothing of terminals; the UI only draws it.

use crate::app::{App, Level, Mode};
use crate::cli::EditorArgs;
use crate::color::ColorDepth;
use crate::display_safe::to_stderr;
use crate::doc::{Buffer, LoadOptions};
use crate::keymap::{Key, Keymap, parse_key_script};
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::session::Session;
use crate::terminal;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The bundled sample: the Taobao policy with its markup removed, ready to label.
const SAMPLE: &str = include_str!("../sample-policies/taobao-raw.txt");

/// Opens the editor as the command line asks. Returns the exit code.
pub fn run(mut args: EditorArgs) -> i32 {
    if let Err(e) = crate::cli::in_force::apply_editor(&mut args) {
        say(&e.to_string());
        return 2;
    }
    let app = match build_app(&args, crate::recovery::default_data_dir()) {
        Ok(app) => app,
        Err(msg) => {
            to_stderr(&msg.to_string());
            return 2;
        }
    };
    run_app(app, &args)
}

/// `ptag review A B [-o OUT]`: the editor on OUT with every disagreement of A and B marked.
pub fn review(mut args: crate::cli::review::ReviewArgs) -> i32 {
    let stderr = std::io::stderr();
    let mut err =
        crate::display_safe::SafeText::new(stderr.lock(), crate::display_safe::Style::Text);
    let mut command = crate::cli::Command::Review(args);
    if let Err(e) = crate::cli::in_force::apply(&mut command) {
        let _ = writeln!(err, "{e}");
        return 2;
    }
    let crate::cli::Command::Review(settled) = command else {
        unreachable!("the review command stays one")
    };
    args = settled;
    let prepared = match crate::cli::review::prepare(&args, &mut err) {
        Ok(Some(p)) => p,
        _ => return 2,
    };
    drop(err);
    let out = prepared.out;
    let editor = EditorArgs {
        files: vec![out.clone()],
        keymap: args.keymap.clone(),
        keys: args.keys.clone(),
        size: args.size.clone(),
        dump_screen: args.dump_screen.clone(),
        force: args.force,
        common: args.common.clone(),
        ..Default::default()
    };
    let mut app = match build_app(&editor, crate::recovery::default_data_dir()) {
        Ok(app) => app,
        Err(e) => {
            to_stderr(&e.to_string());
            return 2;
        }
    };
    if !app.recoveries.is_empty() || app.buf().read_only.is_some() {
        to_stderr(&format!(
            "{}: error: unsaved work of an earlier session, or another annotator holds it: open it with `ptag {}` first",
            out.display(),
            out.display()
        ));
        return 2;
    }
    let (a, b) = (args.a.display().to_string(), args.b.display().to_string());
    if let Err(e) = app.start_review(&prepared.marked, &a, &b) {
        to_stderr(&format!("{}: error: {e}", out.display()));
        return 2;
    }
    drop(prepared.marked);
    let code = run_app(app, &editor);
    if prepared.for_stdout.is_some() && code == 0 {
        // `-o -`: the adjudicated file, as saved, once the editor has given the terminal back.
        let printed = crate::store::read_regular(&out).and_then(|bytes| {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes).and_then(|()| stdout.flush())
        });
        if let Err(e) = printed {
            eprintln!("ptag review: error: cannot print the result: {e}");
            return 2;
        }
    }
    code
}

/// Runs a built editor on the terminal, or on the `--keys` script of `args`. Returns the exit code.
pub fn run_app(mut app: App, args: &EditorArgs) -> i32 {
    match &args.keys {
        Some(script) => {
            let (w, h) = match parse_size(&args.size) {
                Some(s) => s,
                None => {
                    to_stderr(&format!(
                        "ptag: --size must be COLSxROWS, at most 2000x1000, e.g. 100x30 (got {})",
                        args.size
                    ));
                    return 2;
                }
            };
            let keys = match parse_key_script(script) {
                Ok(k) => k,
                Err(e) => {
                    to_stderr(&format!("ptag: --keys: {e}"));
                    return 2;
                }
            };
            // A script sees the backend's predictions from its first key, whatever the timing:
            // the whole files are fetched first.
            if app.has_backend() {
                app.finish_loading();
                app.fetch_backend_now();
                // The status line's word would go with the first key: a script says it here.
                if let Some(why) = &app.backend.unreachable {
                    to_stderr(&format!(
                        "ptag: {why} — the script runs without the backend's suggestions"
                    ));
                }
            }
            let mut app = run_keys(app, &keys, w, h);
            if let Some(path) = &args.dump_screen {
                // The dump shows the whole file's counts, whenever the script ended.
                app.finish_loading();
                let screen = final_screen(&app, w, h);
                let mut stdout = std::io::stdout().lock();
                let written = crate::cli::output::write_whole(
                    path,
                    args.force,
                    screen.as_bytes(),
                    &mut stdout,
                );
                if let Err(message) = written {
                    to_stderr(&message);
                    return 2;
                }
            }
            terminal::forget_documents(&mut app);
            if app
                .message
                .as_ref()
                .is_some_and(|m| m.level == Level::Error)
            {
                to_stderr(&format!(
                    "ptag: {}",
                    app.message.as_ref().map(|m| m.text.as_str()).unwrap_or("")
                ));
            }
            // A script must see that its save did not happen.
            if app.failed_saves > 0 {
                to_stderr(&format!(
                    "ptag: {} save(s) failed: the file is NOT saved",
                    app.failed_saves
                ));
                1
            } else {
                0
            }
        }
        None => {
            use std::io::IsTerminal;
            // With `-` the policy came on stdin; keys then come from the terminal itself.
            let keys_from_tty = std::io::stdin().is_terminal()
                || (args.files.len() == 1
                    && args.files[0].as_os_str() == "-"
                    && std::fs::File::open("/dev/tty").is_ok());
            if !keys_from_tty || !std::io::stdout().is_terminal() {
                to_stderr(
                    "ptag: the editor needs a terminal (stdin/stdout are not a tty); over ssh use `ssh -t`, in scripts use --keys",
                );
                return 2;
            }
            match terminal::run_interactive(app) {
                Ok(ended) => {
                    if ended != terminal::Ended::Quit {
                        to_stderr(&format!(
                            "ptag: {} — unsaved changes are in the recovery journal; open the file again to restore them",
                            match ended {
                                terminal::Ended::TerminalGone =>
                                    "the terminal went away".to_string(),
                                terminal::Ended::Signal(s) => format!("stopped by signal {s}"),
                                terminal::Ended::Quit => String::new(),
                            }
                        ));
                    }
                    ended.exit_code()
                }
                Err(e) => {
                    to_stderr(&format!("ptag: {e}"));
                    2
                }
            }
        }
    }
}

/// A message quoting user input, on stderr through the safe-text writer.
fn say(message: &str) {
    let stderr = std::io::stderr();
    let mut err =
        crate::display_safe::SafeText::new(stderr.lock(), crate::display_safe::Style::Text);
    let _ = writeln!(err, "{message}");
}

fn parse_size(s: &str) -> Option<(u16, u16)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    // A screen larger than this is a typo, and would allocate gigabytes for the frame.
    (w > 0 && h > 0 && w <= 2000 && h <= 1000).then_some((w, h))
}

/// Why the editor did not start. Each says what to fix, located where a file is at fault.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A scheme or keymap file that cannot be used (`path:line:col: error: …`).
    #[error("{0}")]
    Config(#[from] crate::located::LocatedError),
    /// A folder without a readable `*.txt`; the text says what was left out, if anything.
    #[error("ptag: {}: no *.txt files in this folder{}", .0.display(), crate::display_safe::escape(.1))]
    EmptyFolder(PathBuf, String),
    #[error("{0}")]
    Open(#[from] crate::doc::OpenError),
    #[error("ptag: cannot read stdin: {0}")]
    Stdin(std::io::Error),
}

/// Loads scheme, keymaps and files; any problem is a located message and the editor does not start.
/// `data_dir` is where journals and positions are kept (`None`: nowhere).
pub fn build_app(args: &EditorArgs, data_dir: Option<PathBuf>) -> Result<App, StartError> {
    let scheme = match &args.common.scheme {
        Some(p) => crate::store::load_scheme(p)?,
        None => Scheme::default(),
    };
    let mut keymap = Keymap::default_for(&scheme);
    if let Some(dirs) = directories::ProjectDirs::from("", "", "ptag") {
        let user = dirs.config_dir().join("keymap.json");
        if user.exists() {
            keymap.merge_file(&user, &scheme)?;
        }
    }
    if let Some(p) = &args.keymap {
        keymap.merge_file(p, &scheme)?;
    }
    // The project file's editor options, over those of the keymaps.
    if let Some(n) = args.scrolloff {
        keymap.options.scrolloff = n;
    }
    if let Some(c) = args.cursor_after_tag {
        keymap.options.cursor_after_tag = c;
    }
    let encoding = args.encoding.unwrap_or(crate::store::TextEncoding::Utf8);
    let options = LoadOptions {
        plain: args.plain,
        encoding,
    };
    let colors = ColorDepth::detect(|k| std::env::var(k).ok());
    // A folder, or several files, is a session with a file list.
    let folder = match args.files.as_slice() {
        [one] if one.is_dir() => Some(one.clone()),
        _ => None,
    };
    // Entries of the folder left out of the list (a FIFO named *.txt…): said, never silent.
    let mut left_out = String::new();
    let session_files = match &folder {
        Some(f) => {
            let listing = Session::scan_listing(f);
            if let Some(first) = listing.errors.first() {
                let more = match listing.errors.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                left_out = format!("not listed, cannot be read: {first}{more}");
            }
            if listing.files.is_empty() {
                let why = match left_out.as_str() {
                    "" => String::new(),
                    l => format!("; {l}"),
                };
                return Err(StartError::EmptyFolder(f.clone(), why));
            }
            listing.files
        }
        None if args.files.len() > 1 => args.files.clone(),
        None => Vec::new(),
    };
    let open = |path: &Path| Buffer::open(path, &scheme, &options);
    let mut session = None;
    let mut first_index = None;
    // The one file named: shown before its end is parsed (the rest is parsed behind it).
    let mut loading = None;
    let first = if args.files.is_empty() {
        let sample = format!("sample (unsaved: {} asks for a name)", keymap.hint(&save()));
        Buffer::new(parse(SAMPLE, &scheme), None, sample)
    } else if args.files.len() == 1 && args.files[0].as_os_str() == "-" {
        // `-`: the policy comes from stdin; it has no file, so saving asks for a name.
        let bytes = crate::store::read_file(Path::new("-"), crate::store::FileKind::Policy)
            .map_err(|e| StartError::Stdin(crate::store::into_io(e)))?;
        let mut buf = Buffer::from_bytes(Path::new("-"), bytes, &scheme, &options)?;
        buf.name = format!("stdin (unsaved: {} asks for a name)", keymap.hint(&save()));
        buf
    } else if session_files.is_empty() {
        let (buf, rest) = Buffer::open_lazily(&args.files[0], &scheme, &options)?;
        loading = rest;
        buf
    } else {
        let root = folder
            .clone()
            .unwrap_or_else(|| common_parent(&session_files));
        let mut s = Session::open(&root, session_files, &scheme, &options);
        // Open the first file not done; the list comes first for a folder.
        let start = s.next_undone(s.files.len() - 1).unwrap_or(0);
        s.selected = start;
        let buf = open(&s.files[start].path)?;
        session = Some(s);
        first_index = Some(start);
        buf
    };
    let mut app = App::new(scheme, keymap, vec![first], colors);
    app.options = options;
    app.data_dir = data_dir;
    app.narrow_ambiguous = args.narrow_quotes;
    app.session = session;
    app.resume = args.keys.is_none();
    let id = app.current;
    app.file_mut(id).session_index = first_index;
    app.file_mut(id).loading = loading;
    if let Some(path) = app.buf().path.clone() {
        app.attach_file(id, &path, args.take_over);
        crate::app::restore_position(&mut app, id);
    }
    if folder.is_some() {
        app.mode = Mode::FileList;
        let progress = app
            .session
            .as_ref()
            .map(|s| s.progress())
            .unwrap_or_default();
        if !left_out.is_empty() {
            app.error(left_out);
        } else if app.message.is_none() {
            let hint = app.file_list_hint();
            app.info(format!("{progress} — {hint}"));
        }
    }
    // Scripted runs stay reproducible and quick: they use --model but never train.
    if args.keys.is_none() {
        app.enable_training(args.retrain_every.unwrap_or(crate::app::RETRAIN_EVERY));
    }
    if let Some(path) = &args.model {
        // A bad model is said, and the editor opens without it (on the lexicon).
        match crate::cli::train::load_model(path, &app.scheme) {
            Ok(m) => {
                app.learning.auto = false;
                app.use_model(m, path.clone());
            }
            Err(e) => app.error(format!("{e} — suggestions come from the lexicon")),
        }
    }
    connect_backend(&mut app, args);
    app.next_recovery();
    // Unsaved work to restore is replayed on the whole file.
    if app.mode == Mode::Recover {
        app.finish_loading();
    }
    Ok(app)
}

/// `--backend`: a bad URL or label map is said, and the editor opens without it.
fn connect_backend(app: &mut App, args: &EditorArgs) {
    let mut said = Vec::new();
    let named = match args.labels.apply(&app.scheme, "ptag", &mut said) {
        Ok(Some(s)) => s,
        _ => {
            app.error(String::from_utf8_lossy(&said).trim().to_string());
            return;
        }
    };
    match args.backend.connect(&named) {
        Ok(Some(backend)) => app.use_backend(backend),
        Ok(None) => {}
        Err(e) => app.error(format!("{e} — suggestions without the backend")),
    }
}

fn save() -> crate::keymap::Action {
    crate::keymap::Action::Simple(crate::keymap::Simple::Save)
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

/// Runs `keys` on an in-memory screen `w`×`h`; returns the app and the last frame as text
/// (drawn on the whole file, so it never depends on how far parsing had gone).
pub fn run_script(app: App, keys: &[Key], w: u16, h: u16) -> (App, String) {
    let mut app = run_keys(app, keys, w, h);
    app.finish_loading();
    let screen = final_screen(&app, w, h);
    (app, screen)
}

/// Runs `keys` on an in-memory screen `w`×`h`, a frame drawn after each, as on a terminal:
/// a file still being parsed stays so unless a key needs all of it.
pub fn run_keys(mut app: App, keys: &[Key], w: u16, h: u16) -> App {
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
    crate::app::remember(&app);
    app
}

/// The last frame drawn afresh, so the dump never depends on what earlier frames left behind.
pub fn final_screen(app: &App, w: u16, h: u16) -> String {
    let mut fresh = Terminal::new(TestBackend::new(w, h)).expect("an in-memory terminal");
    let _ = fresh.draw(|f| crate::ui::draw(f, app));
    screen_text(fresh.backend().buffer())
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
