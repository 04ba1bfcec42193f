//! The model file: self-describing and checked. Layout: the magic `PTAG-MODEL\n`, the format
//! version (u32 LE), a JSON header (u64 LE length, then the bytes: roles, feature set, sizes,
//! calibration, lexicon), the weights (u64 LE length, then feature hashes u64 LE, each row's
//! scale f32 LE and its weights as i8, the transitions f32 LE) and an xxh3 checksum (u64 LE) of everything before it. A file that is not a model,
//! is cut short, altered, of another version or feature set gives a clear error, never a panic.

use super::calibrate::Calibration;
use super::features::FEATURE_SET;
use super::lexicon::Lexicon;
use super::model::{FeatureIndex, Model};
use super::model_check::{InvalidField, check_calibration, check_lexicon, check_weights};
use crate::scheme::Scheme;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

pub const MAGIC: &[u8] = b"PTAG-MODEL\n";
/// Bumped whenever the layout or the meaning of the weights changes.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelFileError {
    #[error("not a ptag model file (it does not start with the model file's signature)")]
    NotAModel,
    #[error(
        "model file format version {found}; this ptag reads version {FORMAT_VERSION}: train the model again with this ptag"
    )]
    Version { found: u32 },
    #[error("the model file is cut short (truncated at {at} of the bytes it needs)")]
    Truncated { at: usize },
    #[error("the model file is damaged (checksum mismatch)")]
    Checksum,
    #[error("the model file is damaged: {0}")]
    Corrupt(String),
    #[error(
        "the model was trained with feature set {found:?}; this ptag computes {FEATURE_SET:?}: train it again"
    )]
    FeatureSet { found: String },
    #[error("the model was trained for roles {model}; the scheme in use has roles {scheme}")]
    Scheme { model: String, scheme: String },
    #[error("the model file's {} is invalid: {}", .0.field, .0.problem)]
    Invalid(InvalidField),
}

impl From<InvalidField> for ModelFileError {
    fn from(e: InvalidField) -> ModelFileError {
        ModelFileError::Invalid(e)
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    format_version: u32,
    feature_set: String,
    roles: Vec<String>,
    labels: usize,
    rows: usize,
    temperature: f32,
    calibration: Calibration,
    /// (text, count per role).
    lexicon: Vec<(String, Vec<u32>)>,
    trained_files: usize,
    trained_tags: usize,
}

/// The bytes of a model file.
pub fn to_bytes(m: &Model) -> Vec<u8> {
    let labels = m.labels();
    let header = Header {
        format_version: FORMAT_VERSION,
        feature_set: FEATURE_SET.to_string(),
        roles: m.roles.clone(),
        labels,
        rows: m.index.len(),
        temperature: m.temperature,
        calibration: m.calibration.clone(),
        lexicon: m
            .lexicon
            .entries
            .iter()
            .map(|e| (e.text.clone(), e.counts.clone()))
            .collect(),
        trained_files: m.trained_files,
        trained_tags: m.trained_tags,
    };
    let json = serde_json::to_vec(&header).expect("a header always serializes");
    let mut rows: Vec<(u64, u32)> = m.index.iter().map(|(&h, &r)| (h, r)).collect();
    rows.sort_unstable();
    let mut body = Vec::with_capacity(rows.len() * (8 + 4 + labels) + m.trans.len() * 4);
    for (h, _) in &rows {
        body.extend_from_slice(&h.to_le_bytes());
    }
    for (_, r) in &rows {
        body.extend_from_slice(&m.scales[*r as usize].to_le_bytes());
        for &q in &m.weights[*r as usize * labels..(*r as usize + 1) * labels] {
            body.push(q as u8);
        }
    }
    for w in &m.trans {
        body.extend_from_slice(&w.to_le_bytes());
    }
    let mut out = Vec::with_capacity(MAGIC.len() + 28 + json.len() + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&body);
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads what `to_bytes` wrote.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelFileError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(ModelFileError::Truncated {
                at: self.bytes.len(),
            });
        };
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u64(&mut self) -> Result<u64, ModelFileError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
}

