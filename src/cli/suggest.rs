//! `ptag suggest`: tags that a tagged corpus would give to untagged text. Lists them gcc style
//! (`path:line:col: role: text`), tags them in place with `--apply`, or measures how often they
//! are right with `--evaluate`.

use super::commands::{Exit, load_scheme};
use super::paths::{self, Input, io_message};
use super::{Common, OutputFormat};
use crate::markup::{Document, serialize};
use crate::scheme::{RoleId, Scheme};
use crate::store;
use crate::suggest::{Lexicon, Matcher, Suggestion};
use clap::Args;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::io::{self, Write};
use std::ops::Range;
use std::path::PathBuf;

/// The matcher is run over blocks of whole lines of about this many chars, so that a 100 MB
/// file is never copied out of its rope in one piece. Known texts never hold a line break, so
/// the blocks find exactly what one pass over the whole text would.
const BLOCK_CHARS: usize = 1 << 20;

/// `ptag suggest` arguments.
#[derive(Debug, Args, Clone)]
pub struct SuggestArgs {
    /// Files or folders (searched for *.txt) to suggest tags for; `-` is stdin.
    #[arg(required_unless_present = "evaluate", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Tagged files or folders (*.txt, at any depth) whose tags are learned.
    #[arg(long = "from", value_name = "CORPUS", required = true, num_args = 1..)]
    pub from: Vec<PathBuf>,
    /// Tag every suggestion in place (atomically); print what was tagged and what was skipped.
    #[arg(long, conflicts_with = "evaluate")]
    pub apply: bool,
    /// Score the suggestions: learn from the first half of the --from files (by name), suggest
    /// on the plain text of the second half and compare with their real tags.
    #[arg(long)]
    pub evaluate: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub common: Common,
}

/// Runs `ptag suggest`. Exit 1 when a suggestion is listed (or, with `--apply`, skipped),
/// 0 when there is none, 2 on bad usage or a file that cannot be read or written.
pub fn run(args: &SuggestArgs, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Exit> {
    let scheme = match load_scheme(&args.common) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "{message}")?;
            return Ok(Exit::Failure);
        }
    };
    let Some(corpus) = expand(&args.from, err)? else {
        return Ok(Exit::Failure);
    };
    if args.evaluate {
        if !args.paths.is_empty() {
            writeln!(
                err,
                "ptag suggest: note: PATHs are ignored with --evaluate (it uses the --from files)"
            )?;
        }
        return evaluate(corpus, &scheme, args.format, out, err);
    }
    let Some(inputs) = expand(&args.paths, err)? else {
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Expands PATH arguments, reporting every one that names nothing usable.
fn expand(paths: &[PathBuf], err: &mut dyn Write) -> io::Result<Option<Vec<Input>>> {
    match paths::expand(paths) {
        Ok(inputs) => Ok(Some(inputs)),
        Err(errors) => {
            for e in errors {
                writeln!(err, "{e}")?;
            }
            Ok(None)
        }
    }
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

/// Every suggestion for `doc`, in text order.
pub fn find_all(lex: &Lexicon, matcher: &Matcher, doc: &Document) -> Vec<Suggestion> {
    blocks(doc)
        .flat_map(|r| matcher.find(lex, doc, r))
        .collect()
}

/// Consecutive char ranges of whole lines, about `BLOCK_CHARS` each, covering the text.
fn blocks(doc: &Document) -> impl Iterator<Item = Range<usize>> + '_ {
    let len = doc.text.len_chars();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= len {
            return None;
        }
        let target = (start + BLOCK_CHARS).min(len);
        let line = doc.text.char_to_line(target);
        let end = if target == len || line + 1 >= doc.text.len_lines() {
            len
        } else {
            doc.text.line_to_char(line + 1)
        };
        let block = start..end;
        start = end;
        Some(block)
    })
}

/// Maps plain char offsets, visited in increasing order, to 1-based line and column (in chars)
/// of the markup file: the column counts every delimiter and note before the char. Tags and
/// notes never leave their line, so only the line's items are walked, each once.
pub struct Locator<'d> {
    doc: &'d Document,
    /// Plain char range of the current line.
    line: usize,
    ls: usize,
    le: usize,
    /// Next item not yet passed.
    next: usize,
    /// Markup chars before the last position on this line.
    extra: usize,
    /// Ends of passed tags whose closing delimiter is still ahead.
    open_ends: BinaryHeap<Reverse<usize>>,
    last: usize,
}

