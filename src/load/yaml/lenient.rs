//! YAML whose flow collections (`{…}`, `[…]`) or quoted strings go on at
//! lines indented less than YAML 1.2 allows: JSON pasted into a YAML file
//! as an example, or a closing `}` one column short. yaml-rust2 refuses
//! such a file; js-yaml and PyYAML read it, since inside a flow collection
//! and on a quoted string's later lines indentation carries no meaning.
//! specsmith reads it as they do: the short lines are read as if indented
//! just enough (spaces there change no value), and each run of them is
//! reported (`yaml-indentation`, a warning) at its place in the source.

use std::collections::BTreeMap;

use super::{parse_padded, HashMap, ReadIssue, YamlDoc};
use crate::diag::Severity;
use crate::load::positions::{self, Pos};

/// The finding for lines read this way.
pub const RULE: &str = "yaml-indentation";

/// The scanner's errors that mean a flow collection's line is indented too little.
const FLOW: [&str; 2] = [
    "invalid indentation",
    "invalid indentation in flow construct",
];
/// The scanner's error that means a quoted string's later line is.
const QUOTED: &str = "invalid indentation in quoted scalar";

/// Rereading stops once this many bytes were read again in all: a spec of
/// megabytes gets dozens of tries, a small one hundreds.
const BUDGET: usize = 256 << 20;
/// No line is read with more spaces added than this.
const MAX_PAD: usize = 1024;

/// `first` (the read of `text`), or when it failed only on lines indented
/// too little, the read of `text` with those lines indented enough, and a
/// warning per run of such lines. If that read fails too (on anything
/// else, or past the budget), `first`, whose error is the file's first.
pub(super) fn reread(text: &str, first: YamlDoc) -> YamlDoc {
    let Some(mut short) = under_indented(&first) else {
        return first;
    };
    let mut pointer = failed_at(&first);
    let lines: Vec<&str> = text.split('\n').collect();
    // Spaces added before each line (from 0), and the pointer of the node
    // being read where the line first failed.
    let mut pad: BTreeMap<usize, usize> = BTreeMap::new();
    let mut pointers: BTreeMap<usize, String> = BTreeMap::new();
    let mut read = 0usize;
    loop {
        let padded = match short {
            Short::Line(line) => pad_line(&lines, &mut pad, line),
            Short::Quoted(line, col) => pad_quoted(&lines, &mut pad, line, col),
        };
        if padded.is_empty() || pad.values().any(|&n| n > MAX_PAD) {
            return first;
        }
        for l in padded {
            pointers.entry(l).or_insert_with(|| pointer.clone());
        }
        let source = padded_text(&lines, &pad);
        read += source.len();
        if read > BUDGET {
            return first;
        }
        let padding: HashMap<usize, usize> = pad.iter().map(|(&l, &n)| (l + 1, n)).collect();
        let mut doc = parse_padded(&source, padding);
        match under_indented(&doc) {
            Some(next) => {
                short = next;
                pointer = failed_at(&doc);
            }
            // Another error: the short lines were likely not the problem
            // (a stray `{` or quote swallows the lines after it), so the
            // first read's error stands.
            None if doc.issues.iter().any(|i| i.fatal) => return first,
            None => {
                doc.issues.extend(warnings(&lines, &pad, &pointers));
                return doc;
            }
        }
    }
}

/// The pointer of the node a read failed in.
fn failed_at(doc: &YamlDoc) -> String {
    doc.issues
        .iter()
        .find(|i| i.fatal)
        .map(|i| i.pointer.clone())
        .unwrap_or_default()
}

/// What a read failed on, when it failed on indentation.
#[derive(Clone, Copy)]
enum Short {
    /// A line (from 0) inside a flow collection.
    Line(usize),
    /// A quoted string starting at this line (from 0) and column (in characters).
    Quoted(usize, usize),
}

fn under_indented(doc: &YamlDoc) -> Option<Short> {
    let (info, line, col) = doc.failure.as_ref()?;
    let line = line.checked_sub(1)?;
    if FLOW.contains(&info.as_str()) {
        Some(Short::Line(line))
    } else if info == QUOTED {
        Some(Short::Quoted(line, *col))
    } else {
        None
    }
}

