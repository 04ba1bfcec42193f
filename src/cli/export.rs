//! `ptag export`: a document's tags in the formats other tools read. The formats are
//! `interchange`'s; this is the command around them: which files, what is refused, what is
//! warned about, where the output goes.

use super::common::{Common, EncodingArg, Exit, plural};
use super::exchange::{LabelsArg, NestedArg};
use super::paths::{Input, io_message};
use crate::interchange::{
    BioOptions, Keep, Predicted, add_predictions, flatten, item_position, labelstudio_config,
    layout, record, spacy_record, task, to_brat, write_bio,
};
use crate::markup::{Document, Severity};
use crate::scheme::Scheme;
use crate::store::{self, OutputFolder};
use crate::suggest::Model;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Args, Clone)]
pub struct ExportArgs {
    /// jsonl (doccano: one object per file, char offsets into the plain text), bio (CoNLL:
    /// one char a line with its B-/I-/O tag), spacy-jsonl (text, ents and spans for spaCy),
    /// labelstudio (tasks JSON), labelstudio-config (the labelling config for the scheme; no
    /// PATH needed), brat (standoff .txt + .ann, into `-o DIR`).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Files or folders (searched for *.txt); `-` is stdin.
    #[arg(required_if_eq_any = [
        ("format", "jsonl"), ("format", "bio"), ("format", "spacy-jsonl"),
        ("format", "labelstudio"), ("format", "brat"),
    ])]
    pub paths: Vec<PathBuf>,
    /// Write here (atomically) instead of stdout; for brat, the folder to write into.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Export files with markup errors too (by default they are refused, exit 1).
    #[arg(long)]
    pub force: bool,
    /// BIO: which of nested tags to keep (BIO cannot nest): the outer ones, the inner ones, or
    /// refuse a file that nests (error).
    #[arg(long, value_enum, default_value_t = NestedArg::Outer)]
    pub nested: NestedArg,
    /// BIO: a `-DOCSTART-` header line per file carrying what rows cannot (file name, line
    /// endings, notes), so import gives the file back. Off: plain rows, as trainers read them.
    #[arg(long)]
    pub docstart: bool,
    /// BIO: BIOES tags (S- for a one-char tag, E- for the last char of a longer one).
    #[arg(long)]
    pub bioes: bool,
    /// BIO: one block per sentence (split after 。！？； outside tags, and at line ends).
    #[arg(long)]
    pub sentences: bool,
    /// Label Studio: the tags as `predictions` with this score (pre-annotations for review)
    /// rather than as `annotations`.
    #[arg(long, value_name = "SCORE")]
    pub predictions: Option<f64>,
    /// Label Studio: also the suggestions of this model (from `ptag train`) as each task's
    /// `predictions`, every region scored with the model's confidence (pre-annotations).
    #[arg(long, value_name = "MODEL", conflicts_with = "predictions")]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub labels: LabelsArg,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Bio,
    SpacyJsonl,
    Labelstudio,
    LabelstudioConfig,
    Brat,
}

