//! Conflict notes (docs/FORMAT.md, "Merge conflicts") in the open file: left by `ptag merge`,
//! by the merge of a file changed on disk, or by `ptag review` (one per disagreement between
//! A and B). Step through them and resolve the one at the cursor with one key: ours, theirs,
//! both (when they do not cross) or neither, each one undo step through `Buffer::apply`.

use super::App;
use super::navigate::move_to;
use crate::doc::{Edit, OnRefusal};
use crate::keymap::Simple;
use crate::markup::{CONFLICT_MARK, Conflict, ConflictSide, Document, read_conflict};

/// How a conflict is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Ours,
    Theirs,
    Both,
    Neither,
}

/// Whether item `i` of `doc` is a conflict note.
pub fn is_conflict_note(doc: &Document, i: usize) -> bool {
    let it = &doc.items()[i];
    it.is_note() && doc.note_text(it).starts_with(CONFLICT_MARK)
}

/// The conflict note covering `pos` (its region, note included), else the nearest one on the
/// line; with its decoded conflict.
fn conflict_near(doc: &Document, pos: usize) -> Option<(usize, Result<Conflict, String>)> {
    let line = doc.line_range_of(pos);
    let mut best: Option<(usize, usize)> = None;
    for i in doc.items_in(line.start, line.end.max(line.start + 1)) {
        if !is_conflict_note(doc, i) {
            continue;
        }
        let it = doc.items()[i];
        let text = doc.note_text(&it);
        let len = read_conflict(text, &doc.scheme)
            .and_then(Result::ok)
            .map_or(0, |c| c.text.chars().count());
        let (a, b) = (it.start as usize, it.start as usize + len);
        let distance = if pos < a {
            a - pos
        } else {
            pos.saturating_sub(b.saturating_sub(1).max(a))
        };
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((i, distance));
        }
    }
    let (i, _) = best?;
    let text = doc.note_text(&doc.items()[i]);
    Some((i, read_conflict(text, &doc.scheme)?))
}

impl App {
    /// How many conflict notes the current file holds (cached per revision: the status line
    /// shows it every frame).
    pub fn conflicts_left(&self) -> usize {
        let key = (self.current, self.buf().revision);
        if let Some((f, r, n)) = *self.conflict_count.borrow()
            && (f, r) == key
        {
            return n;
        }
        let doc = &self.buf().doc;
        let n = (0..doc.items().len())
            .filter(|&i| is_conflict_note(doc, i))
            .count();
        *self.conflict_count.borrow_mut() = Some((key.0, key.1, n));
        n
    }

    /// `n` conflicts (or disagreements), in words: "1 conflict", "3 conflicts".
    pub fn conflicts_named(&self, n: usize) -> String {
        let word = self.conflict_word;
        match n {
            1 => format!("1 {}", word.strip_suffix('s').unwrap_or(word)),
            n => format!("{n} {word}"),
        }
    }

    /// The resolution keys, from the live keymap.
    pub fn conflict_hint(&self) -> String {
        let [a, b] = &self.conflict_sides;
        format!(
            "{} {a}, {} {b}, {} both, {} neither; {}/{} next/previous",
            self.key(Simple::TakeOurs),
            self.key(Simple::TakeTheirs),
            self.key(Simple::TakeBoth),
            self.key(Simple::TakeNeither),
            self.key(Simple::ConflictNext),
            self.key(Simple::ConflictPrev),
        )
    }

    /// Moves to the next (or previous) conflict note, around the end of the file; false if
    /// there is none.
    pub(super) fn goto_conflict(&mut self, forward: bool) -> bool {
        self.goto_conflict_from(forward, false)
    }

    /// `goto_conflict`; with `here`, a conflict at the cursor itself counts as the next one.
    pub(super) fn goto_conflict_from(&mut self, forward: bool, here: bool) -> bool {
        let doc = &self.buf().doc;
        let cur = self.view().cursor;
        let n = doc.items().len();
        let first_after = doc.first_item_at_or_after(cur + usize::from(!here));
        let order: Vec<usize> = if forward {
            (first_after..n).chain(0..first_after).collect()
        } else {
            let before = doc.first_item_at_or_after(cur);
            (0..before).rev().chain((before..n).rev()).collect()
        };
        let Some(i) = order.into_iter().find(|&i| is_conflict_note(doc, i)) else {
            self.info("no conflicts in this file");
            return false;
        };
        let pos = doc.items()[i].start as usize;
        move_to(self, pos, false);
        self.describe_conflict("");
        true
    }

    /// Says what the conflict at the cursor is and which keys settle it.
    fn describe_conflict(&mut self, prefix: &str) {
        let cur = self.view().cursor;
        let doc = &self.buf().doc;
        let Some((_, c)) = conflict_near(doc, cur) else {
            return;
        };
        let left = self.conflicts_left();
        let text = match c {
            Ok(c) => {
                let [a, b] = &self.conflict_sides;
                let scheme = &self.scheme;
                let show = |s: &ConflictSide| {
                    crate::markup::side_markup(&c.text, s, scheme).unwrap_or_default()
                };
                format!(
                    "{prefix}({} left) {a}:{}  {b}:{} — {}",
                    self.conflicts_named(left),
                    show(&c.ours),
                    show(&c.theirs),
                    self.conflict_hint()
                )
            }
            Err(e) => format!("{prefix}{e}"),
        };
        self.info(text);
    }

