//! Suggestions learned from what is already tagged (`lexicon`), and how good they are
//! (`evaluate`).

pub mod evaluate;
pub mod lexicon;

pub use lexicon::{BLOCK_CHARS, Entry, Lexicon, MIN_CHARS, Matcher, Suggestion, blocks, find_all};