pub fn run(
    inputs: &[Input],
    scheme: &Scheme,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    let model = match &args.model {
        None => None,
        Some(_) if args.format != ExportFormat::Labelstudio => {
            writeln!(
                err,
                "ptag export: error: --model writes Label Studio predictions: use --format labelstudio"
            )?;
            return Ok(Exit::Failure);
        }
        // Loaded with the scheme it was trained for, before --labels renames its roles.
        Some(path) => match super::train::load_model(path, scheme) {
            Ok(m) => Some((m, model_version(path))),
            Err(message) => {
                writeln!(err, "{message}")?;
                return Ok(Exit::Failure);
            }
        },
    };
    let Some(scheme) = args.labels.apply(scheme, "ptag export", err)? else {
        return Ok(Exit::Failure);
    };
    if args.format == ExportFormat::Bio
        && let Some(r) = scheme
            .roles
            .iter()
            .find(|r| r.name.chars().any(char::is_whitespace))
    {
        writeln!(
            err,
            "ptag export: error: role name {:?} holds white space: it cannot be a BIO tag",
            r.name
        )?;
        return Ok(Exit::Failure);
    }
    let mut exit = Exit::Ok;
    let brat_dir = match (args.format, &args.output) {
        (ExportFormat::Brat, Some(dir)) => Some(dir.clone()),
        (ExportFormat::Brat, None) => {
            writeln!(
                err,
                "ptag export: error: brat writes .txt and .ann files: give -o DIR"
            )?;
            return Ok(Exit::Failure);
        }
        _ => None,
    };
    // The output is written as it is made, to a temp file beside OUT that replaces it only
    // once it is whole (never held in memory whole, never half-written).
    let cannot_write = |path: &Path, e: &io::Error, err: &mut dyn Write| {
        writeln!(
            err,
            "{}: error: cannot write: {}",
            path.display(),
            io_message(e)
        )
    };
    let mut file = match args.output.as_ref().filter(|_| brat_dir.is_none()) {
        None => None,
        Some(path) => match store::AtomicFile::create(path) {
            Ok(f) => Some((path, io::BufWriter::with_capacity(1 << 20, f))),
            Err(e) => {
                cannot_write(path, &e, err)?;
                return Ok(Exit::Failure);
            }
        },
    };
    let sink: &mut dyn Write = match &mut file {
        Some((_, f)) => f,
        None => out,
    };
    if args.format == ExportFormat::LabelstudioConfig {
        sink.write_all(labelstudio_config(&scheme).as_bytes())?;
    }
    let mut tasks = 0;
    if args.format == ExportFormat::Labelstudio {
        write!(sink, "[")?;
    }
    for input in inputs
        .iter()
        .filter(|_| args.format != ExportFormat::LabelstudioConfig)
    {
        let doc = match input.load(&scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = Exit::Failure;
                continue;
            }
        };
        let name = input.name();
        if !args.force && refused(&doc, &name, err)? {
            exit = exit.max(Exit::Findings);
            continue;
        }
        match args.format {
            ExportFormat::Jsonl | ExportFormat::SpacyJsonl => {
                warn_empty(
                    &doc,
                    &name,
                    &flatten(&doc).empty_items,
                    "kept only in \"empty\"",
                    err,
                )?;
                if args.format == ExportFormat::SpacyJsonl {
                    warn_edge_space(&doc, &name, err)?;
                }
                let written = if args.format == ExportFormat::Jsonl {
                    serde_json::to_writer(&mut *sink, &record(&doc, input.relative()))
                } else {
                    serde_json::to_writer(&mut *sink, &spacy_record(&doc, input.relative()))
                };
                written.map_err(io::Error::other)?;
                writeln!(sink)?;
            }
            ExportFormat::Labelstudio => {
                warn_empty(
                    &doc,
                    &name,
                    &flatten(&doc).empty_items,
                    "kept only in data.ptag",
                    err,
                )?;
                writeln!(sink, "{}", if tasks == 0 { "" } else { "," })?;
                let mut t = task(&doc, input.relative(), args.predictions);
                if let Some((model, version)) = &model {
                    add_predictions(&mut t, &model_spans(model, &doc, &scheme), version);
                }
                serde_json::to_writer(&mut *sink, &t).map_err(io::Error::other)?;
                tasks += 1;
            }
            ExportFormat::LabelstudioConfig => {}
            ExportFormat::Brat => {
                let dir = brat_dir.as_deref().expect("checked above");
                if !write_brat(&doc, input, dir, err)? {
                    exit = Exit::Failure;
                }
            }
            ExportFormat::Bio => {
                let nested = match args.nested {
                    NestedArg::Outer => Keep::Outer,
                    NestedArg::Inner => Keep::Inner,
                    NestedArg::Error => {
                        let nest = layout(&doc, Keep::Outer).dropped;
                        if !nest.is_empty() {
                            for &i in &nest {
                                let (l, c) = item_position(&doc, i);
                                writeln!(
                                    err,
                                    "{name}:{l}:{c}: error: nested tag: BIO cannot hold it (--nested outer or inner)"
                                )?;
                            }
                            writeln!(
                                err,
                                "ptag export: {name}: not exported: {}",
                                plural(nest.len(), "nested tag", "nested tags")
                            )?;
                            exit = exit.max(Exit::Findings);
                            continue;
                        }
                        Keep::Outer
                    }
                };
                let options = BioOptions {
                    docstart: args.docstart,
                    bioes: args.bioes,
                    sentences: args.sentences,
                    nested,
                };
                let dropped = write_bio(&doc, input.relative(), options, sink)?;
                warn_empty(&doc, &name, &dropped.empty, "BIO has no row for it", err)?;
                let which = if nested == Keep::Outer {
                    "inner"
                } else {
                    "outer"
                };
                for &i in &dropped.nested {
                    let (l, c) = item_position(&doc, i);
                    let role = &scheme.role(doc.items()[i].role().expect("a tag")).name;
                    writeln!(
                        err,
                        "{name}:{l}:{c}: warning: {which} tag ({role}) dropped: BIO cannot nest"
                    )?;
                }
                if !dropped.nested.is_empty() {
                    writeln!(
                        err,
                        "ptag export: {name}: dropped {} ({} kept; --nested chooses)",
                        plural(
                            dropped.nested.len(),
                            &format!("{which} tag"),
                            &format!("{which} tags")
                        ),
                        if nested == Keep::Outer {
                            "outer"
                        } else {
                            "inner"
                        },
                    )?;
                }
            }
        }
    }
    if args.format == ExportFormat::Labelstudio {
        writeln!(sink, "\n]")?;
    }
    if let Some((path, f)) = file {
        let committed = f
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(store::AtomicFile::commit);
        if let Err(e) = committed {
            cannot_write(path, &e, err)?;
            return Ok(Exit::Failure);
        }
    }
    Ok(exit)
}

