//! Claiming the terminal and always giving it back: on quit, on error, on panic, on SIGTERM/SIGHUP.

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
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

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
        eprintln!(
            "ptag crashed. Your unsaved changes are in the recovery journal: open the file again to restore them.\nCrash report: {}",
            report.unwrap_or_else(|| "(no data folder)".into())
        );
    }));
    enable_raw_mode()?;
    let claim = Claim;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(claim)
}

/// Runs the editor on the real terminal until the user quits or a signal asks us to stop.
pub fn run_interactive(mut app: App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, stop.clone())?;
    }
    // Load the word segmenter's dictionary before the first frame rather than on the first `w`.
    std::thread::spawn(crate::motion::warm_up);
    let _claim = claim(app.data_dir.clone())?;
    // crossterm installs its resize handler on the first poll: do it before the first frame so
    // a resize during start-up is not lost.
    let _ = event::poll(Duration::ZERO);
    let mut term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = term.size()?;
    app.size = (size.width, size.height);
    app.scroll_to_cursor();
    let mut dirty = true;
    while !app.should_quit {
        if stop.load(Ordering::Relaxed) {
            // SIGTERM/SIGHUP (an SSH drop): keep the journal, make sure it is on disk, go.
            app.flush_journals();
            return Ok(());
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
        if dirty {
            execute!(io::stdout(), BeginSynchronizedUpdate)?;
            term.draw(|f| crate::ui::draw(f, &app))?;
            execute!(io::stdout(), EndSynchronizedUpdate)?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                if let Some(key) = Key::from_event(&k) {
                    // A key can arrive before the resize event that precedes it: lay out for
                    // the screen as it is now.
                    if let Ok(s) = term.size() {
                        app.size = (s.width, s.height);
                    }
                    app.handle_key(&key);
                    dirty = true;
                }
            }
            Event::Paste(text) => {
                app.handle_paste(&text);
                dirty = true;
            }
            Event::Resize(w, h) => {
                app.size = (w, h);
                app.scroll_to_cursor();
                term.autoresize()?;
                dirty = true;
            }
            _ => {}
        }
    }
    app.finish();
    Ok(())
}
