//! Reading Label Studio's exports: the JSON (or JSONL) of tasks its server writes, ptag's own
//! task export, and JSON_MIN (one row per annotation, the task's data at the top).
//!
//! The server writes more than ptag does: several annotations a task (one per annotator, some
//! `was_cancelled`, maybe one `ground_truth`), predictions as ids (`"predictions": [12]`) unless
//! they were asked for in full, and results of other kinds (`relation`, `choices`, `textarea`).
//! A task takes one human annotation: the ground truth, else the first (`--annotation` chooses
//! otherwise); a prediction only with `--predictions`. Everything not taken is counted in the
//! notes, and each region's `value.text` is checked against its offsets.

use super::flat::{extras_from, unflatten_spans};
use super::import_notes::{ImportNotes, RecordName, id_text, keep_or_skip};
use super::offsets::RawSpan;
use super::read_options::{ReadOptions, Which};
use super::{ImportError, Imported};
use crate::scheme::Scheme;
use serde_json::{Map, Value};

/// Tasks (a JSON array, as Label Studio exports them, or one task a line; or JSON_MIN rows)
/// → markup, with what was left out and which annotation each document came from.
pub fn from_labelstudio(
    src: &str,
    scheme: &Scheme,
    options: &ReadOptions,
) -> Result<(Vec<Imported>, ImportNotes), ImportError> {
    let (unit, items) = items_of(src)?;
    let starts = if unit == "task" {
        element_lines(src)
    } else {
        Vec::new()
    };
    let json_min = !items.is_empty()
        && items
            .iter()
            .all(|(_, v)| v.get("data").is_none() && v.get("text").is_some_and(Value::is_string));
    let items = if json_min {
        tasks_from_min_rows(items)
    } else {
        items
    };
    let mut docs = Vec::new();
    let mut notes = ImportNotes::default();
    for (position, task) in items {
        let name = RecordName {
            unit,
            position,
            line: starts.get(position - 1).copied(),
            id: id_text(task.get("id")),
            file: match task.pointer("/data/file") {
                Some(Value::String(f)) if !f.is_empty() => Some(f.clone()),
                _ => None,
            },
        };
        let made = read_task(&task, &name, scheme, options, &mut notes);
        keep_or_skip(made, &name, options.skip_bad, &mut docs, &mut notes)?;
    }
    Ok((docs, notes))
}

/// What a position counts ("task" or "line"), and the input's items at their positions.
type Positioned = (&'static str, Vec<(usize, Value)>);

/// The input's tasks with their positions: `("task", index from 1)` in an array, `("line", n)`
/// one a line.
fn items_of(src: &str) -> Result<Positioned, ImportError> {
    if src.trim_start().starts_with('[') {
        let tasks: Vec<Value> = serde_json::from_str(src)
            .map_err(|source| ImportError::NotARecord { line: 1, source })?;
        return Ok((
            "task",
            tasks
                .into_iter()
                .enumerate()
                .map(|(i, t)| (i + 1, t))
                .collect(),
        ));
    }
    let mut v = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if !line.trim().is_empty() {
            let t = serde_json::from_str(line).map_err(|source| ImportError::NotARecord {
                line: i + 1,
                source,
            })?;
            v.push((i + 1, t));
        }
    }
    Ok(("line", v))
}

