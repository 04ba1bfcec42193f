//! What a model file must hold to be used: a model file is input like any other, so every field
//! is checked on load, and a field that could panic, mislead or silence the model (an empty
//! lexicon text, counts that disagree with the roles, weights that are not numbers or are so
//! large every score overflows) is refused, naming the field.

use super::calibrate::{Calibration, span_input_count};

/// Larger than any weight training makes by orders of magnitude (they are single or double
/// digits), and small enough that a line's summed scores stay far from `f32` overflow.
pub const MAX_WEIGHT: f32 = 1.0e4;

/// More tags of one text than any corpus holds, with room left for the arithmetic on counts
/// (a majority's share is `4 × count / total` in `u32`).
pub const MAX_TEXT_COUNT: u32 = 1 << 28;

/// The temperatures training picks from are 1 to 32; past these bounds every probability is
/// 0 or 1.
pub const TEMPERATURE_RANGE: (f32, f32) = (1.0e-3, 1.0e3);

/// A field of a model file that cannot be used: where (`lexicon[3].text`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidField {
    pub field: String,
    pub problem: String,
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> InvalidField {
    InvalidField {
        field: field.into(),
        problem: problem.into(),
    }
}

/// A weight's value: finite, and no larger than `MAX_WEIGHT` either way.
fn check_weight(field: impl FnOnce() -> String, w: f32) -> Result<(), InvalidField> {
    if !w.is_finite() {
        return Err(invalid(field(), format!("{w} is not a number")));
    }
    if w.abs() > MAX_WEIGHT {
        return Err(invalid(
            field(),
            format!("{w} is out of range (weights are within ±{MAX_WEIGHT})"),
        ));
    }
    Ok(())
}

/// A probability: finite and within 0..=1.
fn check_probability(field: impl FnOnce() -> String, p: f32) -> Result<(), InvalidField> {
    if !(0.0..=1.0).contains(&p) {
        return Err(invalid(field(), format!("{p} is not within 0 and 1")));
    }
    Ok(())
}

/// The lexicon of the header: each text non-empty and new, one count per role, counts whose
/// sum fits.
pub fn check_lexicon(lexicon: &[(String, Vec<u32>)], roles: usize) -> Result<(), InvalidField> {
    let mut seen = std::collections::HashSet::with_capacity(lexicon.len());
    for (i, (text, counts)) in lexicon.iter().enumerate() {
        if text.is_empty() {
            return Err(invalid(format!("lexicon[{i}].text"), "the text is empty"));
        }
        if !seen.insert(text.as_str()) {
            return Err(invalid(
                format!("lexicon[{i}].text"),
                "the text is in the lexicon twice",
            ));
        }
        if counts.len() != roles {
            return Err(invalid(
                format!("lexicon[{i}].counts"),
                format!("{} counts for {roles} roles", counts.len()),
            ));
        }
        let total: u64 = counts.iter().map(|&n| u64::from(n)).sum();
        if total > u64::from(MAX_TEXT_COUNT) {
            return Err(invalid(
                format!("lexicon[{i}].counts"),
                format!("{total} tags of one text is out of range (at most {MAX_TEXT_COUNT})"),
            ));
        }
    }
    Ok(())
}

/// The temperature and the calibration: probabilities within 0..=1, the isotonic points in
/// order, the span weights as many as the span score has inputs.
pub fn check_calibration(
    temperature: f32,
    calibration: &Calibration,
    roles: usize,
) -> Result<(), InvalidField> {
    let (low, high) = TEMPERATURE_RANGE;
    if !(low..=high).contains(&temperature) {
        return Err(invalid(
            "temperature",
            format!("{temperature} is not within {low} and {high}"),
        ));
    }
    let mut last = 0.0f32;
    for (i, &(x, y)) in calibration.points.iter().enumerate() {
        check_probability(|| format!("calibration.points[{i}].score"), x)?;
        check_probability(|| format!("calibration.points[{i}].confidence"), y)?;
        if x < last {
            return Err(invalid(
                format!("calibration.points[{i}].score"),
                format!("{x} comes after {last}: the points must be in order"),
            ));
        }
        last = x;
    }
    let inputs = span_input_count(roles);
    if !calibration.span_weights.is_empty() && calibration.span_weights.len() != inputs {
        return Err(invalid(
            "calibration.span_weights",
            format!(
                "{} weights; the span score of {roles} roles has {inputs}",
                calibration.span_weights.len()
            ),
        ));
    }
    for (i, &w) in calibration.span_weights.iter().enumerate() {
        check_weight(|| format!("calibration.span_weights[{i}]"), w)?;
    }
    check_probability(|| "calibration.cutoff".into(), calibration.cutoff)?;
    if !calibration.role_cutoffs.is_empty() && calibration.role_cutoffs.len() != roles {
        return Err(invalid(
            "calibration.role_cutoffs",
            format!(
                "{} cutoffs for {roles} roles",
                calibration.role_cutoffs.len()
            ),
        ));
    }
    for (i, &c) in calibration.role_cutoffs.iter().enumerate() {
        check_probability(|| format!("calibration.role_cutoffs[{i}]"), c)?;
    }
    Ok(())
}

/// The weights: each feature hash once, each row's scale such that its largest weight
/// (±127 × scale) is in range, the transitions in range.
pub fn check_weights(hashes: &[u64], scales: &[f32], trans: &[f32]) -> Result<(), InvalidField> {
    let mut sorted = hashes.to_vec();
    sorted.sort_unstable();
    if let Some(pair) = sorted.windows(2).find(|p| p[0] == p[1]) {
        let row = hashes.iter().rposition(|&h| h == pair[0]).unwrap_or(0);
        return Err(invalid(
            format!("weights.features[{row}]"),
            format!("feature {:#018x} has two rows", pair[0]),
        ));
    }
    for (row, &scale) in scales.iter().enumerate() {
        let field = || format!("weights.scales[{row}]");
        if !scale.is_finite() {
            return Err(invalid(field(), format!("{scale} is not a number")));
        }
        if scale < 0.0 {
            return Err(invalid(field(), format!("{scale} is negative")));
        }
        if scale * 127.0 > MAX_WEIGHT {
            return Err(invalid(
                field(),
                format!(
                    "{scale} makes weights up to {}: out of range (weights are within ±{MAX_WEIGHT})",
                    scale * 127.0
                ),
            ));
        }
    }
    for (i, &w) in trans.iter().enumerate() {
        check_weight(|| format!("weights.transitions[{i}]"), w)?;
    }
    Ok(())
}
