//! The model on tiny synthetic corpora: what is in the data is learned, what is not is not,
//! and a model file comes back the same or gives a clear error.

use super::model_file::{FORMAT_VERSION, MAGIC, ModelFileError, from_bytes, to_bytes};
use super::train::{TrainError, TrainOptions, train};
use crate::markup::{Document, parse};
use crate::scheme::Scheme;

/// Two-char words of CJK chars that hardly repeat: only the context can tell they are data.
fn item(k: usize) -> String {
    let c = |n: usize| char::from_u32(0x4e00 + ((n * 7919) % 20000) as u32).unwrap();
    [c(2 * k + 11), c(2 * k + 12)].iter().collect()
}

/// Files where whatever sits between 收集 and 和 / 。 is data, whatever the word.
fn pattern_corpus(scheme: &Scheme) -> Vec<Document> {
    (0..6)
        .map(|f| {
            let mut text = String::new();
            for k in 0..10 {
                let a = item(f * 20 + 2 * k);
                let b = item(f * 20 + 2 * k + 1);
                text.push_str(&format!("第{k}条：(我们)会[收集]您的<{a}>和<{b}>。\n"));
                text.push_str("本条款没有别的内容，请您阅读。\n");
            }
            parse(&text, scheme)
        })
        .collect()
}

fn spans(model: &super::Model, text: &str, scheme: &Scheme) -> Vec<(String, String, f32)> {
    let doc = parse(text, scheme);
    model
        .predict(&doc)
        .into_iter()
        .map(|p| {
            (
                doc.text.slice(p.range).to_string(),
                scheme.role(p.role).name.clone(),
                p.confidence,
            )
        })
        .collect()
}

fn quick() -> TrainOptions {
    TrainOptions {
        epochs: 4,
        ..TrainOptions::default()
    }
}

#[test]
fn a_pattern_in_the_data_is_learned_for_words_never_seen() {
    let s = Scheme::default();
    let model = train(&pattern_corpus(&s), &s, &quick()).unwrap();
    // 指纹 and 账号 never appear in training.
    let found = spans(&model, "第9条：我们会收集您的指纹和账号。\n", &s);
    let names: Vec<(&str, &str)> = found
        .iter()
        .map(|(t, r, _)| (t.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("我们", "actor"),
            ("收集", "action"),
            ("指纹", "data"),
            ("账号", "data")
        ],
        "{found:?}"
    );
    assert!(found.iter().all(|(_, _, c)| (0.0..=1.0).contains(c)));
}

#[test]
fn what_is_not_in_the_data_is_not_learned() {
    let s = Scheme::default();
    let model = train(&pattern_corpus(&s), &s, &quick()).unwrap();
    // No purpose was ever tagged: none is suggested, even on a typical purpose clause.
    let found = spans(&model, "为了向您提供服务并改进产品，我们会使用。\n", &s);
    assert!(found.iter().all(|(_, r, _)| r != "purpose"), "{found:?}");
    // Tags put at random places in identical lines cannot be predicted with confidence.
    let line = "本政策适用于本公司提供的全部产品和服务内容";
    let n = line.chars().count();
    let docs: Vec<Document> = (0..6)
        .map(|f| {
            let mut text = String::new();
            for k in 0..10usize {
                let a = (f * 7 + k * 5) % (n - 3);
                let chars: Vec<char> = line.chars().collect();
                let head: String = chars[..a].iter().collect();
                let mid: String = chars[a..a + 2].iter().collect();
                let tail: String = chars[a + 2..].iter().collect();
                text.push_str(&format!("{head}<{mid}>{tail}\n"));
            }
            parse(&text, &s)
        })
        .collect();
    let model = train(&docs, &s, &quick()).unwrap();
    let found = spans(&model, &format!("{line}\n"), &s);
    assert!(found.iter().all(|(_, _, c)| *c < 0.5), "{found:?}");
}

#[test]
fn no_tags_no_model() {
    let s = Scheme::default();
    let docs = vec![parse("没有标注的文本。\n", &s)];
    assert_eq!(
        train(&docs, &s, &quick()).unwrap_err(),
        TrainError::NoTags { files: 1 }
    );
}

#[test]
fn a_model_file_round_trips_and_every_damage_is_a_clear_error() {
    let s = Scheme::default();
    let model = train(&pattern_corpus(&s), &s, &quick()).unwrap();
    let bytes = to_bytes(&model);
    let back = from_bytes(&bytes, &s).unwrap();
    let text = "我们会收集您的指纹和账号。\n";
    assert_eq!(spans(&model, text, &s), spans(&back, text, &s));
    assert_eq!(back.features(), model.features());
    // Cut short anywhere: truncated (or, inside the signature, still truncated).
    for cut in [0, 3, MAGIC.len() + 2, bytes.len() / 2, bytes.len() - 1] {
        let e = from_bytes(&bytes[..cut], &s).unwrap_err();
        assert!(
            matches!(
                e,
                ModelFileError::Truncated { .. } | ModelFileError::NotAModel
            ),
            "cut at {cut}: {e}"
        );
        if cut > 0 {
            assert!(matches!(e, ModelFileError::Truncated { .. }), "{cut}: {e}");
        }
    }
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x40;
    assert_eq!(
        from_bytes(&flipped, &s).unwrap_err(),
        ModelFileError::Checksum
    );
    assert_eq!(
        from_bytes(b"(we) [collect] <data>\n", &s).unwrap_err(),
        ModelFileError::NotAModel
    );
    let mut newer = bytes.clone();
    newer[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(
        from_bytes(&newer, &s).unwrap_err(),
        ModelFileError::Version {
            found: FORMAT_VERSION + 1
        }
    );
    let mut other = s.clone();
    other.roles.truncate(3);
    let e = from_bytes(&bytes, &other).unwrap_err();
    assert!(
        e.to_string()
            .contains("trained for roles actor, action, data, purpose"),
        "{e}"
    );
}
