//! `ptag export --format brat -o DIR`: each document as brat's `.txt` and `.ann` in DIR,
//! written through `OutputFolder` (never through a link inside it), with a warning for what
//! brat cannot hold.

use super::common::plural;
use super::export_warnings::warn_empty;
use super::paths::Input;
use crate::interchange::{item_position, to_brat};
use crate::markup::Document;
use crate::store::OutputFolder;
use std::io::{self, Write};
use std::path::Path;

/// Writes `DIR/<relative path>` as brat's `.txt` and `.ann`, warning about what brat cannot
/// hold; false once a failure is reported.
pub(crate) fn write_brat(
    doc: &Document,
    input: &Input,
    dir: &Path,
    err: &mut dyn Write,
) -> io::Result<bool> {
    let name = input.name();
    let rel = input.relative();
    if rel.is_empty() {
        writeln!(
            err,
            "ptag export: error: brat needs a file name: stdin has none"
        )?;
        return Ok(false);
    }
    let (brat, left) = to_brat(doc);
    warn_empty(doc, &name, &left.empty_tags, "brat has no empty span", err)?;
    for &i in &left.loose_notes {
        let (l, c) = item_position(doc, i);
        writeln!(
            err,
            "{name}:{l}:{c}: warning: note outside every tag dropped: brat notes belong to a tag"
        )?;
    }
    for &i in &left.unwritable_notes {
        let (l, c) = item_position(doc, i);
        writeln!(
            err,
            "{name}:{l}:{c}: warning: note with a line break (as brat reads lines) dropped: a brat note is one line"
        )?;
    }
    if left.moved_notes > 0 {
        writeln!(
            err,
            "ptag export: {name}: {} inside a tag but not at its end: import puts them at the end",
            plural(left.moved_notes, "note", "notes")
        )?;
    }
    if left.bom {
        writeln!(
            err,
            "ptag export: {name}: the BOM is left out of the .txt (brat offsets count chars of text)"
        )?;
    }
    // Both names checked before either file is written: never through a link in the folder.
    let folder = OutputFolder::new(dir);
    let stem = Path::new(&rel);
    let mut targets = Vec::with_capacity(2);
    for extension in ["txt", "ann"] {
        let name = stem
            .with_extension(extension)
            .to_string_lossy()
            .into_owned();
        match folder.target(&name, &[extension]) {
            Ok(target) => targets.push(target),
            Err(e) => {
                writeln!(err, "ptag export: {name}: error: {e}")?;
                return Ok(false);
            }
        }
    }
    for (path, contents) in targets.iter().zip([&brat.txt, &brat.ann]) {
        if let Err(e) = folder.write(path, contents.as_bytes()) {
            writeln!(err, "{}", super::output::cannot_write(path, &e))?;
            return Ok(false);
        }
    }
    Ok(true)
}
