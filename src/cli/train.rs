//! `ptag train`: a suggestion model (`suggest::model`) trained on tagged files, written to a
//! model file that `ptag suggest --model` and the editor's `--model` load.

use super::common::{Common, EncodingArg, Exit, inputs_or_report, plural, scheme_or_report};
use super::paths::{Input, io_message};
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
    /// Where to write the model.
    #[arg(short = 'o', long = "output", value_name = "MODEL")]
    pub output: PathBuf,
    /// Passes over the training text.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
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
    for input in inputs {
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
        epochs: args.epochs.max(1),
        ..TrainOptions::default()
    };
    let start = Instant::now();
    let model = match train(&docs, &scheme, &opts) {
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
    if let Err(e) = store::write_atomic(&args.output, &bytes) {
        writeln!(
            err,
            "{}: error: cannot write the model: {}",
            args.output.display(),
            io_message(&e)
        )?;
        return Ok(Exit::Failure);
    }
    writeln!(
        out,
        "trained on {}, {}: {} features, {:.1} s; wrote {} ({:.1} MB)",
        plural(model.trained_files, "file", "files"),
        plural(model.trained_tags, "tag", "tags"),
        model.features(),
        seconds,
        args.output.display(),
        bytes.len() as f64 / 1e6
    )?;
    Ok(Exit::Ok)
}
