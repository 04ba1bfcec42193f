//! Keys → named actions, from JSON keymaps. The default keymap is embedded; a user keymap in the
//! config folder and `--keymap FILE` are patches over it (a key bound to `"none"` is unbound).
//!
//! `action` holds the `actions!` table (name, help, and `edits` marking what needs a writable
//! buffer); `Keymap::hint` names a key on screen from the live keymap. Keymap files also carry the
//! flow `options` (scrolloff, where the cursor goes after tagging); a project file's `[editor]`
//! table overrides them.

mod action;
mod key;
mod spans;

pub use action::{Action, RoleRef, Simple};
pub use key::{Code, Key, parse_key, parse_key_script};

use crate::display_safe::escape;
use crate::located::LocatedError;
use crate::scheme::Scheme;
use std::collections::BTreeMap;
use std::path::Path;

pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.json");
pub const EMACS_KEYMAP: &str = include_str!("../../keymaps/emacs.json");

/// A keymap file that cannot be used, located.
pub type KeymapError = LocatedError;

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    bindings: BTreeMap<Key, Action>,
    /// How the editor flows between keys (the `options` of the keymap files).
    pub options: FlowOptions,
    /// `"selection": "exclusive"`: a selection runs from the anchor up to the cursor, the char
    /// under the cursor left out, as an emacs region is; otherwise (vim's visual mode) both
    /// ends are in it.
    pub selection_excludes_cursor: bool,
}

/// Where the cursor goes after a role key tags something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CursorAfterTag {
    /// The first char after the new tag: the next word is one motion away, not behind the tag.
    #[default]
    Next,
    /// The start of the new tag (to retag or resize it at once).
    Start,
}

/// The `options` of a keymap file: how the editor flows, set where the keys are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowOptions {
    /// Rows of context kept above and below the cursor when scrolling (vim `scrolloff`).
    pub scrolloff: u16,
    pub cursor_after_tag: CursorAfterTag,
}

impl Default for FlowOptions {
    fn default() -> Self {
        FlowOptions {
            scrolloff: 3,
            cursor_after_tag: CursorAfterTag::Next,
        }
    }
}

/// Options a keymap file sets; the others keep their value.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct OptionsPatch {
    scrolloff: Option<u16>,
    cursor_after_tag: Option<CursorAfterTag>,
}

impl Keymap {
    /// The default keymap plus, for each scheme role with a `key`, that key bound to tag it
    /// (unless the keymap already uses the key).
    pub fn default_for(scheme: &Scheme) -> Keymap {
        let mut km = Keymap::default();
        km.merge_json(DEFAULT_KEYMAP, "<default keymap>", scheme)
            .expect("the default keymap is valid");
        for role in &scheme.roles {
            if let Some(k) = role.key.as_deref().and_then(|k| parse_key(k).ok()) {
                km.bindings
                    .entry(k)
                    .or_insert_with(|| Action::Tag(RoleRef::Name(role.name.clone())));
            }
        }
        km
    }

