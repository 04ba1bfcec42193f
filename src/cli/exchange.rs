//! Options that `export` and `import` share: the label map and BIO's nesting choice.

use crate::interchange::{parse_label_json, parse_label_pairs, rename_roles};
use crate::scheme::Scheme;
use crate::store::FileKind;
use clap::{Args, ValueEnum};
use std::io::{self, Write};
use std::path::Path;

/// `--labels`.
#[derive(Debug, Args, Clone, Default)]
pub struct LabelsArg {
    /// Rename roles in the exchange file: `actor=HANDLER,action=COLLECT` or a JSON file
    /// `{"actor": "HANDLER"}`. Export writes the new names; import reads them back.
    #[arg(long, value_name = "MAP")]
    pub labels: Option<String>,
}

impl LabelsArg {
    /// The scheme with the map applied; `None` once a bad map is reported.
    pub fn apply(
        &self,
        scheme: &Scheme,
        command: &str,
        err: &mut dyn Write,
    ) -> io::Result<Option<Scheme>> {
        let Some(spec) = &self.labels else {
            return Ok(Some(scheme.clone()));
        };
        let pairs = if spec.contains('=') {
            parse_label_pairs(spec)
        } else {
            match crate::store::read_file_text(Path::new(spec), FileKind::Labels) {
                Ok(json) => parse_label_json(&json),
                Err(e) => {
                    writeln!(err, "{spec}: error: {}", e.reason())?;
                    return Ok(None);
                }
            }
        };
        match pairs.and_then(|p| rename_roles(scheme, &p)) {
            Ok(s) => Ok(Some(s)),
            Err(e) => {
                writeln!(err, "{command}: error: --labels: {e}")?;
                Ok(None)
            }
        }
    }
}

/// `--nested`: what BIO does with nested tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NestedArg {
    Outer,
    Inner,
    Error,
}
