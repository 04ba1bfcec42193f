//! Claiming the terminal and always giving it back: on quit, on error, on panic, on SIGTERM,
//! SIGHUP and SIGINT, and when the terminal itself goes away (a dropped SSH connection).

use crate::app::App;
use crate::keymap::Key;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Puts the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Restores the terminal when dropped, so every exit path (including `?`) gives it back.
struct Claim;

impl Drop for Claim {
    fn drop(&mut self) {
        restore();
    }
}

fn claim(data_dir: Option<std::path::PathBuf>) -> io::Result<Claim> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
        // Every change is already in the recovery journal (written as it happened).
        let report = data_dir.as_ref().map(|d| {
            let path = d.join(format!("crash-{}.txt", crate::recovery::now_secs()));
            let text = format!("{info}\n\n{}", std::backtrace::Backtrace::force_capture());
            let _ = std::fs::create_dir_all(d);
            match std::fs::write(&path, text) {
                Ok(()) => path.display().to_string(),
                Err(_) => "(could not be written)".into(),
            }
        });
        // Not `eprintln!`: a panic while panicking aborts, and the locks would stay behind.
        let _ = writeln!(
            io::stderr(),
            "ptag crashed. Your unsaved changes are in the recovery journal: open the file again to restore them.\nCrash report: {}",
            report.unwrap_or_else(|| "(no data folder)".into())
        );
    }));
    enable_raw_mode()?;
    let claim = Claim;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(claim)
}

/// How an interactive session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// SIGHUP, SIGTERM or SIGINT: unsaved work is in the journal.
    Signal(i32),
    /// The terminal went away (the SSH link dropped, the pty closed): unsaved work is in the
    /// journal.
    TerminalGone,
}

impl Ended {
    /// The process exit code: 0 for a quit, 128 + the signal as shells report it, and SIGHUP's
    /// for a terminal that hung up.
    pub fn exit_code(self) -> i32 {
        match self {
            Ended::Quit => 0,
            Ended::Signal(sig) => 128 + sig,
            Ended::TerminalGone => 128 + signal_hook::consts::SIGHUP,
        }
    }
}

/// Where the keys come from: stdin when it is the terminal, else `/dev/tty` (`ptag -` reads the
/// policy from stdin), as crossterm's event source does.
struct KeySource {
    tty: Option<std::fs::File>,
}

impl KeySource {
    fn new() -> KeySource {
        use std::io::IsTerminal;
        let tty = if io::stdin().is_terminal() {
            None
        } else {
            std::fs::File::open("/dev/tty").ok()
        };
        KeySource { tty }
    }

    /// Has the terminal hung up? (A dropped SSH link closes the pty: reads then return EOF or
    /// EIO, and poll reports POLLHUP.)
    fn hung_up(&self) -> bool {
        use filedescriptor::{POLLERR, POLLHUP, poll, pollfd};
        use std::os::fd::AsRawFd;
        let fd = match &self.tty {
            Some(f) => f.as_raw_fd(),
            None => io::stdin().as_raw_fd(),
        };
        let mut fds = [pollfd {
            fd,
            events: 0,
            revents: 0,
        }];
        match poll(&mut fds, Some(Duration::ZERO)) {
            Ok(_) => fds[0].revents & (POLLHUP | POLLERR) != 0,
            Err(_) => false,
        }
    }
}

/// Runs the editor on the real terminal until the user quits, a signal asks us to stop, or the
/// terminal goes away. On the last two, every unsaved change is already in the recovery journal
/// (written as it happened); it is fsynced, the locks are released when `app` drops, and the
/// terminal is restored as far as it still exists.
pub fn run_interactive(mut app: App) -> io::Result<Ended> {
    let signal = Arc::new(AtomicUsize::new(0));
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        signal_hook::flag::register_usize(sig, signal.clone(), sig as usize)?;
    }
    let _claim = claim(app.data_dir.clone())?;
    let ended = event_loop(&mut app, &signal);
    match ended {
        Ok(Ended::Quit) => app.finish(),
        // Whatever went wrong, what was typed is kept: journals on disk before we go.
        _ => app.flush_journals(),
    }
    drop(_claim);
    forget_documents(&mut app);
    ended
}

/// Lets the process end without freeing each document node by node (a 100 MB policy is a rope
/// of many thousand nodes and a tag list): the system takes the memory back at once when the
/// process ends. Called once the terminal is restored and everything is saved or journaled;
/// locks and journals still close as the app drops.
pub fn forget_documents(app: &mut App) {
    for f in &mut app.files {
        let empty = crate::markup::Document::empty(app.scheme.clone());
        std::mem::forget(std::mem::replace(&mut f.buffer.doc, empty));
        std::mem::forget(std::mem::take(&mut f.buffer.history));
        // Pieces parsed but not yet joined: as many again as the document's end.
        std::mem::forget(f.loading.take());
    }
}

type Screen = Terminal<CrosstermBackend<crate::ansi16::Ansi16Writer<io::Stdout>>>;

/// ratatui's `Terminal`, let go without its drop: when the cursor is hidden, that drop shows it
/// and `eprintln!`s a failure, which panics once the terminal has gone (EIO on stderr) and, with
/// the panic hook's own report, aborts the process with the locks still held.
struct ScreenGuard(Option<Screen>);

