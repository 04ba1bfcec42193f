//! Named actions: what a key can do. Keymaps and help speak these names.

use crate::scheme::{RoleId, Scheme};

/// Which role an action means: by name (`tag:data`) or by position in the scheme (`tag_nth:3`),
/// so a keymap can work with any scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RoleRef {
    Name(String),
    Nth(usize),
}

impl RoleRef {
    pub fn resolve(&self, scheme: &Scheme) -> Option<RoleId> {
        match self {
            RoleRef::Name(n) => scheme.role_by_name(n),
            RoleRef::Nth(n) => (*n >= 1 && *n <= scheme.roles.len()).then(|| (*n - 1) as RoleId),
        }
    }
}

/// What the table may say of an action, after its help text (see each `Simple` method).
pub const PROPERTIES: &[&str] = &[
    "edits",
    "repeats",
    "motion",
    "line_local",
    "seek_next",
    "seek_prev",
    "prepares",
];

macro_rules! actions {
    ($($variant:ident = $name:literal, $help:literal $(, $prop:ident)*;)*) => {
        /// An action without a parameter.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Simple { $($variant),* }

        impl Simple {
            pub const ALL: &'static [Simple] = &[$(Simple::$variant),*];
            pub fn name(self) -> &'static str {
                match self { $(Simple::$variant => $name),* }
            }
            pub fn help(self) -> &'static str {
                match self { $(Simple::$variant => $help),* }
            }
            /// The properties the table gives it (names from `PROPERTIES`).
            pub fn properties(self) -> &'static [&'static str] {
                match self { $(Simple::$variant => &[$(stringify!($prop)),*]),* }
            }
        }
    };
}

impl Simple {
    fn has(self, property: &str) -> bool {
        debug_assert!(PROPERTIES.contains(&property), "{property}");
        self.properties().contains(&property)
    }
    /// Does it change the document (and so need a writable buffer)? Marked `edits` in the
    /// table, so a new editing action cannot slip past the read-only guard.
    pub fn edits(self) -> bool {
        self.has("edits")
    }
    /// Does a count repeat it (`3w`, `2]`, `3u`)? Motions and undo do; the rest run once.
    pub fn repeats(self) -> bool {
        self.has("repeats")
    }
    /// Does it only change where the user is (so, on a big file still loading, a motion that
    /// needed more than the loaded part is seen and run again on the whole file)?
    pub fn is_motion(self) -> bool {
        self.has("motion")
    }
    /// Does it change only the cursor's line (a tag never spans lines), or only show something?
    pub fn is_line_local(self) -> bool {
        self.has("line_local")
    }
    /// Does it jump to the next (`Some(true)`) or previous (`Some(false)`) tag, diagnostic or
    /// search match?
    pub fn seek_direction(self) -> Option<bool> {
        if self.has("seek_next") {
            Some(true)
        } else if self.has("seek_prev") {
            Some(false)
        } else {
            None
        }
    }
    /// Does it only prepare the next key: a count, or a prompt opened?
    pub fn only_prepares(self) -> bool {
        self.has("prepares")
    }
}

