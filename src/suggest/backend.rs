//! A Label Studio ML backend as a suggestion source: the HTTP client (ureq, rustls for HTTPS)
//! that sends a document's text one block of lines per task and reads the predictions back
//! (`backend_protocol`). Timeouts on connecting and reading, retries with backoff on connection
//! failures and 5xx answers (never on 4xx, never after a read timed out: a backend that does not
//! answer would otherwise hold the caller for several timeouts), and a ceiling on the size of an
//! answer, read with a limit.

use super::Prediction;
use super::backend_protocol::{
    Answer, Dropped, ProtocolError, parse_predict_response, predict_request, setup_request,
};
use crate::interchange::labelstudio_config;
use crate::markup::Document;
use crate::scheme::Scheme;
use std::io::Read;
use std::ops::Range;
use std::time::Duration;

/// Lines per task: a block as the editor predicts it, so no request carries a whole big file.
pub const BLOCK_LINES: usize = 32;

/// The environment variable holding the token when `--backend-token` is not given.
pub const TOKEN_ENV: &str = "PTAG_BACKEND_TOKEN";

/// How to reach a backend.
#[derive(Debug, Clone)]
pub struct BackendConfig {
    /// Base URL (`http://host:9090`); `/predict` etc. are appended.
    pub url: String,
    /// Sent as `Authorization: Token …`.
    pub token: Option<String>,
    pub connect_timeout: Duration,
    /// For each answer, from the request sent to its last byte.
    pub read_timeout: Duration,
    /// Tries after the first on a connection failure or a 5xx.
    pub retries: u32,
    /// The first wait before a retry; doubled each time.
    pub backoff: Duration,
    /// An answer longer than this is refused.
    pub max_response_bytes: u64,
}

impl BackendConfig {
    pub fn new(url: &str) -> Self {
        BackendConfig {
            url: url.trim_end_matches('/').to_string(),
            token: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(250),
            max_response_bytes: 16 << 20,
        }
    }
}

/// Why a backend gave no predictions. Each names the URL.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    #[error("backend {url}: not an http:// or https:// URL")]
    BadUrl { url: String },
    #[error("backend {url}: cannot be reached: {why}")]
    Unreachable { url: String, why: String },
    #[error("backend {url}: answered HTTP {status}: {body}")]
    Status {
        url: String,
        status: u16,
        body: String,
    },
    #[error("backend {url}: answer refused: longer than {limit} bytes")]
    TooBig { url: String, limit: u64 },
    #[error("backend {url}: {source}")]
    Protocol { url: String, source: ProtocolError },
}

impl BackendError {
    /// Whether the backend could not be reached at all (the editor then retries later).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, BackendError::Unreachable { .. })
    }
}

/// A document's predictions from a backend: char offsets into its whole text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentAnswer {
    pub predictions: Vec<Prediction>,
    /// Regions dropped, their task ids being the blocks' numbers.
    pub dropped: Vec<Dropped>,
    pub model_version: Option<String>,
}

/// A connected backend, for one scheme (whose role names, renamed by `--labels`, are the labels).
pub struct Backend {
    config: BackendConfig,
    agent: ureq::Agent,
    scheme: Scheme,
    label_config: String,
}

