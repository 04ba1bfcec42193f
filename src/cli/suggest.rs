//! `ptag suggest`: tags that a tagged corpus would give to untagged text. Lists them gcc style
//! (`path:line:col: role: text`), tags them in place with `--apply`, or measures how often they
//! are right with `--evaluate`.

use super::common::{
    Common, EncodingArg, Exit, OutputFormat, inputs_or_report, plural, scheme_or_report,
};
use super::paths::{Input, io_message};
use crate::markup::{Document, Locator, serialize};
use crate::scheme::{RoleId, Scheme};
use crate::store;
use crate::suggest::{Lexicon, Matcher, Suggestion, blocks, find_all};
use clap::Args;
use serde::Serialize;
use std::cmp::Reverse;
use std::io::{self, Write};
use std::path::PathBuf;

/// `ptag suggest` arguments.
#[derive(Debug, Args, Clone)]
#[command(group(clap::ArgGroup::new("predictor").args(["model", "backend"])))]
pub struct SuggestArgs {
    /// Files or folders (searched for *.txt) to suggest tags for; `-` is stdin.
    #[arg(required_unless_present = "evaluate", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A tagged file or folder (*.txt, at any depth) whose tags are learned; repeat it for more
    /// (`--from A --from B`).
    // One value a flag: a flag taking several would swallow the PATHs after it.
    // Not required by clap: the project file's `model` or a `--backend` may stand in for it
    // (checked in `run`).
    #[arg(long = "from", value_name = "CORPUS", num_args = 1)]
    pub from: Vec<PathBuf>,
    /// Suggest with a model from `ptag train` instead of the --from lexicon.
    #[arg(long, value_name = "MODEL", conflicts_with_all = ["evaluate", "backend"])]
    pub model: Option<PathBuf>,
    #[command(flatten)]
    pub backend: super::suggest_backend::BackendArgs,
    /// With --backend: the names the backend gives roles (`actor=HANDLER,…` or a JSON file).
    #[command(flatten)]
    pub labels: super::exchange::LabelsArg,
    /// With --model or --backend: only suggestions at least this confident (0..1); without
    /// it, the model's own cutoff (the highest confidence where its F1 on files it did not
    /// learn from was within 2% of its best), or all the backend sends.
    #[arg(long, value_name = "X", requires = "predictor")]
    pub min_confidence: Option<f32>,
    /// With --evaluate: K-fold cross-validation instead of halves.
    #[arg(long, value_name = "K", requires = "evaluate")]
    pub folds: Option<usize>,
    /// With --evaluate: passes of the model's training (at least 1).
    #[arg(
        long,
        default_value_t = crate::suggest::train::TrainOptions::default().epochs,
        value_parser = super::train::epochs_at_least_one
    )]
    pub epochs: usize,
    /// Tag every suggestion in place (atomically); print what was tagged and what was skipped.
    #[arg(long, conflicts_with = "evaluate")]
    pub apply: bool,
    /// Score the suggestions: learn from the first half of the --from files (by name), suggest
    /// on the plain text of the second half and compare with their real tags.
    #[arg(long)]
    pub evaluate: bool,
    /// Output: text for people (gcc-style lines, tables) or json for programs.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub read: EncodingArg,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `ptag suggest`. Exit 0 when it ran (suggestions found or not: they are its result, not
