//! Suggestions learned from what is already tagged: a lexicon (`lexicon`) and a sequence model
//! (`model`, with its `features`, `labels`, `calibrate`, `train` and `model_file`), and how good
//! they are (`evaluate`, `compare`); and a Label Studio ML backend's predictions (`backend`,
//! `backend_protocol`).
//!
//! The lexicon's `Learned` is what a piece's tags teach, learned on the worker that parsed it and
//! packed in two allocations to be merged on the editor's thread. The model: `features`, `labels`
//! (BIOES, Viterbi, forward-backward), `train` (CRF/perceptron), `calibrate` (a logistic span
//! score, isotonic regression, the F1 cutoff, reliability), `model_file` (versioned, checksummed,
//! i8 weights). A new suggestion source goes in `suggest/NAME.rs`, producing `Suggestion`s for a
//! `Document`; `evaluate` scores any source; the editor reaches it only through `app/corpus.rs`.

pub mod backend;
pub mod backend_protocol;
pub mod calibrate;
pub mod compare;
pub mod evaluate;
pub mod features;
pub mod labels;
pub mod lexicon;
pub mod listing;
#[cfg(test)]
pub(crate) mod mock_server;
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
