//! `ptag suggest --model MODEL`: the model's suggestions, gcc style with their confidence
//! (`path:line:col: role: text (0.87)`), as JSON, or tagged in place with `--apply`.

use super::common::{Exit, OutputFormat, inputs_or_report, plural};
use super::paths::{Input, io_message};
use super::progress::{Progress, Results};
use super::streamed::for_each_piece;
use super::suggest_printer::Printer;
use super::train::load_model;
use crate::markup::{Document, Locator, serialize};
use crate::scheme::Scheme;
use crate::store;
use crate::stream::CHUNK_BYTES;
use crate::suggest::{Listed, Model, Prediction};
use std::io::{self, Write};
use std::path::Path;

/// What `ptag suggest --model` was asked.
pub struct ModelRun<'a> {
    pub paths: &'a [std::path::PathBuf],
    pub encoding: crate::store::TextEncoding,
    pub format: OutputFormat,
    pub apply: bool,
    /// `None`: the model's cutoff.
    pub min_confidence: Option<f32>,
}

/// Runs `ptag suggest --model`. Exit 0 when it ran, 2 on a model or file that cannot be read
/// or written.
pub fn run(
    args: &ModelRun,
    model_path: &Path,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    run_in_pieces(args, model_path, scheme, out, err, Some(CHUNK_BYTES))
}

/// `run`, listing (not --apply) each file in runs of about `chunk_bytes` of whole lines, on
/// every core, printed in order as they come (`None`: each file whole, as --apply must).
pub fn run_in_pieces(
    args: &ModelRun,
    model_path: &Path,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
    chunk_bytes: Option<usize>,
) -> io::Result<Exit> {
    let mut model = match load_model(model_path, scheme) {
        Ok(m) => m,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(Exit::Failure);
        }
    };
    if let Some(x) = args.min_confidence {
        if !(0.0..=1.0).contains(&x) {
            writeln!(
                err,
                "ptag suggest: error: --min-confidence takes a number from 0 to 1, not {x}"
            )?;
            return Ok(Exit::Failure);
        }
        model.calibration.cutoff = x;
        model.calibration.role_cutoffs.clear();
    }
    let Some(inputs) = inputs_or_report(args.paths, args.encoding, err)? else {
        return Ok(Exit::Failure);
    };
    let mut predict = |_: &str, doc: &Document, _: &mut dyn Write| {
        Ok(Predicted::Found(model.predict(doc).into_iter().collect()))
    };
    let stream = Some((&model, chunk_bytes));
    let tally = list_or_apply(args, scheme, &inputs, stream, &mut predict, out, err)?;
    let what = tally.what(args.apply);
    writeln!(
        err,
        "ptag suggest: model of {} ({}); {what} in {}",
        plural(model.trained_files, "file", "files"),
        plural(model.trained_tags, "tag", "tags"),
        plural(inputs.len(), "file", "files")
    )?;
    Ok(tally.exit)
}

/// What a suggestion source gave for one file.
pub(crate) enum Predicted {
    Found(Vec<Prediction>),
    /// The file got none (the source said why on stderr); go on with the next.
    Failed,
    /// The source cannot be used any more (said on stderr): stop.
    Stop,
}

/// What `list_or_apply` did.
pub(crate) struct Tally {
    pub exit: Exit,
    pub found: usize,
    pub applied: usize,
    pub skipped: usize,
}

impl Tally {
    /// "3 suggestions" or "2 applied, 1 skipped".
    pub fn what(&self, apply: bool) -> String {
        if apply {
            format!("{} applied, {} skipped", self.applied, self.skipped)
        } else {
            plural(self.found, "suggestion", "suggestions")
        }
    }
}

/// A model that lists a file in runs of about this many bytes of whole lines (`None`: whole).
pub(crate) type Stream<'m> = Option<(&'m Model, Option<usize>)>;

