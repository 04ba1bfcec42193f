//! The role set: which delimiters mean which role, with names and colours.
//!
//! Nothing outside the default scheme's definition hard-wires the four SPEC roles;
//! everything else asks the `Scheme`.

use crate::located::LocatedError;
use serde::{Deserialize, Serialize};

/// Index of a role inside its scheme.
pub type RoleId = u16;

/// One role: a name for machines, a 中文 name for people, a delimiter pair and a colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    #[serde(default)]
    pub zh: String,
    pub open: char,
    pub close: char,
    /// `#rrggbb`.
    pub color: String,
    /// The key that tags with this role in the editor (keymaps may override).
    #[serde(default)]
    pub key: Option<String>,
}

/// A set of roles plus the note delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub roles: Vec<Role>,
    #[serde(default = "default_note")]
    pub note: char,
}

fn default_note() -> char {
    '#'
}

/// A scheme file that could not be used, with where the problem is.
pub type SchemeError = LocatedError;

const DEFAULT_SCHEME_JSON: &str = include_str!("default-scheme.json");

impl Default for Scheme {
    fn default() -> Self {
        Scheme::from_json(DEFAULT_SCHEME_JSON, "<built-in scheme>")
            .expect("the built-in scheme is valid")
    }
}

impl Scheme {
    /// Parses and validates a scheme from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &str) -> Result<Scheme, SchemeError> {
        let scheme: Scheme =
            serde_json::from_str(text).map_err(|e| LocatedError::json(origin, &e))?;
        scheme
            .validate()
            .map_err(|(needle, message)| LocatedError::at(origin, text, &needle, message))?;
        Ok(scheme)
    }

    /// Checks the rules every scheme must keep; on failure returns a string to locate and a message.
    fn validate(&self) -> Result<(), (String, String)> {
        if self.roles.is_empty() {
            return Err(("roles".into(), "a scheme needs at least one role".into()));
        }
        let mut seen: Vec<char> = vec![self.note];
        if self.note.is_whitespace() || self.note == '\n' {
            return Err((
                "note".into(),
                "the note delimiter cannot be white space".into(),
            ));
        }
        for role in &self.roles {
            if role.name.is_empty() {
                return Err(("name".into(), "a role needs a non-empty name".into()));
            }
            if self.roles.iter().filter(|r| r.name == role.name).count() > 1 {
                return Err((
                    format!("\"{}\"", role.name),
                    format!("role name \"{}\" is used twice", role.name),
                ));
            }
            for d in [role.open, role.close] {
                if d.is_whitespace() {
                    return Err((
                        format!("\"{}\"", role.name),
                        format!("role \"{}\": a delimiter cannot be white space", role.name),
                    ));
                }
                if seen.contains(&d) {
                    return Err((
                        format!("\"{}\"", role.name),
                        format!(
                            "role \"{}\": delimiter '{d}' is already used by another role or the note",
                            role.name
                        ),
                    ));
                }
                seen.push(d);
            }
            if parse_hex_color(&role.color).is_none() {
                return Err((
                    role.color.clone(),
                    format!(
                        "role \"{}\": colour \"{}\" is not #rrggbb",
                        role.name, role.color
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn role(&self, id: RoleId) -> &Role {
        &self.roles[id as usize]
    }

    pub fn role_by_name(&self, name: &str) -> Option<RoleId> {
        self.roles
            .iter()
            .position(|r| r.name == name)
            .map(|i| i as RoleId)
    }

    pub fn role_by_open(&self, c: char) -> Option<RoleId> {
        self.roles
            .iter()
            .position(|r| r.open == c)
            .map(|i| i as RoleId)
    }

    pub fn role_by_close(&self, c: char) -> Option<RoleId> {
        self.roles
            .iter()
            .position(|r| r.close == c)
            .map(|i| i as RoleId)
    }

    /// Is `c` any markup character (a role delimiter or the note mark)?
    pub fn is_delimiter(&self, c: char) -> bool {
        c == self.note || self.roles.iter().any(|r| r.open == c || r.close == c)
    }

    /// All markup characters, notes included.
    pub fn delimiters(&self) -> Vec<char> {
        let mut v = vec![self.note];
        for r in &self.roles {
            v.push(r.open);
            v.push(r.close);
        }
        v
    }

    /// The colour of a role as RGB.
    pub fn rgb(&self, id: RoleId) -> (u8, u8, u8) {
        parse_hex_color(&self.role(id).color).unwrap_or((255, 255, 255))
    }
}

/// The full-width twin of a printable ASCII character (`(` → `（`), as the SPEC's plain import uses.
pub fn full_width(c: char) -> Option<char> {
    if ('!'..='~').contains(&c) {
        char::from_u32(c as u32 + 0xFEE0)
    } else {
        None
    }
}

/// The ASCII twin of a full-width form (`（` → `(`).
pub fn ascii_twin(c: char) -> Option<char> {
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0)
    } else {
        match c {
            '【' => Some('['),
            '】' => Some(']'),
            '《' => Some('<'),
            '》' => Some('>'),
            _ => None,
        }
    }
}

fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scheme_is_the_spec_table() {
        let s = Scheme::default();
        let names: Vec<_> = s.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["actor", "action", "data", "purpose"]);
        let pairs: Vec<_> = s.roles.iter().map(|r| (r.open, r.close)).collect();
        assert_eq!(pairs, [('(', ')'), ('[', ']'), ('<', '>'), ('{', '}')]);
        assert_eq!(s.note, '#');
        assert_eq!(s.role(0).zh, "主体");
        assert!(s.is_delimiter('<') && !s.is_delimiter('（'));
    }

    #[test]
    fn bad_scheme_files_get_located_errors() {
        let dup = r##"{"roles": [
  {"name": "a", "open": "(", "close": ")", "color": "#ff0000"},
  {"name": "b", "open": "(", "close": "]", "color": "#00ff00"}
]}"##;
        let e = Scheme::from_json(dup, "s.json").unwrap_err();
        assert_eq!((e.line, e.column), (3, 12), "{e}");
        assert!(e.message.contains("already used"), "{e}");

        let bad_json = "{\"roles\": [\n  {\"name\": 1}\n]}";
        let e = Scheme::from_json(bad_json, "s.json").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.to_string().starts_with("s.json:2:"), "{e}");

        let bad_colour =
            r##"{"roles": [{"name": "a", "open": "(", "close": ")", "color": "red"}]}"##;
        let e = Scheme::from_json(bad_colour, "s.json").unwrap_err();
        assert!(e.message.contains("#rrggbb"), "{e}");
    }

    #[test]
    fn full_width_twins() {
        assert_eq!(full_width('('), Some('（'));
        assert_eq!(full_width('#'), Some('＃'));
        assert_eq!(full_width('<'), Some('＜'));
        assert_eq!(ascii_twin('｝'), Some('}'));
        assert_eq!(ascii_twin('【'), Some('['));
        assert_eq!(full_width('中'), None);
    }
}
