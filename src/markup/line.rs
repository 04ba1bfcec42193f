//! One line of markup on its own: the lexer that finds tags, notes and diagnostics in a line.
//! A tag never spans lines (SPEC rule 3), so this is all the parser there is; `parse` strings
//! lines together into a `Document`.
//!
//! It works on bytes: a SIMD search (aho-corasick's packed Teddy searcher, where the CPU has
//! it; a byte table otherwise and on short rests) jumps to the few delimiters, the text between
//! them is copied and counted (chars are the bytes that do not continue a UTF-8 sequence)
//! without being decoded. Only a line with a literal delimiter (an error) is decoded
//! char by char, for the fixes its errors offer.

use super::delimiter_search::DelimiterSearch;
use super::diagnostic::{Diagnostic, Severity};
use super::kept_findings::KeptFindings;
use crate::scheme::{RoleId, Scheme};

/// A markup token as the plain-text pass places it, for the outline and the diagnostics.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pub(super) byte: u32,
    pub(super) ci: u32,
    pub(super) end_byte: u32,
    pub(super) class: Class,
    /// An open: its close's index in `marks`. A note: its closing mark's char index.
    pub(super) partner: u32,
    /// Plain chars and bytes before it, and the last plain char before it that is not white
    /// space.
    pub(super) plain: u32,
    pub(super) plain_byte: u32,
    pub(super) solid: Option<(u32, char)>,
    /// Chars of markup up to and including this one: plain index = char index − this.
    pub(super) removed: u32,
}

/// How a merge conflict note starts: `conflict::CONFLICT_MARK` (the conflict module reads
/// lines with this one, so it cannot be named from here without a circle).
pub(super) const CONFLICT_MARK: &str = "ptag-conflict ";

/// Where a line sits in the file, for locating diagnostics.
pub(crate) struct LineCtx {
    pub line_no: usize,
    pub byte_base: usize,
    pub plain_base: usize,
}

/// A tag or note found on one line, positions relative to the line's plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineItem {
    pub start: usize,
    pub end: usize,
    pub depth: u32,
    pub role: RoleId,
    pub note: Option<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LineOut {
    pub plain: String,
    pub plain_chars: usize,
    pub items: Vec<LineItem>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a char means to the parser. A char that is both is read as the first that applies
/// (note, open, close); a valid scheme has no such char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Text,
    Note,
    Open(RoleId),
    Close(RoleId),
}

/// A delimiter or a whole note, found on the line. Positions are `u32`, as in `Item`: a line
/// is part of a file read under `store::max_file_bytes` (2 GiB unless raised). A line of a
/// million stray brackets holds a million of these, so they are kept small (24 bytes).
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    /// Byte offset in the line and char index of its first char.
    pub(super) byte: u32,
    pub(super) ci: u32,
    /// The byte just past it (past the closing mark, for a note).
    pub(super) end_byte: u32,
    /// A matched open: its close's token index. A note: its closing mark's char index. An open
    /// left literal because a tag around it closed first: that close's token index; `NONE` for
    /// an open never closed.
    pub(super) partner: u32,
    pub(super) class: Class,
    /// Markup (a delimiter of a tag that closed, or a note), not literal text.
    pub(super) markup: bool,
}

const _: () = assert!(std::mem::size_of::<Token>() == 24);

/// `Token::partner` of an open that nothing closed.
pub(super) const NONE: u32 = u32::MAX;

/// Buffers reused from line to line so a 100 MB parse does not allocate per line.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(super) tokens: Vec<Token>,
    /// Open tags not yet closed: role and token index.
    stack: Vec<(RoleId, u32)>,
    open_of_role: Vec<usize>,
    pub(super) marks: Vec<Mark>,
    /// Opens among `marks` (their index) whose close the plain-text pass has not reached.
    pub(super) open_marks: Vec<u32>,
    pub(super) enclosing_of_role: Vec<usize>,
    pub(super) open_tags: Vec<(usize, RoleId)>,
    pub(super) kept: KeptFindings,
    /// Per char of the line, built only for a line with a literal delimiter (`char_tables`).
    pub(super) chars: Vec<char>,
    pub(super) bytes: Vec<u32>,
    pub(super) markup: Vec<bool>,
    pub(super) in_note: Vec<bool>,
    pub(super) plain_before: Vec<u32>,
}