/// Lists (or, with `--apply`, tags in place) what `predict` gives for each of `inputs`, gcc
/// style or as JSON: the part of `suggest --model` and `suggest --backend` that is the same.
/// With `stream`, a file that is only listed is listed by that model in runs of lines as they
/// come, never loaded whole.
pub(crate) fn list_or_apply(
    args: &ModelRun,
    scheme: &Scheme,
    inputs: &[Input],
    stream: Stream<'_>,
    predict: &mut dyn FnMut(&str, &Document, &mut dyn Write) -> io::Result<Predicted>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Tally> {
    let mut exit = Exit::Ok;
    let mut printer = Printer {
        format: args.format,
        out,
        json_items: 0,
    };
    let (mut found, mut applied, mut skipped) = (0, 0, 0);
    let progress = Progress::files(inputs.len(), "suggesting", Results::Streamed);
    for input in inputs {
        let name = input.name();
        progress.file(&name);
        if !args.apply
            && let Some((model, chunk_bytes)) = stream
            && let Some(n) = list_in_pieces(model, input, scheme, chunk_bytes, &mut printer)?
        {
            found += n;
            continue;
        }
        let mut doc = match input.load(scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = exit.max(Exit::Failure);
                continue;
            }
        };
        let predictions = match predict(&name, &doc, err)? {
            Predicted::Found(p) => p,
            Predicted::Failed => {
                exit = exit.max(Exit::Failure);
                continue;
            }
            Predicted::Stop => {
                exit = exit.max(Exit::Failure);
                break;
            }
        };
        found += predictions.len();
        let texts: Vec<String> = predictions
            .iter()
            .map(|p| doc.text.slice(p.range.clone()).to_string())
            .collect();
        let mut outcome: Vec<Option<Option<String>>> = vec![None; predictions.len()];
        if args.apply && !predictions.is_empty() {
            let Some(path) = &input.path else {
                writeln!(
                    err,
                    "{name}: error: cannot apply suggestions to standard input; give a file"
                )?;
                exit = exit.max(Exit::Failure);
                continue;
            };
            for (p, o) in predictions.iter().zip(&mut outcome) {
                *o = Some(
                    doc.tag(p.role, p.range.start, p.range.end)
                        .err()
                        .map(|e| e.to_string()),
                );
            }
            let n = outcome.iter().filter(|o| matches!(o, Some(None))).count();
            if n > 0
                && let Err(message) = write(&doc, path, input)
            {
                writeln!(err, "{name}: error: {message}")?;
                exit = exit.max(Exit::Failure);
                continue;
            }
            applied += n;
            skipped += predictions.len() - n;
        }
        let mut at = Locator::new(&doc);
        for ((p, text), o) in predictions.iter().zip(texts).zip(outcome) {
            let (line, column) = at.locate(p.range.start);
            let listed = Listed {
                range: p.range.clone(),
                role: p.role,
                confidence: p.confidence,
                line,
                column,
                text,
            };
            printer.print(&name, scheme, &listed, o)?;
        }
    }
    printer.finish()?;
    Ok(Tally {
        exit,
        found,
        applied,
        skipped,
    })
}

fn write(doc: &Document, path: &Path, input: &Input) -> Result<(), String> {
    match serialize(doc) {
        Ok(markup) => store::write_atomic(path, &input.encoding.encode(&markup))
            .map_err(|e| format!("cannot write the tags: {}", io_message(&e))),
        Err(e) => Err(format!("{e}; file left unchanged")),
    }
}

/// Lists `input`'s suggestions a run of lines at a time as they come, each run predicted on a
/// worker; the number listed, or `None` when the file cannot be streamed (standard input,
/// GB18030, not UTF-8, unreadable: the whole-file path then lists it or says why).
fn list_in_pieces(
    model: &Model,
    input: &Input,
    scheme: &Scheme,
    chunk_bytes: Option<usize>,
    printer: &mut Printer<'_>,
) -> io::Result<Option<usize>> {
    let name = input.name();
    let (mut base, mut found) = (0usize, 0usize);
    let streamed = for_each_piece(
        input,
        chunk_bytes,
        |text, at| model.list_run(text, scheme, at),
        // Weighed as more than may be held back: the first run's results release the lot, once
        // the one quick pass has found the whole file UTF-8, so the first suggestion goes out
        // at once and nothing piles up.
        |_| usize::MAX,
        |run| {
            for listed in run.listed {
                printer.print(&name, scheme, &listed.shifted(base), None)?;
                found += 1;
            }
            base += run.plain_chars;
            Ok(())
        },
    )?;
    Ok(streamed.then_some(found))
}
