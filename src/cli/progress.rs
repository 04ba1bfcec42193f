//! Progress of work that may take more than a second (training, model suggestions and
//! evaluations, commands over many files), drawn by indicatif on stderr. Only on a terminal,
//! never with `-q`, and not while a command streams its results to the same terminal (the bar
//! and the results would be drawn over each other); everywhere else it is hidden, so scripts
//! and logs never see it.

use crate::display_safe::escape;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Whether this run may draw progress: set once by `commands::run` (off with `-q`, and for
/// the library's own callers, tests included, which never set it).
static ALLOWED: AtomicBool = AtomicBool::new(false);

pub fn allow(allowed: bool) {
    ALLOWED.store(allowed, Ordering::Relaxed);
}

/// Where results go, for deciding whether a bar would be drawn over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Results {
    /// Printed as the work goes (check's diagnostics, suggestions).
    Streamed,
    /// Printed once the work is done, or written to a file.
    AtTheEnd,
}

/// A bar or a spinner; hidden when progress is not wanted.
pub struct Progress(ProgressBar);

fn shown(results: Results) -> bool {
    ALLOWED.load(Ordering::Relaxed)
        && std::io::stderr().is_terminal()
        && (results == Results::AtTheEnd || !std::io::stdout().is_terminal())
}

impl Progress {
    /// A bar over `count` files: `checking [====>   ] 12/63 policy.txt`. Hidden for one file.
    pub fn files(count: usize, doing: &'static str, results: Results) -> Progress {
        if count < 2 || !shown(results) {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(count as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
            .expect("a valid template")
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(doing);
        Progress(bar)
    }

    /// A spinner with the time so far, for work that cannot count its steps: `training 4s`.
    pub fn spinner(doing: &'static str) -> Progress {
        if !shown(Results::AtTheEnd) {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{spinner} {prefix} {elapsed}").expect("a valid template");
        bar.set_style(style);
        bar.set_prefix(doing);
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress(bar)
    }

    /// The next file, `name`, is under way.
    pub fn file(&self, name: &str) {
        if !self.0.is_hidden() {
            self.0.set_message(escape(name).into_owned());
            self.0.inc(1);
        }
    }

    pub fn is_shown(&self) -> bool {
        !self.0.is_hidden()
    }
}

impl Drop for Progress {
    /// Gone from the screen when the work is done (or given up), leaving only the results.
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_unless_a_run_allows_it() {
        // Unit tests never call `allow`: progress stays hidden whatever the terminal.
        assert!(!Progress::files(100, "checking", Results::AtTheEnd).is_shown());
        assert!(!Progress::spinner("training").is_shown());
    }
}
