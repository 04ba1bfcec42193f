//! A big file shown before it is all parsed (`doc::Loading`): the parsed pieces are joined
//! between keys, and a key runs on the part loaded so far only when that part decides it
//! exactly as the whole file would: a motion that stays well inside it, a tag change at a place
//! well inside it. Anything else (a jump, a search, tag navigation, a save, a command, a prompt)
//! first joins the rest: parsed on demand, never guessed.

use crate::app::{App, Mode};
use crate::keymap::{Action, Key, Simple};

/// Motions: they change only where the user is, so a motion that would have needed more than
/// the loaded part is seen (it stops near the loaded end) and run again on the whole file.
fn is_motion(s: Simple) -> bool {
    use Simple::*;
    matches!(
        s,
        Left | Right
            | Up
            | Down
            | WordNext
            | WordPrev
            | WordEnd
            | ClauseNext
            | ClausePrev
            | SentenceNext
            | SentencePrev
            | LineStart
            | LineEnd
            | PageDown
            | PageUp
            | HalfPageDown
            | HalfPageUp
            | FileStart
            | SelectToggle
            | SelectLeft
            | SelectRight
            | SelectUp
            | SelectDown
            | SelectWord
            | Cancel
    )
}

/// Changes that stay on the cursor's line (a tag never spans lines), or only show something.
fn is_line_local(s: Simple) -> bool {
    use Simple::*;
    matches!(
        s,
        Untag
            | GrowStart
            | ShrinkStart
            | GrowEnd
            | ShrinkEnd
            | GrowStartWord
            | ShrinkStartWord
            | GrowEndWord
            | ShrinkEndWord
            | Undo
            | Redo
            | Help
            | ToggleDelimiters
            | ToggleGutter
            | Count
    )
}

impl App {
    /// Joins every piece parsed so far to its document (the file's own tags teach the
    /// suggestions as they come). Never waits. Returns whether anything changed on screen.
    pub fn absorb_loaded(&mut self) -> bool {
        let learn = self.session.is_none();
        let lexicon = &mut self.file_lexicon;
        let mut changed = false;
        for f in &mut self.files {
            let Some(loading) = &mut f.loading else {
                continue;
            };
            // The pieces are the file as loaded: they extend the merge base as they are joined.
            let (base, next) = (&mut f.buffer.base, f.buffer.text_revision + 1);
            let mut teach = |part: &crate::markup::Document, at: usize| {
                if learn {
                    lexicon.learn(part);
                }
                base.extend(part, at, next);
            };
            if loading.absorb(&mut f.buffer.doc, &mut teach) {
                changed = true;
                f.buffer.revision += 1;
                f.buffer.text_revision = next;
            }
            if loading.is_done() {
                f.buffer.base.shrink_to_fit();
                f.loading = None;
                changed = true;
            }
        }
        if changed {
            self.lexicon_version += 1;
        }
        changed
    }

