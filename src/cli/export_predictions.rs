//! What `ptag export --format labelstudio` writes as a task's predictions: a model's
//! (`--model`) or a Label Studio ML backend's (`--backend`), with their `model_version`.

use crate::interchange::Predicted;
use crate::markup::Document;
use crate::scheme::Scheme;
use crate::suggest::backend::Backend;
use crate::suggest::{Model, Prediction};
use std::io::{self, Write};
use std::path::Path;

/// What the model finds in `doc`'s text, whatever is tagged, with role names from `scheme`
/// (renamed by --labels) and each confidence to 4 decimals.
pub(crate) fn model_spans(model: &Model, doc: &Document, scheme: &Scheme) -> Vec<Predicted> {
    model
        .predict_text(doc)
        .into_iter()
        .map(|p| as_predicted(&p, scheme))
        .collect()
}

/// What the backend finds in `doc`'s text, as `model_spans`, and its `model_version`
/// (`backend:URL` when it names none); `None` once an error is reported.
pub(crate) fn backend_spans(
    backend: &Backend,
    doc: &Document,
    scheme: &Scheme,
    name: &str,
    err: &mut dyn Write,
) -> io::Result<Option<(Vec<Predicted>, String)>> {
    let answer = match backend.predict_document(doc) {
        Ok(a) => a,
        Err(e) => {
            writeln!(err, "ptag export: {name}: error: {e}")?;
            return Ok(None);
        }
    };
    super::suggest_backend::report_dropped(name, backend.url(), &answer.dropped, err)?;
    let spans = answer
        .predictions
        .iter()
        .map(|p| as_predicted(p, scheme))
        .collect();
    let version = answer
        .model_version
        .unwrap_or_else(|| format!("backend:{}", backend.url()));
    Ok(Some((spans, version)))
}

/// The prediction's `model_version`: `ptag:` and the model's file name.
pub(crate) fn model_version(path: &Path) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    format!("ptag:{}", name.to_string_lossy())
}

/// A suggestion as a Label Studio prediction region: role by name, confidence to 4 decimals.
fn as_predicted(p: &Prediction, scheme: &Scheme) -> Predicted {
    Predicted {
        start: p.range.start,
        end: p.range.end,
        role: scheme.role(p.role).name.clone(),
        score: (f64::from(p.confidence) * 1e4).round() / 1e4,
    }
}
