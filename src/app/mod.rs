//! The editor: state machine over the document model.

use crate::cli::EditorArgs;

pub fn run(args: EditorArgs) -> i32 {
    let _ = args;
    eprintln!("ptag: the editor is not built yet");
    2
}
