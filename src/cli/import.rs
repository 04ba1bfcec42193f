//! `ptag import`: markup from plain text or an exchange format. The conversions are
//! `interchange`'s; this is the command around them: reading, writing one file or a folder,
//! counting, exit codes.

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::exchange::LabelsArg;
use super::output::{Target, report_sink, write_whole};
use super::paths::{Input, io_message};
use crate::interchange::{
    Imported, from_bio_all, from_brat, from_jsonl_all, from_labelstudio, from_spacy_jsonl,
    plain_to_markup,
};
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::store;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct ImportArgs {
    /// What INPUT holds: plain text, jsonl (doccano), bio (CoNLL), spacy-jsonl, labelstudio
    /// (tasks JSON: annotations, or else predictions) or brat (an .ann, or a folder of .txt +
    /// .ann).
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The file to read; `-` is stdin (brat: an .ann or its .txt, or a folder).
    pub input: PathBuf,
    /// Where the markup goes (written atomically): a file for one document (`-` is stdout),
    /// a folder for several (each at the relative path its record names).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// Overwrite an existing output file (or files that already exist in the output folder).
    #[arg(long)]
    pub force: bool,
    /// The counts of what was imported: text on stderr, or one JSON object (on stdout, or on
    /// stderr with `-o -`).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = OutputFormat::Text)]
    pub summary: OutputFormat,
    /// labelstudio: of a task's prediction (taken when it has no annotation), only the
    /// regions scored at least this (0..1).
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub min_score: f64,
    #[command(flatten)]
    pub labels: LabelsArg,
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
    SpacyJsonl,
    Labelstudio,
    Brat,
}

pub fn run(
    inputs: &[Input],
    args: &ImportArgs,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let Some(scheme) = args.labels.apply(scheme, "ptag import", err)? else {
        return Ok(Exit::Failure);
    };
    if !(0.0..=1.0).contains(&args.min_score) {
        writeln!(
            err,
            "ptag import: error: --min-score takes a number from 0 to 1, not {}",
            args.min_score
        )?;
        return Ok(Exit::Failure);
    }
    if args.format == ImportFormat::Brat {
        return import_brat(inputs, args, &scheme, out, err);
    }
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
    let built = match args.format {
        ImportFormat::Plain => plain_to_markup(&src, &scheme).map(|(markup, counts)| {
            let _ = writeln!(err, "{}", describe_replacements(&name, &counts));
            vec![Imported {
                file: String::new(),
                markup,
            }]
        }),
        ImportFormat::Jsonl => from_jsonl_all(&src, &scheme),
        ImportFormat::Bio => from_bio_all(&src, &scheme),
        ImportFormat::SpacyJsonl => from_spacy_jsonl(&src, &scheme),
        ImportFormat::Labelstudio => from_labelstudio(&src, &scheme, args.min_score),
        ImportFormat::Brat => unreachable!("handled above"),
    };
    let docs = match built {
        Ok(m) => m,
        Err(message) => {
            writeln!(err, "{name}: error: {message}")?;
            return Ok(Exit::Failure);
        }
    };
    write_documents(&docs, args, &scheme, out, err)
}

/// brat: each input is a `.txt` (found in a folder, or named, or named by its `.ann`) read
/// with the `.ann` beside it (none: no tags).
fn import_brat(
    inputs: &[Input],
    args: &ImportArgs,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let mut docs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let Some(path) = &input.path else {
            writeln!(
                err,
                "ptag import: error: brat reads a .txt and an .ann, not stdin"
            )?;
            return Ok(Exit::Failure);
        };
        let txt_input = Input {
            path: Some(path.with_extension("txt")),
            ..input.clone()
        };
        let ann_path = path.with_extension("ann");
        let txt = match txt_input.read() {
            Ok(t) => t,
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(Exit::Failure);
            }
        };
        let ann = match std::fs::read_to_string(&ann_path) {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                writeln!(err, "{}: error: {}", ann_path.display(), io_message(&e))?;
                return Ok(Exit::Failure);
            }
        };
        match from_brat(&txt, &ann, scheme) {
            Ok(markup) => docs.push(Imported {
                file: txt_input.relative(),
                markup,
            }),
            Err(e) => {
                writeln!(err, "{}: error: {e}", ann_path.display())?;
                return Ok(Exit::Failure);
            }
        }
    }
    write_documents(&docs, args, scheme, out, err)
}

