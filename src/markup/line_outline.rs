//! The line lexer's second pass, after `scan` has found and paired the delimiters: the plain
//! text, where each markup token lands in it (`Mark`), and the outline (tags and notes with
//! their depth), with each tag's findings.

use super::line::{At, Class, LineItem, LineLexer, Mark, NONE, Scratch, TagText, count_chars};

impl LineLexer<'_> {
    /// The plain text (the runs between markup tokens, copied whole) and its chars; each
    /// markup token placed in it (`s.marks`), each open paired with its close's mark.
    pub(super) fn place_marks(
        &self,
        line: &str,
        diagnose: bool,
        s: &mut Scratch,
    ) -> (String, usize) {
        let mut plain = String::with_capacity(line.len());
        let (mut count, mut removed, mut from) = (0usize, 0usize, 0usize);
        let mut solid = None;
        let mut copy = |plain: &mut String, count: &mut usize, run: &str| {
            plain.push_str(run);
            let chars = count_chars(run.as_bytes());
            *count += chars;
            if diagnose
                && let Some((i, c)) = run.char_indices().rev().find(|(_, c)| !c.is_whitespace())
            {
                solid = Some(((*count - count_chars(&run.as_bytes()[i..])) as u32, c));
            }
            solid
        };
        s.marks.clear();
        s.open_marks.clear();
        for t in s.tokens.iter().filter(|t| t.markup) {
            let solid = copy(&mut plain, &mut count, &line[from..t.byte as usize]);
            removed += match t.class {
                Class::Note => (t.partner - t.ci + 1) as usize,
                _ => 1,
            };
            let m = s.marks.len() as u32;
            let partner = match t.class {
                Class::Open(_) => {
                    s.open_marks.push(m);
                    NONE
                }
                // Tags that closed nest (a close sweeps away the opens inside its tag), so
                // the last open placed is this close's.
                Class::Close(_) => {
                    let open = s.open_marks.pop().expect("markup nests");
                    s.marks[open as usize].partner = m;
                    NONE
                }
                Class::Note | Class::Text => t.partner,
            };
            s.marks.push(Mark {
                byte: t.byte,
                ci: t.ci,
                end_byte: t.end_byte,
                class: t.class,
                partner,
                plain: count as u32,
                plain_byte: plain.len() as u32,
                solid,
                removed: removed as u32,
            });
            from = t.end_byte as usize;
        }
        copy(&mut plain, &mut count, &line[from..]);
        (plain, count)
    }

    /// The tags and notes of the line: marks come in opening order (pre-order); depth from a
    /// stack of enclosing closes. With `diagnose`, each tag's findings.
    pub(super) fn outline(
        &self,
        line: &str,
        plain: &str,
        diagnose: bool,
        s: &mut Scratch,
    ) -> Vec<LineItem> {
        let sch = self.scheme;
        s.open_tags.clear();
        // How many of `open_tags` have each role: "nested in the same role" in O(1), where
        // searching `open_tags` was O(depth) per tag (quadratic on 200 k identical tags).
        s.enclosing_of_role.clear();
        s.enclosing_of_role.resize(sch.roles.len(), 0);
        let mut items = Vec::new();
        for t in &s.marks {
            if let Class::Close(_) = t.class {
                continue;
            }
            while let Some(&(c, r)) = s.open_tags.last()
                && c < t.ci as usize
            {
                s.open_tags.pop();
                s.enclosing_of_role[usize::from(r)] -= 1;
            }
            let depth = s.open_tags.len() as u32;
            let start = t.plain as usize;
            let Class::Open(role) = t.class else {
                let (byte, end_byte) = (t.byte as usize, t.end_byte as usize);
                let text =
                    line[byte + sch.note.len_utf8()..end_byte - sch.note.len_utf8()].to_string();
                items.push(LineItem {
                    start,
                    end: start,
                    depth,
                    role: 0,
                    note: Some(text),
                });
                continue;
            };
            let close = &s.marks[t.partner as usize];
            let end = close.plain as usize;
            if diagnose {
                // The tag's text is a slice of the plain text, and its last solid char
                // remembered at its close: O(1) per tag, however deep tags nest.
                let content = TagText {
                    text: &plain[t.plain_byte as usize..close.plain_byte as usize],
                    len: end - start,
                    last_solid: close
                        .solid
                        .filter(|&(at, _)| at as usize >= start)
                        .map(|(_, c)| c),
                };
                let nested_same = s.enclosing_of_role[usize::from(role)] > 0;
                self.tag_findings(
                    role,
                    At {
                        ci: t.ci as usize,
                        byte: t.byte as usize,
                    },
                    At {
                        ci: close.ci as usize,
                        byte: close.byte as usize,
                    },
                    content,
                    nested_same,
                    &mut s.kept,
                );
            }
            s.open_tags.push((close.ci as usize, role));
            s.enclosing_of_role[usize::from(role)] += 1;
            items.push(LineItem {
                start,
                end,
                depth,
                role,
                note: None,
            });
        }
        items
    }
}
