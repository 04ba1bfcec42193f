//! The messages of Label Studio's ML backend protocol, as ptag sends and reads them: the
//! `/setup` and `/predict` requests, and the `/predict` answer validated field by field. The
//! answer is untrusted input: any JSON gives either predictions or an error saying where it
//! went wrong, never a panic. A region that cannot be used (offsets that disagree with
//! `value.text`, an unknown label, a score outside 0..1) is dropped and listed in `dropped`,
//! with the task, the result index and the field, for the caller to report.

use super::Prediction;
use crate::scheme::Scheme;
use serde_json::{Value, json};
use std::fmt;

/// The `project` ptag names itself as (label-studio-ml keys its model on it; nothing parses it).
pub const PROJECT: &str = "ptag";

/// `POST /setup`: the project and its label config (the schema the backend reads its labels from).
pub fn setup_request(label_config: &str) -> String {
    json!({"project": PROJECT, "schema": label_config}).to_string()
}

/// `POST /predict`: one task per `(id, text)`.
pub fn predict_request(tasks: &[(u64, &str)], label_config: &str) -> String {
    let tasks: Vec<Value> = tasks
        .iter()
        .map(|(id, text)| json!({"id": id, "data": {"text": text}}))
        .collect();
    json!({"tasks": tasks, "project": PROJECT, "label_config": label_config}).to_string()
}

/// An answer that cannot be read at all (a region that cannot be used is `Dropped` instead).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProtocolError {
    #[error("the answer is not JSON (at {line}:{column}): {message}")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the answer is neither {{\"results\": [...]}} nor a list of predictions (it is {0})")]
    Shape(&'static str),
    #[error("{sent} tasks were sent but {got} predictions came back")]
    Count { sent: usize, got: usize },
    #[error("task {task}: {field}: {why}")]
    Item {
        task: u64,
        field: &'static str,
        why: String,
    },
}

/// A region left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// The id of the task it was predicted for.
    pub task: u64,
    /// Its index in the prediction's `result`.
    pub result: usize,
    pub field: &'static str,
    pub why: String,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "task {}, result {}: {}: {}",
            self.task, self.result, self.field, self.why
        )
    }
}

/// What a `/predict` answer holds: per task sent, in order, its predictions (char offsets into
/// that task's text), and the regions dropped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    pub tasks: Vec<Vec<Prediction>>,
    pub dropped: Vec<Dropped>,
    pub model_version: Option<String>,
}

/// Reads a `/predict` answer for `tasks` (the ids and texts sent, in order), taking role names
/// from `scheme` (renamed by `--labels` when the backend names them otherwise). Accepts
/// `{"results": [...]}` (label-studio-ml) and a bare list (older servers).
pub fn parse_predict_response(
    body: &[u8],
    tasks: &[(u64, &str)],
    scheme: &Scheme,
) -> Result<Answer, ProtocolError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| ProtocolError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let (items, model_version) = match &value {
        Value::Array(items) => (items, None),
        Value::Object(map) => match map.get("results") {
            Some(Value::Array(items)) => (
                items,
                map.get("model_version")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            ),
            _ => return Err(ProtocolError::Shape("an object without a \"results\" list")),
        },
        other => return Err(ProtocolError::Shape(kind(other))),
    };
    if items.len() != tasks.len() {
        return Err(ProtocolError::Count {
            sent: tasks.len(),
            got: items.len(),
        });
    }
    let mut answer = Answer {
        model_version,
        ..Answer::default()
    };
    for (item, &(id, text)) in items.iter().zip(tasks) {
        let predictions = read_item(item, id, text, scheme, &mut answer.dropped)?;
        answer.tasks.push(predictions);
    }
    Ok(answer)
}

