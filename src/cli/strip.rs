//! `ptag strip`: the plain text, every markup character and note removed, nothing else changed.

use super::common::{Common, EncodingArg, Exit};
use super::paths::Input;
use crate::markup::Document;
use crate::scheme::Scheme;
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
pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let [input] = inputs else {
        writeln!(
            err,
            "ptag strip: error: takes one file, and this path holds {}",
            inputs.len()
        )?;
        return Ok(Exit::Failure);
    };
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