// After the help text, the action's properties (`PROPERTIES`): `edits` marks an action that
// changes the document, `repeats` one a count repeats, and so on (see the `Simple` methods).
actions! {
    Left = "move_left", "move left one character (grapheme)", repeats, motion;
    Right = "move_right", "move right one character (grapheme)", repeats, motion;
    Up = "move_up", "move up one screen row", repeats, motion;
    Down = "move_down", "move down one screen row", repeats, motion;
    WordNext = "word_next", "next Chinese word (jieba)", repeats, motion;
    WordPrev = "word_prev", "previous word start", repeats, motion;
    WordEnd = "word_end", "end of word", repeats, motion;
    ClauseNext = "clause_next", "next clause (after ，、；：。！？)", repeats, motion;
    ClausePrev = "clause_prev", "previous clause start", repeats, motion;
    SentenceNext = "sentence_next", "next sentence (after 。！？)", repeats, motion;
    SentencePrev = "sentence_prev", "previous sentence start", repeats, motion;
    LineStart = "line_start", "start of line", motion;
    LineEnd = "line_end", "end of line", motion;
    PageDown = "page_down", "page down", repeats, motion;
    PageUp = "page_up", "page up", repeats, motion;
    HalfPageDown = "half_page_down", "half a page down", repeats, motion;
    HalfPageUp = "half_page_up", "half a page up", repeats, motion;
    FileStart = "file_start", "start of file", motion;
    FileEnd = "file_end", "end of file";
    TagNext = "tag_next", "next tag (any role)", repeats, seek_next;
    TagPrev = "tag_prev", "previous tag (any role)", repeats, seek_prev;
    DiagNext = "diagnostic_next", "next diagnostic", repeats, seek_next;
    DiagPrev = "diagnostic_prev", "previous diagnostic", repeats, seek_prev;
    ConflictNext = "conflict_next", "next merge conflict (in a review: next disagreement)", repeats;
    ConflictPrev = "conflict_prev", "previous merge conflict (in a review: previous disagreement)", repeats;
    TakeOurs = "take_ours", "resolve the conflict at the cursor: ours (in a review: A)", edits;
    TakeTheirs = "take_theirs", "resolve the conflict at the cursor: theirs (in a review: B)", edits;
    TakeBoth = "take_both", "resolve the conflict at the cursor: both sides' tags (when they do not cross)", edits;
    TakeNeither = "take_neither", "resolve the conflict at the cursor: neither side's tags", edits;
    ApplyFix = "apply_fix", "apply the fix of the diagnostic at the cursor", edits;
    SelectToggle = "select_mode", "start/stop selecting (motions extend)", motion;
    SelectLeft = "select_left", "extend selection left", repeats, motion;
    SelectRight = "select_right", "extend selection right", repeats, motion;
    SelectUp = "select_up", "extend selection up", repeats, motion;
    SelectDown = "select_down", "extend selection down", repeats, motion;
    SelectWord = "select_word", "select the word under the cursor", motion;
    SelectClause = "select_clause", "select the clause under the cursor";
    SelectTag = "select_tag", "select the tag under the cursor";
    TillChar = "till_char", "select up to just before the next typed character on the line";
    ToChar = "to_char", "select up to and including the next typed character on the line";
    JumpLabel = "jump_label", "jump to a word on screen: type the label shown on it (selecting: its end)";
    JumpLabelBack = "jump_label_back", "jump back to a word on screen before the cursor: type the label shown on it";
    SelectPhraseEnd = "select_phrase_end", "select to the end of the phrase (a list's 、 kept; ends before 等 or a bracket)";
    SelectClauseEnd = "select_clause_end", "select to the end of the clause (its punctuation left out; from a comma: the next clause)", repeats;
    Count = "count", "count: the next motion moves that many times (3w, 2t，); before a role key, tags that many words (2d)", prepares;
    Cancel = "cancel", "cancel selection / close", motion;
    Untag = "untag", "remove the tag under the cursor (text stays)", edits, line_local;
    GrowStart = "grow_start", "tag start one character left", edits, repeats, line_local;
    ShrinkStart = "shrink_start", "tag start one character right", edits, repeats, line_local;
    GrowEnd = "grow_end", "tag end one character right", edits, repeats, line_local;
    ShrinkEnd = "shrink_end", "tag end one character left", edits, repeats, line_local;
    GrowStartWord = "grow_start_word", "tag start one word left", edits, repeats, line_local;
    ShrinkStartWord = "shrink_start_word", "tag start one word right", edits, repeats, line_local;
    GrowEndWord = "grow_end_word", "tag end one word right", edits, repeats, line_local;
    ShrinkEndWord = "shrink_end_word", "tag end one word left", edits, repeats, line_local;
    SetTagStart = "set_tag_start", "the tag under (or after) the cursor starts at the cursor", edits;
    SetTagEnd = "set_tag_end", "the tag under (or before) the cursor ends at the cursor", edits;
    RepeatTagging = "repeat_tagging", "tag the next untagged match of the last tagged text, same role", edits, repeats;
    TagList = "tag_list", "tag each item of the selected list (split at 、，和及或以及/) with a role", edits;
    Note = "note", "add or edit a note at the cursor", edits;
    Search = "search", "search (literal)", prepares;
    SearchRegex = "search_regex", "search (regular expression)", prepares;
    SearchNext = "search_next", "next match", repeats, seek_next;
    SearchPrev = "search_prev", "previous match", repeats, seek_prev;
    TagAllMatches = "tag_all_matches", "tag every untagged match of the search with a role", edits;
    Undo = "undo", "undo", edits, repeats, line_local;
    Redo = "redo", "redo", edits, repeats, line_local;
    Save = "save", "save (bracket markup, atomic)";
    Command = "command", "command line (:w, :w PATH, :q, :q!, :wq, :N go to line)", prepares;
    GotoLine = "goto_line", "go to line", prepares;
    Quit = "quit", "quit (asks when there are unsaved changes)";
    Suspend = "suspend", "suspend to the shell (fg comes back)";
    Help = "help", "show the keys", line_local;
    ToggleDelimiters = "toggle_delimiters", "show/hide tag delimiters", line_local;
    ToggleGutter = "toggle_gutter", "show/hide line numbers", line_local;
    NextFile = "next_file", "next file";
    PrevFile = "prev_file", "previous file";
    FileList = "file_list", "the session's file list (counts, statuses, progress)";
    NextUndoneFile = "next_undone_file", "next file that is not done";
    CycleStatus = "cycle_status", "set the file's status: todo → in progress → done";
    OpenFile = "open_file", "open the file highlighted in the file list";
    SuggestionNext = "suggestion_next", "next suggestion", repeats;
    SuggestionPrev = "suggestion_prev", "previous suggestion", repeats;
    AcceptSuggestion = "accept_suggestion", "accept the suggestion under the cursor", edits;
    RejectSuggestion = "reject_suggestion", "reject the suggestion under the cursor (stops showing there)";
    AcceptAllText = "accept_all_text", "accept every suggestion of this text in the file (count shown first)", edits;
    AcceptAllRole = "accept_all_role", "accept every suggestion of this role in the file (count shown first)", edits;
    LeastConfidentNext = "least_confident_next", "next model suggestion the model is least sure of (rising confidence)";
    OrderByWork = "order_by_work", "order the session's file list by expected work (model), again: by name";
    TrainModel = "train_model", "train the suggestion model on the session's tags now (in the background)";
}