/// A model from the bytes of a model file, checked against `scheme`.
pub fn from_bytes(bytes: &[u8], scheme: &Scheme) -> Result<Model, ModelFileError> {
    if !bytes.starts_with(MAGIC) {
        // A prefix of the signature is a model file cut short, anything else a foreign file.
        return Err(if MAGIC.starts_with(bytes) && !bytes.is_empty() {
            ModelFileError::Truncated { at: bytes.len() }
        } else {
            ModelFileError::NotAModel
        });
    }
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let version = u32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
    if version != FORMAT_VERSION {
        return Err(ModelFileError::Version { found: version });
    }
    let json_len = r.u64()?;
    let json = r.take(usize::try_from(json_len).unwrap_or(usize::MAX))?;
    let body_len = r.u64()?;
    let body = r.take(usize::try_from(body_len).unwrap_or(usize::MAX))?;
    let end = r.at;
    let sum = r.u64()?;
    if r.at != bytes.len() {
        return Err(ModelFileError::Corrupt(format!(
            "{} bytes after the end of the model",
            bytes.len() - r.at
        )));
    }
    if xxh3_64(&bytes[..end]) != sum {
        return Err(ModelFileError::Checksum);
    }
    let h: Header =
        serde_json::from_slice(json).map_err(|e| ModelFileError::Corrupt(e.to_string()))?;
    if h.feature_set != FEATURE_SET {
        return Err(ModelFileError::FeatureSet {
            found: h.feature_set,
        });
    }
    let names: Vec<&str> = scheme.roles.iter().map(|r| r.name.as_str()).collect();
    if h.roles != names {
        return Err(ModelFileError::Scheme {
            model: h.roles.join(", "),
            scheme: names.join(", "),
        });
    }
    let labels = h.labels;
    if labels != super::labels::count(h.roles.len()) {
        return Err(ModelFileError::Corrupt(format!(
            "{labels} labels for {} roles",
            h.roles.len()
        )));
    }
    check_lexicon(&h.lexicon, h.roles.len())?;
    check_calibration(h.temperature, &h.calibration, h.roles.len())?;
    let need = h
        .rows
        .checked_mul(8 + 4 + labels)
        .and_then(|x| x.checked_add(4 * (labels + 1) * labels));
    if need != Some(body.len()) {
        return Err(ModelFileError::Corrupt(format!(
            "{} bytes of weights for {} features",
            body.len(),
            h.rows
        )));
    }
    let f32s = |b: &[u8]| -> Vec<f32> {
        b.chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect()
    };
    let (hashes, rest) = body.split_at(h.rows * 8);
    let (rows, trans) = rest.split_at(h.rows * (4 + labels));
    let hashes: Vec<u64> = hashes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    let mut lexicon = Lexicon::new(h.roles.len());
    for (text, counts) in &h.lexicon {
        for (role, &n) in counts.iter().enumerate().take(h.roles.len()) {
            if n > 0 {
                lexicon.add(text, role as u16, n);
            }
        }
    }
    let mut scales = Vec::with_capacity(h.rows);
    let mut weights = Vec::with_capacity(h.rows * labels);
    for row in rows.chunks_exact(4 + labels) {
        scales.push(f32::from_le_bytes(row[..4].try_into().expect("4 bytes")));
        weights.extend(row[4..].iter().map(|&b| b as i8));
    }
    let trans = f32s(trans);
    check_weights(&hashes, &scales, &trans)?;
    let index: FeatureIndex = hashes
        .iter()
        .enumerate()
        .map(|(i, &h)| (h, i as u32))
        .collect();
    Ok(Model {
        roles: h.roles,
        index,
        weights,
        scales,
        trans,
        matcher: lexicon.matcher(),
        lexicon,
        temperature: h.temperature,
        calibration: h.calibration,
        trained_files: h.trained_files,
        trained_tags: h.trained_tags,
    })
}