/// Writes one document to `output` (a file, or `-`: `out`), or several into the folder
/// `output`, each at the relative path it names; nothing is written if any target is unsafe,
/// repeated, or (without `force`) already there.
pub(crate) fn write_documents(
    docs: &[Imported],
    args: &ImportArgs,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let (output, force) = (args.output.as_path(), args.force);
    let into_folder = docs.len() != 1 || output.is_dir();
    if !into_folder {
        let markup = &docs[0].markup;
        if let Err(message) = write_whole(output, force, markup.as_bytes(), out) {
            writeln!(err, "{message}")?;
            writeln!(err, "ptag import: error: nothing written")?;
            return Ok(Exit::Failure);
        }
        match args.summary {
            OutputFormat::Text => report_counts(docs, scheme, args.summary, err)?,
            OutputFormat::Json => {
                let to = report_sink(Target::of(output).is_stdout(), out, err);
                report_counts(docs, scheme, args.summary, to)?
            }
        }
        return Ok(Exit::Ok);
    }
    if docs.is_empty() || output.as_os_str() == "-" {
        writeln!(
            err,
            "ptag import: error: the input holds {}; -o must name a folder",
            plural(docs.len(), "document", "documents")
        )?;
        return Ok(Exit::Failure);
    }
    let mut targets: Vec<PathBuf> = Vec::with_capacity(docs.len());
    let mut problems = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        match safe_relative(&doc.file) {
            Some(rel) => {
                let target = output.join(rel);
                if targets.contains(&target) {
                    problems.push(format!("document {}: {:?} is named twice", k + 1, doc.file));
                } else if !force && target.symlink_metadata().is_ok() {
                    problems.push(format!(
                        "{}: error: already exists (--force overwrites)",
                        target.display()
                    ));
                }
                targets.push(target);
            }
            None => problems.push(format!(
                "document {}: error: {:?} is not a relative path inside the output folder",
                k + 1,
                doc.file
            )),
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            writeln!(err, "{p}")?;
        }
        writeln!(err, "ptag import: error: nothing written")?;
        return Ok(Exit::Failure);
    }
    for (doc, target) in docs.iter().zip(&targets) {
        let written = match target.parent() {
            Some(dir) => std::fs::create_dir_all(dir),
            None => Ok(()),
        }
        .and_then(|()| store::write_atomic(target, doc.markup.as_bytes()));
        if let Err(e) = written {
            writeln!(
                err,
                "{}: error: cannot write: {}",
                target.display(),
                io_message(&e)
            )?;
            return Ok(Exit::Failure);
        }
    }
    match args.summary {
        OutputFormat::Text => report_counts(docs, scheme, args.summary, err)?,
        OutputFormat::Json => report_counts(docs, scheme, args.summary, out)?,
    }
    Ok(Exit::Ok)
}

/// `file` as a path that stays inside a folder: relative, only plain names.
fn safe_relative(file: &str) -> Option<PathBuf> {
    let path = Path::new(file);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && !file.is_empty()).then(|| path.to_path_buf())
}

fn report_counts(
    docs: &[Imported],
    scheme: &Scheme,
    format: OutputFormat,
    err: &mut dyn Write,
) -> io::Result<()> {
    let (mut tags, mut notes) = (0, 0);
    for d in docs {
        let doc = parse(&d.markup, scheme);
        tags += doc.span_count();
        notes += doc.notes().count();
    }
    if format == OutputFormat::Json {
        let counts = serde_json::json!({"files": docs.len(), "tags": tags, "notes": notes});
        return writeln!(err, "{counts}");
    }
    let files = if docs.len() == 1 {
        String::new()
    } else {
        format!("{}, ", plural(docs.len(), "file", "files"))
    };
    writeln!(
        err,
        "ptag import: {files}{}, {}",
        plural(tags, "tag", "tags"),
        plural(notes, "note", "notes")
    )
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

    #[test]
    fn only_plain_relative_paths_are_written() {
        assert!(safe_relative("a/b.txt").is_some());
        for bad in ["", "/etc/x", "../x", "a/../../x", "./x"] {
            assert!(safe_relative(bad).is_none(), "{bad}");
        }
    }
}
