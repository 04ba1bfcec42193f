//! `ptag strip`: the plain text, every markup character and note removed, nothing else changed.

use super::common::{Common, EncodingArg, Exit};
use super::paths::Input;
use super::streamed::for_each_piece;
use crate::markup::{Document, parse_part};
use crate::scheme::Scheme;
use crate::stream;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;

#[derive(Debug, Args, Clone)]
pub struct StripArgs {
    /// The policy file (markup); `-` is stdin.
    pub file: PathBuf,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Prints the plain text of the one input. The byte-order mark is not text: it is left out.
/// A UTF-8 file is read in pieces on every core (`streamed`), in memory that does not grow
/// with it.
pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    run_in_pieces(inputs, scheme, out, err, Some(stream::CHUNK_BYTES))
}

/// `run`, streaming in pieces of about `chunk_bytes` (tests cut small pieces; `None` reads
/// every input whole, as standard input always is).
pub(crate) fn run_in_pieces(
    inputs: &[Input],
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
    chunk_bytes: Option<usize>,
) -> io::Result<Exit> {
    let [input] = inputs else {
        writeln!(
            err,
            "ptag strip: error: takes one file, and this path holds {}",
            inputs.len()
        )?;
        return Ok(Exit::Failure);
    };
    let streamed = for_each_piece(
        input,
        chunk_bytes,
        |text, at| parse_part(text, scheme, at),
        |doc| doc.text.len_bytes(),
        |doc| write_text(&doc, out),
    )?;
    if streamed {
        return Ok(Exit::Ok);
    }
    match input.load(scheme) {
        Ok((_, doc)) => {
            write_text(&doc, out)?;
            Ok(Exit::Ok)
        }
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(Exit::Failure)
        }
    }
}

/// Writes the document's plain text, chunk by chunk.
pub fn write_text(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    for chunk in doc.text.chunks() {
        out.write_all(chunk.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markup_and_notes_keeps_everything_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.txt");
        std::fs::write(
            &p,
            "\u{feff}(我们)会[收集]#备注#<手机号码>\r\n（一）(未闭合\n末行",
        )
        .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = run(&[Input::file(&p)], &Scheme::default(), &mut out, &mut err).unwrap();
        assert_eq!(exit, Exit::Ok);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "我们会收集手机号码\r\n（一）(未闭合\n末行"
        );
        assert!(err.is_empty());
    }
}