/// The spaces added before line `l`.
fn added(pad: &BTreeMap<usize, usize>, l: usize) -> usize {
    pad.get(&l).copied().unwrap_or(0)
}

/// The spaces a line starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The column where a line's content starts after any `- ` of sequence
/// entries: where a key on it stands.
fn key_col(line: &str) -> usize {
    let mut rest = line.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    line.len() - rest.len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Adds spaces before the flow collection's line `at` so that it stands one
/// column past the key of the line above it (or, when it already does, one
/// column further); the lines changed.
fn pad_line(lines: &[&str], pad: &mut BTreeMap<usize, usize>, at: usize) -> Vec<usize> {
    let Some(line) = lines.get(at) else {
        return Vec::new();
    };
    let above = (0..at)
        .rev()
        .find(|&l| lines.get(l).is_some_and(|t| !is_blank(t)))
        .and_then(|l| Some(added(pad, l) + key_col(lines.get(l)?)))
        .unwrap_or(0);
    let now = added(pad, at) + indent(line);
    let want = if now > above { now + 1 } else { above + 1 };
    pad.insert(at, want - indent(line));
    vec![at]
}

/// Adds spaces before the later lines of the quoted string that starts at
/// (`at`, `col`), up to one column past the key of its first line; the
/// lines changed.
fn pad_quoted(
    lines: &[&str],
    pad: &mut BTreeMap<usize, usize>,
    at: usize,
    col: usize,
) -> Vec<usize> {
    let Some(first) = lines.get(at) else {
        return Vec::new();
    };
    let Some(last) = quoted_end(lines, at, col.saturating_sub(added(pad, at))) else {
        return Vec::new();
    };
    let want = added(pad, at) + key_col(first) + 1;
    let mut changed = Vec::new();
    for l in at + 1..=last {
        let Some(line) = lines.get(l) else { break };
        if is_blank(line) || added(pad, l) + indent(line) >= want {
            continue;
        }
        pad.insert(l, want - indent(line));
        changed.push(l);
    }
    changed
}

/// The line (from 0) where the quoted string that opens at `lines[at]`,
/// character `col` (of the source line), is closed; `None` when no quote
/// opens there or none closes it.
fn quoted_end(lines: &[&str], at: usize, col: usize) -> Option<usize> {
    let mut chars = lines.get(at)?.chars().skip(col);
    let quote = chars.next().filter(|c| *c == '"' || *c == '\'')?;
    let mut rest: Vec<char> = chars.collect();
    for l in at..lines.len() {
        if l > at {
            rest = lines.get(l)?.chars().collect();
        }
        let mut i = 0;
        while let Some(&c) = rest.get(i) {
            match c {
                '\\' if quote == '"' => i += 2,
                '\'' if quote == '\'' && rest.get(i + 1) == Some(&'\'') => i += 2,
                c if c == quote => return Some(l),
                _ => i += 1,
            }
        }
    }
    None
}

/// The source with the spaces of `pad` added.
fn padded_text(lines: &[&str], pad: &BTreeMap<usize, usize>) -> String {
    let extra: usize = pad.values().sum();
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum::<usize>() + extra);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(&n) = pad.get(&i) {
            out.extend(std::iter::repeat_n(' ', n));
        }
        out.push_str(line);
    }
    out
}