    /// Applies a JSON keymap (`{"bindings": {"<key>": "<action>", …}}`) over this one.
    pub fn merge_json(
        &mut self,
        text: &str,
        origin: &str,
        scheme: &Scheme,
    ) -> Result<(), KeymapError> {
        #[derive(serde::Deserialize)]
        struct File {
            #[serde(default)]
            bindings: BTreeMap<String, String>,
            #[serde(default)]
            options: OptionsPatch,
            #[serde(default)]
            selection: Option<String>,
        }
        let file: File = serde_json::from_str(text).map_err(|e| {
            // serde quotes what it refused (`unknown variant ...`) as the file has it.
            let mut located = LocatedError::json(origin, &e);
            located.message = escape(&located.message).into_owned();
            located
        })?;
        // A refused key or value is located where the file has it (byte offset `at`); what it
        // quotes from the file is escaped, so the message cannot drive the terminal.
        let err = |at: Option<usize>, message: String| {
            let (line, column) = at.map_or((1, 1), |at| spans::line_col(text, at));
            LocatedError {
                path: origin.to_string(),
                line,
                column,
                message,
            }
        };
        let bindings = spans::members(text, &["bindings"]);
        let binding = |k: &str| bindings.iter().rev().find(|m| m.key == k);
        if let Some(n) = file.options.scrolloff {
            self.options.scrolloff = n;
        }
        if let Some(c) = file.options.cursor_after_tag {
            self.options.cursor_after_tag = c;
        }
        match file.selection.as_deref() {
            None => {}
            Some("inclusive") => self.selection_excludes_cursor = false,
            Some("exclusive") => self.selection_excludes_cursor = true,
            Some(other) => {
                let at = spans::members(text, &[])
                    .into_iter()
                    .rev()
                    .find(|m| m.key == "selection")
                    .map(|m| m.value_at);
                return Err(err(
                    at,
                    format!(
                        "selection is \"inclusive\" or \"exclusive\", not \"{}\"",
                        escape(other)
                    ),
                ));
            }
        }
        for (k, a) in &file.bindings {
            let key = parse_key(k).map_err(|m| err(binding(k).map(|m| m.key_at), m))?;
            if a == "none" {
                self.bindings.remove(&key);
                continue;
            }
            let value_at = binding(k).map(|m| m.value_at);
            let action = Action::parse(a).ok_or_else(|| {
                err(
                    value_at,
                    format!("unknown action \"{}\" for key \"{}\"", escape(a), escape(k)),
                )
            })?;
            if action.unknown_role(scheme) {
                return Err(err(
                    value_at,
                    format!(
                        "action \"{}\" names a role the scheme does not have",
                        escape(a)
                    ),
                ));
            }
            self.bindings.insert(key, action);
        }
        Ok(())
    }

    pub fn merge_file(&mut self, path: &Path, scheme: &Scheme) -> Result<(), KeymapError> {
        let origin = path.display().to_string();
        let text = crate::store::read_file_text(path, crate::store::FileKind::Keymap)
            .map_err(|e| crate::store::unreadable(&origin, "keymap", &e))?;
        self.merge_json(&text, &origin, scheme)
    }

    pub fn action(&self, key: &Key) -> Option<&Action> {
        self.bindings.get(key)
    }

