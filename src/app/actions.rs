//! What each named action does: the table from `Simple` to the module that carries it out.

use super::active;
use super::navigate::{
    innermost_tag, jump_diagnostic, jump_tag, move_to, select_clause_end, select_range, select_to,
};
use super::search::{search_step, tag_all_prompt};
use super::span::{repeat_tagging, set_edge, tag_list_prompt};
use super::tagging::{apply_fix, resize, start_note, tag_with, untag};
use super::{App, Mode, Prompt, PromptKind, Resolution, corpus};
use crate::keymap::{Action, Simple};
use crate::motion;

pub fn perform(app: &mut App, action: &Action) {
    match action {
        Action::Simple(s) => simple(app, *s),
        Action::Tag(r) => match r.resolve(&app.scheme) {
            Some(role) => tag_with(app, role),
            None => app.error(format!("{}: this scheme has no such role", action.name())),
        },
        Action::NextTagOf(r) => jump_tag(app, true, Some(r)),
        Action::PrevTagOf(r) => jump_tag(app, false, Some(r)),
    }
}

/// Does a count repeat this action (`3w`, `2]`, `3u`)? A property in the `actions!` table.
pub(super) fn repeats(action: &Action) -> bool {
    match action {
        Action::Simple(s) => s.repeats(),
        Action::NextTagOf(_) | Action::PrevTagOf(_) => true,
        Action::Tag(_) => false,
    }
}

