//! `ptag export`: a document's tags in the formats other tools read. The formats are
//! `interchange`'s; this is the command around them: which files, what is refused, what is
//! warned about, where the output goes.

use super::common::{Common, EncodingArg, Exit, OutputFormat, plural};
use super::exchange::{LabelsArg, NestedArg};
use super::export_brat::write_brat;
use super::export_predictions::{backend_spans, model_spans, model_version};
use super::export_warnings::{warn_edge_space, warn_empty};
use super::output::{Output, Target};
use super::paths::Input;
use crate::interchange::{
    BioOptions, Keep, add_predictions, flatten, item_position, labelstudio_config, layout, record,
    spacy_record, task, write_bio,
};
use crate::markup::{Document, Severity};
use crate::scheme::Scheme;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;

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
    /// Write here (atomically) instead of stdout (`-` is stdout); for brat, the folder to
    /// write into.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT when it exists already (without it, an existing OUT is refused).
    #[arg(long)]
    pub force: bool,
    /// Export files with markup errors too (by default they are refused, exit 1).
    #[arg(long)]
    pub include_errors: bool,
    /// Say how many files were exported, refused and failed, on stderr (text) or as one JSON
    /// object (on stdout when the export goes to a file, else on stderr).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub summary: Option<OutputFormat>,
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
    #[arg(long, value_name = "MODEL", conflicts_with_all = ["predictions", "backend"])]
    pub model: Option<PathBuf>,
    /// Label Studio: also the predictions of this Label Studio ML backend, as --model's.
    #[command(flatten)]
    pub backend: super::suggest_backend::BackendArgs,
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
    if args.predictions.is_some() && args.format != ExportFormat::Labelstudio {
        writeln!(
            err,
            "ptag export: error: --predictions writes Label Studio predictions: use --format labelstudio"
        )?;
        return Ok(Exit::Failure);
    }
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
    // The backend reads the role names --labels gives, as a Label Studio project would.
    let backend = match args.backend.connect(&scheme) {
        Ok(None) => None,
        Ok(Some(_)) if args.format != ExportFormat::Labelstudio => {
            writeln!(
                err,
                "ptag export: error: --backend writes Label Studio predictions: use --format labelstudio"
            )?;
            return Ok(Exit::Failure);
        }
        Ok(Some(b)) => match b.setup() {
            Ok(()) => Some(b),
            Err(e) => {
                writeln!(err, "ptag export: error: {e}")?;
                return Ok(Exit::Failure);
            }
        },
        Err(message) => {
            writeln!(err, "ptag export: error: {message}")?;
            return Ok(Exit::Failure);
        }
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
        (ExportFormat::Brat, Some(dir)) if !Target::of(dir).is_stdout() => Some(dir.clone()),
        (ExportFormat::Brat, _) => {
            writeln!(
                err,
                "ptag export: error: brat writes .txt and .ann files: give -o DIR"
            )?;
            return Ok(Exit::Failure);
        }
        _ => None,
    };
    let data_on_stdout = brat_dir.is_none()
        && args
            .output
            .as_deref()
            .is_none_or(|o| Target::of(o).is_stdout());
    // stdout is the data's, or else free for a JSON summary.
    let mut no_data = io::sink();
    let (free_stdout, data_to): (Option<&mut dyn Write>, &mut dyn Write) = if data_on_stdout {
        (None, out)
    } else {
        (Some(out), &mut no_data)
    };
    let named = args.output.as_deref().filter(|_| brat_dir.is_none());
    let mut output = match Output::open(named, args.force, data_to) {
        Ok(o) => o,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(Exit::Failure);
        }
    };
    let sink = output.writer();
    let mut counts = ExportCounts::default();
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
        counts.files += 1;
        let doc = match input.load(&scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = Exit::Failure;
                counts.failed += 1;
                continue;
            }
        };
        let name = input.name();
        if !args.include_errors && refused(&doc, &name, err)? {
            exit = exit.max(Exit::Findings);
            counts.refused += 1;
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
                if let Some(backend) = &backend {
                    match backend_spans(backend, &doc, &scheme, &name, err)? {
                        Some((spans, version)) => add_predictions(&mut t, &spans, &version),
                        None => return Ok(Exit::Failure),
                    }
                }
                serde_json::to_writer(&mut *sink, &t).map_err(io::Error::other)?;
                tasks += 1;
            }
            ExportFormat::LabelstudioConfig => {}
            ExportFormat::Brat => {
                let dir = brat_dir.as_deref().expect("checked above");
                if !write_brat(&doc, input, dir, err)? {
                    exit = Exit::Failure;
                    counts.failed += 1;
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
                            counts.refused += 1;
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
    if let Err(message) = output.finish() {
        writeln!(err, "{message}")?;
        return Ok(Exit::Failure);
    }
    if let Some(format) = args.summary {
        match (format, free_stdout) {
            (OutputFormat::Json, Some(stdout)) => counts.report(format, stdout)?,
            _ => counts.report(format, err)?,
        }
    }
    Ok(exit)
}

/// What `--summary` reports: files exported, refused (markup errors, or nesting with
/// `--nested error`) and failed (unreadable, or not written).
#[derive(Debug, Default)]
struct ExportCounts {
    files: usize,
    refused: usize,
    failed: usize,
}

impl ExportCounts {
    fn report(&self, format: OutputFormat, to: &mut dyn Write) -> io::Result<()> {
        let exported = self.files - self.refused - self.failed;
        match format {
            OutputFormat::Text => writeln!(
                to,
                "ptag export: {} exported, {} refused, {} failed",
                plural(exported, "file", "files"),
                self.refused,
                self.failed
            ),
            OutputFormat::Json => writeln!(
                to,
                "{}",
                serde_json::json!({
                    "exported": exported,
                    "refused": self.refused,
                    "failed": self.failed,
                })
            ),
        }
    }
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
        "ptag export: {name}: not exported: {} (fix them, or --include-errors)",
        plural(errors.len(), "error", "errors")
    )?;
    Ok(true)
}