impl<'d> Locator<'d> {
    pub fn new(doc: &'d Document) -> Locator<'d> {
        Locator {
            doc,
            line: 0,
            ls: 1,
            le: 0,
            next: 0,
            extra: 0,
            open_ends: BinaryHeap::new(),
            last: 0,
        }
    }

    /// Line and column of the markup char that shows plain char `pos`.
    pub fn locate(&mut self, pos: usize) -> (usize, usize) {
        let text = &self.doc.text;
        if pos < self.ls || pos >= self.le || pos < self.last {
            let pos = pos.min(text.len_chars());
            self.line = text.char_to_line(pos);
            self.ls = text.line_to_char(self.line);
            self.le = if self.line + 1 < text.len_lines() {
                text.line_to_char(self.line + 1)
            } else {
                usize::MAX
            };
            self.next = self.doc.first_item_at_or_after(self.ls);
            self.extra = 0;
            self.open_ends.clear();
        }
        self.last = pos;
        let items = self.doc.items();
        while let Some(it) = items.get(self.next) {
            if it.start as usize > pos {
                break;
            }
            if it.is_note() {
                self.extra += self.doc.note_text(it).chars().count() + 2;
            } else {
                self.extra += 1;
                self.open_ends.push(Reverse(it.end as usize));
            }
            self.next += 1;
        }
        while let Some(&Reverse(end)) = self.open_ends.peek() {
            if end > pos {
                break;
            }
            self.extra += 1;
            self.open_ends.pop();
        }
        (self.line + 1, pos - self.ls + self.extra + 1)
    }
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
            self.exit = self.exit.max(Exit::Findings);
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
                Ok(markup) => store::write_atomic(path, markup.as_bytes())
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
        if skipped > 0 {
            self.exit = self.exit.max(Exit::Findings);
        }
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

// ---------------------------------------------------------------- --evaluate

/// Suggested, correct and really tagged counts, and the scores they give.
#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    pub suggested: usize,
    pub correct: usize,
    pub tagged: usize,
    /// correct / suggested (0 when nothing was suggested).
    pub precision: f64,
    /// correct / tagged (0 when nothing was tagged).
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(suggested: usize, correct: usize, tagged: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, suggested);
        let recall = ratio(correct, tagged);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            suggested,
            correct,
            tagged,
            precision,
            recall,
            f1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleScore {
    pub role: String,
    #[serde(flatten)]
    pub score: Score,
}

/// Precision of the suggestions by the length of their text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthScore {
    pub chars: String,
    pub suggested: usize,
    pub correct: usize,
    pub precision: f64,
}

/// What `--evaluate` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub train_files: usize,
    pub test_files: usize,
    /// Distinct texts learned from the training half.
    pub known_texts: usize,
    pub roles: Vec<RoleScore>,
    /// Micro-averaged over every role.
    pub overall: Score,
    /// Suggestions with the span of a real tag but another role.
    pub right_span_wrong_role: usize,
    pub by_length: Vec<LengthScore>,
}

/// Length buckets (in chars) of `by_length`: lower bounds, each up to the next.
const LENGTHS: [usize; 5] = [2, 3, 5, 9, 17];

fn length_bucket(n: usize) -> usize {
    LENGTHS.iter().rposition(|&l| n >= l).unwrap_or(0)
}

fn length_label(i: usize) -> String {
    match (LENGTHS[i], LENGTHS.get(i + 1)) {
        (a, Some(&b)) if b == a + 1 => a.to_string(),
        (a, Some(&b)) => format!("{a}-{}", b - 1),
        (a, None) => format!("{a}+"),
    }
}

