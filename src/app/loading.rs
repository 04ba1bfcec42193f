//! A big file shown before it is all parsed (`doc::Loading`): the parsed pieces are joined
//! between keys, and a key runs on the part loaded so far whenever that part decides it exactly
//! as the whole file would: a motion that stays well inside it, a tag change at a place well
//! inside it, a jump to the next or previous tag, diagnostic or search match that lies ahead of
//! (behind) the cursor well inside it, a line number well inside it, typing in a prompt. The
//! loaded part is the file's first lines, whole: what they hold (text, tags, diagnostics,
//! matches, which never cross a line end) is what the whole file holds there. Anything else (a
//! jump past the loaded part, a search that finds nothing ahead in it, a save, a command) first
//! joins the rest: parsed on demand, never guessed.

use crate::app::{App, Mode, PromptKind};
use crate::keymap::{Action, Key, Simple};

/// How long joining parsed pieces may take between two keys: the rest is joined next time (a
/// piece of 1 MiB takes about 0.2 ms; a backlog of them must not make a key wait).
const JOIN_BUDGET: std::time::Duration = std::time::Duration::from_millis(1);

impl App {
    /// Joins every piece parsed so far to its document (the file's own tags teach the
    /// suggestions as they come). Never waits. Returns whether anything changed on screen.
    pub fn absorb_loaded(&mut self) -> bool {
        let changed = self.join_loaded(false);
        changed | self.run_waiting_keys()
    }

    /// Runs, in order, the keys that waited for the end of a file once every file is whole.
    /// Returns whether any ran.
    pub(crate) fn run_waiting_keys(&mut self) -> bool {
        if self.is_loading() || self.waiting_keys.is_empty() {
            return false;
        }
        // Taken whole first: each key runs through `handle_key`, which must not see the others
        // still waiting (it would run them ahead of this one).
        for key in std::mem::take(&mut self.waiting_keys) {
            self.handle_key(&key);
        }
        true
    }

    /// A key that needs the end of a file still being parsed. On a terminal it waits in line,
    /// and the screen goes on (the status says how far the parsing is); elsewhere the rest is
    /// joined at once. Returns whether the key was taken (in line); if
    /// not, the caller runs it on the whole file.
    fn needs_whole(&mut self, key: &Key) -> bool {
        if !self.work_behind {
            self.finish_loading();
            return false;
        }
        self.wait_in_line(key);
        true
    }

    /// Puts `key` in line behind the keys waiting for the end of the file: typed ahead, they
    /// all run in order once it is there (a `Cancel` among them closes what it would have
    /// closed, so it cannot also mean "drop the line").
    pub(crate) fn wait_in_line(&mut self, key: &Key) {
        self.waiting_keys.push_back(key.clone());
        // How far the parsing is, the status bar says as it goes.
        let n = self.waiting_keys.len();
        let (keys, wait) = if n == 1 {
            ("key", "waits")
        } else {
            ("keys", "wait")
        };
        self.info(format!(
            "{n} {keys} {wait} for the end of the file to be parsed"
        ));
    }

    /// Whether parsed pieces wait to be joined (the loop then comes back at once).
    pub fn pieces_waiting(&mut self) -> bool {
        self.files
            .iter_mut()
            .filter_map(|f| f.loading.as_mut())
            .any(|l| l.is_ready())
    }

    /// Waits for every open file to be whole; then the keys that waited for it run.
    pub fn finish_loading(&mut self) {
        self.join_loaded(true);
        self.run_waiting_keys();
    }

    /// Joins what is parsed of every loading file (`wait`: all of it, waiting for the rest).
    /// Each piece's tags were learned by the worker that parsed it; here they are only merged,
    /// per distinct text. Returns whether anything was joined or a file became whole.
    fn join_loaded(&mut self, wait: bool) -> bool {
        let learn = self.session.is_none();
        let lexicon = &mut self.file_lexicon;
        let (mut changed, mut whole) = (false, false);
        for f in &mut self.files {
            let Some(loading) = &mut f.loading else {
                continue;
            };
            // The pieces are the file as loaded: they extend the merge base as they are joined.
            let (base, next) = (&mut f.buffer.base, f.buffer.text_revision + 1);
            let mut teach = |piece: &crate::doc::Piece, at: usize| {
                if learn {
                    lexicon.merge(&piece.learned);
                }
                base.extend(&piece.doc, at, next);
            };
            let joined = if wait {
                loading.finish(&mut f.buffer.doc, &mut teach);
                true
            } else {
                loading.absorb_for(&mut f.buffer.doc, &mut teach, JOIN_BUDGET)
            };
            if joined {
                changed = true;
                f.buffer.revision += 1;
                f.buffer.text_revision = next;
            }
            if loading.is_done() {
                f.buffer.base.shrink_to_fit();
                f.loading = None;
                changed = true;
                whole = true;
            }
        }
        // The suggestions' matcher is rebuilt when the lexicon's version moves: once a file is
        // whole, not for every piece (a rebuild per piece made each key wait while loading).
        if whole {
            self.lexicon_version += 1;
        }
        changed
    }

