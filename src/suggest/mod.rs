//! Suggestions learned from what is already tagged: a lexicon (`lexicon`) and a sequence model
//! (`model`, with its `features`, `labels`, `calibrate`, `train` and `model_file`), and how good
//! they are (`evaluate`, `compare`).

pub mod calibrate;
pub mod compare;
pub mod evaluate;
pub mod features;
pub mod labels;
pub mod lexicon;
pub mod listing;
pub mod model;
pub mod model_check;
pub mod model_file;
#[cfg(test)]
mod model_file_tests;
#[cfg(test)]
mod model_tests;
pub mod train;

pub use lexicon::{
    BLOCK_CHARS, Entry, Learned, Lexicon, MIN_CHARS, Matcher, Suggestion, blocks, find_all,
    taggable,
};
pub use listing::{Listed, RunListing};
pub use model::{Model, Prediction};
