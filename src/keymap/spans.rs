//! Where each member of a JSON object sits in a keymap file's text, so that an error about a
//! key or a value points at it: serde_json locates syntax and type errors, but not a value it
//! accepted that we then refuse (an unknown action), and searching the text for the value
//! finds the wrong one when it is written twice or with escapes (`"\u001b"`).
//!
//! Walked only after serde_json has accepted the text, so the walk can trust its shape; it
//! still never panics on text it does not expect (it returns nothing, and the error falls back
//! to the file's start).

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key, its escapes decoded.
    pub key: String,
    /// Byte offsets of the key's opening quote and of the value's first byte.
    pub key_at: usize,
    pub value_at: usize,
}

/// The members of the object reached from the top-level object by `path` (keys, outermost
/// first; empty for the top-level object itself), in file order. Empty if there is none.
pub fn members(text: &str, path: &[&str]) -> Vec<Member> {
    let mut walk = Walk { text, at: 0 };
    walk.blank();
    let mut found = walk.object();
    for key in path {
        // serde_json takes the last of keys written twice; so does this.
        let Some(at) = found
            .as_ref()
            .and_then(|ms| ms.iter().rev().find(|m| m.key == *key))
            .map(|m| m.value_at)
        else {
            return Vec::new();
        };
        walk.at = at;
        found = walk.object();
    }
    found.unwrap_or_default()
}

/// 1-based line and column (in chars) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

struct Walk<'t> {
    text: &'t str,
    at: usize,
}

impl Walk<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Steps over `byte`, or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// A string at the cursor, decoded.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        serde_json::from_str(self.text.get(start..self.at)?).ok()
    }

    /// An object at the cursor: its members, each value stepped over.
    fn object(&mut self) -> Option<Vec<Member>> {
        self.expect(b'{')?;
        let mut members = Vec::new();
        self.blank();
        if self.expect(b'}').is_some() {
            return Some(members);
        }
        loop {
            self.blank();
            let key_at = self.at;
            let key = self.string()?;
            self.blank();
            self.expect(b':')?;
            self.blank();
            let value_at = self.at;
            self.value()?;
            members.push(Member {
                key,
                key_at,
                value_at,
            });
            self.blank();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(members);
                }
                _ => return None,
            }
        }
    }

    /// Steps over any value: a string, an object or array (strings inside them skipped whole,
    /// so a bracket in one does not count), or a number, `true`, `false`, `null`.
    fn value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.at += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_in_nested_objects_past_strings_holding_brackets() {
        let text = "{\"a\": [1, {\"}\": \"]\"}], \"b\" :\n {\"k\\u0031\": \"v\", \"x\": {}}}";
        let top = members(text, &[]);
        assert_eq!(
            top.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        let inner = members(text, &["b"]);
        assert_eq!(inner[0].key, "k1", "escapes decoded");
        assert_eq!(&text[inner[0].key_at..inner[0].key_at + 9], "\"k\\u0031\"");
        assert_eq!(&text[inner[0].value_at..inner[0].value_at + 3], "\"v\"");
        assert_eq!(line_col(text, inner[0].key_at), (2, 3));
        assert!(members(text, &["nope"]).is_empty());
        assert!(members("[1]", &[]).is_empty());
        assert!(members("{\"a\": ", &[]).is_empty(), "cut short: nothing");
    }

    #[test]
    fn the_last_of_a_key_written_twice_is_the_one_followed() {
        let text = r#"{"o": {"x": 1}, "o": {"y": 2}}"#;
        assert_eq!(members(text, &["o"])[0].key, "y");
    }
}