    /// Keys bound to each action, in the order help lists them.
    pub fn by_action(&self) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        for (k, a) in &self.bindings {
            match out.iter_mut().find(|(x, _)| x == a) {
                Some((_, keys)) => keys.push(k.clone()),
                None => out.push((a.clone(), vec![k.clone()])),
            }
        }
        // Tagging first: it is what the tool is for.
        let pos = |s: Simple| 1 + Simple::ALL.iter().position(|x| *x == s).unwrap_or(0);
        let rank = |a: &Action| match a {
            Action::Simple(s) => pos(*s),
            Action::Tag(_) => 0,
            Action::NextTagOf(_) | Action::PrevTagOf(_) => pos(Simple::TagPrev),
        };
        out.sort_by_key(|(a, _)| (rank(a), a.name()));
        out
    }

    /// The key to show for `action` in hints: a plain key if one is bound (easiest to type),
    /// else the first bound key.
    pub fn key_for(&self, action: &Action) -> Option<&Key> {
        let mut bound = self.bindings.iter().filter(|(_, a)| *a == action);
        let first = bound.next().map(|(k, _)| k)?;
        let plain = |k: &Key| matches!(k.code, Code::Char(_)) && !k.ctrl && !k.alt;
        if plain(first) {
            return Some(first);
        }
        Some(bound.map(|(k, _)| k).find(|k| plain(k)).unwrap_or(first))
    }

    /// How to reach `action`, for a hint on screen: its key, or `:name` style words when the
    /// live keymap binds it to nothing (so a hint never names a key that does not do it).
    pub fn hint(&self, action: &Action) -> String {
        match self.key_for(action) {
            Some(k) => k.label(),
            None => format!("(unbound: {})", action.name()),
        }
    }

    /// `hint` for an action without a parameter.
    pub fn hint_for(&self, s: Simple) -> String {
        self.hint(&Action::Simple(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_slash_from_a_legacy_terminal_is_the_emacs_undo() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        km.merge_json(EMACS_KEYMAP, "emacs", &s).unwrap();
        // tmux and xterm send Ctrl-/ as 0x1F, which crossterm reads as Ctrl+7.
        let pressed =
            Key::from_event(&KeyEvent::new(KeyCode::Char('7'), KeyModifiers::CONTROL)).unwrap();
        assert_eq!(pressed, parse_key("<C-/>").unwrap());
        assert_eq!(pressed, parse_key("<C-_>").unwrap());
        assert_eq!(km.action(&pressed), Some(&Action::Simple(Simple::Undo)));
    }

    #[test]
    fn hints_name_the_live_key_or_say_it_is_unbound() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        assert_eq!(km.hint_for(Simple::Save), "<C-s>");
        assert_eq!(km.hint_for(Simple::Untag), "x", "a plain key before <Del>");
        km.merge_json(EMACS_KEYMAP, "emacs", &s).unwrap();
        assert_eq!(km.hint_for(Simple::Search), "/");
        assert_eq!(km.hint_for(Simple::Save), "<C-x>", "emacs: C-s searches");
        km.merge_json(r#"{"bindings": {"/": "none", "<C-s>": "search"}}"#, "t", &s)
            .unwrap();
        assert_eq!(km.hint_for(Simple::Search), "<C-s>");
        km.merge_json(r#"{"bindings": {"<C-s>": "none"}}"#, "t", &s)
            .unwrap();
        assert_eq!(km.hint_for(Simple::Search), "(unbound: search)");
    }

    #[test]
    fn default_keymap_binds_arrows_vim_keys_and_role_keys() {
        let s = Scheme::default();
        let km = Keymap::default_for(&s);
        let act = |k: &str| km.action(&parse_key(k).unwrap()).map(|a| a.name());
        assert_eq!(act("j").as_deref(), Some("move_down"));
        assert_eq!(act("<Down>").as_deref(), Some("move_down"));
        assert_eq!(act("<C-s>").as_deref(), Some("save"));
        assert_eq!(act("d").as_deref(), Some("tag:data"));
        assert_eq!(act("3").as_deref(), Some("count"));
        assert_eq!(km.options, FlowOptions::default());
        assert_eq!(act("?").as_deref(), Some("help"));
    }

    /// The emacs keymap rebinds keys of the default one: every action the default binds must
    /// keep a key there (the model's train key `<A-c>` is emacs' conflict key, so training has
    /// its own emacs key, `<A-m>`).
    #[test]
    fn the_emacs_keymap_leaves_no_default_action_without_a_key() {
        let s = Scheme::default();
        let default = Keymap::default_for(&s);
        let mut emacs = Keymap::default_for(&s);
        emacs.merge_json(EMACS_KEYMAP, "emacs.json", &s).unwrap();
        let lost: Vec<String> = default
            .by_action()
            .into_iter()
            .filter(|(a, _)| emacs.key_for(a).is_none())
            .map(|(a, _)| a.name())
            .collect();
        assert!(lost.is_empty(), "unbound in emacs.json: {lost:?}");
        assert_eq!(emacs.hint_for(Simple::TrainModel), "<A-m>");
        assert_eq!(emacs.hint_for(Simple::LeastConfidentNext), "c");
        assert_eq!(emacs.hint_for(Simple::OrderByWork), "P");
    }

    #[test]
    fn shipped_keymaps_are_valid() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        km.merge_json(EMACS_KEYMAP, "emacs.json", &s).unwrap();
        assert_eq!(
            km.action(&parse_key("<C-f>").unwrap())
                .map(|a| a.name())
                .as_deref(),
            Some("move_right")
        );
    }

    #[test]
    fn bad_keymaps_are_located() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        let text = "{\"bindings\": {\n  \"j\": \"move_down\",\n  \"x\": \"fly_away\"\n}}";
        let e = km.merge_json(text, "k.json", &s).unwrap_err();
        assert_eq!((e.line, e.column), (3, 8), "{e}");
        assert!(
            e.to_string()
                .starts_with("k.json:3:8: error: unknown action"),
            "{e}"
        );

        let text = "{\"bindings\": {\n  \"<C-nope>\": \"move_down\"\n}}";
        let e = km.merge_json(text, "k.json", &s).unwrap_err();
        assert_eq!((e.line, e.column), (2, 3), "{e}");

        let text = "{\"bindings\": {\"z\": \"tag:subject\"}}";
        let e = km.merge_json(text, "k.json", &s).unwrap_err();
        assert!(e.message.contains("role"), "{e}");
    }

    /// Errors point at the key or value refused, even when the same text comes earlier in the
    /// file or the file writes it with escapes; what they quote cannot drive a terminal.
    #[test]
    fn refused_keys_and_values_are_located_where_the_file_has_them_and_quoted_escaped() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        let cases = [
            (
                "{\"note\": \"fly\",\n\"bindings\": {\"x\": \"fly\"}}",
                (2, 19),
            ),
            (
                "{\"bindings\": {\n  \"x\": \"\\u001b]0;T\\u0007\"}}",
                (2, 8),
            ),
            (
                "{\"bindings\": {\"x\": \"move_down\",\n \"\\u001bx\": \"j\"}}",
                (2, 2),
            ),
            (
                "{\"bindings\": {\"x\": \"move_down\",\n \"z\": \"tag:\\u009b\"}}",
                (2, 7),
            ),
            (
                "{\"bindings\": {\"x\": \"move_down\"}, \"selection\":\n\"\\u001b\"}",
                (2, 1),
            ),
        ];
        for (text, at) in cases {
            let e = km.merge_json(text, "k.json", &s).unwrap_err();
            assert_eq!((e.line, e.column), at, "{text}: {e}");
            assert!(!e.message.contains(['\x1b', '\u{9b}']), "{e}");
        }
        let e = km
            .merge_json(
                "{\"options\": {\"cursor_after_tag\": \"\\u001b\"}}",
                "k.json",
                &s,
            )
            .unwrap_err();
        assert!(
            e.message.contains("\\x1b") && !e.message.contains('\x1b'),
            "{e}"
        );
    }

    #[test]
    fn keymap_files_set_flow_options_and_refuse_unknown_ones() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        km.merge_json(r#"{"options": {"scrolloff": 0}}"#, "u", &s)
            .unwrap();
        assert_eq!(km.options.scrolloff, 0);
        assert_eq!(km.options.cursor_after_tag, CursorAfterTag::Next, "kept");
        km.merge_json(r#"{"options": {"cursor_after_tag": "start"}}"#, "u", &s)
            .unwrap();
        assert_eq!(km.options.cursor_after_tag, CursorAfterTag::Start);
        let e = km
            .merge_json("{\"options\": {\"scrolof\": 2}}", "u.json", &s)
            .unwrap_err();
        assert!(e.to_string().contains("scrolof"), "{e}");
    }

    #[test]
    fn user_keymap_patches_and_unbinds() {
        let s = Scheme::default();
        let mut km = Keymap::default_for(&s);
        km.merge_json(
            r#"{"bindings": {"j": "none", "<C-j>": "move_down"}}"#,
            "u",
            &s,
        )
        .unwrap();
        assert!(km.action(&parse_key("j").unwrap()).is_none());
        assert!(km.action(&parse_key("<C-j>").unwrap()).is_some());
        assert!(km.action(&parse_key("<Down>").unwrap()).is_some());
    }
}
