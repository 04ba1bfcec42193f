//! `ptag review A B [-o OUT]`: adjudication in the editor. A's text with every disagreement
//! with B as a conflict note (both versions shown at once), resolved one key each; saved to
//! OUT (default A) with the editor's atomic save and recovery journal.

use super::agree::text_differs;
use super::common::{Common, scheme_or_report};
use super::output::Target;
use super::paths::Input;
use crate::merge::{ReviewError, review};
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct ReviewArgs {
    /// The first annotation (shown as A; its file is written unless -o says otherwise).
    pub a: PathBuf,
    /// The second annotation of the same text (shown as B).
    pub b: PathBuf,
    /// Where the adjudicated file goes (default: A; `-` prints it on stdout once the editor
    /// quits). It starts as A; an existing OUT is refused without --force.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Start over: replace an existing OUT (and a --dump-screen PATH) with A's copy.
    #[arg(long)]
    pub force: bool,
    /// A keymap (JSON) that overrides the default bindings.
    #[arg(long, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// Run without a terminal, feeding these keys (keymap notation, whitespace-separated).
    #[arg(long, value_name = "SCRIPT")]
    pub keys: Option<String>,
    /// Screen size for --keys, as COLSxROWS.
    #[arg(long, value_name = "COLSxROWS", default_value = "100x30")]
    pub size: String,
    /// With --keys: write the last frame as text to PATH.
    #[arg(long, value_name = "PATH")]
    pub dump_screen: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// What the editor opens for a review: OUT (a copy of A when it is not A) and the review
/// document to apply to it.
pub struct Prepared {
    pub out: PathBuf,
    pub marked: String,
    /// With `-o -`: the private folder OUT is made in, printed on stdout and removed after.
    pub for_stdout: Option<tempfile::TempDir>,
}

/// Reads A and B and builds the review document; `None` (after saying why on `err`) when A
/// and B's texts differ (the first differing char of each is said), OUT exists already, or a
/// file cannot be read or written.
pub fn prepare(args: &ReviewArgs, err: &mut dyn Write) -> io::Result<Option<Prepared>> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(None);
    };
    let mut texts = Vec::new();
    for p in [&args.a, &args.b] {
        match Input::file(p).read() {
            Ok(t) => texts.push(t),
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(None);
            }
        }
    }
    let mut marked = String::with_capacity(texts[0].len() + 1024);
    match review(&texts[0], &texts[1], &scheme, &mut marked) {
        Ok(_) => {}
        Err(ReviewError::TextDiffers(d)) => {
            writeln!(err, "{}", text_differs(&args.a, &args.b, &d))?;
            return Ok(None);
        }
        Err(e) => {
            writeln!(err, "{}: error: {e}", args.a.display())?;
            return Ok(None);
        }
    }
    drop(texts);
    let mut out = args.output.clone().unwrap_or_else(|| args.a.clone());
    let mut for_stdout = None;
    if Target::of(&out).is_stdout() {
        // The editor needs a file to save to (and to journal): a private copy of A, printed
        // once it is saved.
        let dir = tempfile::tempdir()?;
        out = dir
            .path()
            .join(args.a.file_name().unwrap_or("review.txt".as_ref()));
        for_stdout = Some(dir);
    }
    if out != args.a {
        if out.exists() && !args.force {
            writeln!(
                err,
                "{}: error: exists already; to go on adjudicating it open it with `ptag {}`, to start over add --force",
                out.display(),
                out.display()
            )?;
            return Ok(None);
        }
        // OUT starts as A, byte for byte; the editor then works on it like on any file.
        let copied = crate::store::read_regular(&args.a)
            .and_then(|bytes| crate::store::write_atomic(&out, &bytes).map_err(io::Error::other));
        if let Err(e) = copied {
            writeln!(err, "{}: error: cannot write: {e}", out.display())?;
            return Ok(None);
        }
    }
    Ok(Some(Prepared {
        out,
        marked,
        for_stdout,
    }))
}
