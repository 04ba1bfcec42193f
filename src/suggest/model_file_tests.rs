//! A model file is input: whatever its bytes, loading it gives a model or a clear error, and a
//! model that loads can be used without a panic. The checksum is recomputed after each change,
//! so what is exercised is the validation behind it.

use super::Model;
use super::lexicon::find_all;
use super::model_file::{MAGIC, ModelFileError, from_bytes, to_bytes};
use super::train::{TrainOptions, train};
use crate::markup::parse;
use crate::scheme::Scheme;
use proptest::prelude::*;
use std::sync::OnceLock;
use xxhash_rust::xxh3::xxh3_64;

/// One small trained model's file, trained once for every case.
fn model_bytes() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let s = Scheme::default();
        let docs: Vec<_> = (0..4)
            .map(|f| {
                let text = format!(
                    "第{f}条：(我们)会[收集]您的<手机号码>和<位置信息>。\n本条款没有别的内容。\n"
                );
                parse(&text, &s)
            })
            .collect();
        let options = TrainOptions {
            epochs: 2,
            ..TrainOptions::default()
        };
        to_bytes(&train(&docs, &s, &options).unwrap())
    })
}

/// The header (JSON) and the weights of a model file.
fn split(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let at = MAGIC.len() + 4;
    let json_len = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let json = bytes[at + 8..at + 8 + json_len].to_vec();
    let body_at = at + 8 + json_len;
    let body_len = u64::from_le_bytes(bytes[body_at..body_at + 8].try_into().unwrap()) as usize;
    (json, bytes[body_at + 8..body_at + 8 + body_len].to_vec())
}

/// A model file of `json` and `body`, lengths and checksum right.
fn assemble(json: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = model_bytes()[..MAGIC.len() + 4].to_vec();
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(json);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(body);
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The model file with one header field changed (a JSON pointer) and the checksum made right.
fn with_header(pointer: &str, value: serde_json::Value) -> Vec<u8> {
    let (json, body) = split(model_bytes());
    let mut header: serde_json::Value = serde_json::from_slice(&json).unwrap();
    *header.pointer_mut(pointer).unwrap() = value;
    assemble(&serde_json::to_vec(&header).unwrap(), &body)
}

/// Everything a loaded model is used for: suggestions of the model and of its lexicon.
fn use_model(model: &Model) {
    let s = Scheme::default();
    let doc = parse("第9条：我们会收集您的手机号码和指纹。\n\n个人信息\n", &s);
    let _ = model.predict(&doc);
    let _ = find_all(&model.lexicon, &model.matcher, &doc);
}

fn invalid_field(bytes: &[u8]) -> String {
    match from_bytes(bytes, &Scheme::default()) {
        Err(ModelFileError::Invalid(e)) => e.field,
        Err(other) => panic!("refused, but not as an invalid field: {other}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn the_model_as_trained_loads() {
    use_model(&from_bytes(model_bytes(), &Scheme::default()).unwrap());
}

#[test]
fn an_empty_lexicon_text_is_refused_naming_the_field() {
    let bytes = with_header("/lexicon/0/0", "".into());
    assert_eq!(invalid_field(&bytes), "lexicon[0].text");
    let e = from_bytes(&bytes, &Scheme::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the model file's lexicon[0].text is invalid: the text is empty"
    );
}

#[test]
fn lexicon_counts_that_disagree_with_the_roles_are_refused() {
    let bytes = with_header("/lexicon/0/1", serde_json::json!([1, 2]));
    assert_eq!(invalid_field(&bytes), "lexicon[0].counts");
    let (json, body) = split(model_bytes());
    let mut header: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let first = header["lexicon"][0].clone();
    header["lexicon"].as_array_mut().unwrap().push(first);
    let twice = assemble(&serde_json::to_vec(&header).unwrap(), &body);
    assert!(invalid_field(&twice).ends_with(".text"));
}

#[test]
fn absurd_calibration_values_are_refused() {
    for (pointer, value, field) in [
        ("/temperature", serde_json::json!(1e30), "temperature"),
        ("/temperature", serde_json::json!(1e39), "temperature"),
        (
            "/calibration/cutoff",
            serde_json::json!(7.5),
            "calibration.cutoff",
        ),
        (
            "/calibration/span_weights",
            serde_json::json!([1.0]),
            "calibration.span_weights",
        ),
        (
            "/calibration/role_cutoffs",
            serde_json::json!([0.5]),
            "calibration.role_cutoffs",
        ),
    ] {
        assert_eq!(
            invalid_field(&with_header(pointer, value)),
            field,
            "{pointer}"
        );
    }
}

#[test]
fn absurd_weights_are_refused_naming_the_row() {
    let (json, mut body) = split(model_bytes());
    let header: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let rows = header["rows"].as_u64().unwrap() as usize;
    assert!(rows > 1);
    // The first row's scale sits right after the feature hashes.
    body[rows * 8..rows * 8 + 4].copy_from_slice(&1e30f32.to_le_bytes());
    assert_eq!(invalid_field(&assemble(&json, &body)), "weights.scales[0]");
    let (_, mut body) = split(model_bytes());
    let last = body.len() - 4;
    body[last..].copy_from_slice(&f32::INFINITY.to_le_bytes());
    assert!(invalid_field(&assemble(&json, &body)).starts_with("weights.transitions["));
}

#[test]
fn a_feature_with_two_rows_is_refused() {
    let (json, mut body) = split(model_bytes());
    let second: [u8; 8] = body[8..16].try_into().unwrap();
    body[..8].copy_from_slice(&second);
    assert!(invalid_field(&assemble(&json, &body)).starts_with("weights.features["));
}

/// A JSON leaf value a crafted header could hold instead of the real one.
fn hostile_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::json!("")),
        Just(serde_json::json!("\u{0}")),
        Just(serde_json::json!(0)),
        Just(serde_json::json!(-1)),
        Just(serde_json::json!(1e30)),
        Just(serde_json::json!(1e39)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(u32::MAX)),
        Just(serde_json::json!([])),
        Just(serde_json::json!(null)),
        any::<f32>().prop_map(|f| serde_json::json!(f)),
        any::<u32>().prop_map(|n| serde_json::json!(n)),
    ]
}