/// a problem), 2 on bad usage or a file that cannot be read or written.
pub fn run(args: &SuggestArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let Some(scheme) = scheme_or_report(&args.common, err)? else {
        return Ok(Exit::Failure);
    };
    let encoding = args.read.encoding;
    if args.backend.backend.is_some() {
        return suggest_with_backend(args, &scheme, out, err);
    }
    if args.from.is_empty() && args.model.is_none() {
        writeln!(
            err,
            "ptag suggest: error: nothing to suggest from: give --from <CORPUS>, --model <MODEL> \
             or --backend <URL> (or `model` in a ptag.toml)"
        )?;
        return Ok(Exit::Failure);
    }
    if let Some(model) = &args.model {
        let run = super::suggest_model::ModelRun {
            paths: &args.paths,
            encoding,
            format: args.format,
            apply: args.apply,
            min_confidence: args.min_confidence,
        };
        return super::suggest_model::run(&run, model, &scheme, out, err);
    }
    let Some(corpus) = inputs_or_report(&args.from, encoding, err)? else {
        return Ok(Exit::Failure);
    };
    if args.evaluate {
        if !args.paths.is_empty() {
            writeln!(
                err,
                "ptag suggest: note: PATHs are ignored with --evaluate (it uses the --from files)"
            )?;
        }
        return super::suggest_eval::evaluate(
            corpus,
            &scheme,
            args.format,
            args.folds,
            args.epochs,
            out,
            err,
        );
    }
    let Some(inputs) = inputs_or_report(&args.paths, encoding, err)? else {
        return Ok(Exit::Failure);
    };
    let stdin_uses = corpus.iter().chain(&inputs).filter(|i| i.path.is_none());
    if stdin_uses.count() > 1 {
        writeln!(
            err,
            "ptag suggest: error: '-' (standard input) can be read only once"
        )?;
        return Ok(Exit::Failure);
    }
    let Some(lex) = learn(&corpus, &scheme, err)? else {
        return Ok(Exit::Failure);
    };
    let matcher = lex.matcher();
    let mut run = Run {
        lex: &lex,
        matcher: &matcher,
        scheme: &scheme,
        format: args.format,
        json: Vec::new(),
        exit: Exit::Ok,
        found: 0,
        files_with: 0,
        applied: 0,
        skipped: 0,
    };
    for input in &inputs {
        if args.apply {
            run.apply_file(input, out, err)?;
        } else {
            run.list_file(input, out, err)?;
        }
    }
    if args.format == OutputFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &run.json).map_err(io::Error::other)?;
        writeln!(out)?;
    }
    let mut summary = format!(
        "ptag suggest: {} from {}; ",
        plural(lex.len(), "known text", "known texts"),
        plural(corpus.len(), "file", "files"),
    );
    if args.apply {
        summary.push_str(&format!(
            "{} applied, {} skipped in {}",
            run.applied,
            run.skipped,
            plural(inputs.len(), "file", "files")
        ));
    } else {
        summary.push_str(&format!(
            "{} in {} of {}",
            plural(run.found, "suggestion", "suggestions"),
            run.files_with,
            plural(inputs.len(), "file", "files")
        ));
    }
    writeln!(err, "{summary}")?;
    Ok(run.exit)
}

/// `ptag suggest --backend`: the backend reads role names from the scheme renamed by --labels.
fn suggest_with_backend(
    args: &SuggestArgs,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    if args.evaluate {
        writeln!(
            err,
            "ptag suggest: error: --evaluate scores the lexicon and the model, not a backend"
        )?;
        return Ok(Exit::Failure);
    }
    let Some(named) = args.labels.apply(scheme, "ptag suggest", err)? else {
        return Ok(Exit::Failure);
    };
    let backend = match args.backend.connect(&named) {
        Ok(b) => b.expect("--backend given"),
        Err(message) => {
            writeln!(err, "ptag suggest: error: {message}")?;
            return Ok(Exit::Failure);
        }
    };
    let run = super::suggest_model::ModelRun {
        paths: &args.paths,
        encoding: args.read.encoding,
        format: args.format,
        apply: args.apply,
        min_confidence: args.min_confidence,
    };
    super::suggest_backend::run(&run, &backend, scheme, out, err)
}

/// Learns every tag of `inputs`. A file that cannot be read stops everything (after all are
/// tried): suggestions from part of a corpus would differ without saying so.
fn learn(inputs: &[Input], scheme: &Scheme, err: &mut dyn Write) -> io::Result<Option<Lexicon>> {
    let mut lex = Lexicon::new(scheme.roles.len());
    let mut ok = true;
    for input in inputs {
        match input.load(scheme) {
            Ok((_, doc)) => lex.learn(&doc),
            Err(e) => {
                writeln!(err, "{e}")?;
                ok = false;
            }
        }
    }
    if !ok {
        writeln!(
            err,
            "ptag suggest: error: a --from file could not be read; nothing suggested"
        )?;
    }
    Ok(ok.then_some(lex))
}

/// One suggestion in `--format json`.
#[derive(Debug, Serialize)]
struct JsonSuggestion {
    file: String,
    line: usize,
    column: usize,
    /// Char offsets into the plain text, end exclusive.
    start: usize,
    end: usize,
    role: String,
    text: String,
    /// How often the corpus gave the text each role (roles it never had left out).
    counts: serde_json::Map<String, serde_json::Value>,
    /// With `--apply`: whether the tag was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<bool>,
    /// With `--apply`: why it was not.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

struct Run<'a> {
    lex: &'a Lexicon,
    matcher: &'a Matcher,
    scheme: &'a Scheme,
    format: OutputFormat,
    json: Vec<JsonSuggestion>,
    exit: Exit,
    found: usize,
    files_with: usize,
    applied: usize,
    skipped: usize,
}