/// Scores the suggestions learned from `train` on the plain text of `test`.
pub fn score(
    train: &[Input],
    test: &[Input],
    scheme: &Scheme,
    err: &mut dyn Write,
) -> io::Result<Option<Evaluation>> {
    let Some(lex) = learn(train, scheme, err)? else {
        return Ok(None);
    };
    let matcher = lex.matcher();
    let n = scheme.roles.len();
    let (mut suggested, mut correct, mut tagged) = (vec![0; n], vec![0; n], vec![0; n]);
    let mut wrong_role = 0;
    let mut by_len = vec![(0, 0); LENGTHS.len()];
    for input in test {
        let doc = match input.load(scheme) {
            Ok((_, doc)) => doc,
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(None);
            }
        };
        let real: HashSet<(usize, usize, RoleId)> =
            doc.spans().map(|s| (s.start, s.end, s.role)).collect();
        let real_spans: HashSet<(usize, usize)> = real.iter().map(|&(a, b, _)| (a, b)).collect();
        for &(_, _, r) in &real {
            tagged[r as usize] += 1;
        }
        let mut plain = Document::empty(scheme.clone());
        plain.text = doc.text.clone();
        for s in find_all(&lex, &matcher, &plain) {
            let (a, b, r) = (s.range.start, s.range.end, s.role);
            let ok = real.contains(&(a, b, r));
            suggested[r as usize] += 1;
            let bucket = &mut by_len[length_bucket(b - a)];
            bucket.0 += 1;
            if ok {
                correct[r as usize] += 1;
                bucket.1 += 1;
            } else if real_spans.contains(&(a, b)) {
                wrong_role += 1;
            }
        }
    }
    let roles = (0..n)
        .map(|r| RoleScore {
            role: scheme.role(r as RoleId).name.clone(),
            score: Score::new(suggested[r], correct[r], tagged[r]),
        })
        .collect();
    let sum = |v: &[usize]| v.iter().sum::<usize>();
    Ok(Some(Evaluation {
        train_files: train.len(),
        test_files: test.len(),
        known_texts: lex.len(),
        roles,
        overall: Score::new(sum(&suggested), sum(&correct), sum(&tagged)),
        right_span_wrong_role: wrong_role,
        by_length: by_len
            .iter()
            .enumerate()
            .map(|(i, &(s, c))| LengthScore {
                chars: length_label(i),
                suggested: s,
                correct: c,
                precision: Score::new(s, c, 0).precision,
            })
            .collect(),
    }))
}

fn evaluate(
    mut corpus: Vec<Input>,
    scheme: &Scheme,
    format: OutputFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    corpus.sort_by(|a, b| a.path.cmp(&b.path));
    if corpus.len() < 2 || corpus.iter().any(|i| i.path.is_none()) {
        writeln!(
            err,
            "ptag suggest: error: --evaluate needs at least 2 files (not stdin) in --from; got {}",
            corpus.len()
        )?;
        return Ok(Exit::Failure);
    }
    let (train, test) = corpus.split_at(corpus.len() / 2);
    let Some(e) = score(train, test, scheme, err)? else {
        return Ok(Exit::Failure);
    };
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &e).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_evaluation(out, &e, train, test)?,
    }
    Ok(Exit::Ok)
}

