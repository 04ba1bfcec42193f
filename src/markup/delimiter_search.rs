//! Where the next delimiter may be in a run of bytes: what the line lexer jumps by. A SIMD
//! search (aho-corasick's packed Teddy searcher, where the CPU has it) over long rests, a byte
//! table over short ones (the SIMD searcher's set-up costs more than it saves on them).

use aho_corasick::packed;

/// Rests shorter than this are searched with the byte table.
const SIMD_FROM_BYTES: usize = 64;

pub(crate) struct DelimiterSearch {
    /// Bytes that may start a delimiter: ASCII delimiters, lead bytes of the others.
    lead: [bool; 256],
    /// The delimiters' whole UTF-8 encodings; `None` where the CPU does not allow it.
    simd: Option<packed::Searcher>,
}

impl DelimiterSearch {
    pub(crate) fn new(delimiters: &[char]) -> DelimiterSearch {
        let mut lead = [false; 256];
        for c in delimiters {
            let mut buf = [0u8; 4];
            lead[c.encode_utf8(&mut buf).as_bytes()[0] as usize] = true;
        }
        let simd = packed::Config::new()
            .builder()
            .extend(delimiters.iter().map(|c| c.to_string()))
            .build();
        DelimiterSearch { lead, simd }
    }

    /// The first byte at or after `from` where a delimiter may start. A delimiter's encoding
    /// matches only at a char boundary (UTF-8 synchronises) and starts with a lead byte: the
    /// SIMD search stops at the table's first stop or skips ones that would only be text.
    pub(crate) fn next(&self, bytes: &[u8], from: usize) -> Option<usize> {
        let rest = &bytes[from..];
        match &self.simd {
            Some(simd) if rest.len() >= SIMD_FROM_BYTES => {
                simd.find(rest).map(|m| from + m.start())
            }
            _ => rest
                .iter()
                .position(|&b| self.lead[b as usize])
                .map(|i| from + i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simd_and_the_table_search_stop_at_the_same_delimiters() {
        let delimiters = ['(', ')', '【', '】', '#'];
        let search = DelimiterSearch::new(&delimiters);
        let text = "我们会收集（手机号码）abc".repeat(9) + "【数据】" + &"文".repeat(40) + "(x)#";
        let bytes = text.as_bytes();
        let expected: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| delimiters.contains(c))
            .map(|(i, _)| i)
            .collect();
        let mut found = Vec::new();
        let mut pos = 0;
        while let Some(at) = search.next(bytes, pos) {
            // The table may stop at a lead byte shared with text (【 and 文 start alike).
            if text[at..].starts_with(&delimiters[..]) {
                found.push(at);
            }
            pos = at + text[at..].chars().next().unwrap().len_utf8();
        }
        assert_eq!(found, expected);
        assert!(
            bytes.len() - expected[0] >= SIMD_FROM_BYTES,
            "the SIMD search ran"
        );
    }
}