/// What the model finds in `doc`'s text, whatever is tagged, with role names from `scheme`
/// (renamed by --labels) and each confidence to 4 decimals.
fn model_spans(model: &Model, doc: &Document, scheme: &Scheme) -> Vec<Predicted> {
    model
        .predict_text(doc)
        .into_iter()
        .map(|p| Predicted {
            start: p.range.start,
            end: p.range.end,
            role: scheme.role(p.role).name.clone(),
            score: (f64::from(p.confidence) * 1e4).round() / 1e4,
        })
        .collect()
}

/// The prediction's `model_version`: `ptag:` and the model's file name.
fn model_version(path: &Path) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    format!("ptag:{}", name.to_string_lossy())
}

/// Writes `DIR/<relative path>` as brat's `.txt` and `.ann`, warning about what brat cannot
/// hold; false once a failure is reported.
fn write_brat(doc: &Document, input: &Input, dir: &Path, err: &mut dyn Write) -> io::Result<bool> {
    let name = input.name();
    let rel = input.relative();
    if rel.is_empty() {
        writeln!(
            err,
            "ptag export: error: brat needs a file name: stdin has none"
        )?;
        return Ok(false);
    }
    let (brat, left) = to_brat(doc);
    warn_empty(doc, &name, &left.empty_tags, "brat has no empty span", err)?;
    for &i in &left.loose_notes {
        let (l, c) = item_position(doc, i);
        writeln!(
            err,
            "{name}:{l}:{c}: warning: note outside every tag dropped: brat notes belong to a tag"
        )?;
    }
    for &i in &left.unwritable_notes {
        let (l, c) = item_position(doc, i);
        writeln!(
            err,
            "{name}:{l}:{c}: warning: note with a line break (as brat reads lines) dropped: a brat note is one line"
        )?;
    }
    if left.moved_notes > 0 {
        writeln!(
            err,
            "ptag export: {name}: {} inside a tag but not at its end: import puts them at the end",
            plural(left.moved_notes, "note", "notes")
        )?;
    }
    if left.bom {
        writeln!(
            err,
            "ptag export: {name}: the BOM is left out of the .txt (brat offsets count chars of text)"
        )?;
    }
    // Both names checked before either file is written: never through a link in the folder.
    let folder = OutputFolder::new(dir);
    let stem = Path::new(&rel);
    let mut targets = Vec::with_capacity(2);
    for extension in ["txt", "ann"] {
        let name = stem
            .with_extension(extension)
            .to_string_lossy()
            .into_owned();
        match folder.target(&name, &[extension]) {
            Ok(target) => targets.push(target),
            Err(e) => {
                writeln!(err, "ptag export: {name}: error: {e}")?;
                return Ok(false);
            }
        }
    }
    for (path, contents) in targets.iter().zip([&brat.txt, &brat.ann]) {
        if let Err(e) = folder.write(path, contents.as_bytes()) {
            writeln!(
                err,
                "{}: error: cannot write: {}",
                path.display(),
                io_message(&e)
            )?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// A file with markup errors: says so with every error, and returns true.
pub(crate) fn refused(doc: &Document, name: &str, err: &mut dyn Write) -> io::Result<bool> {
    let errors: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Ok(false);
    }
    for d in &errors {
        writeln!(err, "{}", d.gcc(name))?;
    }
    writeln!(
        err,
        "ptag export: {name}: not exported: {} (fix them, or --force)",
        plural(errors.len(), "error", "errors")
    )?;
    Ok(true)
}

/// spaCy: the tags with white space at an edge, which the record holds trimmed (`char_span`
/// refuses them as they are): the first few located, then how many.
fn warn_edge_space(doc: &Document, name: &str, err: &mut dyn Write) -> io::Result<()> {
    const SHOWN: usize = 3;
    let mut count = 0;
    for (i, item) in doc.items().iter().enumerate() {
        let (Some(role), r) = (item.role(), item.range()) else {
            continue;
        };
        let space_at = |k: usize| doc.text.char(k).is_whitespace();
        if r.is_empty() || !(space_at(r.start) || space_at(r.end - 1)) {
            continue;
        }
        count += 1;
        if count <= SHOWN {
            let (l, c) = item_position(doc, i);
            writeln!(
                err,
                "{name}:{l}:{c}: warning: {} tag has white space at an edge: trimmed in ents and spans.sc (spaCy's char_span refuses it)",
                doc.scheme.role(role).name
            )?;
        }
    }
    if count > 0 {
        writeln!(
            err,
            "ptag export: {name}: {} with white space at an edge trimmed (white space only: left out); \"untrimmed\" keeps them for import",
            plural(count, "tag", "tags")
        )?;
    }
    Ok(())
}

/// One located warning per empty tag (`items`): it is no label.
pub(crate) fn warn_empty(
    doc: &Document,
    name: &str,
    items: &[usize],
    why: &str,
    err: &mut dyn Write,
) -> io::Result<()> {
    for &i in items {
        let (l, c) = item_position(doc, i);
        let role = &doc.scheme.role(doc.items()[i].role().expect("a tag")).name;
        writeln!(
            err,
            "{name}:{l}:{c}: warning: empty tag ({role}) is not exported as a label: {why}"
        )?;
    }
    Ok(())
}