impl Backend {
    pub fn new(config: BackendConfig, scheme: &Scheme) -> Result<Self, BackendError> {
        let lower = config.url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(BackendError::BadUrl { url: config.url });
        }
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(config.connect_timeout)
            .timeout_read(config.read_timeout)
            .timeout_write(config.read_timeout)
            .build();
        Ok(Backend {
            config,
            agent,
            scheme: scheme.clone(),
            label_config: labelstudio_config(scheme),
        })
    }

    pub fn url(&self) -> &str {
        &self.config.url
    }

    /// `POST /setup`: label-studio-ml builds its model from the label config here and refuses
    /// `/predict` before. A backend without the route (404/405) is taken as not needing it.
    pub fn setup(&self) -> Result<(), BackendError> {
        match self.post("/setup", &setup_request(&self.label_config)) {
            Ok(_) => Ok(()),
            Err(BackendError::Status { status, .. }) if status == 404 || status == 405 => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Predictions for `tasks` (ids and texts), one task per text, in one request.
    pub fn predict(&self, tasks: &[(u64, &str)]) -> Result<Answer, BackendError> {
        let body = self.post("/predict", &predict_request(tasks, &self.label_config))?;
        parse_predict_response(&body, tasks, &self.scheme).map_err(|source| {
            BackendError::Protocol {
                url: self.config.url.clone(),
                source,
            }
        })
    }

    /// Predictions for `doc`'s whole text, a request per block of `BLOCK_LINES` lines (its
    /// task id the block's number), offsets moved to the whole text's.
    pub fn predict_document(&self, doc: &Document) -> Result<DocumentAnswer, BackendError> {
        let mut out = DocumentAnswer::default();
        for (b, chars) in line_blocks(doc).into_iter().enumerate() {
            let text = doc.text.slice(chars.clone()).to_string();
            if text.trim().is_empty() {
                continue;
            }
            let mut answer = self.predict(&[(b as u64, &text)])?;
            for mut p in answer.tasks.pop().unwrap_or_default() {
                p.range = p.range.start + chars.start..p.range.end + chars.start;
                out.predictions.push(p);
            }
            out.dropped.append(&mut answer.dropped);
            out.model_version = answer.model_version.or(out.model_version);
        }
        Ok(out)
    }

    /// POSTs `body` to the URL + `route`, with retries; the answer's body, read up to the ceiling.
    fn post(&self, route: &str, body: &str) -> Result<Vec<u8>, BackendError> {
        let url = format!("{}{route}", self.config.url);
        let mut wait = self.config.backoff;
        let mut tries_left = self.config.retries;
        loop {
            let mut request = self
                .agent
                .post(&url)
                .set("Content-Type", "application/json");
            if let Some(token) = &self.config.token {
                request = request.set("Authorization", &format!("Token {token}"));
            }
            let error = match request.send_string(body) {
                Ok(response) => return self.read_body(response),
                Err(ureq::Error::Status(status, response)) => {
                    let body = self.read_body(response).unwrap_or_default();
                    let text: String = String::from_utf8_lossy(&body).chars().take(200).collect();
                    let e = BackendError::Status {
                        url: url.clone(),
                        status,
                        body: text,
                    };
                    if status < 500 {
                        return Err(e);
                    }
                    e
                }
                Err(ureq::Error::Transport(t)) => {
                    let e = BackendError::Unreachable {
                        url: url.clone(),
                        why: t.to_string(),
                    };
                    if timed_out(&t) {
                        return Err(e);
                    }
                    e
                }
            };
            if tries_left == 0 {
                return Err(error);
            }
            tries_left -= 1;
            std::thread::sleep(wait);
            wait *= 2;
        }
    }

    fn read_body(&self, response: ureq::Response) -> Result<Vec<u8>, BackendError> {
        let limit = self.config.max_response_bytes;
        let mut body = Vec::new();
        let read = response
            .into_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut body);
        if let Err(e) = read {
            return Err(BackendError::Unreachable {
                url: self.config.url.clone(),
                why: format!("the answer broke off: {e}"),
            });
        }
        if body.len() as u64 > limit {
            return Err(BackendError::TooBig {
                url: self.config.url.clone(),
                limit,
            });
        }
        Ok(body)
    }
}

/// Whether a transport error is a timeout (connecting or reading).
fn timed_out(t: &ureq::Transport) -> bool {
    let mut source = std::error::Error::source(t);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        source = e.source();
    }
    t.to_string().contains("timed out")
}

/// The char ranges of `doc`'s blocks of `BLOCK_LINES` lines.
pub fn line_blocks(doc: &Document) -> Vec<Range<usize>> {
    let text = &doc.text;
    let lines = text.len_lines();
    (0..lines.div_ceil(BLOCK_LINES))
        .map(|b| {
            let (l0, l1) = (b * BLOCK_LINES, ((b + 1) * BLOCK_LINES).min(lines));
            text.line_to_char(l0)..text.line_to_char(l1)
        })
        .collect()
}

#[cfg(test)]
#[path = "backend_tests.rs"]
mod tests;
