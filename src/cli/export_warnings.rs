//! What `ptag export` warns about in a document: tags a format has no place for (empty ones)
//! and tags it writes other than as tagged (white space at an edge, trimmed for spaCy).

use super::common::plural;
use crate::interchange::item_position;
use crate::markup::Document;
use std::io::{self, Write};

/// spaCy: the tags with white space at an edge, which the record holds trimmed (`char_span`
/// refuses them as they are): the first few located, then how many.
pub(crate) fn warn_edge_space(doc: &Document, name: &str, err: &mut dyn Write) -> io::Result<()> {
    const SHOWN: usize = 3;
    let mut count = 0;
    for (i, item) in doc.items().iter().enumerate() {
        let (Some(role), r) = (item.role(), item.range()) else {
            continue;
        };
        let space_at = |k: usize| doc.text.char(k).is_whitespace();
        if r.is_empty() || !(space_at(r.start) || space_at(r.end - 1)) {
            continue;
        }
        count += 1;
        if count <= SHOWN {
            let (l, c) = item_position(doc, i);
            writeln!(
                err,
                "{name}:{l}:{c}: warning: {} tag has white space at an edge: trimmed in ents and spans.sc (spaCy's char_span refuses it)",
                doc.scheme.role(role).name
            )?;
        }
    }
    if count > 0 {
        writeln!(
            err,
            "ptag export: {name}: {} with white space at an edge trimmed (white space only: left out); \"untrimmed\" keeps them for import",
            plural(count, "tag", "tags")
        )?;
    }
    Ok(())
}

/// One located warning per empty tag (`items`): it is no label.
pub(crate) fn warn_empty(
    doc: &Document,
    name: &str,
    items: &[usize],
    why: &str,
    err: &mut dyn Write,
) -> io::Result<()> {
    for &i in items {
        let (l, c) = item_position(doc, i);
        let role = &doc.scheme.role(doc.items()[i].role().expect("a tag")).name;
        writeln!(
            err,
            "{name}:{l}:{c}: warning: empty tag ({role}) is not exported as a label: {why}"
        )?;
    }
    Ok(())
}
