//! `ptag suggest --model MODEL`: the model's suggestions, gcc style with their confidence
//! (`path:line:col: role: text (0.87)`), as JSON, or tagged in place with `--apply`.

use super::common::{Exit, OutputFormat, inputs_or_report, plural};
use super::paths::{Input, io_message};
use super::streamed::for_each_piece;
use super::train::load_model;
use crate::markup::{Document, Locator, serialize};
use crate::scheme::Scheme;
use crate::store;
use crate::stream::CHUNK_BYTES;
use crate::suggest::{Listed, Model, Prediction};
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

/// One suggestion in `--format json`.
#[derive(Debug, Serialize)]
struct JsonPrediction {
    file: String,
    line: usize,
    column: usize,
    /// Char offsets into the plain text, end exclusive.
    start: usize,
    end: usize,
    role: String,
    text: String,
    /// Calibrated: about this share of suggestions this confident are right.
    confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// What `ptag suggest --model` was asked.
pub struct ModelRun<'a> {
    pub paths: &'a [std::path::PathBuf],
    pub encoding: crate::store::TextEncoding,
    pub format: OutputFormat,
    pub apply: bool,
    /// `None`: the model's cutoff.
    pub min_confidence: Option<f32>,
}

/// Runs `ptag suggest --model`. Exit 1 when a suggestion is listed (or skipped by --apply),
/// 0 when there is none, 2 on a model or file that cannot be read or written.
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
    let mut exit = Exit::Ok;
    let mut printer = Printer {
        format: args.format,
        out,
        json_items: 0,
    };
    let (mut found, mut applied, mut skipped) = (0, 0, 0);
    for input in &inputs {
        let name = input.name();
        if !args.apply {
            let listed = list_in_pieces(&model, input, scheme, chunk_bytes, &mut printer)?;
            if let Some(n) = listed {
                found += n;
                if n > 0 {
                    exit = exit.max(Exit::Findings);
                }
                continue;
            }
        }
        let mut doc = match input.load(scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                exit = exit.max(Exit::Failure);
                continue;
            }
        };
        let predictions: Vec<Prediction> = model.predict(&doc).into_iter().collect();
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
            if n < predictions.len() {
                exit = exit.max(Exit::Findings);
            }
        } else if !predictions.is_empty() {
            exit = exit.max(Exit::Findings);
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
    let what = if args.apply {
        format!("{applied} applied, {skipped} skipped")
    } else {
        plural(found, "suggestion", "suggestions")
    };
    writeln!(
        err,
        "ptag suggest: model of {} ({}); {what} in {}",
        plural(model.trained_files, "file", "files"),
        plural(model.trained_tags, "tag", "tags"),
        plural(inputs.len(), "file", "files")
    )?;
    Ok(exit)
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

/// Prints suggestions as they come: gcc-style lines, or the items of one JSON array (laid out
/// as `serde_json::to_writer_pretty` lays out the whole array).
struct Printer<'o> {
    format: OutputFormat,
    out: &'o mut dyn Write,
    json_items: usize,
}

impl Printer<'_> {
    /// `applied`: `None` when listing; with --apply, `Some(None)` tagged, `Some(Some(why))`
    /// skipped.
    fn print(
        &mut self,
        name: &str,
        scheme: &Scheme,
        p: &Listed,
        applied: Option<Option<String>>,
    ) -> io::Result<()> {
        let role = scheme.role(p.role).name.clone();
        match self.format {
            OutputFormat::Text => {
                let status = match &applied {
                    None => "",
                    Some(None) => "tagged: ",
                    Some(Some(_)) => "skipped: ",
                };
                write!(
                    self.out,
                    "{name}:{}:{}: {status}{role}: {} ({:.2})",
                    p.line, p.column, p.text, p.confidence
                )?;
                if let Some(Some(why)) = &applied {
                    write!(self.out, ": {why}")?;
                }
                writeln!(self.out)
            }
            OutputFormat::Json => {
                let item = JsonPrediction {
                    file: name.to_string(),
                    line: p.line,
                    column: p.column,
                    start: p.range.start,
                    end: p.range.end,
                    role,
                    text: p.text.clone(),
                    confidence: p.confidence,
                    applied: applied.as_ref().map(|w| w.is_none()),
                    reason: applied.flatten(),
                };
                let pretty = serde_json::to_string_pretty(&item).map_err(io::Error::other)?;
                self.out
                    .write_all(if self.json_items == 0 { b"[\n" } else { b",\n" })?;
                // One level in, as inside the array (strings hold no raw line break).
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    write!(self.out, "  {line}")?;
                }
                self.json_items += 1;
                Ok(())
            }
        }
    }

    /// Closes the JSON array (`[]` when it is empty).
    fn finish(&mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            let close: &[u8] = if self.json_items == 0 {
                b"[]\n"
            } else {
                b"\n]\n"
            };
            self.out.write_all(close)?;
        }
        Ok(())
    }
}

fn write(doc: &Document, path: &Path, input: &Input) -> Result<(), String> {
    match serialize(doc) {
        Ok(markup) => store::write_atomic(path, &input.encoding.encode(&markup))
            .map_err(|e| format!("cannot write the tags: {}", io_message(&e))),
        Err(e) => Err(format!("{e}; file left unchanged")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The printer's JSON, item by item, is byte for byte what `to_writer_pretty` gave for
    /// the whole array (what scripts read before suggestions were printed as they came).
    #[test]
    fn json_printed_item_by_item_is_the_pretty_array() {
        let scheme = Scheme::default();
        let listed = |k: usize| Listed {
            range: k..k + 2,
            role: (k % 4) as u16,
            confidence: 0.1 + k as f32 / 7.0,
            line: k + 1,
            column: 2 * k + 1,
            text: format!("\"引号\"\t{k}\n\u{2028}"),
        };
        for n in 0..4 {
            let mut got = Vec::new();
            let mut printer = Printer {
                format: OutputFormat::Json,
                out: &mut got,
                json_items: 0,
            };
            let mut whole = Vec::new();
            for k in 0..n {
                let applied = [None, Some(None), Some(Some("交叉".to_string()))][k % 3].clone();
                printer
                    .print("a\\b.txt", &scheme, &listed(k), applied.clone())
                    .unwrap();
                whole.push(JsonPrediction {
                    file: "a\\b.txt".into(),
                    line: k + 1,
                    column: 2 * k + 1,
                    start: k,
                    end: k + 2,
                    role: scheme.role((k % 4) as u16).name.clone(),
                    text: listed(k).text,
                    confidence: listed(k).confidence,
                    applied: applied.as_ref().map(|w| w.is_none()),
                    reason: applied.flatten(),
                });
            }
            printer.finish().unwrap();
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
