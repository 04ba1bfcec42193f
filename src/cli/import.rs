//! `ptag import`: markup from plain text, JSONL or BIO. The conversions are `interchange`'s;
//! this is the command around them: reading, writing, counting, exit codes.

use super::common::{Common, EncodingArg, Exit, plural};
use super::paths::{Input, io_message};
use crate::interchange::{from_bio, from_jsonl, plain_to_markup};
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::store;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct ImportArgs {
    /// What INPUT holds: plain text, jsonl (doccano) or bio (CoNLL).
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The file to read; `-` is stdin.
    pub input: PathBuf,
    /// Where the markup goes (written atomically; a regular file or a new path); `-` is stdout.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Plain,
    Jsonl,
    Bio,
}

pub fn run(
    inputs: &[Input],
    output: &Path,
    scheme: &Scheme,
    format: ImportFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let [input] = inputs else {
        writeln!(
            err,
            "ptag import: error: takes one input file, and this path holds {}",
            inputs.len()
        )?;
        return Ok(Exit::Failure);
    };
    let src = match input.read() {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Exit::Failure);
        }
    };
    let name = input.name();
    let built = match format {
        ImportFormat::Plain => match plain_to_markup(&src, scheme) {
            Ok((text, counts)) => {
                writeln!(err, "{}", describe_replacements(&name, &counts))?;
                Ok(text)
            }
            Err(e) => Err(e),
        },
        ImportFormat::Jsonl => from_jsonl(&src, scheme),
        ImportFormat::Bio => from_bio(&src, scheme),
    };
    let markup = match built {
        Ok(m) => m,
        Err(message) => {
            writeln!(err, "{name}: error: {message}")?;
            return Ok(Exit::Failure);
        }
    };
    if output.as_os_str() == "-" {
        out.write_all(markup.as_bytes())?;
    } else if let Err(e) = store::write_atomic(output, markup.as_bytes()) {
        writeln!(
            err,
            "{}: error: cannot write: {}",
            output.display(),
            io_message(&e)
        )?;
        return Ok(Exit::Failure);
    }
    if format != ImportFormat::Plain {
        let doc = parse(&markup, scheme);
        writeln!(
            err,
            "ptag import: {}, {}",
            plural(doc.span_count(), "tag", "tags"),
            plural(doc.notes().count(), "note", "notes")
        )?;
    }
    Ok(Exit::Ok)
}

fn describe_replacements(name: &str, counts: &[(char, usize)]) -> String {
    let total: usize = counts.iter().map(|c| c.1).sum();
    if total == 0 {
        return format!("ptag import: {name}: no reserved character to replace");
    }
    let each: Vec<String> = counts.iter().map(|&(d, n)| format!("{n} '{d}'")).collect();
    format!(
        "ptag import: {name}: made {total} reserved character{} full-width ({})",
        if total == 1 { "" } else { "s" },
        each.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_are_counted_per_character() {
        let counts = [('#', 1), ('(', 1)];
        assert_eq!(
            describe_replacements("r.txt", &counts),
            "ptag import: r.txt: made 2 reserved characters full-width (1 '#', 1 '(')"
        );
        assert_eq!(
            describe_replacements("r.txt", &[]),
            "ptag import: r.txt: no reserved character to replace"
        );
    }
}
