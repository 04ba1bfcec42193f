//! `--labels actor=HANDLER,action=COLLECT`: the names roles take in an exchange file. Export
//! writes the new names, import reads them back as the scheme's roles; a role not named in
//! the map keeps its own name. Applied to the scheme, so every format gets it alike.

use crate::scheme::Scheme;
use std::collections::BTreeMap;

/// Why a label map cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelMapError {
    #[error("{0:?} is not ROLE=LABEL")]
    NotAPair(String),
    #[error("not a JSON object of role → label names: {0}")]
    NotJson(String),
    #[error("no role {role:?} in the scheme (it has {known})")]
    UnknownRole { role: String, known: String },
    #[error("role {0:?} is renamed twice")]
    Twice(String),
    #[error("label {0:?} would name two roles")]
    Clash(String),
    #[error("label {0:?} is empty or holds white space")]
    BadLabel(String),
}

/// Parses `role=LABEL,role=LABEL`.
pub fn parse_label_pairs(spec: &str) -> Result<Vec<(String, String)>, LabelMapError> {
    spec.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((role, label)) => Ok((role.trim().to_string(), label.trim().to_string())),
            None => Err(LabelMapError::NotAPair(pair.to_string())),
        })
        .collect()
}

/// Parses a JSON object `{"actor": "HANDLER", ...}`.
pub fn parse_label_json(json: &str) -> Result<Vec<(String, String)>, LabelMapError> {
    let map: BTreeMap<String, String> =
        serde_json::from_str(json).map_err(|e| LabelMapError::NotJson(e.to_string()))?;
    Ok(map.into_iter().collect())
}

/// `scheme` with its roles renamed by `pairs` (role → label).
pub fn rename_roles(scheme: &Scheme, pairs: &[(String, String)]) -> Result<Scheme, LabelMapError> {
    let mut out = scheme.clone();
    let mut renamed = vec![false; scheme.roles.len()];
    for (role, label) in pairs {
        let Some(id) = scheme.role_by_name(role) else {
            let known: Vec<&str> = scheme.roles.iter().map(|r| r.name.as_str()).collect();
            return Err(LabelMapError::UnknownRole {
                role: role.clone(),
                known: known.join(", "),
            });
        };
        if label.is_empty() || label.chars().any(char::is_whitespace) {
            return Err(LabelMapError::BadLabel(label.clone()));
        }
        let i = id as usize;
        if std::mem::replace(&mut renamed[i], true) {
            return Err(LabelMapError::Twice(role.clone()));
        }
        out.roles[i].name = label.clone();
    }
    for (i, r) in out.roles.iter().enumerate() {
        if out.roles[..i].iter().any(|o| o.name == r.name) {
            return Err(LabelMapError::Clash(r.name.clone()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_renamed_and_bad_maps_refused() {
        let s = Scheme::default();
        let pairs = parse_label_pairs("actor=HANDLER, action=COLLECT").unwrap();
        let r = rename_roles(&s, &pairs).unwrap();
        let names: Vec<&str> = r.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["HANDLER", "COLLECT", "data", "purpose"]);
        let json = parse_label_json(r#"{"data": "DATA"}"#).unwrap();
        assert_eq!(rename_roles(&s, &json).unwrap().roles[2].name, "DATA");
        let bad = |spec: &str| rename_roles(&s, &parse_label_pairs(spec)?).map(|_| ());
        assert!(matches!(bad("actor"), Err(LabelMapError::NotAPair(_))));
        assert!(matches!(
            bad("who=X"),
            Err(LabelMapError::UnknownRole { .. })
        ));
        assert!(matches!(
            bad("actor=X,actor=Y"),
            Err(LabelMapError::Twice(_))
        ));
        assert!(matches!(bad("actor=data"), Err(LabelMapError::Clash(_))));
        assert!(matches!(bad("actor=a b"), Err(LabelMapError::BadLabel(_))));
    }
}
