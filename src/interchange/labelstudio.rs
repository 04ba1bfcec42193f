//! Label Studio tasks JSON: `data.text` and the tags as `annotations[].result[]` regions
//! (`type: labels`, `value.start/end/text/labels`), or as `predictions` with a score; and the
//! labelling config (`<View><Labels>…`) for a scheme. What Label Studio has no place for (notes,
//! empty tags, BOM, the outline) rides in `data.ptag`, which it keeps and shows nowhere.

use super::flat::{Extras, flatten};
use crate::markup::Document;
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};

/// One task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub data: TaskData,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predictions: Vec<Annotation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskData {
    pub text: String,
    /// The file's relative path, as in JSONL.
    #[serde(default)]
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ptag: Option<Extras>,
}

/// An annotation or a prediction: its regions (and, for a prediction, a score).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    #[serde(default)]
    pub result: Vec<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// Label Studio marks skipped tasks so; their results are not annotations.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub was_cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    #[serde(default)]
    pub id: String,
    #[serde(default = "from_name")]
    pub from_name: String,
    #[serde(default = "to_name")]
    pub to_name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

fn from_name() -> String {
    "label".into()
}

fn to_name() -> String {
    "text".into()
}

/// The offsets and labels of a `labels` region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SpanValue {
    start: usize,
    end: usize,
    #[serde(default)]
    text: String,
    labels: Vec<String>,
}

/// The task of a document: its tags as the annotation, or (`prediction: Some(score)`) as a
/// prediction with that score, for Label Studio to show as pre-annotations.
pub fn task(doc: &Document, file: String, prediction: Option<f64>) -> Task {
    let flat = flatten(doc);
    let chars: Vec<char> = flat.text.chars().collect();
    let result: Vec<Region> = flat
        .labels
        .iter()
        .enumerate()
        .map(|(k, (s, e, role))| Region {
            id: format!("t{k}"),
            from_name: from_name(),
            to_name: to_name(),
            kind: "labels".into(),
            value: serde_json::to_value(SpanValue {
                start: *s,
                end: *e,
                text: chars[*s..*e].iter().collect(),
                labels: vec![role.clone()],
            })
            .expect("plain data"),
            score: prediction,
        })
        .collect();
    let annotation = Annotation {
        result,
        score: prediction,
        model_version: prediction.map(|_| "ptag".to_string()),
        was_cancelled: false,
    };
    let (annotations, predictions) = match prediction {
        None => (vec![annotation], Vec::new()),
        Some(_) => (Vec::new(), vec![annotation]),
    };
    let extras = flat.extras;
    Task {
        data: TaskData {
            text: flat.text,
            file,
            ptag: (extras != Extras::default()).then_some(extras),
        },
        annotations,
        predictions,
    }
}

/// A model's span for a task's `predictions`: char offsets into the text, the role's name and
/// the model's confidence in it (0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub role: String,
    pub score: f64,
}

/// Adds `spans` to `task` as one prediction of `model_version`: each region with its own
/// `score`, the prediction's `score` their mean (Label Studio sorts tasks by it; none when the
/// model found nothing). A task whose annotation holds no region loses it, so that Label Studio
/// shows the task as unlabelled with the model's regions to review.
pub fn add_predictions(task: &mut Task, spans: &[Predicted], model_version: &str) {
    task.annotations.retain(|a| !a.result.is_empty());
    let chars: Vec<char> = task.data.text.chars().collect();
    let result: Vec<Region> = spans
        .iter()
        .enumerate()
        .map(|(k, p)| Region {
            id: format!("p{k}"),
            from_name: from_name(),
            to_name: to_name(),
            kind: "labels".into(),
            value: serde_json::to_value(SpanValue {
                start: p.start,
                end: p.end,
                text: chars[p.start..p.end].iter().collect(),
                labels: vec![p.role.clone()],
            })
            .expect("plain data"),
            score: Some(p.score),
        })
        .collect();
    let score = (!spans.is_empty())
        .then(|| spans.iter().map(|p| p.score).sum::<f64>() / spans.len() as f64);
    task.predictions.push(Annotation {
        result,
        score,
        model_version: Some(model_version.to_string()),
        was_cancelled: false,
    });
}

/// The labelling config for `scheme`: one `<Label>` per role, in its colour.
pub fn labelstudio_config(scheme: &Scheme) -> String {
    let mut out = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for r in &scheme.roles {
        out.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            xml_escape(&r.name),
            xml_escape(&r.color)
        ));
    }
    out.push_str("  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n</View>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::{ReadOptions, from_labelstudio};
    use crate::markup::parse;

    #[test]
    fn tasks_round_trip_and_predictions_carry_a_score() {
        let s = Scheme::default();
        for src in [
            "",
            "(我们)收集<手机>\n",
            "\u{feff}{为<某#注#数据>}<>\r\n(a#b#)",
        ] {
            let doc = parse(src, &s);
            for prediction in [None, Some(0.5)] {
                let json =
                    serde_json::to_string(&vec![task(&doc, "p.txt".into(), prediction)]).unwrap();
                let back = from_labelstudio(
                    &json,
                    &s,
                    &ReadOptions {
                        predictions: true,
                        ..ReadOptions::default()
                    },
                )
                .unwrap()
                .0;
                assert_eq!(back[0].markup, src, "{json}");
                assert_eq!(back[0].file, "p.txt");
            }
        }
        let t = task(&parse("(我们)", &s), String::new(), Some(0.9));
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(v["predictions"][0]["score"], 0.9);
        assert_eq!(
            v["predictions"][0]["result"][0]["value"]["labels"][0],
            "actor"
        );
        assert_eq!(v["predictions"][0]["result"][0]["value"]["text"], "我们");
        assert!(v.get("annotations").is_none() && v["data"].get("ptag").is_none());
    }

    #[test]
    fn a_label_studio_export_imports() {
        // As Label Studio exports: ids, extra keys, one task a region with two labels.
        let json = r#"[{"id":7,"data":{"text":"我们收集"},"annotations":[{"id":1,"was_cancelled":true,"result":[]},
            {"id":2,"result":[{"id":"x","from_name":"label","to_name":"text","type":"labels",
            "value":{"start":0,"end":2,"text":"我们","labels":["actor"]}},
            {"id":"y","type":"labels","value":{"start":2,"end":4,"labels":["action"]}}]}]}]"#;
        let got = from_labelstudio(json, &Scheme::default(), &ReadOptions::default())
            .unwrap()
            .0;
        assert_eq!(got[0].markup, "(我们)[收集]");
        let e = from_labelstudio(
            r#"[{"data":{"text":"ab"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":1,"labels":["who"]}}]}]}]"#,
            &Scheme::default(),
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("task 1 at line 1: annotations[0].result[0]: label 0"),
            "{e}"
        );
    }

    #[test]
    fn config_lists_every_role() {
        let c = labelstudio_config(&Scheme::default());
        assert!(c.starts_with("<View>\n  <Labels name=\"label\" toName=\"text\">\n    <Label value=\"actor\" background=\"#"), "{c}");
        assert!(c.contains("<Text name=\"text\" value=\"$text\"/>"));
        assert_eq!(c.matches("<Label ").count(), 4);
    }
}
