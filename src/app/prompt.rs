//! The one-line prompt: commands, search, notes, go-to-line, save-as. Accepts any characters,
//! so Chinese from an input method or a bracketed paste goes straight in.

use super::{App, Mode, navigate, search, tagging};
use crate::keymap::{Action, Code, Key, Simple};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Command,
    Search {
        regex: bool,
    },
    /// A note at `pos`; `item` is the note being edited, if any.
    Note {
        pos: usize,
        item: Option<usize>,
    },
    GotoLine,
    SaveAs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    /// Cursor in `input`, in chars.
    pub cursor: usize,
}

impl Prompt {
    pub fn new(kind: PromptKind, input: &str) -> Prompt {
        Prompt {
            kind,
            input: input.to_string(),
            cursor: input.chars().count(),
        }
    }

    pub fn label(&self) -> &'static str {
        match self.kind {
            PromptKind::Command => ":",
            PromptKind::Search { regex: false } => "/",
            PromptKind::Search { regex: true } => "regex /",
            PromptKind::Note { item: None, .. } => "new note: ",
            PromptKind::Note { item: Some(_), .. } => "edit note (empty removes): ",
            PromptKind::GotoLine => "go to line: ",
            PromptKind::SaveAs => "save as: ",
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.input
            .char_indices()
            .nth(char_idx)
            .map_or(self.input.len(), |(b, _)| b)
    }

    pub fn insert(&mut self, s: &str) {
        let b = self.byte_at(self.cursor);
        self.input.insert_str(b, s);
        self.cursor += s.chars().count();
    }
}

impl App {
    pub(super) fn prompt_key(&mut self, p: Prompt, key: &Key) {
        self.prompt_key_inner(p, key);
        if !matches!(self.mode, Mode::Prompt(_)) {
            // The prompt closed (answered or cancelled): a pending quit waits no longer.
            self.quit_after_save = false;
        }
    }

    fn prompt_key_inner(&mut self, mut p: Prompt, key: &Key) {
        if let PromptKind::Search { regex } = p.kind
            && (key.ctrl || key.alt)
            && self.keymap.action(key) == Some(&Action::Simple(Simple::Search))
        {
            // The search key again (emacs `C-s C-s`): search for what is typed, or, on an empty
            // prompt, for the last search again.
            self.mode = Mode::Normal;
            match (p.input.is_empty(), self.search.as_ref()) {
                (false, _) => search::start_search(self, &p.input, regex),
                (true, Some(last)) => {
                    let (pattern, regex) = (last.pattern.clone(), last.regex);
                    search::start_search(self, &pattern, regex);
                }
                (true, None) => self.info("no search yet: type what to look for"),
            }
            return;
        }
        if key.ctrl || key.alt {
            match key.code {
                Code::Char('c') | Code::Char('g') => self.mode = Mode::Normal,
                Code::Char('u') => {
                    p.input.clear();
                    p.cursor = 0;
                    self.mode = Mode::Prompt(p);
                }
                Code::Char('r') => {
                    // Ctrl-R flips a search between literal and regex.
                    if let super::PromptKind::Search { regex } = p.kind {
                        p.kind = PromptKind::Search { regex: !regex };
                    }
                    self.mode = Mode::Prompt(p);
                }
                _ => self.mode = Mode::Prompt(p),
            }
            return;
        }
        match key.code {
            Code::Esc => {
                self.mode = Mode::Normal;
                self.info("cancelled");
            }
            Code::Enter => {
                self.mode = Mode::Normal;
                self.submit(p);
            }
            Code::Backspace => {
                if p.cursor > 0 {
                    p.cursor -= 1;
                    let b = p.byte_at(p.cursor);
                    p.input.remove(b);
                }
                self.mode = Mode::Prompt(p);
            }
            Code::Delete => {
                if p.cursor < p.input.chars().count() {
                    let b = p.byte_at(p.cursor);
                    p.input.remove(b);
                }
                self.mode = Mode::Prompt(p);
            }
            Code::Left => {
                p.cursor = p.cursor.saturating_sub(1);
                self.mode = Mode::Prompt(p);
            }
            Code::Right => {
                p.cursor = (p.cursor + 1).min(p.input.chars().count());
                self.mode = Mode::Prompt(p);
            }
            Code::Home => {
                p.cursor = 0;
                self.mode = Mode::Prompt(p);
            }
            Code::End => {
                p.cursor = p.input.chars().count();
                self.mode = Mode::Prompt(p);
            }
            Code::Char(c) => {
                p.insert(&c.to_string());
                self.mode = Mode::Prompt(p);
            }
            _ => self.mode = Mode::Prompt(p),
        }
    }

    fn submit(&mut self, p: Prompt) {
        match p.kind {
            PromptKind::Command => self.command(p.input.trim()),
            PromptKind::Search { regex } => search::start_search(self, &p.input, regex),
            PromptKind::Note { pos, item } => tagging::finish_note(self, pos, item, &p.input),
            PromptKind::GotoLine => match p.input.trim().parse::<usize>() {
                Ok(n) => navigate::goto_line(self, n),
                Err(_) => self.error(format!("not a line number: {}", p.input)),
            },
            PromptKind::SaveAs => {
                let path = p.input.trim();
                if path.is_empty() {
                    self.error("no file name given; not saved");
                } else if self.save_to(std::path::PathBuf::from(path)) && self.quit_after_save {
                    // The name was asked for on the way out (quit, then y): go on quitting.
                    self.quit_after_save = false;
                    self.quit_request(false);
                    return;
                }
                self.quit_after_save = false;
            }
        }
    }

    /// `:` commands.
    pub fn command(&mut self, cmd: &str) {
        let (head, arg) = match cmd.split_once(char::is_whitespace) {
            Some((h, a)) => (h, a.trim()),
            None => (cmd, ""),
        };
        match head {
            "w" | "write" if arg.is_empty() => {
                self.save();
            }
            "w" | "write" => {
                self.write_copy(std::path::PathBuf::from(arg));
            }
            "saveas" | "sav" => {
                self.save_to(std::path::PathBuf::from(arg));
            }
            "wq" | "x" => {
                if self.save() {
                    self.quit_request(false);
                }
            }
            "q" | "quit" => self.quit_request(false),
            "q!" | "quit!" => {
                self.discard_journals();
                self.should_quit = true;
            }
            "takeover" => self.take_over_lock(),
            "" => {}
            n if n.parse::<usize>().is_ok() => navigate::goto_line(self, n.parse().unwrap_or(1)),
            other => self.error(format!(
                "unknown command :{other} (try :w, :w PATH, :saveas PATH, :q, :q!, :wq, :NUMBER, :takeover)"
            )),
        }
    }
}
