//! `ptag import`: markup from plain text or an exchange format. The conversions are
//! `interchange`'s; this is the command around them: reading, writing one file or a folder,
//! counting, exit codes.

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::exchange::LabelsArg;
use super::output::{Target, report_sink, write_whole};
use super::paths::Input;
use crate::interchange::{
    BratDropped, DroppedKind, ImportError, ImportNotes, Imported, OffsetUnit, ReadOptions, Which,
    from_bio_all, from_doccano_jsonl, from_labelstudio, from_spacy_jsonl, plain_to_markup,
    read_brat,
};
use crate::markup::parse;
use crate::scheme::Scheme;
use crate::store::{self, OutputFolder};
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    /// labelstudio: of a task's prediction (taken with --predictions), only the regions
    /// scored at least this (0..1).
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    pub min_score: f64,
    /// labelstudio: take a task's prediction when it has no human annotation (never by default).
    #[arg(long)]
    pub predictions: bool,
    /// labelstudio: which of a task's annotations to take: first, last or N (from 1); by
    /// default the ground truth, else the first.
    #[arg(long, value_name = "first|last|N", value_parser = clap::value_parser!(Which))]
    pub annotation: Option<Which>,
    /// jsonl, labelstudio: how the input's offsets count: chars (code points, as ptag and
    /// Python tools), utf16 (a browser's, as doccano's annotation page) or bytes (UTF-8).
    #[arg(long, value_enum, default_value = "chars")]
    pub offsets: OffsetsArg,
    /// jsonl, labelstudio: import the good records and list the bad ones, instead of stopping
    /// at the first.
    #[arg(long)]
    pub skip_bad: bool,
    /// brat: refuse an .ann holding what ptag has no place for (relations, events,
    /// attributes, normalizations, discontinuous spans) instead of dropping it with a warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub labels: LabelsArg,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OffsetsArg {
    Chars,
    Utf16,
    Bytes,
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
    if let Some(refusal) = misplaced_option(args) {
        writeln!(err, "ptag import: error: {refusal}")?;
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
    let src = match input.read_as(store::FileKind::Exchange) {
        Ok(s) => s,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Exit::Failure);
        }
    };
    let name = input.name();
    let options = ReadOptions {
        offsets: match args.offsets {
            OffsetsArg::Chars => OffsetUnit::Chars,
            OffsetsArg::Utf16 => OffsetUnit::Utf16,
            OffsetsArg::Bytes => OffsetUnit::Bytes,
        },
        predictions: args.predictions,
        min_score: args.min_score,
        annotation: args.annotation,
        skip_bad: args.skip_bad,
    };
    let no_notes = |docs: Vec<Imported>| (docs, ImportNotes::default());
    let built = match args.format {
        ImportFormat::Plain => plain_to_markup(&src, &scheme).map(|(markup, counts)| {
            let _ = writeln!(err, "{}", describe_replacements(&name, &counts));
            no_notes(vec![Imported {
                file: String::new(),
                markup,
            }])
        }),
        ImportFormat::Jsonl => from_doccano_jsonl(&src, &scheme, &options),
        ImportFormat::Bio => from_bio_all(&src, &scheme).map(no_notes),
        ImportFormat::SpacyJsonl => from_spacy_jsonl(&src, &scheme).map(no_notes),
        ImportFormat::Labelstudio => from_labelstudio(&src, &scheme, &options),
        ImportFormat::Brat => unreachable!("handled above"),
    };
    let docs = match built {
        Ok((docs, notes)) => {
            // One document written to a file or stdout is not named from its id.
            let named = docs.len() != 1 || args.output.is_dir();
            say_notes(&name, &notes, named, err)?;
            docs
        }
        Err(message) => {
            writeln!(err, "{name}: error: {message}")?;
            return Ok(Exit::Failure);
        }
    };
    write_documents(&docs, args, &scheme, out, err)
}

