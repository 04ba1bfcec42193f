//! Suggestions learned from what is already tagged: a lexicon (`lexicon`) and a sequence model
//! (`model`, with its `features`, `labels`, `calibrate`, `train` and `model_file`), and how good
//! they are (`evaluate`, `compare`); and a Label Studio ML backend's predictions (`backend`,
//! `backend_protocol`).

pub mod backend;
pub mod backend_protocol;
pub mod calibrate;
pub mod compare;
pub mod evaluate;
pub mod features;
pub mod labels;
pub mod lexicon;
#[cfg(test)]
pub(crate) mod mock_server;
pub mod model;
pub mod model_file;
#[cfg(test)]
mod model_tests;
pub mod train;

pub use lexicon::{
    BLOCK_CHARS, Entry, Learned, Lexicon, MIN_CHARS, Matcher, Suggestion, blocks, find_all,
    taggable,
};
pub use model::{Model, Prediction};
