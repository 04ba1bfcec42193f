//! Plain text as markup: each reserved character becomes its full-width twin.

use super::ImportError;
use crate::scheme::{Scheme, full_width};

/// Plain text → markup: every delimiter of the scheme becomes its full-width twin; nothing
/// else changes. Returns the text and, per delimiter replaced, how many times.
pub fn plain_to_markup(
    src: &str,
    scheme: &Scheme,
) -> Result<(String, Vec<(char, usize)>), ImportError> {
    let delimiters = scheme.delimiters();
    let mut twins = Vec::with_capacity(delimiters.len());
    for &d in &delimiters {
        match full_width(d) {
            Some(t) if !scheme.is_delimiter(t) => twins.push((d, t)),
            _ => {
                return Err(ImportError::NoFullWidthTwin(d));
            }
        }
    }
    let mut counts = vec![0usize; twins.len()];
    let mut out = String::with_capacity(src.len() + src.len() / 8);
    let mut rest = src;
    while let Some(i) = rest.find(|c| delimiters.contains(&c)) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found a char");
        let k = twins
            .iter()
            .position(|&(d, _)| d == c)
            .expect("a delimiter");
        out.push(twins[k].1);
        counts[k] += 1;
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    let counts = twins
        .iter()
        .zip(counts)
        .filter(|&(_, n)| n > 0)
        .map(|(&(d, _), n)| (d, n))
        .collect();
    Ok((out, counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::parse;

    #[test]
    fn plain_import_replaces_each_reserved_char_and_counts() {
        let (text, counts) =
            plain_to_markup("见[链接](http://x)#1 <b>（一）{}\r\n", &Scheme::default()).unwrap();
        assert_eq!(text, "见［链接］（http://x）＃1 ＜b＞（一）｛｝\r\n");
        assert_eq!(
            counts,
            [
                ('#', 1),
                ('(', 1),
                (')', 1),
                ('[', 1),
                (']', 1),
                ('<', 1),
                ('>', 1),
                ('{', 1),
                ('}', 1)
            ]
        );
        assert!(parse(&text, &Scheme::default()).items().is_empty());
    }
}
