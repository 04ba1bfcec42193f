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
    /// What the role key tags when nothing is selected and the cursor is on untagged text.
    #[serde(default, skip_serializing_if = "Extent::is_word")]
    pub extent: Extent,
}

/// What a role key tags with nothing selected: the word under the cursor, or from that word to
/// the end of its phrase (`motion::phrase_from`). A count before the key (`1d`, `3d`) always
/// tags that many words. Long roles (a purpose clause, a list of data) take one key this way
/// instead of a selection or a count that needs knowing how the segmenter cut the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Extent {
    #[default]
    Word,
    Phrase,
}

impl Extent {
    pub fn is_word(&self) -> bool {
        *self == Extent::Word
    }

    /// For help: what the role key tags with nothing selected.
    pub fn what_a_key_tags(&self) -> &'static str {
        match self {
            Extent::Word => "the word",
            Extent::Phrase => "the word to the phrase end",
        }
    }
}

/// A set of roles plus the note delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub roles: Vec<Role>,
    #[serde(default = "default_note")]
    pub note: char,
    /// Words a tag made by a role key never starts with (`您的`, `会`, `或`): on one, the key
    /// tags from the word after it (`motion::skip_lead_in`). A selection still tags them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_in: Vec<String>,
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
        if let Some(w) = self
            .lead_in
            .iter()
            .find(|w| w.is_empty() || w.chars().any(|c| c.is_whitespace() || self.is_delimiter(c)))
        {
            return Err((
                "lead_in".into(),
                format!(
                    "lead_in: {:?} is not a word (empty, or holding white space or a delimiter)",
                    w
                ),
            ));
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

    #[test]
    fn extent_and_lead_in_are_read_checked_and_default_to_words() {
        let d = Scheme::default();
        let ext: Vec<Extent> = d.roles.iter().map(|r| r.extent).collect();
        assert_eq!(
            ext,
            [Extent::Word, Extent::Word, Extent::Phrase, Extent::Phrase]
        );
        assert!(d.lead_in.iter().any(|w| w == "您的"));
        // A scheme without them: every role tags a word, nothing is a lead-in, and it writes
        // back without the new fields.
        let old = r##"{"roles": [{"name": "x", "open": "(", "close": ")", "color": "#ffffff"}]}"##;
        let s = Scheme::from_json(old, "old.json").unwrap();
        assert_eq!(s.roles[0].extent, Extent::Word);
        assert!(s.lead_in.is_empty());
        let back = serde_json::to_string(&s).unwrap();
        assert!(
            !back.contains("extent") && !back.contains("lead_in"),
            "{back}"
        );
        // A lead-in with a blank or a delimiter in it is refused, located.
        let bad = r##"{"roles": [{"name": "x", "open": "(", "close": ")", "color": "#ffffff"}],
 "lead_in": ["您的", "a b"]}"##;
        let e = Scheme::from_json(bad, "bad.json").unwrap_err().to_string();
        assert!(e.contains("bad.json:2:") && e.contains("lead_in"), "{e}");
        let bad = r##"{"roles": [{"name": "x", "open": "(", "close": ")", "color": "#ffffff",
 "extent": "clause"}]}"##;
        let e = Scheme::from_json(bad, "bad.json").unwrap_err().to_string();
        assert!(e.contains("bad.json:2:"), "{e}");
    }
}