impl Run<'_> {
    fn load(&mut self, input: &Input, err: &mut dyn Write) -> io::Result<Option<Document>> {
        match input.load(self.scheme) {
            Ok((_, doc)) => Ok(Some(doc)),
            Err(e) => {
                writeln!(err, "{e}")?;
                self.exit = self.exit.max(Exit::Failure);
                Ok(None)
            }
        }
    }

    fn list_file(
        &mut self,
        input: &Input,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let Some(doc) = self.load(input, err)? else {
            return Ok(());
        };
        let name = input.name();
        let mut at = Locator::new(&doc);
        let mut count = 0;
        // Block by block, so that a big file's suggestions are never all held at once.
        for block in blocks(&doc) {
            let found = self.matcher.find(self.lex, &doc, block);
            count += found.len();
            for s in &found {
                let pos = at.locate(s.range.start);
                self.report(out, &name, s, pos, None)?;
            }
        }
        if count > 0 {
            self.found += count;
            self.files_with += 1;
        }
        Ok(())
    }

    fn apply_file(
        &mut self,
        input: &Input,
        out: &mut dyn Write,
        err: &mut dyn Write,
    ) -> io::Result<()> {
        let name = input.name();
        let Some(mut doc) = self.load(input, err)? else {
            return Ok(());
        };
        let found = find_all(self.lex, self.matcher, &doc);
        let Some(path) = &input.path else {
            if !found.is_empty() {
                writeln!(
                    err,
                    "{name}: error: cannot apply suggestions to standard input; give a file"
                )?;
                self.exit = self.exit.max(Exit::Failure);
            }
            return Ok(());
        };
        let mut outcome: Vec<Option<String>> = Vec::with_capacity(found.len());
        for s in &found {
            outcome.push(
                doc.tag(s.role, s.range.start, s.range.end)
                    .err()
                    .map(|e| e.to_string()),
            );
        }
        let applied = outcome.iter().filter(|o| o.is_none()).count();
        let skipped = found.len() - applied;
        if applied > 0 {
            let written = match serialize(&doc) {
                Ok(markup) => store::write_atomic(path, &input.encoding.encode(&markup))
                    .map_err(|e| format!("cannot write the tags: {}", io_message(&e))),
                Err(e) => Err(format!("{e}; file left unchanged")),
            };
            if let Err(message) = written {
                writeln!(err, "{name}: error: {message}")?;
                self.exit = self.exit.max(Exit::Failure);
                return Ok(());
            }
        }
        // Positions are those of the file as written.
        let mut at = Locator::new(&doc);
        for (s, why) in found.iter().zip(&outcome) {
            let pos = at.locate(s.range.start);
            self.report(out, &name, s, pos, Some(why.as_deref()))?;
        }
        if self.format == OutputFormat::Text {
            writeln!(out, "{name}: {applied} applied, {skipped} skipped")?;
        }
        self.applied += applied;
        self.skipped += skipped;
        Ok(())
    }

    /// Writes one suggestion: `path:line:col: role: text`, with the corpus's split when more
    /// than one role tagged the text; under `--apply`, `tagged:` or `skipped:` before it.
    fn report(
        &mut self,
        out: &mut dyn Write,
        name: &str,
        s: &Suggestion,
        (line, column): (usize, usize),
        applied: Option<Option<&str>>,
    ) -> io::Result<()> {
        let entry = &self.lex.entries[s.entry];
        let role = &self.scheme.role(s.role).name;
        // What matched is exactly the entry's text.
        let text = &entry.text;
        match self.format {
            OutputFormat::Text => {
                let status = match applied {
                    None => "",
                    Some(None) => "tagged: ",
                    Some(Some(_)) => "skipped: ",
                };
                write!(out, "{name}:{line}:{column}: {status}{role}: {text}")?;
                if entry.is_split() {
                    write!(out, " ({})", split(self.scheme, &entry.counts))?;
                }
                if let Some(Some(why)) = applied {
                    write!(out, ": {why}")?;
                }
                writeln!(out)
            }
            OutputFormat::Json => {
                let counts = entry
                    .counts
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(r, &c)| (role_name(self.scheme, r), c.into()))
                    .collect();
                self.json.push(JsonSuggestion {
                    file: name.to_string(),
                    line,
                    column,
                    start: s.range.start,
                    end: s.range.end,
                    role: role.clone(),
                    text: text.clone(),
                    counts,
                    applied: applied.map(|a| a.is_none()),
                    reason: applied.flatten().map(str::to_string),
                });
                Ok(())
            }
        }
    }
}

fn role_name(scheme: &Scheme, r: usize) -> String {
    if r < scheme.roles.len() {
        scheme.role(r as RoleId).name.clone()
    } else {
        format!("role {r}")
    }
}

/// `data 12, actor 2`: the roles that tagged a text, most often first.
fn split(scheme: &Scheme, counts: &[u32]) -> String {
    let mut v: Vec<(usize, u32)> = counts
        .iter()
        .copied()
        .enumerate()
        .filter(|&(_, c)| c > 0)
        .collect();
    v.sort_by_key(|&(r, c)| (Reverse(c), r));
    v.iter()
        .map(|&(r, c)| format!("{} {c}", role_name(scheme, r)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_lists_the_roles_most_often_first() {
        assert_eq!(
            split(&Scheme::default(), &[2, 0, 12, 2]),
            "data 12, actor 2, purpose 2"
        );
    }
}
