//! Keys in, actions out: which handler a key goes to in each mode, and the read-only guard.

use super::{App, Mode, actions, corpus, navigate, tagging};
use crate::doc::ReadOnly;
use crate::keymap::{Action, Key, Simple};
use std::ops::Range;

impl App {
    /// Handles one key press. While a file's end is still being parsed, a key that needs it
    /// waits for it (`key_while_loading`), and so do the keys typed after it, in order; the
    /// others run at once.
    pub fn handle_key(&mut self, key: &Key) {
        if self.is_loading() {
            self.absorb_loaded();
        }
        if !self.waiting_keys.is_empty() {
            if self.is_loading() {
                self.wait_in_line(key);
                return;
            }
            self.run_waiting_keys();
        }
        if !self.is_loading() || !self.key_while_loading(key) {
            self.run_key(key);
        }
    }

    pub(crate) fn run_key(&mut self, key: &Key) {
        self.message = None;
        match self.mode.clone() {
            Mode::Prompt(p) => self.prompt_key(p, key),
            Mode::Help { scroll } => self.help_key(scroll, key),
            Mode::ConfirmQuit => self.confirm_quit_key(key),
            Mode::PickRole { matches, list } => self.pick_role_key(matches, list, key),
            Mode::Recover => self.recover_key(key),
            Mode::ChangedOnDisk => self.changed_on_disk_key(key),
            Mode::FileList => corpus::list_key(self, key),
            Mode::ConfirmAccept { list } => corpus::confirm_accept_key(self, list, key),
            Mode::ConfirmFix { fix } => tagging::confirm_fix_key(self, fix, key),
            Mode::FindChar { till, count } => self.find_char_key(till, count, key),
            Mode::Jump { targets, prefix } => super::jump::jump_key(self, targets, prefix, key),
            Mode::Normal => self.normal_key(key),
        }
        self.sync_journals();
        self.clamp_views();
        self.scroll_to_cursor();
    }

    /// Text pasted by the terminal (bracketed paste): goes into an open prompt.
    pub fn handle_paste(&mut self, text: &str) {
        self.finish_loading();
        if let Mode::FindChar { till, count } = self.mode
            && let Some(c) = text.chars().find(|c| !c.is_control())
        {
            self.mode = Mode::Normal;
            navigate::find_char(self, c, till, count);
            self.sync_journals();
            self.scroll_to_cursor();
            return;
        }
        if let Mode::Prompt(mut p) = self.mode.clone() {
            let clean: String = text.chars().filter(|c| !c.is_control()).collect();
            p.insert(&clean);
            self.mode = Mode::Prompt(p);
        }
    }

    fn normal_key(&mut self, key: &Key) {
        use crate::keymap::Code;
        let action = self.keymap.action(key).cloned();
        // A digit bound to `count`, or `0` after one, adds to the count; anything else uses it.
        if let Code::Char(d @ '0'..='9') = key.code
            && !key.ctrl
            && !key.alt
            && (action == Some(Action::Simple(Simple::Count)) || (d == '0' && self.count.is_some()))
        {
            let n = self.count.unwrap_or(0) * 10 + d.to_digit(10).expect("a digit") as usize;
            self.count = Some(n.min(9999));
            self.info(format!("count {}", n.min(9999)));
            return;
        }
        let counted = self.count.is_some();
        let count = self.count.take().unwrap_or(1);
        match action {
            Some(Action::Simple(s @ (Simple::TillChar | Simple::ToChar))) => {
                self.mode = Mode::FindChar {
                    till: s == Simple::TillChar,
                    count,
                };
                self.info(format!(
                    "select {} which character? (type it)",
                    if s == Simple::TillChar {
                        "up to"
                    } else {
                        "through"
                    }
                ));
            }
            // A count before a role key tags that many words (`3d`), as `v 3w d` would; `1d`
            // one word, even for a role whose key alone tags to the phrase end.
            Some(action @ Action::Tag(_)) if counted && self.selection().is_none() => {
                if tagging::select_words(self, count) {
                    self.perform(&action);
                } else {
                    self.error("no word under the cursor or after it on this line");
                }
            }
            Some(action) => {
                let times = if actions::repeats(&action) { count } else { 1 };
                for _ in 0..times {
                    self.perform(&action);
                }
            }
            None => {
                let help = self.key(Simple::Help);
                self.error(format!("{key} is not bound ({help} shows the keys)"))
            }
        }
    }

    /// The character after `t`/`r`: typed, from an input method, or pasted (its first char).
    fn find_char_key(&mut self, till: bool, count: usize, key: &Key) {
        self.mode = Mode::Normal;
        match key.code {
            crate::keymap::Code::Char(c) if !key.ctrl && !key.alt => {
                navigate::find_char(self, c, till, count)
            }
            _ => self.info("cancelled"),
        }
    }

    pub fn perform(&mut self, action: &Action) {
        if let Some(ro) = self.buf().read_only.clone()
            && action.edits()
        {
            let msg = match ro {
                ReadOnly::Locked(why) => {
                    let takeover = self.command_hint("takeover");
                    format!("{takeover} to edit anyway — read-only: {why}")
                }
                ReadOnly::OnDisk(why) => format!(
                    "not changed — {why}: {} saves a copy you can edit",
                    self.command_hint("w OTHER_PATH")
                ),
            };
            self.error(msg);
            return;
        }
        actions::perform(self, action);
    }

    fn confirm_quit_key(&mut self, key: &Key) {
        use crate::keymap::Code;
        match key.code {
            Code::Char('y') => {
                self.mode = Mode::Normal;
                if self.save_all() {
                    self.should_quit = true;
                } else if matches!(self.mode, Mode::Prompt(_)) {
                    // A buffer without a file asked for a name: quit once it is saved.
                    self.quit_after_save = true;
                }
            }
            Code::Char('n') => {
                self.discard_journals();
                self.should_quit = true;
            }
            _ => {
                self.mode = Mode::Normal;
                self.info("quit cancelled");
            }
        }
    }

    fn pick_role_key(&mut self, matches: Vec<Range<usize>>, list: bool, key: &Key) {
        self.mode = Mode::Normal;
        match self.keymap.action(key).cloned() {
            Some(Action::Tag(r)) => match r.resolve(&self.scheme) {
                Some(role) => tagging::tag_all(self, &matches, role, list),
                None => self.error("no such role in this scheme"),
            },
            _ if list => self.info("tagging the list cancelled"),
            _ => self.info("tagging matches cancelled"),
        }
    }
}