    /// Waits for every open file to be whole.
    pub fn finish_loading(&mut self) {
        let learn = self.session.is_none();
        let lexicon = &mut self.file_lexicon;
        let mut changed = false;
        for f in &mut self.files {
            if let Some(mut loading) = f.loading.take() {
                let (base, next) = (&mut f.buffer.base, f.buffer.text_revision + 1);
                let mut teach = |part: &crate::markup::Document, at: usize| {
                    if learn {
                        lexicon.learn(part);
                    }
                    base.extend(part, at, next);
                };
                loading.finish(&mut f.buffer.doc, &mut teach);
                f.buffer.base.shrink_to_fit();
                f.buffer.revision += 1;
                f.buffer.text_revision = next;
                changed = true;
            }
        }
        if changed {
            self.lexicon_version += 1;
        }
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
        let simple = match (&self.mode, self.keymap.action(key)) {
            (Mode::Normal, Some(Action::Simple(s))) => Some(*s),
            (Mode::Normal, Some(Action::Tag(_))) => None,
            _ => {
                self.finish_loading();
                return false;
            }
        };
        // A count makes any key go many times as far.
        let far_enough = !self.near_loaded_end() && self.count.is_none_or(|n| n <= 1);
        match simple {
            Some(s) if is_motion(s) && far_enough => {
                let before = (self.view().clone(), self.message.clone(), self.count);
                self.run_key(key);
                if self.near_loaded_end() {
                    // It went where the rest of the file may matter: again, on the whole file.
                    let (view, message, count) = before;
                    *self.view_mut() = view;
                    self.message = message;
                    self.count = count;
                    self.finish_loading();
                    self.run_key(key);
                }
                true
            }
            Some(s) if is_line_local(s) && far_enough => {
                self.run_key(key);
                true
            }
            None if far_enough => {
                self.run_key(key);
                true
            }
            _ => {
                self.finish_loading();
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::app::test_support::{app_with, keys, markup};
    use crate::keymap::Keymap;
    use crate::markup::{Document, LineStart, parse_part};
    use crate::scheme::Scheme;
    use std::sync::mpsc::Sender;

    /// 600 lines; the last holds the only error.
    fn policy() -> String {
        let mut s = String::new();
        for i in 0..600 {
            s.push_str(&format!(
                "第{i}条 (我们)会[收集]您的<手机号码>用于{{注册}}。\n"
            ));
        }
        s.push_str("最后一行(未闭合\n");
        s
    }

    type Piece = (usize, u64, Document);

    /// An app on `src` whose first `first` lines are parsed and shown; the rest, cut into runs
    /// of 50 lines, is handed back by hand (`send`), as the threads would.
    fn lazy_app(src: &str, first: usize) -> (crate::app::App, Sender<Piece>, Vec<Piece>) {
        let scheme = Scheme::default();
        let lines: Vec<&str> = src.split_inclusive('\n').collect();
        let mut at = LineStart::FILE;
        let mut runs = Vec::new();
        for run in std::iter::once(&lines[..first]).chain(lines[first..].chunks(50)) {
            let text = run.concat();
            runs.push((parse_part(&text, &scheme, at), text.len() as u64));
            at.line_no += run.len();
            at.byte += text.len();
        }
        let mut app = app_with("", Keymap::default_for(&scheme));
        let (head, _) = runs.remove(0);
        app.file_lexicon.learn(&head);
        app.buf_mut().doc = head;
        let rev = app.buf().text_revision;
        app.buf_mut().base = crate::doc::Baseline::of(&app.buf().doc, rev);
        let total_lines = lines.len() + 1;
        let (loading, tx) = crate::doc::Loading::fed(runs.len(), src.len() as u64, total_lines);
        app.files[0].loading = Some(loading);
        let pieces = runs
            .into_iter()
            .enumerate()
            .map(|(i, (d, b))| (i, b, d))
            .collect();
        (app, tx, pieces)
    }

    fn eager_app(src: &str) -> crate::app::App {
        app_with(src, Keymap::default_for(&Scheme::default()))
    }

    fn send_all_later(tx: Sender<Piece>, pieces: Vec<Piece>) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(30));
            // Out of order, as workers finish.
            for p in pieces.into_iter().rev() {
                let _ = tx.send(p);
            }
        })
    }

    #[test]
    fn the_merge_base_of_a_lazily_loaded_file_is_the_whole_file_as_loaded() {
        let src = policy();
        let (mut lazy, tx, mut pieces) = lazy_app(&src, 100);
        // An edit on the loaded part is ours, not the base's.
        keys(&mut lazy, "j j x");
        assert_ne!(markup(&lazy), src);
        // Several pieces joined between keys, then the rest at once.
        let rest = pieces.split_off(4);
        for p in pieces.into_iter().rev() {
            tx.send(p).unwrap();
        }
        assert!(lazy.absorb_loaded());
        for p in rest {
            tx.send(p).unwrap();
        }
        lazy.finish_loading();
        let buf = lazy.buf();
        assert!(buf.base.fits(buf.text_revision));
        assert_eq!(buf.base.markup(&buf.doc), src);
    }

    #[test]
    fn motions_and_tags_well_inside_run_at_once_on_the_loaded_part() {
        let src = policy();
        let script = "j j w w d j j W a u U l l x";
        let (mut lazy, tx, pieces) = lazy_app(&src, 200);
        keys(&mut lazy, script);
        // Nothing was waited for: the end is still out.
        assert!(lazy.is_loading());
        assert_eq!(lazy.buf().doc.text.len_lines(), 201);
        assert_eq!(lazy.total_lines(), 602);
        let mut eager = eager_app(&src);
        keys(&mut eager, script);
        assert_eq!(lazy.view().cursor, eager.view().cursor);
        for p in pieces {
            tx.send(p).unwrap();
        }
        lazy.finish_loading();
        assert!(!lazy.is_loading());
        assert_eq!(markup(&lazy), markup(&eager));
        assert_eq!(lazy.buf().doc.diagnostics, eager.buf().doc.diagnostics);
        assert_eq!(*lazy.role_counts(), *eager.role_counts());
    }

    #[test]
    fn jumps_searches_and_diagnostics_wait_for_the_end_and_land_as_on_the_whole_file() {
        let src = policy();
        for script in [
            "G k d",
            "<C-n>",
            ": 5 9 0 <Enter> w d",
            "/ 最 后 <Enter> d",
            "] ] ] x",
            "j j d <C-s>",
        ] {
            let (mut lazy, tx, pieces) = lazy_app(&src, 100);
            let feeder = send_all_later(tx, pieces);
            keys(&mut lazy, script);
            feeder.join().unwrap();
            let mut eager = eager_app(&src);
            keys(&mut eager, script);
            assert!(!lazy.is_loading(), "{script}");
            assert_eq!(lazy.view().cursor, eager.view().cursor, "{script}");
            assert_eq!(markup(&lazy), markup(&eager), "{script}");
            assert_eq!(*lazy.role_counts(), *eager.role_counts(), "{script}");
        }
    }

    #[test]
    fn a_motion_that_reaches_the_loaded_end_is_run_again_on_the_whole_file() {
        let src = policy();
        // 120 lines down from a part of 100 lines: it goes on past what was loaded.
        let script = format!("1 2 0 j d {}", "<C-d> ".repeat(3));
        let (mut lazy, tx, pieces) = lazy_app(&src, 100);
        let feeder = send_all_later(tx, pieces);
        keys(&mut lazy, "j j j");
        assert!(lazy.is_loading());
        keys(&mut lazy, &script);
        feeder.join().unwrap();
        let mut eager = eager_app(&src);
        keys(&mut eager, "j j j");
        keys(&mut eager, &script);
        assert_eq!(lazy.view().cursor, eager.view().cursor);
        assert_eq!(markup(&lazy), markup(&eager));
        // Down, one row at a time, until the loaded end is near: then the whole file.
        let (mut lazy, tx, pieces) = lazy_app(&src, 100);
        let feeder = send_all_later(tx, pieces);
        keys(&mut lazy, &"j ".repeat(150));
        feeder.join().unwrap();
        let mut eager = eager_app(&src);
        keys(&mut eager, &"j ".repeat(150));
        assert_eq!(lazy.view().cursor, eager.view().cursor);
    }
}
