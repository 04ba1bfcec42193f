//! `--backend URL`: suggestions from a Label Studio ML backend, for `ptag suggest` (listed as
//! `--model`'s are, `confidence` being the region's score), `ptag export --format labelstudio`
//! and the editor. What the backend sends that cannot be used is said on stderr, region by
//! region, and counted; a backend that cannot be reached stops `suggest` with exit 2.

use super::common::{Exit, inputs_or_report, plural};
use super::suggest_model::{ModelRun, Predicted, list_or_apply};
use crate::markup::Document;
use crate::scheme::Scheme;
use crate::suggest::backend::{Backend, BackendConfig, BackendError, TOKEN_ENV};
use crate::suggest::backend_protocol::Dropped;
use clap::Args;
use std::io::{self, Write};
use std::time::Duration;

/// The flags that reach a backend.
#[derive(Debug, Args, Clone)]
pub struct BackendArgs {
    /// Suggestions from a Label Studio ML backend at this URL (http:// or https://), sent one
    /// block of lines per task; see docs/backends.md.
    #[arg(long, value_name = "URL")]
    pub backend: Option<String>,
    /// Sent to the backend as `Authorization: Token …` (default: $PTAG_BACKEND_TOKEN).
    #[arg(long, value_name = "TOKEN", requires = "backend")]
    pub backend_token: Option<String>,
    /// Seconds to wait for each answer of the backend.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 30.0,
        requires = "backend"
    )]
    pub backend_timeout: f64,
}

impl Default for BackendArgs {
    fn default() -> Self {
        BackendArgs {
            backend: None,
            backend_token: None,
            backend_timeout: 30.0,
        }
    }
}

impl BackendArgs {
    /// The backend asked for, for `scheme` (whose role names, renamed by --labels, are the
    /// labels). `None` when none was; `Err` with the message when the URL or timeout is wrong.
    pub fn connect(&self, scheme: &Scheme) -> Result<Option<Backend>, String> {
        let Some(url) = &self.backend else {
            return Ok(None);
        };
        if !(self.backend_timeout.is_finite() && self.backend_timeout > 0.0) {
            return Err(format!(
                "--backend-timeout takes a number of seconds above 0, not {}",
                self.backend_timeout
            ));
        }
        let mut config = BackendConfig::new(url);
        config.read_timeout = Duration::from_secs_f64(self.backend_timeout.min(3600.0));
        config.token = self
            .backend_token
            .clone()
            .or_else(|| std::env::var(TOKEN_ENV).ok())
            .filter(|t| !t.is_empty());
        Backend::new(config, scheme)
            .map(Some)
            .map_err(|e| e.to_string())
    }
}

/// Writes each dropped region: `NAME: backend URL: task 3, result 2: value.text: … (dropped)`.
pub fn report_dropped(
    name: &str,
    url: &str,
    dropped: &[Dropped],
    err: &mut dyn Write,
) -> io::Result<()> {
    for d in dropped {
        writeln!(err, "{name}: warning: backend {url}: {d} (dropped)")?;
    }
    Ok(())
}

/// Runs `ptag suggest --backend`. Exit 1 when a suggestion is listed (or skipped by --apply),
/// 0 when there is none, 2 when the backend cannot be reached or answers what cannot be read,
/// or a file cannot be read or written.
pub fn run(
    args: &ModelRun,
    backend: &Backend,
    scheme: &Scheme,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Exit> {
    if let Some(x) = args.min_confidence
        && !(0.0..=1.0).contains(&x)
    {
        writeln!(
            err,
            "ptag suggest: error: --min-confidence takes a number from 0 to 1, not {x}"
        )?;
        return Ok(Exit::Failure);
    }
    let Some(inputs) = inputs_or_report(args.paths, args.encoding, err)? else {
        return Ok(Exit::Failure);
    };
    if let Err(e) = backend.setup() {
        writeln!(err, "ptag suggest: error: {e}")?;
        return Ok(Exit::Failure);
    }
    let floor = args.min_confidence.unwrap_or(0.0);
    let mut dropped_total = 0;
    let mut predict =
        |name: &str, doc: &Document, err: &mut dyn Write| match backend.predict_document(doc) {
            Ok(answer) => {
                report_dropped(name, backend.url(), &answer.dropped, err)?;
                dropped_total += answer.dropped.len();
                let mut found: Vec<_> = answer
                    .predictions
                    .into_iter()
                    .filter(|p| p.confidence >= floor)
                    .collect();
                found.sort_by_key(|p| (p.range.start, p.range.end, p.role));
                Ok(Predicted::Found(found))
            }
            Err(e @ (BackendError::Unreachable { .. } | BackendError::Status { .. })) => {
                writeln!(err, "ptag suggest: error: {e}")?;
                Ok(Predicted::Stop)
            }
            Err(e) => {
                writeln!(err, "{name}: error: {e}")?;
                Ok(Predicted::Failed)
            }
        };
    let tally = list_or_apply(args, scheme, &inputs, None, &mut predict, out, err)?;
    let what = tally.what(args.apply);
    let dropped = if dropped_total > 0 {
        format!(
            "; {} dropped",
            plural(dropped_total, "prediction", "predictions")
        )
    } else {
        String::new()
    };
    writeln!(
        err,
        "ptag suggest: backend {}; {what} in {}{dropped}",
        backend.url(),
        plural(inputs.len(), "file", "files")
    )?;
    Ok(tally.exit)
}
