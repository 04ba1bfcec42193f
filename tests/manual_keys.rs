//! The manual's key reference (docs/editor.md, "Every key, by task") is generated from the
//! `actions!` table and the default keymap, so it cannot drift from them: this test fails when
//! the page differs from what they give, and when an action is in no task. `PTAG_BLESS=1`
//! rewrites the section.

use ptag::keymap::{Action, Keymap, Simple};
use ptag::scheme::Scheme;
use std::path::Path;

/// Each task and its actions, in the order the manual lists them. Tag, next-tag-of-role and
/// previous-tag-of-role actions join "Tag" and "Move" from the keymap itself.
const TASKS: &[(&str, &[&str])] = &[
    (
        "Move",
        &[
            "move_left",
            "move_right",
            "move_up",
            "move_down",
            "word_next",
            "word_prev",
            "word_end",
            "clause_next",
            "clause_prev",
            "sentence_next",
            "sentence_prev",
            "line_start",
            "line_end",
            "page_down",
            "page_up",
            "half_page_down",
            "half_page_up",
            "file_start",
            "file_end",
            "goto_line",
            "tag_next",
            "tag_prev",
            "jump_label",
            "jump_label_back",
            "count",
        ],
    ),
    (
        "Select",
        &[
            "select_mode",
            "select_left",
            "select_right",
            "select_up",
            "select_down",
            "select_word",
            "select_clause",
            "select_tag",
            "till_char",
            "to_char",
            "select_clause_end",
            "select_phrase_end",
            "cancel",
        ],
    ),
    (
        "Tag",
        &[
            "untag",
            "grow_start",
            "shrink_start",
            "grow_end",
            "shrink_end",
            "grow_start_word",
            "shrink_start_word",
            "grow_end_word",
            "shrink_end_word",
            "set_tag_start",
            "set_tag_end",
            "repeat_tagging",
            "tag_list",
            "tag_all_matches",
            "note",
            "undo",
            "redo",
        ],
    ),
    (
        "Search",
        &["search", "search_regex", "search_next", "search_prev"],
    ),
    (
        "Check and fix",
        &["diagnostic_next", "diagnostic_prev", "apply_fix"],
    ),
    (
        "Merge conflicts and reviews",
        &[
            "conflict_next",
            "conflict_prev",
            "take_ours",
            "take_theirs",
            "take_both",
            "take_neither",
        ],
    ),
    (
        "Suggestions and the model",
        &[
            "suggestion_next",
            "suggestion_prev",
            "accept_suggestion",
            "reject_suggestion",
            "accept_all_text",
            "accept_all_role",
            "least_confident_next",
            "order_by_work",
            "train_model",
        ],
    ),
    (
        "Files and sessions",
        &[
            "save",
            "command",
            "quit",
            "suspend",
            "next_file",
            "prev_file",
            "file_list",
            "open_file",
            "next_undone_file",
            "cycle_status",
        ],
    ),
    ("Screen", &["help", "toggle_delimiters", "toggle_gutter"]),
];

const BEGIN: &str = "<!-- keys:begin -->\n";
const END: &str = "<!-- keys:end -->";

fn reference() -> String {
    let scheme = Scheme::default();
    let keymap = Keymap::default_for(&scheme);
    let bound = keymap.by_action();
    for s in Simple::ALL {
        let tasks = TASKS.iter().filter(|(_, names)| names.contains(&s.name()));
        assert_eq!(tasks.count(), 1, "{} must be in exactly one task", s.name());
    }
    let row = |action: &Action| {
        let keys = bound
            .iter()
            .find(|(a, _)| a == action)
            .map(|(_, keys)| {
                keys.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| "(unbound)".into());
        format!(
            "| {keys} | `{}` | {} |\n",
            action.name(),
            action.help(&scheme).replace('|', "\\|")
        )
    };
    let mut out = String::new();
    for (task, names) in TASKS {
        out.push_str(&format!(
            "\n### {task}\n\n| keys | action | what it does |\n|---|---|---|\n"
        ));
        if *task == "Tag" {
            for (a, _) in bound.iter().filter(|(a, _)| matches!(a, Action::Tag(_))) {
                out.push_str(&row(a));
            }
        }
        for name in *names {
            let action = Action::parse(name).unwrap_or_else(|| panic!("no action {name}"));
            out.push_str(&row(&action));
        }
        if *task == "Move" {
            let of_role = |a: &Action| matches!(a, Action::NextTagOf(_) | Action::PrevTagOf(_));
            for (a, _) in bound.iter().filter(|(a, _)| of_role(a)) {
                out.push_str(&row(a));
            }
        }
    }
    out.push('\n');
    out
}

#[test]
fn the_manual_lists_every_key_of_the_default_keymap_by_task() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editor.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let start = text.find(BEGIN).expect("the begin marker") + BEGIN.len();
    let end = text.find(END).expect("the end marker");
    let want = reference();
    if std::env::var_os("PTAG_BLESS").is_some() {
        let new = format!("{}{want}{}", &text[..start], &text[end..]);
        std::fs::write(&page, new).unwrap();
        return;
    }
    assert!(
        text[start..end] == want,
        "docs/editor.md's key reference is out of date: run PTAG_BLESS=1 cargo test --test manual_keys"
    );
}