/// What each character means to the parser, looked up fast.
pub(crate) struct LineLexer<'s> {
    pub(super) scheme: &'s Scheme,
    search: DelimiterSearch,
    ascii: [Class; 128],
    /// How many diagnostics a line keeps (`MAX_LINE_DIAGNOSTICS`); the rest are counted.
    pub(super) cap: usize,
}

/// How many diagnostics a line keeps, as a compiler stops listing errors: the others are
/// counted by severity (`Diagnostic::more_on_line`), so totals stay exact while a line of a
/// million stray brackets holds a hundred messages, not a million.
pub const MAX_LINE_DIAGNOSTICS: usize = 100;

/// A well-formed tag's text, as the findings read it.
#[derive(Debug, Clone, Copy)]
pub(super) struct TagText<'a> {
    /// The plain text between its delimiters (inner tags' delimiters and notes left out).
    pub(super) text: &'a str,
    /// Chars in `text`.
    pub(super) len: usize,
    /// Its last char that is not white space, if any.
    pub(super) last_solid: Option<char>,
}

/// A delimiter of a well-formed tag: char index and byte offset in the line.
#[derive(Debug, Clone, Copy)]
pub(super) struct At {
    pub(super) ci: usize,
    pub(super) byte: usize,
}

/// Chars in UTF-8 bytes: those that do not continue a sequence (a loop the compiler vectorizes).
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'s> LineLexer<'s> {
    pub(crate) fn new(scheme: &'s Scheme) -> Self {
        let mut ascii = [Class::Text; 128];
        for (b, class) in ascii.iter_mut().enumerate() {
            *class = classify(scheme, b as u8 as char);
        }
        LineLexer {
            scheme,
            search: DelimiterSearch::new(&scheme.delimiters()),
            ascii,
            cap: MAX_LINE_DIAGNOSTICS,
        }
    }

    /// The lexer keeping `cap` (at least one) diagnostics a line; `usize::MAX` keeps all.
    #[cfg(test)]
    pub(crate) fn with_cap(mut self, cap: usize) -> Self {
        assert!(
            cap > 0,
            "the last diagnostic kept carries the count of the others"
        );
        self.cap = cap;
        self
    }

    /// The class of the char at byte `at` (a char boundary) and its length in bytes.
    fn class_at(&self, line: &str, at: usize) -> (Class, usize) {
        let b = line.as_bytes()[at];
        if b < 128 {
            return (self.ascii[b as usize], 1);
        }
        let c = line[at..].chars().next().expect("a char starts here");
        (classify(self.scheme, c), c.len_utf8())
    }

    /// The next byte at or after `from` that may start a delimiter.
    fn next_lead(&self, bytes: &[u8], from: usize) -> Option<usize> {
        self.search.next(bytes, from)
    }

    pub(crate) fn has_markup(&self, line: &str) -> bool {
        self.find_markup(line).is_some()
    }

    /// The byte offset of the first markup character in `text`, if any.
    pub(crate) fn find_markup(&self, text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut pos = 0;
        while let Some(at) = self.next_lead(bytes, pos) {
            let (class, len) = self.class_at(text, at);
            if class != Class::Text {
                return Some(at);
            }
            pos = at + len;
        }
        None
    }

    /// Finds the delimiters and notes of `line` into `s.tokens` and pairs opens with closes
    /// (the SPEC's recovery: a close sweeps away the unclosed opens above its open).
    fn scan(&self, line: &str, diagnose: bool, s: &mut Scratch) {
        let sch = self.scheme;
        let bytes = line.as_bytes();
        debug_assert!(u32::try_from(line.len()).is_ok(), "a line under 4 GiB");
        s.tokens.clear();
        s.stack.clear();
        s.kept.clear(self.cap);
        // Open tags of each role on `stack`: a close of a role with none open is literal at
        // once, instead of searching the whole stack (quadratic on `((((…]]]]`).
        s.open_of_role.clear();
        s.open_of_role.resize(sch.roles.len(), 0);
        let (mut pos, mut ci) = (0, 0);
        while let Some(at) = self.next_lead(bytes, pos) {
            ci += count_chars(&bytes[pos..at]);
            let (class, len) = self.class_at(line, at);
            let token = |end_byte: usize| Token {
                byte: at as u32,
                ci: ci as u32,
                end_byte: end_byte as u32,
                class,
                markup: false,
                partner: NONE,
            };
            match class {
                Class::Text => {}
                Class::Note => match line[at + len..].find(sch.note) {
                    Some(off) => {
                        let (body, close) = (at + len, at + len + off);
                        let note = &line[body..close];
                        if diagnose
                            && note.starts_with(CONFLICT_MARK)
                            && let Some(message) = self.conflict_finding(note)
                        {
                            s.kept.push((ci, Severity::Error, message, None));
                        }
                        let close_ci = ci + 1 + count_chars(note.as_bytes());
                        s.tokens.push(Token {
                            markup: true,
                            partner: close_ci as u32,
                            ..token(close + len)
                        });
                        pos = close + len;
                        ci = close_ci + 1;
                        continue;
                    }
                    None if diagnose => {
                        if s.kept.would_keep(ci) {
                            let message = format!(
                                "unclosed note: '{0}' has no closing '{0}' on this line",
                                sch.note
                            );
                            s.kept.push((ci, Severity::Error, message, None));
                        } else {
                            s.kept.count_dropped(Severity::Error, false);
                        }
                    }
                    None => {}
                },
                Class::Open(role) => {
                    s.stack.push((role, s.tokens.len() as u32));
                    s.open_of_role[usize::from(role)] += 1;
                    s.tokens.push(token(at + len));
                }
                Class::Close(role) => {
                    let k = s.tokens.len();
                    s.tokens.push(token(at + len));
                    let found_open = if s.open_of_role[usize::from(role)] == 0 {
                        None
                    } else {
                        // Every entry passed over here is swept off the stack: linear in total.
                        s.stack.iter().rposition(|&(r, _)| r == role)
                    };
                    if let Some(i) = found_open {
                        for &(r, _) in &s.stack[i..] {
                            s.open_of_role[usize::from(r)] -= 1;
                        }
                        for &(_, open) in &s.stack[i + 1..] {
                            s.tokens[open as usize].partner = k as u32;
                        }
                        let open = s.stack[i].1 as usize;
                        s.stack.truncate(i);
                        s.tokens[open].markup = true;
                        s.tokens[open].partner = k as u32;
                        s.tokens[k].markup = true;
                    }
                }
            }
            pos = at + len;
            ci += 1;
        }
    }

    pub(crate) fn parse_line(
        &self,
        line: &str,
        ctx: &LineCtx,
        diagnose: bool,
        s: &mut Scratch,
    ) -> LineOut {
        self.scan(line, diagnose, s);
        let (plain, count) = self.place_marks(line, diagnose, s);
        let items = self.outline(line, &plain, diagnose, s);
        let mut diagnostics = Vec::new();
        if diagnose {
            self.literal_findings(line, &items, count, s);
            let (kept, more) = s.kept.take_sorted();
            for (ci, severity, message, fix) in kept {
                let k = s.marks.partition_point(|m| (m.ci as usize) < ci);
                let removed = k.checked_sub(1).map_or(0, |k| s.marks[k].removed as usize);
                diagnostics.push(Diagnostic {
                    line: ctx.line_no,
                    column: ci + 1,
                    severity,
                    message,
                    offset: ctx.plain_base + ci - removed,
                    fix: fix.map(|mut f| {
                        for e in &mut f.edits {
                            e.byte_start += ctx.byte_base;
                            e.byte_end += ctx.byte_base;
                        }
                        f
                    }),
                    more_on_line: None,
                });
            }
            if let Some(last) = diagnostics.last_mut() {
                last.more_on_line = Some(more).filter(|m| m.total() > 0);
            }
        }
        LineOut {
            plain,
            plain_chars: count,
            items,
            diagnostics,
        }
    }

    /// The findings of the delimiters left literal. An unclosed open is reported where it
    /// stands, so one past the findings kept is only counted (with whether it offers a fix),
    /// not put in words.
    fn literal_findings(&self, line: &str, items: &[LineItem], count: usize, s: &mut Scratch) {
        if s.tokens.iter().all(|t| t.markup || t.class == Class::Note) {
            return;
        }
        s.char_tables(line);
        let inner = self.innermost_tags(items, count);
        for k in 0..s.tokens.len() {
            let t = s.tokens[k];
            let at = t.ci as usize;
            let found = match t.class {
                _ if t.markup => continue,
                Class::Open(role) if !s.kept.would_keep(at) => {
                    let fix = self.closed_full_width(role, at, &inner, s).is_some();
                    s.kept.count_dropped(Severity::Error, fix);
                    continue;
                }
                Class::Open(role) => {
                    let swept_by = (t.partner != NONE).then(|| s.tokens[t.partner as usize].ci);
                    let swept_by = swept_by.map(|ci| ci as usize);
                    self.unclosed_open(role, at, swept_by, line, &inner, s)
                }
                Class::Close(role) => self.unmatched_close(role, at, line, &inner, s),
                Class::Note | Class::Text => continue,
            };
            s.kept.push(found);
        }
    }
}