fn write_evaluation(
    out: &mut dyn Write,
    e: &Evaluation,
    train: &[Input],
    test: &[Input],
) -> io::Result<()> {
    let span = |v: &[Input]| {
        let first = v.first().map(Input::name).unwrap_or_default();
        let last = v.last().map(Input::name).unwrap_or_default();
        format!("{first} … {last}")
    };
    writeln!(
        out,
        "learned {} from {} ({})",
        plural(e.known_texts, "text", "texts"),
        plural(e.train_files, "file", "files"),
        span(train)
    )?;
    writeln!(
        out,
        "scored on the plain text of {} ({})",
        plural(e.test_files, "file", "files"),
        span(test)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<10} {:>9} {:>8} {:>8} {:>9} {:>7} {:>7}",
        "role", "suggested", "correct", "tagged", "precision", "recall", "F1"
    )?;
    let row = |out: &mut dyn Write, name: &str, s: &Score| {
        writeln!(
            out,
            "{:<10} {:>9} {:>8} {:>8} {:>9.3} {:>7.3} {:>7.3}",
            name, s.suggested, s.correct, s.tagged, s.precision, s.recall, s.f1
        )
    };
    for r in &e.roles {
        row(out, &r.role, &r.score)?;
    }
    row(out, "all", &e.overall)?;
    writeln!(
        out,
        "\nright span, wrong role: {}",
        plural(e.right_span_wrong_role, "suggestion", "suggestions")
    )?;
    writeln!(
        out,
        "\n{:<10} {:>9} {:>8} {:>9}",
        "chars", "suggested", "correct", "precision"
    )?;
    for l in &e.by_length {
        writeln!(
            out,
            "{:<10} {:>9} {:>8} {:>9.3}",
            l.chars, l.suggested, l.correct, l.precision
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    fn positions(src: &str, plain_offsets: &[usize]) -> Vec<(usize, usize)> {
        let doc = parse(src, &Scheme::default());
        let mut at = Locator::new(&doc);
        plain_offsets.iter().map(|&p| at.locate(p)).collect()
    }

    #[test]
    fn locator_counts_delimiters_and_notes_before_the_char() {
        // plain: 我们收集手机号码\n和设备型号 ; markup adds ( ) [ #注# < > on line 1, { < > } on 2.
        let src = "(我们)[收#注#集]<手机>号码\n和{<设备>型号}";
        let doc = parse(src, &Scheme::default());
        assert_eq!(doc.text.to_string(), "我们收集手机号码\n和设备型号");
        // 我 1:2, 们 1:3, 收 1:6, 集 1:10 (after #注#), 手 1:13, 号 1:16, 和 2:1, 设 2:4, 型 2:7.
        assert_eq!(
            positions(src, &[0, 1, 2, 3, 4, 6, 9, 10, 12]),
            [
                (1, 2),
                (1, 3),
                (1, 6),
                (1, 10),
                (1, 13),
                (1, 16),
                (2, 1),
                (2, 4),
                (2, 7)
            ]
        );
        // The same answers visited out of order (each lookup restarts its line).
        assert_eq!(positions(src, &[12, 3]), [(2, 7), (1, 10)]);
    }

    #[test]
    fn locator_agrees_with_the_markup_for_every_char_of_a_nested_line() {
        let src = "见(甲[乙#n#]<丙{丁}>)戊()己#x##y#庚\n";
        let doc = parse(src, &Scheme::default());
        let plain: Vec<char> = doc.text.chars().collect();
        let lines: Vec<Vec<char>> = src.lines().map(|l| l.chars().collect()).collect();
        let mut at = Locator::new(&doc);
        for (p, &c) in plain.iter().enumerate() {
            if c == '\n' {
                continue;
            }
            let (line, col) = at.locate(p);
            assert_eq!(
                lines[line - 1][col - 1],
                c,
                "plain {p} ({c}) → {line}:{col}"
            );
        }
    }

    #[test]
    fn blocks_find_what_one_pass_finds_and_same_role_enclosures_are_left_out() {
        let s = Scheme::default();
        let mut lex = Lexicon::new(4);
        lex.add("手机号码", 2, 3);
        lex.add("我们", 0, 1);
        let line = "我们的手机号码，";
        // Short lines past two blocks, then one long line of more than a block.
        let text = (line.to_string() + "\n").repeat(2 * BLOCK_CHARS / 9 + 5)
            + &line.repeat(BLOCK_CHARS / 8 + 7)
            + "\n手机<号码>";
        let doc = parse(&text, &s);
        let m = lex.matcher();
        let all = find_all(&lex, &m, &doc);
        let whole: Vec<_> = m.find(&lex, &doc, 0..doc.text.len_chars());
        // The matcher itself leaves the same-role enclosure 手机<号码> out.
        assert_eq!(all, whole);
        let last = doc.text.len_chars();
        assert!(
            whole.iter().all(|x| x.range.end < last - 3),
            "手机<号码> not suggested"
        );
    }

    #[test]
    fn scores_and_splits() {
        let sc = Score::new(4, 3, 6);
        assert_eq!((sc.precision, sc.recall), (0.75, 0.5));
        assert!((sc.f1 - 0.6).abs() < 1e-12);
        assert_eq!(Score::new(0, 0, 5).precision, 0.0);
        assert_eq!(
            split(&Scheme::default(), &[2, 0, 12, 2]),
            "data 12, actor 2, purpose 2"
        );
        assert_eq!(
            (0..LENGTHS.len()).map(length_label).collect::<Vec<_>>(),
            ["2", "3-4", "5-8", "9-16", "17+"]
        );
        assert_eq!(
            [1, 2, 3, 4, 5, 16, 17, 100].map(length_bucket),
            [0, 0, 1, 1, 2, 3, 4, 4]
        );
    }
}