    /// Whether any open file is still being parsed.
    pub fn is_loading(&self) -> bool {
        self.files.iter().any(|f| f.loading.is_some())
    }

    /// How much of the current file is parsed, in percent, while it is being parsed.
    pub fn loading_percent(&self) -> Option<u8> {
        self.file(self.current)
            .loading
            .as_ref()
            .map(|l| l.percent())
    }

    /// Lines of the current file, counted whole even while its end is being parsed.
    pub fn total_lines(&self) -> usize {
        let loaded = self.buf().doc.text.len_lines();
        match &self.file(self.current).loading {
            Some(l) => l.total_lines().max(loaded),
            None => loaded,
        }
    }

    /// Lines between the cursor (or the screen's last row) and the end of what is loaded, less
    /// than which a key may need what is not: a few screens.
    fn near_loaded_end(&self) -> bool {
        let doc = &self.buf().doc;
        let text = &doc.text;
        let height = usize::from(self.text_area().1);
        let margin = 2 * height + 4;
        let v = self.view();
        let lowest = v.cursor.max(v.top_seg).max(v.anchor.unwrap_or(0));
        let line = text.char_to_line(lowest.min(text.len_chars()));
        line + margin >= text.len_lines()
    }

    /// Handles `key` on the loaded part when that gives what the whole file gives; otherwise
    /// joins the rest first. Called by `handle_key` while a file is loading.
    pub(crate) fn key_while_loading(&mut self, key: &Key) -> bool {
        // A motion that ends near the loaded end is run again on the whole file. A change is
        // not (it stays where it is made), and a count makes it reach many times as far; a seek
        // repeated by a count may find nothing more in the loaded part and stop short.
        let far_enough = !self.near_loaded_end();
        let once_far_enough = far_enough && self.count.is_none_or(|n| n <= 1);
        let simple = match (&self.mode, self.keymap.action(key)) {
            (Mode::Normal, Some(Action::Simple(s))) => Some(*s),
            (Mode::Normal, Some(Action::Tag(_))) => None,
            (Mode::Prompt(p), _) => {
                let p = p.clone();
                return self.prompt_key_while_loading(&p, key);
            }
            _ => return self.needs_whole(key),
        };
        match simple {
            Some(s) if s.is_motion() && far_enough => self.run_or_rerun(key, |_, _| true),
            Some(s) if once_far_enough && s.seek_direction().is_some() => {
                let forward = s.seek_direction() == Some(true);
                self.run_or_rerun(key, move |app, was| went_the_way(app, was, forward));
            }
            Some(s) if s.is_line_local() && once_far_enough => self.run_key(key),
            Some(s) if s.only_prepares() => self.run_key(key),
            None if once_far_enough => self.run_key(key),
            _ => return self.needs_whole(key),
        }
        true
    }

    /// A key in a prompt while loading: typing only edits the prompt; a search or a line number
    /// answered is a jump (kept when the loaded part decides it); any other answer (a command, a
    /// note, a file name) first joins the rest.
    fn prompt_key_while_loading(&mut self, p: &crate::app::Prompt, key: &Key) -> bool {
        use crate::keymap::Code;
        let is_search = matches!(p.kind, PromptKind::Search { .. });
        let search_again = is_search
            && (key.ctrl || key.alt)
            && self.keymap.action(key) == Some(&Action::Simple(Simple::Search));
        let answers = key.code == Code::Enter && !key.ctrl && !key.alt;
        if !answers && !search_again {
            self.run_key(key);
            return true;
        }
        let input = p.input.trim();
        let line_number = match p.kind {
            PromptKind::GotoLine => true,
            PromptKind::Command => !input.is_empty() && input.parse::<usize>().is_ok(),
            _ => false,
        };
        if is_search {
            self.run_or_rerun(key, |app, was| went_the_way(app, was, true));
        } else if line_number {
            self.run_or_rerun(key, |_, _| true);
        } else {
            return self.needs_whole(key);
        }
        true
    }

    /// Runs `key` on the loaded part, and keeps what it did when `decided` (given the cursor
    /// before) says the loaded part decided it and it ended well inside that part; otherwise
    /// undoes it (it only moved the view and said something), joins the rest and runs it again.
    fn run_or_rerun(&mut self, key: &Key, decided: impl FnOnce(&App, usize) -> bool) {
        let before = (
            self.view().clone(),
            self.message.clone(),
            self.count,
            self.mode.clone(),
            self.search.clone(),
        );
        let was = before.0.cursor;
        self.run_key(key);
        if !decided(self, was) || self.near_loaded_end() {
            let (view, message, count, mode, search) = before;
            *self.view_mut() = view;
            self.message = message;
            self.count = count;
            self.mode = mode;
            self.search = search;
            if !self.needs_whole(key) {
                self.run_key(key);
            }
        }
    }
}

/// The cursor moved the way a seek looks (ahead when `forward`): what it found lies in the
/// loaded part on that side of the cursor, so nothing in the rest comes first. A seek that
/// found nothing, or wrapped round, must see the rest.
fn went_the_way(app: &App, was: usize, forward: bool) -> bool {
    let now = app.view().cursor;
    if forward { now > was } else { now < was }
}