fn classify(scheme: &Scheme, c: char) -> Class {
    if c == scheme.note {
        Class::Note
    } else if let Some(role) = scheme.role_by_open(c) {
        Class::Open(role)
    } else if let Some(role) = scheme.role_by_close(c) {
        Class::Close(role)
    } else {
        Class::Text
    }
}

impl Scratch {
    /// Each char of `line` (scanned into `tokens`), its byte offset, whether it is markup or
    /// inside a note, and the plain chars before it: what the fixes of literal delimiters read.
    pub(super) fn char_tables(&mut self, line: &str) {
        self.chars.clear();
        self.bytes.clear();
        for (b, c) in line.char_indices() {
            self.chars.push(c);
            self.bytes.push(b as u32);
        }
        let n = self.chars.len();
        self.markup.clear();
        self.markup.resize(n, false);
        self.in_note.clear();
        self.in_note.resize(n, false);
        for t in self.tokens.iter().filter(|t| t.markup) {
            let (ci, partner) = (t.ci as usize, t.partner as usize);
            self.markup[ci] = true;
            if t.class == Class::Note {
                self.markup[partner] = true;
                self.in_note[ci + 1..partner].fill(true);
            }
        }
        self.plain_before.clear();
        let mut count = 0;
        for i in 0..n {
            self.plain_before.push(count as u32);
            count += usize::from(!self.markup[i] && !self.in_note[i]);
        }
        self.plain_before.push(count as u32);
    }
}

/// Parses one line on its own (used to check a single edited line). Positions are relative
/// to the line; notes carry their text.
pub(crate) fn parse_one_line(line: &str, scheme: &Scheme) -> (String, Vec<LineItem>) {
    let lexer = LineLexer::new(scheme);
    let ctx = LineCtx {
        line_no: 1,
        byte_base: 0,
        plain_base: 0,
    };
    let out = lexer.parse_line(line, &ctx, false, &mut Scratch::default());
    (out.plain, out.items)
}