fn simple(app: &mut App, s: Simple) {
    use Simple::*;
    let doc = &app.buf().doc;
    let cur = app.view().cursor;
    match s {
        Left => move_to(app, motion::prev_grapheme(doc, cur), false),
        Right => {
            let line_end = app.layout(crate::layout::segment_of(doc, cur)).line_end();
            let next = motion::next_grapheme(doc, cur);
            // Stop at the end of the line: the line break is not a place to stand on.
            let to = if cur < line_end {
                next.min(line_end.max(cur))
            } else {
                next
            };
            move_to(app, to, false)
        }
        Up => {
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            app.move_rows(false, 1)
        }
        Down => {
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            app.move_rows(true, 1)
        }
        // Selecting forward, `w` ends the selection at the next word boundary (the end of the
        // word after the cursor) instead of taking the first char of the word after it.
        WordNext if app.view().selecting && app.view().anchor.is_some_and(|a| a <= cur) => {
            move_to(app, motion::word_end(doc, cur), false)
        }
        WordNext => move_to(app, motion::word_next(doc, cur), false),
        WordPrev => move_to(app, motion::word_prev(doc, cur), false),
        WordEnd => move_to(app, motion::word_end(doc, cur), false),
        ClauseNext => move_to(app, motion::clause_next(doc, cur), false),
        ClausePrev => move_to(app, motion::clause_prev(doc, cur), false),
        SentenceNext => move_to(app, motion::sentence_next(doc, cur), false),
        SentencePrev => move_to(app, motion::sentence_prev(doc, cur), false),
        LineStart => move_to(app, doc.line_range_of(cur).start, false),
        LineEnd => {
            // On the last character (vim `$`), not past it; selecting, on the last one before
            // the line's closing punctuation (a tag never takes the final 。).
            let line = doc.line_range_of(cur);
            let end = app.layout(crate::layout::segment_of(doc, cur)).line_end();
            let mut last = motion::prev_grapheme(doc, end).max(line.start).min(end);
            if app.view().selecting {
                while last > cur.max(line.start) && crate::markup::is_edge_junk(doc.text.char(last))
                {
                    last = motion::prev_grapheme(doc, last);
                }
            }
            move_to(app, last, false)
        }
        PageDown | PageUp | HalfPageDown | HalfPageUp => {
            let h = app.text_area().1 as usize;
            let n = if matches!(s, PageDown | PageUp) {
                h.saturating_sub(1).max(1)
            } else {
                (h / 2).max(1)
            };
            if !app.view().selecting {
                app.view_mut().anchor = None;
            }
            // The text scrolls with the cursor: it keeps its row on screen.
            let row = app.cursor_screen_row();
            app.move_rows(matches!(s, PageDown | HalfPageDown), n);
            if let Some(row) = row {
                app.put_cursor_on_screen_row(row);
            }
        }
        FileStart => move_to(app, 0, false),
        FileEnd => {
            let last_line = doc.line_range_of(doc.content_end()).start;
            move_to(app, last_line, false)
        }
        TagNext => jump_tag(app, true, None),
        TagPrev => jump_tag(app, false, None),
        DiagNext => jump_diagnostic(app, true),
        DiagPrev => jump_diagnostic(app, false),
        ConflictNext => {
            app.goto_conflict(true);
        }
        ConflictPrev => {
            app.goto_conflict(false);
        }
        TakeOurs => app.resolve_conflict(Resolution::Ours),
        TakeTheirs => app.resolve_conflict(Resolution::Theirs),
        TakeBoth => app.resolve_conflict(Resolution::Both),
        TakeNeither => app.resolve_conflict(Resolution::Neither),
        ApplyFix => apply_fix(app),
        SelectToggle => {
            let v = app.view_mut();
            if v.selecting {
                v.selecting = false;
                v.anchor = None;
            } else {
                v.selecting = true;
                v.anchor = Some(v.cursor);
            }
        }
        SelectLeft => select_to(app, |a| simple(a, Left)),
        SelectRight => select_to(app, |a| simple(a, Right)),
        SelectUp => select_to(app, |a| a.move_rows(false, 1)),
        SelectDown => select_to(app, |a| a.move_rows(true, 1)),
        SelectWord => match motion::word_at(doc, cur) {
            Some(r) => select_range(app, r),
            None => app.error("no word under the cursor"),
        },
        SelectClause => match motion::clause_at(doc, cur) {
            Some(r) => select_range(app, r),
            None => app.error("no clause under the cursor"),
        },
        SelectTag => match innermost_tag(app, cur) {
            Some(i) => {
                let r = app.buf().doc.items()[i].range();
                select_range(app, r)
            }
            None => app.error("no tag under the cursor"),
        },
        TillChar | ToChar => {} // wait for the character: `dispatch` opens `Mode::FindChar`
        SelectClauseEnd => select_clause_end(app),
        SelectPhraseEnd => super::navigate::select_phrase_end(app),
        JumpLabel => super::jump::start_jump(app, false),
        JumpLabelBack => super::jump::start_jump(app, true),
        Count => {} // digits are read in `dispatch` before an action runs
        SetTagStart => set_edge(app, true),
        SetTagEnd => set_edge(app, false),
        RepeatTagging => repeat_tagging(app),
        TagList => tag_list_prompt(app),
        Cancel => {
            app.count = None;
            let v = app.view_mut();
            v.anchor = None;
            v.selecting = false;
        }
        Untag => untag(app),
        GrowStart | ShrinkStart | GrowEnd | ShrinkEnd | GrowStartWord | ShrinkStartWord
        | GrowEndWord | ShrinkEndWord => resize(app, s),
        Note => start_note(app),
        Search => app.mode = Mode::Prompt(Prompt::new(PromptKind::Search { regex: false }, "")),
        SearchRegex => app.mode = Mode::Prompt(Prompt::new(PromptKind::Search { regex: true }, "")),
        SearchNext => search_step(app, true),
        SearchPrev => search_step(app, false),
        TagAllMatches => tag_all_prompt(app),
        Undo => match app.buf_mut().undo() {
            Some(c) => {
                let depth_before = app.buf().undo_depth() + 1;
                app.unteach_undone(depth_before);
                move_to(app, c, false);
                app.info(format!("undone ({} more to undo)", app.buf().undo_depth()));
            }
            None => app.info("nothing to undo"),
        },
        Redo => match app.buf_mut().redo() {
            Some(c) => {
                let depth_after = app.buf().undo_depth();
                app.reteach_redone(depth_after);
                move_to(app, c, false);
                app.info("redone");
            }
            None => app.info("nothing to redo"),
        },
        Save => {
            app.save();
        }
        Command => app.mode = Mode::Prompt(Prompt::new(PromptKind::Command, "")),
        GotoLine => app.mode = Mode::Prompt(Prompt::new(PromptKind::GotoLine, "")),
        Quit => app.quit_request(true),
        Suspend => app.suspend_requested = true,
        Help => app.mode = Mode::Help { scroll: 0 },
        ToggleDelimiters => {
            app.show_delimiters = !app.show_delimiters;
            app.info(if app.delimiters_visible() {
                "delimiters shown"
            } else {
                "delimiters hidden"
            });
        }
        ToggleGutter => app.show_gutter = !app.show_gutter,
        FileList | NextUndoneFile | CycleStatus | OpenFile | SuggestionNext | SuggestionPrev
        | AcceptSuggestion | RejectSuggestion | AcceptAllText | AcceptAllRole => {
            corpus::perform(app, s)
        }
        LeastConfidentNext | OrderByWork | TrainModel => active::perform(app, s),
        NextFile | PrevFile if app.session.is_some() => corpus::step_file(app, s == NextFile),
        NextFile | PrevFile => {
            let n = app.files.len();
            if n < 2 {
                app.info("only one file is open");
            } else {
                let here = app.index_of(app.current).unwrap_or(0);
                let i = if s == NextFile {
                    (here + 1) % n
                } else {
                    (here + n - 1) % n
                };
                app.current = app.files[i].id;
                let name = app.buf().name.clone();
                app.info(format!("file {}/{n}: {name}", i + 1));
            }
        }
    }
}
