//! How `ptag suggest` prints suggestions as they come: gcc-style lines, or the items of one
//! JSON array written one at a time (byte for byte what printing the whole array gave).

use super::common::OutputFormat;
use crate::scheme::Scheme;
use crate::suggest::Listed;
use serde::Serialize;
use std::io::{self, Write};

/// One suggestion in `--format json`.
#[derive(Debug, Serialize)]
struct JsonPrediction {
    file: String,
    line: usize,
    column: usize,
    /// Char offsets into the plain text, end exclusive.
    start: usize,
    end: usize,
    role: String,
    text: String,
    /// Calibrated: about this share of suggestions this confident are right.
    confidence: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

/// Prints suggestions as they come: gcc-style lines, or the items of one JSON array (laid out
/// as `serde_json::to_writer_pretty` lays out the whole array).
pub(crate) struct Printer<'o> {
    pub format: OutputFormat,
    pub out: &'o mut dyn Write,
    pub json_items: usize,
}

impl Printer<'_> {
    /// `applied`: `None` when listing; with --apply, `Some(None)` tagged, `Some(Some(why))`
    /// skipped.
    pub fn print(
        &mut self,
        name: &str,
        scheme: &Scheme,
        p: &Listed,
        applied: Option<Option<String>>,
    ) -> io::Result<()> {
        let role = scheme.role(p.role).name.clone();
        match self.format {
            OutputFormat::Text => {
                let status = match &applied {
                    None => "",
                    Some(None) => "tagged: ",
                    Some(Some(_)) => "skipped: ",
                };
                write!(
                    self.out,
                    "{name}:{}:{}: {status}{role}: {} ({:.2})",
                    p.line, p.column, p.text, p.confidence
                )?;
                if let Some(Some(why)) = &applied {
                    write!(self.out, ": {why}")?;
                }
                writeln!(self.out)
            }
            OutputFormat::Json => {
                let item = JsonPrediction {
                    file: name.to_string(),
                    line: p.line,
                    column: p.column,
                    start: p.range.start,
                    end: p.range.end,
                    role,
                    text: p.text.clone(),
                    confidence: p.confidence,
                    applied: applied.as_ref().map(|w| w.is_none()),
                    reason: applied.flatten(),
                };
                let pretty = serde_json::to_string_pretty(&item).map_err(io::Error::other)?;
                self.out
                    .write_all(if self.json_items == 0 { b"[\n" } else { b",\n" })?;
                // One level in, as inside the array (strings hold no raw line break).
                for (i, line) in pretty.lines().enumerate() {
                    if i > 0 {
                        self.out.write_all(b"\n")?;
                    }
                    write!(self.out, "  {line}")?;
                }
                self.json_items += 1;
                Ok(())
            }
        }
    }

    /// Closes the JSON array (`[]` when it is empty).
    pub fn finish(&mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            let close: &[u8] = if self.json_items == 0 {
                b"[]\n"
            } else {
                b"\n]\n"
            };
            self.out.write_all(close)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The printer's JSON, item by item, is byte for byte what `to_writer_pretty` gave for
    /// the whole array (what scripts read before suggestions were printed as they came).
    #[test]
    fn json_printed_item_by_item_is_the_pretty_array() {
        let scheme = Scheme::default();
        let listed = |k: usize| Listed {
            range: k..k + 2,
            role: (k % 4) as u16,
            confidence: 0.1 + k as f32 / 7.0,
            line: k + 1,
            column: 2 * k + 1,
            text: format!("\"引号\"\t{k}\n\u{2028}"),
        };
        for n in 0..4 {
            let mut got = Vec::new();
            let mut printer = Printer {
                format: OutputFormat::Json,
                out: &mut got,
                json_items: 0,
            };
            let mut whole = Vec::new();
            for k in 0..n {
                let applied = [None, Some(None), Some(Some("交叉".to_string()))][k % 3].clone();
                printer
                    .print("a\\b.txt", &scheme, &listed(k), applied.clone())
                    .unwrap();
                whole.push(JsonPrediction {
                    file: "a\\b.txt".into(),
                    line: k + 1,
                    column: 2 * k + 1,
                    start: k,
                    end: k + 2,
                    role: scheme.role((k % 4) as u16).name.clone(),
                    text: listed(k).text,
                    confidence: listed(k).confidence,
                    applied: applied.as_ref().map(|w| w.is_none()),
                    reason: applied.flatten(),
                });
            }
            printer.finish().unwrap();
            let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