    /// Resolves the conflict at (or nearest to, on its line) the cursor, then goes to the next.
    pub(super) fn resolve_conflict(&mut self, how: Resolution) {
        let cur = self.view().cursor;
        let doc = &self.buf().doc;
        let Some((item, conflict)) = conflict_near(doc, cur) else {
            let next = self.key(Simple::ConflictNext);
            self.error(format!(
                "no conflict on this line ({next} goes to the next)"
            ));
            return;
        };
        let c = match conflict {
            Ok(c) => c,
            Err(e) => {
                self.error(format!("{e}: edit or remove the note by hand"));
                return;
            }
        };
        let start = doc.items()[item].start as usize;
        let chosen = match how {
            Resolution::Ours => c.ours,
            Resolution::Theirs => c.theirs,
            Resolution::Neither => ConflictSide::default(),
            Resolution::Both => match both(&c.ours, &c.theirs) {
                Ok(s) => s,
                Err(why) => {
                    let [a, b] = &self.conflict_sides;
                    let why = match why {
                        BothRefused::Cross => format!("{a}'s and {b}'s tags cross here"),
                        BothRefused::TwoRoles => {
                            format!("{a} and {b} give the same text different roles")
                        }
                    };
                    self.error(format!("{why}: both cannot stand — choose one side"));
                    return;
                }
            },
        };
        let mut edits = vec![Edit::SetNote {
            item,
            text: String::new(),
        }];
        let mut tags = chosen.tags;
        tags.sort_by_key(|t| (t.start, std::cmp::Reverse(t.end)));
        edits.extend(tags.iter().map(|t| Edit::Tag {
            role: t.role,
            start: start + t.start,
            end: start + t.end,
        }));
        edits.extend(chosen.notes.into_iter().map(|(p, text)| Edit::AddNote {
            pos: start + p,
            text,
        }));
        if let Err(e) = self
            .buf_mut()
            .apply(&edits, OnRefusal::RollBack, cur, start)
        {
            self.error(format!("cannot resolve it so: {e}"));
            return;
        }
        move_to(self, start, false);
        let done = match how {
            Resolution::Ours => format!("took {}", self.conflict_sides[0]),
            Resolution::Theirs => format!("took {}", self.conflict_sides[1]),
            Resolution::Both => "took both".into(),
            Resolution::Neither => "took neither".into(),
        };
        if self.conflicts_left() == 0 {
            let save = self.key(Simple::Save);
            self.info(format!("{done}; no conflicts left — {save} saves"));
        } else {
            self.goto_conflict_from(true, true);
            self.describe_conflict(&format!("{done}; next "));
        }
    }
}

impl App {
    /// Turns the current buffer (A) into the adjudication of A and B: `review` is A's markup
    /// with a conflict note for each disagreement (`merge::review`), applied as one undo step.
    /// The sides are called `A` and `B`. Goes to the first disagreement.
    pub fn start_review(&mut self, review: &str, a: &str, b: &str) -> Result<(), String> {
        let target = crate::markup::parse(review, &self.scheme);
        if target.text != self.buf().doc.text {
            return Err("the review document does not hold A's text".into());
        }
        let edits = crate::doc::edits_toward(&self.buf().doc, &target);
        drop(target);
        self.buf_mut()
            .apply(&edits, OnRefusal::RollBack, 0, 0)
            .map_err(|e| format!("cannot mark the disagreements: {e}"))?;
        // The marks are where adjudication starts: undo must not take them away.
        self.buf_mut().seal_history();
        self.conflict_sides = ["A".into(), "B".into()];
        self.conflict_word = "disagreements";
        move_to(self, 0, false);
        let n = self.conflicts_left();
        if n == 0 {
            self.info(format!("A ({a}) and B ({b}) agree: nothing to adjudicate"));
        } else {
            self.goto_conflict_from(true, true);
            self.describe_conflict(&format!("review of A {a} and B {b}: "));
        }
        Ok(())
    }
}

/// Why both sides cannot be taken together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BothRefused {
    /// A tag of one side crosses a tag of the other.
    Cross,
    /// The same text tagged with a different role on each side: taking both would nest two
    /// tags over one text, which says nothing an annotator meant.
    TwoRoles,
}

/// Both sides' tags and notes together, unless they cannot stand together.
fn both(ours: &ConflictSide, theirs: &ConflictSide) -> Result<ConflictSide, BothRefused> {
    for a in &ours.tags {
        for b in &theirs.tags {
            if a.crosses(b) {
                return Err(BothRefused::Cross);
            }
            if (a.start, a.end) == (b.start, b.end) && a.role != b.role {
                return Err(BothRefused::TwoRoles);
            }
        }
    }
    let mut out = ours.clone();
    out.tags
        .extend(theirs.tags.iter().filter(|t| !ours.tags.contains(t)));
    out.notes.extend(
        theirs
            .notes
            .iter()
            .filter(|n| !ours.notes.contains(n))
            .cloned(),
    );
    Ok(out)
}