impl Drop for ScreenGuard {
    fn drop(&mut self) {
        if let Some(mut term) = self.0.take() {
            match term.show_cursor() {
                Ok(()) => drop(term),
                // Nothing left to show it on: its buffers go with the process.
                Err(_) => std::mem::forget(term),
            }
        }
    }
}

impl std::ops::Deref for ScreenGuard {
    type Target = Screen;
    fn deref(&self) -> &Screen {
        self.0.as_ref().expect("the screen until dropped")
    }
}

impl std::ops::DerefMut for ScreenGuard {
    fn deref_mut(&mut self) -> &mut Screen {
        self.0.as_mut().expect("the screen until dropped")
    }
}

/// How often the screen is redrawn while parsed pieces of a big file wait to be joined.
const FRAME_WHILE_JOINING: Duration = Duration::from_millis(25);

fn event_loop(app: &mut App, signal: &AtomicUsize) -> io::Result<Ended> {
    let keys = KeySource::new();
    let terminal_hung_up = || keys.hung_up();
    // crossterm installs its resize handler on the first poll: do it before the first frame so
    // a resize during start-up is not lost.
    let _ = event::poll(Duration::ZERO);
    // A 16-colour terminal gets 16-colour codes (crossterm writes 256-colour ones).
    let sixteen = app.colors == crate::color::ColorDepth::Ansi16;
    let out = crate::ansi16::Ansi16Writer::new(io::stdout(), sixteen);
    let mut term = ScreenGuard(Some(Terminal::new(CrosstermBackend::new(out))?));
    let size = term.size()?;
    app.size = (size.width, size.height);
    app.scroll_to_cursor();
    let mut dirty = true;
    // On a terminal, a big lexicon's matcher is rebuilt behind the screen.
    app.work_behind = true;
    let mut worker = crate::model_worker::ModelWorker::default();
    // The word segmenter's dictionary (~130 ms) is loaded at once, behind the screen, at the
    // editor's priority (the parsing yields to it): a first `w` or word tag typed while a big
    // file loads would otherwise wait for it.
    std::thread::spawn(crate::motion::warm_up);
    // While parsed pieces wait to be joined, the screen is redrawn at most every
    // `FRAME_WHILE_JOINING` (a frame per millisecond of joining took the cores from the
    // parsing), except after a key, which is always shown at once.
    let (mut last_frame, mut key_to_show) = (Instant::now(), true);
    while !app.should_quit {
        if app.is_loading() {
            dirty |= app.absorb_loaded();
        }
        dirty |= worker.pump(app);
        dirty |= app.background_done();
        match signal.load(Ordering::Relaxed) {
            0 => {}
            sig => return Ok(Ended::Signal(sig as i32)),
        }
        app.tick();
        if app.suspend_requested {
            app.suspend_requested = false;
            app.flush_journals();
            restore();
            // Stops us like any program on Ctrl-Z; `fg` continues here.
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
            enable_raw_mode()?;
            execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
            term.clear()?;
            dirty = true;
        }
        // Asked only when there is something to draw: whether pieces wait is a look at a channel.
        if dirty
            && (key_to_show || last_frame.elapsed() >= FRAME_WHILE_JOINING || !app.pieces_waiting())
        {
            (last_frame, key_to_show) = (Instant::now(), false);
            let drawn = execute!(io::stdout(), BeginSynchronizedUpdate)
                .and_then(|_| term.draw(|f| crate::ui::draw(f, app)).map(|_| ()))
                .and_then(|_| execute!(io::stdout(), EndSynchronizedUpdate));
            if drawn.is_err() && terminal_hung_up() {
                return Ok(Ended::TerminalGone);
            }
            drawn?;
            dirty = false;
        }
        // While a file is parsed behind the screen, come back at once while parsed pieces wait
        // to be joined (a millisecond of them at a time), else soon; a running model job is
        // picked up within a tenth of a second of its end.
        let wait = if app.pieces_waiting() {
            0
        } else if app.is_loading() || app.working_behind() {
            20
        } else if worker.busy() {
            100
        } else {
            250
        };
        let ready = match event::poll(Duration::from_millis(wait)) {
            Ok(r) => r,
            Err(_) if terminal_hung_up() => return Ok(Ended::TerminalGone),
            Err(e) => return Err(e),
        };
        if !ready {
            if terminal_hung_up() {
                return Ok(Ended::TerminalGone);
            }
            continue;
        }
        let ev = match event::read() {
            Ok(ev) => ev,
            Err(_) if terminal_hung_up() => return Ok(Ended::TerminalGone),
            Err(e) => return Err(e),
        };
        match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if let Some(key) = Key::from_event(&k) {
                    // A key can arrive before the resize event that precedes it: lay out for
                    // the screen as it is now.
                    if let Ok(s) = term.size() {
                        app.size = (s.width, s.height);
                    }
                    app.handle_key(&key);
                    (dirty, key_to_show) = (true, true);
                }
            }
            Event::Paste(text) => {
                app.handle_paste(&text);
                (dirty, key_to_show) = (true, true);
            }
            Event::Resize(w, h) => {
                app.size = (w, h);
                app.scroll_to_cursor();
                term.autoresize()?;
                (dirty, key_to_show) = (true, true);
            }
            _ => {}
        }
    }
    Ok(Ended::Quit)
}