/// The line (from 1) each element of the top-level JSON array in `src` starts on, for errors
/// about a task of a pretty-printed export. Only called on input that parsed as an array.
fn element_lines(src: &str) -> Vec<usize> {
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    let mut out = Vec::new();
    for c in src.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if depth == 1 && expecting && !c.is_whitespace() && c != ']' {
            out.push(line);
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    out
}

/// The keys JSON_MIN adds to a row beside the task's data and the results.
const MIN_ROW_KEYS: [&str; 6] = [
    "id",
    "annotator",
    "annotation_id",
    "created_at",
    "updated_at",
    "lead_time",
];

/// JSON_MIN rows, grouped by task `id` (in order of first appearance), as tasks: each row an
/// annotation whose results are its lists of `{start, end, labels}` (regions) or
/// `{from_id, to_id}` (relations); its other keys are the task's data.
fn tasks_from_min_rows(rows: Vec<(usize, Value)>) -> Vec<(usize, Value)> {
    let mut tasks: Vec<(usize, Value)> = Vec::new();
    for (position, row) in rows {
        let Value::Object(row) = row else { continue };
        let mut data = Map::new();
        let mut result = Vec::new();
        for (key, value) in &row {
            let objects = value
                .as_array()
                .filter(|a| !a.is_empty() && a.iter().all(Value::is_object));
            let is = |a: &Vec<Value>, k: &str| a.iter().all(|o| o.get(k).is_some());
            match objects {
                Some(a) if is(a, "start") && is(a, "end") => {
                    result.extend(a.iter().map(|region| {
                        serde_json::json!({"type": "labels", "from_name": key, "value": region})
                    }))
                }
                Some(a) if is(a, "from_id") && is(a, "to_id") => {
                    result.extend(a.iter().map(|_| serde_json::json!({"type": "relation"})))
                }
                _ if MIN_ROW_KEYS.contains(&key.as_str()) => {}
                // Lists of lists or objects are some tag's results, never a text task's data.
                _ if value.as_array().is_some_and(|a| {
                    !a.is_empty() && a.iter().all(|v| v.is_array() || v.is_object())
                }) =>
                {
                    let n = value.as_array().map_or(0, Vec::len);
                    result.extend((0..n).map(|_| serde_json::json!({"type": "unrecognised list"})));
                }
                _ => {
                    data.insert(key.clone(), value.clone());
                }
            }
        }
        let annotation = serde_json::json!({
            "id": row.get("annotation_id").cloned().unwrap_or(Value::Null),
            "completed_by": row.get("annotator").cloned().unwrap_or(Value::Null),
            "result": result,
        });
        let id = row.get("id").cloned().unwrap_or(Value::Null);
        let same = tasks.iter_mut().find(|(_, t)| {
            !id.is_null() && t["id"] == id && t["data"] == Value::Object(data.clone())
        });
        match same {
            Some((_, task)) => {
                if let Some(a) = task["annotations"].as_array_mut() {
                    a.push(annotation);
                }
            }
            None => tasks.push((
                position,
                serde_json::json!({"id": id, "data": data, "annotations": [annotation]}),
            )),
        }
    }
    tasks
}

fn field(name: &str, why: &str) -> ImportError {
    ImportError::Field {
        field: name.to_string(),
        why: why.to_string(),
    }
}

/// A key that may be missing or `null` (an empty list then), or a list.
fn list<'a>(object: &'a Value, key: &str, at: &str) -> Result<&'a [Value], ImportError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(field(&format!("{at}{key}"), "not a list")),
    }
}

fn read_task(
    task: &Value,
    name: &RecordName,
    scheme: &Scheme,
    options: &ReadOptions,
    notes: &mut ImportNotes,
) -> Result<Imported, ImportError> {
    if !task.is_object() {
        return Err(field("task", "not a JSON object"));
    }
    let data = match task.get("data") {
        Some(Value::Object(d)) => d,
        Some(_) => return Err(field("data", "not an object")),
        None => return Err(field("data", "missing")),
    };
    let text = match data.get("text") {
        Some(Value::String(t)) => t,
        Some(_) => return Err(field("data.text", "not a string")),
        None => return Err(field("data.text", "missing")),
    };
    let extras = match data.get("ptag") {
        None | Some(Value::Null) => Default::default(),
        Some(Value::Object(p)) => extras_from(p, "data.ptag.")?,
        Some(_) => return Err(field("data.ptag", "not an object")),
    };
    let (source, said) = choose(task, options, notes)?;
    let mut spans = Vec::new();
    if let Some((at, chosen, floor)) = source {
        for (r, item) in list(chosen, "result", &format!("{at}."))?
            .iter()
            .enumerate()
        {
            region(item, &format!("{at}.result[{r}]"), floor, &mut spans, notes)?;
        }
    }
    let (markup, outline_unused) = unflatten_spans(scheme, text, &spans, &extras, options.offsets)?;
    let file = name.document_name(notes);
    if let Some(said) = said {
        notes.say(&file, said);
    }
    if outline_unused {
        notes.drop("outline not restored", 1);
        notes.say(
            &file,
            "the regions no longer match ptag's outline (edited after export): imported the \
             regions, with notes and empty tags placed by default"
                .into(),
        );
    }
    Ok(Imported { file, markup })
}

/// What a task's tags come from: `(field, annotation or prediction, score floor)`, and what to
/// say about the choice.
type Chosen<'a> = (Option<(String, &'a Value, f64)>, Option<String>);