/// An option given that the format does not read (so it would do nothing), said.
fn misplaced_option(args: &ImportArgs) -> Option<&'static str> {
    let labelstudio = args.format == ImportFormat::Labelstudio;
    let records = labelstudio || args.format == ImportFormat::Jsonl;
    if !labelstudio && (args.predictions || args.annotation.is_some()) {
        Some("--predictions and --annotation are only for --format labelstudio")
    } else if !records && (args.skip_bad || args.offsets != OffsetsArg::Chars) {
        Some("--offsets and --skip-bad are only for --format jsonl or labelstudio")
    } else {
        None
    }
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
        let ann = match store::read_file_text(&ann_path, store::FileKind::BratAnnotations) {
            Ok(a) => a,
            Err(store::LoadError::Io { error, .. }) if error.kind() == io::ErrorKind::NotFound => {
                String::new()
            }
            Err(e) => {
                writeln!(err, "{}: error: {}", ann_path.display(), e.reason())?;
                return Ok(Exit::Failure);
            }
        };
        match read_brat(&txt, &ann, scheme, args.strict) {
            Ok(read) => {
                report_dropped(&ann_path, &read.dropped, err)?;
                docs.push(Imported {
                    file: txt_input.relative(),
                    markup: read.markup,
                });
            }
            Err(ImportError::BadAnn { line, why }) => {
                writeln!(err, "{}:{line}: error: {why}", ann_path.display())?;
                return Ok(Exit::Failure);
            }
            Err(e) => {
                writeln!(err, "{}: error: {e}", ann_path.display())?;
                return Ok(Exit::Failure);
            }
        }
    }
    write_documents(&docs, args, scheme, out, err)
}

/// What an `.ann` held that ptag has no place for: the first few lines located, then the
/// count of each kind.
fn report_dropped(ann: &Path, dropped: &[BratDropped], err: &mut dyn Write) -> io::Result<()> {
    const SHOWN: usize = 5;
    for d in dropped.iter().take(SHOWN) {
        let (one, _, _) = d.kind.names();
        writeln!(
            err,
            "{}:{}: warning: {} dropped: {one} (ptag keeps text-bound tags and their notes)",
            ann.display(),
            d.line,
            d.id
        )?;
    }
    if dropped.len() > SHOWN {
        writeln!(
            err,
            "{}: warning: and {} more dropped",
            ann.display(),
            dropped.len() - SHOWN
        )?;
    }
    let mut counts: BTreeMap<DroppedKind, usize> = BTreeMap::new();
    for d in dropped {
        *counts.entry(d.kind).or_default() += 1;
    }
    if !counts.is_empty() {
        let each: Vec<String> = counts
            .iter()
            .map(|(kind, &n)| {
                let (one, several, letter) = kind.names();
                format!("{} ({letter})", plural(n, one, several))
            })
            .collect();
        writeln!(
            err,
            "ptag import: {}: dropped {} (--strict refuses them)",
            ann.display(),
            each.join(", ")
        )?;
    }
    Ok(())
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
    // Names come from the input: only `.txt` names, never through a link in the folder.
    let folder = OutputFolder::new(output);
    let mut targets: Vec<PathBuf> = Vec::with_capacity(docs.len());
    let mut problems = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        match folder.target(&doc.file, &["txt"]) {
            Ok(target) => {
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
            Err(e) => problems.push(format!("document {}: error: {e}", k + 1)),
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
        if let Err(e) = folder.write(target, doc.markup.as_bytes()) {
            writeln!(err, "{}", super::output::cannot_write(target, &e))?;
            return Ok(Exit::Failure);
        }
    }
    match args.summary {
        OutputFormat::Text => report_counts(docs, scheme, args.summary, err)?,
        OutputFormat::Json => report_counts(docs, scheme, args.summary, out)?,
    }
    Ok(Exit::Ok)
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

/// What a record reader left out, chose or skipped, on stderr (quoted input is made safe by
/// the writer `err` is).
fn say_notes(
    name: &str,
    notes: &ImportNotes,
    into_folder: bool,
    err: &mut dyn Write,
) -> io::Result<()> {
    for (doc, what) in &notes.said {
        writeln!(err, "ptag import: {doc}: {what}")?;
    }
    for (record, why) in &notes.skipped {
        writeln!(err, "{name}: warning: skipped {record}: {why}")?;
    }
    if into_folder && notes.named_from_id > 0 {
        writeln!(
            err,
            "ptag import: {name}: {} without a file name, named from {} id (or position)",
            plural(notes.named_from_id, "record", "records"),
            if notes.named_from_id == 1 {
                "its"
            } else {
                "their"
            }
        )?;
    }
    if let Some(dropped) = notes.dropped_summary() {
        writeln!(err, "ptag import: {name}: not imported: {dropped}")?;
    }
    Ok(())
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