/// Anything a key can be bound to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Action {
    Simple(Simple),
    Tag(RoleRef),
    NextTagOf(RoleRef),
    PrevTagOf(RoleRef),
}

impl Action {
    /// Parses an action name: `move_left`, `tag:data`, `tag_nth:2`, `next_tag:actor`, …
    pub fn parse(name: &str) -> Option<Action> {
        if let Some(s) = Simple::ALL.iter().find(|s| s.name() == name) {
            return Some(Action::Simple(*s));
        }
        let (head, arg) = name.split_once(':')?;
        let role = |nth: bool| -> Option<RoleRef> {
            if nth {
                arg.parse().ok().map(RoleRef::Nth)
            } else {
                (!arg.is_empty()).then(|| RoleRef::Name(arg.to_string()))
            }
        };
        match head {
            "tag" => role(false).map(Action::Tag),
            "tag_nth" => role(true).map(Action::Tag),
            "next_tag" => role(false).map(Action::NextTagOf),
            "next_tag_nth" => role(true).map(Action::NextTagOf),
            "prev_tag" => role(false).map(Action::PrevTagOf),
            "prev_tag_nth" => role(true).map(Action::PrevTagOf),
            _ => None,
        }
    }

    pub fn name(&self) -> String {
        let role = |r: &RoleRef, base: &str| match r {
            RoleRef::Name(n) => format!("{base}:{n}"),
            RoleRef::Nth(n) => format!("{base}_nth:{n}"),
        };
        match self {
            Action::Simple(s) => s.name().to_string(),
            Action::Tag(r) => role(r, "tag"),
            Action::NextTagOf(r) => role(r, "next_tag"),
            Action::PrevTagOf(r) => role(r, "prev_tag"),
        }
    }

    /// One line of help, with role names resolved against the scheme.
    pub fn help(&self, scheme: &Scheme) -> String {
        let role = |r: &RoleRef| {
            r.resolve(scheme)
                .map(|id| {
                    let role = scheme.role(id);
                    format!("{} {}", role.name, role.zh)
                })
                .unwrap_or_else(|| "?".into())
        };
        match self {
            Action::Simple(s) => s.help().to_string(),
            Action::Tag(r) => format!(
                "tag as {} (on a tag: retag it; no selection: {})",
                role(r),
                r.resolve(scheme)
                    .map_or("the word", |id| scheme.role(id).extent.what_a_key_tags())
            ),
            Action::NextTagOf(r) => format!("next {} tag", role(r)),
            Action::PrevTagOf(r) => format!("previous {} tag", role(r)),
        }
    }

    /// Does this action change the document?
    pub fn edits(&self) -> bool {
        match self {
            Action::Simple(s) => s.edits(),
            Action::Tag(_) => true,
            Action::NextTagOf(_) | Action::PrevTagOf(_) => false,
        }
    }

    /// Does this action name a role the scheme lacks?
    pub fn unknown_role(&self, scheme: &Scheme) -> bool {
        match self {
            Action::Simple(_) => false,
            // `tag_nth:9` in a 4-role scheme is harmless (the key says so when pressed);
            // a role *name* the scheme lacks is a mistake in the keymap.
            Action::Tag(r) | Action::NextTagOf(r) | Action::PrevTagOf(r) => {
                matches!(r, RoleRef::Name(_)) && r.resolve(scheme).is_none()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_property_in_the_table_is_a_known_one() {
        for s in Simple::ALL {
            for p in s.properties() {
                assert!(PROPERTIES.contains(p), "{}: unknown property {p}", s.name());
            }
        }
        // What the properties say, spot-checked against what the actions do.
        assert!(Simple::Undo.edits() && Simple::Undo.repeats());
        assert!(Simple::WordNext.is_motion() && !Simple::Save.is_motion());
        assert_eq!(Simple::TagPrev.seek_direction(), Some(false));
        assert!(Simple::GotoLine.only_prepares());
    }
}