fn choose<'a>(
    task: &'a Value,
    options: &ReadOptions,
    notes: &mut ImportNotes,
) -> Result<Chosen<'a>, ImportError> {
    let annotations = list(task, "annotations", "")?;
    let mut usable = Vec::new();
    let mut cancelled = 0;
    for (k, a) in annotations.iter().enumerate() {
        if !a.is_object() {
            return Err(field(&format!("annotations[{k}]"), "not an object"));
        }
        if a.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            cancelled += 1;
        } else {
            usable.push((k, a));
        }
    }
    notes.drop("cancelled annotation", cancelled);
    let truth =
        |a: &&(usize, &Value)| a.1.get("ground_truth").and_then(Value::as_bool) == Some(true);
    let chosen = match options.annotation {
        None => usable.iter().find(truth).or(usable.first()),
        Some(Which::First) => usable.first(),
        Some(Which::Last) => usable.last(),
        Some(Which::Nth(n)) if !usable.is_empty() => Some(
            n.checked_sub(1)
                .and_then(|i| usable.get(i))
                .ok_or_else(|| ImportError::NoSuchAnnotation {
                    has: format!(
                        "{} annotation{}",
                        usable.len(),
                        if usable.len() == 1 { "" } else { "s" }
                    ),
                    asked: n.to_string(),
                })?,
        ),
        Some(Which::Nth(_)) => None,
    };
    if let Some(&(k, a)) = chosen {
        notes.drop("other annotation", usable.len() - 1);
        let id = id_text(a.get("id")).unwrap_or_else(|| format!("#{}", k + 1));
        let gt = if truth(&&(k, a)) {
            " (ground truth)"
        } else {
            ""
        };
        let said = match usable.len() {
            1 if gt.is_empty() => None,
            1 => Some(format!("took annotation {id}{gt}")),
            n => Some(format!("took annotation {id}{gt} of {n}")),
        };
        return Ok((
            Some((format!("annotations[{k}]"), a, f64::NEG_INFINITY)),
            said,
        ));
    }
    let predictions = list(task, "predictions", "")?;
    let why = if cancelled > 0 {
        format!("no annotation taken ({cancelled} cancelled)")
    } else {
        "no annotation taken".to_string()
    };
    let Some(first) = predictions.first() else {
        return Ok((None, (cancelled > 0).then_some(why)));
    };
    if !options.predictions {
        notes.drop("prediction not taken", predictions.len());
        return Ok((
            None,
            Some(format!(
                "{why}; its prediction is not taken without --predictions"
            )),
        ));
    }
    notes.drop("other prediction", predictions.len() - 1);
    if !first.is_object() {
        notes.drop("prediction given only as an id", 1);
        return Ok((
            None,
            Some(format!(
                "{why}; its prediction is only an id (export from Label Studio with \
                 predictions included to import it)"
            )),
        ));
    }
    let id = id_text(first.get("id")).unwrap_or_else(|| "#1".into());
    let model = first
        .get("model_version")
        .and_then(Value::as_str)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    Ok((
        Some(("predictions[0]".into(), first, options.min_score)),
        Some(format!("took prediction {id}{model}")),
    ))
}

/// One result: a `labels` region's spans go to `spans`; anything else is counted.
fn region(
    item: &Value,
    at: &str,
    floor: f64,
    spans: &mut Vec<RawSpan>,
    notes: &mut ImportNotes,
) -> Result<(), ImportError> {
    let kind = match item.get("type") {
        Some(Value::String(k)) => k.as_str(),
        _ => return Err(field(&format!("{at}.type"), "missing or not a string")),
    };
    let left_out = match kind {
        "labels" if item.get("score").and_then(Value::as_f64).unwrap_or(1.0) < floor => {
            Some("prediction region under --min-score")
        }
        "labels" => None,
        "relation" => Some("relation"),
        "choices" => Some("choices result"),
        "textarea" => Some("textarea result"),
        _ => Some("other result"),
    };
    if let Some(kind) = left_out {
        notes.drop(kind, 1);
        return Ok(());
    }
    let value = match item.get("value") {
        Some(v @ Value::Object(_)) => v,
        _ => return Err(field(&format!("{at}.value"), "missing or not an object")),
    };
    let offset = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| field(&format!("{at}.value.{key}"), "missing or not an offset"))
    };
    let (start, end) = (offset("start")?, offset("end")?);
    let claimed = match value.get("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(t.clone()),
        Some(_) => return Err(field(&format!("{at}.value.text"), "not a string")),
    };
    let labels = list(value, "labels", &format!("{at}.value."))?;
    if labels.is_empty() {
        notes.drop("region without a label", 1);
    }
    for (l, label) in labels.iter().enumerate() {
        let Some(role) = label.as_str() else {
            return Err(field(&format!("{at}.value.labels[{l}]"), "not a string"));
        };
        spans.push(RawSpan {
            start,
            end,
            role: role.to_string(),
            claimed: claimed.clone(),
            field: at.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_task_of_an_array_is_found_on_its_line() {
        let src = "[\n  {\"a\": \"[{,\\\"\\n\"},\n\n  {\"b\": [1, {\"c\": 2}]}, 3,\n4]";
        assert!(serde_json::from_str::<Vec<Value>>(src).is_ok());
        assert_eq!(element_lines(src), [2, 4, 4, 5]);
        assert_eq!(element_lines("[]"), Vec::<usize>::new());
    }
}

#[cfg(test)]
mod json_min_tests {
    use super::*;

    #[test]
    fn json_min_lists_that_are_not_regions_are_counted_not_lost() {
        // A doccano line given as Label Studio: its labels are no JSON_MIN regions.
        let src = r#"[{"id": 1, "text": "我们", "label": [[0, 2, "actor"]], "meta": {"a": 1}}]"#;
        let (docs, notes) =
            from_labelstudio(src, &Scheme::default(), &ReadOptions::default()).unwrap();
        assert_eq!(docs[0].markup, "我们");
        assert_eq!(notes.dropped_summary().as_deref(), Some("1 other result"));
    }
}
