//! `ptag suggest --evaluate`: the lexicon and the model scored side by side on the same split
//! (halves, or `--folds K`), per role and overall, by length, with the model's reliability
//! table.

use super::common::{Exit, OutputFormat, plural};
use super::paths::Input;
use super::progress::Progress;
use super::train::load_all;
use crate::scheme::Scheme;
use crate::suggest::compare::{Comparison, SURE, compare, folds, halves};
use crate::suggest::evaluate::Score;
use crate::suggest::train::{TrainError, TrainOptions};
use std::io::{self, Write};

pub fn evaluate(
    mut corpus: Vec<Input>,
    scheme: &Scheme,
    format: OutputFormat,
    k: Option<usize>,
    epochs: usize,
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
    let Some(docs) = load_all(&corpus, scheme, err)? else {
        return Ok(Exit::Failure);
    };
    let n = docs.len();
    let splits = match k {
        Some(k) if k >= 2 && k <= n => folds(n, k),
        Some(k) => {
            writeln!(
                err,
                "ptag suggest: error: --folds takes 2 to {n} (the number of files); got {k}"
            )?;
            return Ok(Exit::Failure);
        }
        None => halves(n),
    };
    let opts = TrainOptions {
        epochs,
        ..TrainOptions::default()
    };
    let progress = Progress::spinner("training and scoring");
    let compared = compare(&docs, &splits, scheme, &opts, &[]);
    drop(progress);
    let c = match compared {
        Ok(c) => c,
        Err(TrainError::NoTags { .. }) => {
            writeln!(
                err,
                "ptag suggest: error: the training files hold no tags; nothing to evaluate"
            )?;
            return Ok(Exit::Failure);
        }
    };
    match format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &c).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        OutputFormat::Text => write_comparison(out, &c, &corpus, &splits)?,
    }
    Ok(Exit::Ok)
}

fn write_comparison(
    out: &mut dyn Write,
    c: &Comparison,
    corpus: &[Input],
    splits: &[(Vec<usize>, Vec<usize>)],
) -> io::Result<()> {
    if c.folds == 0 {
        let (tr, te) = &splits[0];
        let span = |v: &[usize]| {
            let name = |i: Option<&usize>| i.map(|&i| corpus[i].name()).unwrap_or_default();
            format!("{} … {}", name(v.first()), name(v.last()))
        };
        writeln!(
            out,
            "learned from {} ({}): lexicon of {}, model trained in {:.1} s",
            plural(tr.len(), "file", "files"),
            span(tr),
            plural(c.lexicon.known_texts, "text", "texts"),
            c.train_seconds
        )?;
        writeln!(
            out,
            "scored on the plain text of {} ({})",
            plural(te.len(), "file", "files"),
            span(te)
        )?;
    } else {
        writeln!(
            out,
            "{}-fold cross-validation over {}: each fold scored by sources learned from the others; models trained in {:.1} s",
            c.folds,
            plural(corpus.len(), "file", "files"),
            c.train_seconds
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{:<10} {:>30}   {:>30}", "", "lexicon", "model")?;
    writeln!(
        out,
        "{:<10} {:>6} {:>6} {:>5} {:>5} {:>5}   {:>6} {:>6} {:>5} {:>5} {:>5} {:>6}",
        "role", "sugg", "right", "P", "R", "F1", "sugg", "right", "P", "R", "F1", "tagged"
    )?;
    let row = |out: &mut dyn Write, name: &str, l: &Score, m: &Score| {
        writeln!(
            out,
            "{:<10} {:>6} {:>6} {:>5.3} {:>5.3} {:>5.3}   {:>6} {:>6} {:>5.3} {:>5.3} {:>5.3} {:>6}",
            name,
            l.suggested,
            l.correct,
            l.precision,
            l.recall,
            l.f1,
            m.suggested,
            m.correct,
            m.precision,
            m.recall,
            m.f1,
            m.tagged
        )
    };
    for (l, m) in c.lexicon.roles.iter().zip(&c.model.roles) {
        row(out, &l.role, &l.score, &m.score)?;
    }
    row(out, "all", &c.lexicon.overall, &c.model.overall)?;
    let u = &c.model_uncut;
    writeln!(
        out,
        "\nmodel suggestions are the spans at or above their role's cutoff (each the highest \
         within 2% of the role's best F1 on out-of-fold predictions; for all roles together it \
         would be {:.2}); every span it found: {} suggested, {} right, P {:.3} R {:.3} F1 {:.3}",
        c.cutoff, u.suggested, u.correct, u.precision, u.recall, u.f1
    )?;
    writeln!(
        out,
        "\nright span, wrong role: lexicon {}, model {}",
        c.lexicon.right_span_wrong_role, c.model.right_span_wrong_role
    )?;
    writeln!(
        out,
        "\n{:<10} {:>17}   {:>17}",
        "precision by length", "lexicon", "model"
    )?;
    writeln!(
        out,
        "{:<10} {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}",
        "chars", "sugg", "right", "P", "sugg", "right", "P"
    )?;
    for (l, m) in c.lexicon.by_length.iter().zip(&c.model.by_length) {
        writeln!(
            out,
            "{:<10} {:>5} {:>5} {:>5.3}   {:>5} {:>5} {:>5.3}",
            l.chars, l.suggested, l.correct, l.precision, m.suggested, m.correct, m.precision
        )?;
    }
    writeln!(
        out,
        "\nmodel reliability (every span it found): confidence vs observed precision"
    )?;
    writeln!(
        out,
        "{:<10} {:>6} {:>6} {:>10} {:>9}",
        "confidence", "sugg", "right", "mean conf", "precision"
    )?;
    for b in &c.reliability {
        writeln!(
            out,
            "{:<10} {:>6} {:>6} {:>10.3} {:>9.3}",
            format!("{:.1}-{:.1}", b.low, b.high),
            b.predicted,
            b.correct,
            b.mean_confidence,
            b.precision
        )?;
    }
    let (s, ok) = c.sure;
    writeln!(
        out,
        "confidence >= {SURE}: {} , {} right, precision {:.3}",
        plural(s, "suggestion", "suggestions"),
        ok,
        if s == 0 { 0.0 } else { ok as f64 / s as f64 }
    )?;
    Ok(())
}
