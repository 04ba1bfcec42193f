//! Two annotators, one text: agreement scores of B against A (exact and partial P/R/F1 per
//! role, Cohen's kappa over chars, a confusion table) and the list of their disagreements.
//! Works line by line on the markup (no whole-file document), so two 100 MB files cost little
//! more memory than reading them. Library code: no terminal, no command line.
//!
//! `pairing` pairs tags, `tally` counts and scores, `compare` walks two files (or the same run of
//! lines of each), `files` streams two big files through it.

pub mod compare;
pub mod files;
pub mod pairing;
pub mod tally;

pub use compare::{Disagreement, TextDiffers, agree, agree_part, diff, diff_part, whole};
pub use files::{agree_files, diff_files};
pub use pairing::{Pair, pair};
pub use tally::{ConfusionCell, RoleCounts, Scores, Tally, cohen_kappa};
