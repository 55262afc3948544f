//! Struct and const columns aligned the way gofmt aligns them.

use super::*;

/// Pads names and types the way gofmt aligns them: per section, where a
/// section is a run of lines that starts at a line with a comment.
pub(super) fn align(lines: &mut [Line]) {
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && lines[end].doc.is_empty() {
            end += 1;
        }
        let section = &mut lines[start..end];
        let name_w = section
            .iter()
            .map(|l| l.name.chars().count())
            .max()
            .unwrap_or(0);
        let any_tag = section.iter().any(|l| !l.tag.is_empty());
        let type_w = section
            .iter()
            .filter(|l| !l.tag.is_empty())
            .map(|l| l.ty.chars().count())
            .max()
            .unwrap_or(0);
        for l in section.iter_mut() {
            l.pad_name = " ".repeat(name_w - l.name.chars().count());
            l.pad_type = if any_tag && !l.tag.is_empty() {
                " ".repeat(type_w - l.ty.chars().count())
            } else {
                String::new()
            };
        }
        start = end;
    }
}