/// One warning per run of lines read with spaces added (runs broken only by
/// blank lines are one), at its first line.
fn warnings(
    lines: &[&str],
    pad: &BTreeMap<usize, usize>,
    pointers: &BTreeMap<usize, String>,
) -> Vec<ReadIssue> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &l in pad.keys() {
        match runs.last_mut() {
            Some((_, end)) if (*end + 1..l).all(|b| lines.get(b).is_none_or(|t| is_blank(t))) => {
                *end = l;
            }
            _ => runs.push((l, l)),
        }
    }
    runs.into_iter()
        .map(|(start, end)| {
            let which = if start == end {
                format!("line {} is", start + 1)
            } else {
                format!("lines {} to {} are", start + 1, end + 1)
            };
            ReadIssue {
                pos: Pos {
                    line: positions::count(start + 1),
                    col: positions::count(lines.get(start).map_or(0, |l| indent(l)) + 1),
                },
                pointer: pointers.get(&start).cloned().unwrap_or_default(),
                fatal: false,
                severity: Severity::Warning,
                rule: RULE,
                message: format!(
                    "{which} indented less than YAML allows inside a flow collection or a quoted \
                     string: strict YAML parsers refuse the file, and specsmith reads the text as \
                     js-yaml and PyYAML do. Indent it past the key it belongs to"
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::RULE;
    use serde_json::json;

    fn warnings(doc: &super::YamlDoc) -> Vec<(u32, u32, String)> {
        doc.issues
            .iter()
            .filter(|i| i.rule == RULE)
            .map(|i| (i.pos.line, i.pos.col, i.message.clone()))
            .collect()
    }

    #[test]
    fn a_closing_bracket_one_column_short_is_read() {
        let text = "a:\n  b:\n    value: {\n      \"x\": [\n        1\n      ]\n   }\n  c: 2\n";
        let doc = parse(text);
        assert!(doc.issues.iter().all(|i| !i.fatal), "{:?}", doc.issues);
        assert_eq!(
            doc.value,
            json!({"a": {"b": {"value": {"x": [1]}}, "c": 2}})
        );
        let w = warnings(&doc);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!((w[0].0, w[0].1), (7, 4));
        assert!(w[0].2.starts_with("line 7 is indented less"), "{}", w[0].2);
    }

    #[test]
    fn json_pasted_at_the_margin_is_read_with_its_positions() {
        let text = "s:\n  A:\n    example: {\n\"a\": 1,\n\"b\": [1,\n2]\n}\n    type: object\n";
        let doc = parse(text);
        assert!(doc.issues.iter().all(|i| !i.fatal), "{:?}", doc.issues);
        assert_eq!(
            doc.value,
            json!({"s": {"A": {"example": {"a": 1, "b": [1, 2]}, "type": "object"}}})
        );
        let w = warnings(&doc);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!((w[0].0, w[0].1), (4, 1));
        assert!(w[0].2.starts_with("lines 4 to 7 are"), "{}", w[0].2);
        // Positions are the source's, not the padded text's.
        let b = doc.positions.get("/s/A/example/b").expect("b");
        assert_eq!((b.line, b.col), (5, 1));
        let t = doc.positions.get("/s/A/type").expect("type");
        assert_eq!((t.line, t.col), (8, 5));
    }

    #[test]
    fn a_quoted_string_continued_at_the_margin_is_read() {
        let text = "a:\n  d: \"first\n second \\\" still\n third\"\n  e: 'it''s\n x'\n";
        let doc = parse(text);
        assert!(doc.issues.iter().all(|i| !i.fatal), "{:?}", doc.issues);
        assert_eq!(
            doc.value,
            json!({"a": {"d": "first second \" still third", "e": "it's x"}})
        );
        let w = warnings(&doc);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!((w[0].0, w[1].0), (3, 6));
    }

    #[test]
    fn other_errors_are_not_mended() {
        // A block mapping indented wrongly is no flow collection: the read
        // fails as before, with no warning.
        // A stray `{` that swallows the block lines after it fails on them
        // whatever their indentation: its first error stands, alone.
        for text in [
            "a:\n  b: 1\n c: 2\n",
            "a: {b: 1\n",
            "a: \"open\n",
            "k:\n  a: {\n  b: 1\n  c: 2\n",
        ] {
            let doc = parse(text);
            assert!(doc.issues.iter().any(|i| i.fatal), "{text:?}");
            assert!(warnings(&doc).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn well_indented_yaml_gets_no_warning() {
        let doc = parse("a: {\n    b: 1\n  }\nc: [1,\n  2]\n");
        assert!(doc.issues.is_empty(), "{:?}", doc.issues);
    }
}
