//! The three-way merge of annotations over one policy text (`ptag merge`, the git merge
//! driver, and the editor's merge of a file changed on disk). Conflicts are left in the file
//! as conflict notes (docs/FORMAT.md). Library code: no terminal, no command line.
//!
//! `decide` merges per line, `file` over whole files or runs of their lines, `merge_files` streams
//! three files; `review` is A with each disagreement with B as a conflict note, what `ptag review`
//! edits.

pub mod decide;
pub mod file;
pub mod review;

pub use decide::{LineMerge, RegionConflict, Side, disagreements, merge_line};
pub use file::{ConflictAt, MergeError, MergeReport, merge, merge_files, merge_part};
pub use review::{ReviewError, review};
