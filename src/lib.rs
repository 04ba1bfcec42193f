#![forbid(unsafe_code)]
//! ptag: a keyboard-driven annotation tool for Chinese privacy policies.
//!
//! The pure core (`scheme`, `markup`) knows nothing about terminals; the commands (`cli`) and
//! the editor are built on it.

pub mod agree;
pub mod ansi16;
pub mod app;
pub mod cli;
pub mod color;
pub mod conflict_label;
pub mod display_safe;
pub mod doc;
pub mod editor;
pub mod interchange;
pub mod keymap;
pub mod keystrokes;
pub mod layout;
pub mod located;
pub mod lock;
pub mod markup;
pub mod merge;
pub mod model_worker;
pub mod motion;
pub mod owner;
pub mod phrase;
pub mod priority;
pub mod project;
pub mod recovery;
pub mod scheme;
pub mod session;
pub mod source;
pub mod store;
pub mod stream;
pub mod suggest;
pub mod terminal;
#[cfg(test)]
mod test_inputs;
pub mod ui;