/// Every leaf of a JSON value, as JSON pointers.
fn leaves(value: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{at}/{i}"), out);
            }
        }
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                leaves(v, format!("{at}/{k}"), out);
            }
        }
        _ => out.push(at),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Bytes flipped anywhere but the checksum, which is made right again.
    #[test]
    fn flipped_bytes_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..), 1..6)) {
        let mut bytes = model_bytes().to_vec();
        let end = bytes.len() - 8;
        for (at, bits) in flips {
            bytes[at.index(end)] ^= bits;
        }
        let sum = xxh3_64(&bytes[..end]);
        bytes[end..].copy_from_slice(&sum.to_le_bytes());
        if let Ok(model) = from_bytes(&bytes, &Scheme::default()) {
            use_model(&model);
        }
    }

    /// Cut short, then given the checksum of what is left.
    #[test]
    fn truncated_files_never_panic(cut in any::<prop::sample::Index>()) {
        let mut bytes = model_bytes()[..cut.index(model_bytes().len() - 8)].to_vec();
        let sum = xxh3_64(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        if let Ok(model) = from_bytes(&bytes, &Scheme::default()) {
            use_model(&model);
        }
    }

    /// One header field replaced by a hostile value, lengths and checksum right.
    #[test]
    fn hostile_header_fields_never_panic(which in any::<prop::sample::Index>(), value in hostile_value()) {
        let (json, _) = split(model_bytes());
        let header: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let mut pointers = Vec::new();
        leaves(&header, String::new(), &mut pointers);
        let bytes = with_header(&pointers[which.index(pointers.len())], value);
        if let Ok(model) = from_bytes(&bytes, &Scheme::default()) {
            use_model(&model);
        }
    }
}