/// One task's prediction: `{"result": [...], "score": X}`.
fn read_item(
    item: &Value,
    task: u64,
    text: &str,
    scheme: &Scheme,
    dropped: &mut Vec<Dropped>,
) -> Result<Vec<Prediction>, ProtocolError> {
    let item_error = |field, why: String| ProtocolError::Item { task, field, why };
    let Value::Object(map) = item else {
        return Err(item_error(
            "prediction",
            format!("{} is not an object", kind(item)),
        ));
    };
    let item_score = match map.get("score") {
        None | Some(Value::Null) => None,
        Some(v) => Some(score(v).map_err(|why| item_error("score", why))?),
    };
    let regions = match map.get("result") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(r)) => r,
        Some(other) => {
            return Err(item_error(
                "result",
                format!("{} is not a list", kind(other)),
            ));
        }
    };
    // Byte offset of each char, and the end: offsets are code points.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut out = Vec::new();
    for (k, region) in regions.iter().enumerate() {
        match read_region(region, text, &bytes, scheme, item_score) {
            Ok(mut v) => out.append(&mut v),
            Err((field, why)) => dropped.push(Dropped {
                task,
                result: k,
                field,
                why,
            }),
        }
    }
    Ok(out)
}

/// One region → a prediction per label, or the field that is wrong and why.
fn read_region(
    region: &Value,
    text: &str,
    bytes: &[usize],
    scheme: &Scheme,
    item_score: Option<f32>,
) -> Result<Vec<Prediction>, (&'static str, String)> {
    let Value::Object(map) = region else {
        return Err(("result", format!("{} is not an object", kind(region))));
    };
    match map.get("type") {
        Some(Value::String(t)) if t == "labels" => {}
        Some(Value::String(t)) => return Err(("type", format!("{t:?} is not \"labels\""))),
        Some(other) => return Err(("type", format!("{} is not a string", kind(other)))),
        None => return Err(("type", "missing".into())),
    }
    let Some(Value::Object(value)) = map.get("value") else {
        return Err(("value", "missing or not an object".into()));
    };
    let offset = |field: &'static str| match value.get(&field["value.".len()..]) {
        Some(v) => v
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or((field, format!("{v} is not a whole number ≥ 0"))),
        None => Err((field, "missing".to_string())),
    };
    let (start, end) = (offset("value.start")?, offset("value.end")?);
    let chars = bytes.len() - 1;
    if start >= end || end > chars {
        return Err((
            "value.end",
            format!("{start}..{end} is not a span of the task's {chars} chars"),
        ));
    }
    let slice = &text[bytes[start]..bytes[end]];
    match value.get("text") {
        None | Some(Value::Null) => {}
        Some(Value::String(t)) if t == slice => {}
        Some(Value::String(t)) => {
            return Err((
                "value.text",
                format!("{t:?} is not the text at {start}..{end} ({slice:?})"),
            ));
        }
        Some(other) => return Err(("value.text", format!("{} is not a string", kind(other)))),
    }
    let Some(Value::Array(labels)) = value.get("labels") else {
        return Err(("value.labels", "missing or not a list".into()));
    };
    if labels.is_empty() {
        return Err(("value.labels", "empty".into()));
    }
    let confidence = match map.get("score") {
        None | Some(Value::Null) => item_score.unwrap_or(1.0),
        Some(v) => score(v).map_err(|why| ("score", why))?,
    };
    let mut out = Vec::with_capacity(labels.len());
    for label in labels {
        let Some(name) = label.as_str() else {
            return Err(("value.labels", format!("{} is not a string", kind(label))));
        };
        let Some(role) = scheme.role_by_name(name) else {
            let known: Vec<&str> = scheme.roles.iter().map(|r| r.name.as_str()).collect();
            return Err((
                "value.labels",
                format!(
                    "no role {name:?} (known: {}; --labels maps other names)",
                    known.join(", ")
                ),
            ));
        };
        out.push(Prediction {
            range: start..end,
            role,
            confidence,
        });
    }
    Ok(out)
}

/// A score: a number from 0 to 1.
fn score(v: &Value) -> Result<f32, String> {
    match v.as_f64() {
        Some(x) if (0.0..=1.0).contains(&x) => Ok(x as f32),
        Some(x) => Err(format!("{x} is not from 0 to 1")),
        None => Err(format!("{} is not a number", kind(v))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[path = "backend_protocol_tests.rs"]
mod tests;
