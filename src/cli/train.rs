//! `ptag train`: a suggestion model (`suggest::model`) trained on tagged files, written to a
//! model file that `ptag suggest --model` and the editor's `--model` load.

use super::common::{
    Common, EncodingArg, Exit, OutputFormat, inputs_or_report, plural, scheme_or_report,
};
use super::output::{Target, check_overwrite, report_sink, write_whole};
use super::paths::Input;
use super::progress::{Progress, Results};
use crate::markup::Document;
use crate::scheme::Scheme;
use crate::store;
use crate::suggest::Model;
use crate::suggest::model_file::{ModelFileError, from_bytes, to_bytes};
use crate::suggest::train::{TrainError, TrainOptions, train};
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `ptag train` arguments.
#[derive(Debug, Args, Clone)]
pub struct TrainArgs {
    /// Tagged files or folders (*.txt, at any depth) to learn from; repeat for more.
    #[arg(long = "from", value_name = "PATH", required = true, num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// Where to write the model (`-` is stdout), atomically.
    #[arg(short = 'o', long = "output", value_name = "MODEL")]
    pub output: PathBuf,
    /// Replace MODEL when it exists already (without it, an existing MODEL is refused).
    #[arg(long)]
    pub force: bool,
    /// Passes over the training text (at least 1).
    #[arg(long, default_value_t = TrainOptions::default().epochs, value_parser = epochs_at_least_one)]
    pub epochs: usize,
    /// The summary (files, tags, features, the model's confidence cutoff, time): text on
    /// stderr, or one JSON object (on stdout, or on stderr when the model goes to stdout).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// `--epochs`: 0 passes would train nothing, so it is refused rather than changed to 1.
pub fn epochs_at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("0 passes would train nothing: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{value:?} is not a number of passes")),
    }
}

/// Reads every input; `None` once a file that cannot be read is reported (a model from part of
/// a corpus would differ without saying so).
pub fn load_all(
    inputs: &[Input],
    scheme: &Scheme,
    err: &mut dyn Write,
) -> io::Result<Option<Vec<Document>>> {
    let mut docs = Vec::with_capacity(inputs.len());
    let mut ok = true;
    let progress = Progress::files(inputs.len(), "reading", Results::AtTheEnd);
    for input in inputs {
        progress.file(&input.name());
        match input.load(scheme) {
            Ok((_, doc)) => docs.push(doc),
            Err(e) => {
                writeln!(err, "{e}")?;
                ok = false;
            }
        }
    }
    Ok(ok.then_some(docs))
}

/// Reads a model file for `scheme`; the error names the file.
pub fn load_model(path: &Path, scheme: &Scheme) -> Result<Model, String> {
    let bytes = store::read_file(path, store::FileKind::Model).map_err(|e| {
        format!(
            "{}: error: cannot read the model: {}",
            path.display(),
            e.reason()
        )
    })?;
    from_bytes(&bytes, scheme)
        .map_err(|e: ModelFileError| format!("{}: error: {e}", path.display()))
}

/// Runs `ptag train`. Exit 0 when the model is written, 2 on no tags or a file that cannot be
/// read or written.
pub fn run(args: &TrainArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let target = Target::of(&args.output);
    // Refused before the training, not after seconds of it.
    if let Target::File(path) = target
        && let Err(message) = check_overwrite(path, args.force)
    {
        writeln!(err, "{message}")?;
        return Ok(Exit::Failure);
    }
    let Some(inputs) = inputs_or_report(&args.from, args.read.encoding, err)? else {
        return Ok(Exit::Failure);
    };
    let Some(docs) = load_all(&inputs, &scheme, err)? else {
        writeln!(
            err,
            "ptag train: error: a --from file could not be read; no model written"
        )?;
        return Ok(Exit::Failure);
    };
    let opts = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let start = Instant::now();
    let progress = Progress::spinner("training");
    let trained = train(&docs, &scheme, &opts);
    drop(progress);
    let model = match trained {
        Ok(m) => m,
        Err(TrainError::NoTags { files }) => {
            writeln!(
                err,
                "ptag train: error: no tags to learn from in {}; tag some text first",
                plural(files, "file", "files")
            )?;
            return Ok(Exit::Failure);
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let bytes = to_bytes(&model);
    if let Err(message) = write_whole(&args.output, args.force, &bytes, out) {
        writeln!(err, "{message}")?;
        return Ok(Exit::Failure);
    }
    match args.format {
        OutputFormat::Text => writeln!(
            err,
            "trained on {}, {}: {} features, {:.1} s; wrote {} ({:.1} MB)",
            plural(model.trained_files, "file", "files"),
            plural(model.trained_tags, "tag", "tags"),
            model.features(),
            seconds,
            args.output.display(),
            bytes.len() as f64 / 1e6
        )?,
        OutputFormat::Json => writeln!(
            report_sink(target.is_stdout(), out, err),
            "{}",
            serde_json::json!({
                "files": model.trained_files,
                "tags": model.trained_tags,
                "features": model.features(),
                "roles": model.roles,
                "epochs": args.epochs,
                "cutoff": model.calibration.cutoff,
                "temperature": model.temperature,
                "seconds": (seconds * 1000.0).round() / 1000.0,
                "model": args.output.display().to_string(),
                "bytes": bytes.len(),
            })
        )?,
    }
    Ok(Exit::Ok)
}
