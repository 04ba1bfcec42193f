//! The keystroke benchmark: how many keys an annotator needs, with the default keymap, to
//! reproduce a reference annotation tag by tag (`cargo run --release --example keystrokes`).
//!
//! For each reference markup file it opens the plain text in the editor (`App`, the same code
//! `--keys` runs) and, for each tag in order, from where the previous tag left the cursor, finds
//! the shortest key sequence that produces exactly that tag: a uniform-cost (breadth-first by
//! keys) search over cursor/selection states, each step one of the editor's own keys run through
//! `App::handle_key`; search is `/` + the fewest leading chars that reach the place + Enter.
//! Then the whole file's sequence is replayed as one `--keys` script on a fresh editor and the
//! result must equal the reference file, byte for byte. It prints keys per tag per role and
//! overall (issue 28's targets: ≤ 2.5 overall, purpose ≤ 3.5; with `--model`, each file measured
//! by a model that did not learn from it, ≤ 2.2).
//!
//! `--before` restricts the search to the keys ptag had before issue 12 (no counts, `t`/`r`,
//! `E`, `I`/`A`, `.`, no count before a role key) and puts the cursor back on the tag's start
//! after tagging, as it did then; its role keys tag a word (no phrase roles, no lead-in words).
//!
//! The suggestions on screen (the file's own lexicon, or a model's with `measure_with_model`)
//! are searched as the annotator uses them: `;`/`,` (with a count) onto one, `y` on an exact one,
//! `y` then a resize key or two on a near miss, `Y y` when every suggestion of that text is a tag
//! still to make. `C-d`/`C-f` bring a tag far below on screen, in reach of a jump label.

mod measure;
mod search;
mod state;

pub use measure::{FileResult, measure, measure_with_model};
pub use state::Options;
