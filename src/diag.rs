//! Diagnostics shared by every stage: a rule id, a severity, a message that says
//! what to do, and a location (file, line, column, JSON pointer).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in a spec file. Line and column are 1-based; `pointer` is the JSON
/// pointer of the node inside `file`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Loc {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub pointer: String,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub loc: Loc,
    pub severity: Severity,
    pub rule: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            loc,
            severity,
            rule: rule.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A finding about no node in particular (a target option, a
        // manifest entry with no counterpart) has no location to print.
        if !self.loc.file.is_empty() {
            write!(f, "{}: ", self.loc)?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.rule, self.message)?;
        if !self.loc.pointer.is_empty() {
            write!(f, " ({})", self.loc.pointer)?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(seg: &str) -> String {
    if seg.contains(['~', '/']) {
        seg.replace('~', "~0").replace('/', "~1")
    } else {
        seg.to_string()
    }
}

/// Appends a segment to a pointer.
pub fn push_pointer(base: &str, seg: &str) -> String {
    let mut s = String::with_capacity(base.len() + seg.len() + 1);
    s.push_str(base);
    push_segment(&mut s, seg);
    s
}

/// Appends a segment to a pointer held in a buffer, in place: a walk over
/// a document builds each node's pointer this way and `truncate`s back to
/// the parent's length, instead of allocating one pointer per node.
pub fn push_segment(pointer: &mut String, seg: &str) {
    pointer.push('/');
    if memchr::memchr2(b'~', b'/', seg.as_bytes()).is_some() {
        pointer.push_str(&escape_segment(seg));
    } else {
        pointer.push_str(seg);
    }
}

/// Appends an array index to a pointer held in a buffer (see [`push_segment`]).
pub fn push_index(pointer: &mut String, i: usize) {
    pointer.push('/');
    pointer.push_str(itoa::Buffer::new().format(i));
}

/// The node a JSON pointer names, as `serde_json::Value::pointer` finds it,
/// without allocating for segments that hold no escape (most of them: a
/// lowering or a lint looks up hundreds of thousands).
pub fn lookup<'a>(root: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut target = root;
    for seg in pointer.strip_prefix('/')?.split('/') {
        target = step(target, seg)?;
    }
    Some(target)
}

/// Up to this many members, a JSON object is searched by comparing keys.
/// serde_json's map hashes the key of every lookup (SipHash); a schema has
/// a handful of members, and the normaliser asks each for forty keywords
/// and a walk by pointer for one member a level, so comparing short strings
/// costs a fraction of hashing each name.
pub(crate) const SCAN_MAX: usize = 12;

/// `map.get(key)`, searched by comparing keys in small maps ([`SCAN_MAX`]).
pub(crate) fn member<'m>(
    map: &'m serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<&'m serde_json::Value> {
    if map.len() > SCAN_MAX {
        return map.get(key);
    }
    map.iter().find_map(|(k, v)| (k == key).then_some(v))
}

/// The member or item of `node` that one pointer segment (escaped) names.
fn step<'a>(node: &'a serde_json::Value, seg: &str) -> Option<&'a serde_json::Value> {
    use serde_json::Value;
    let key = unescape_segment(seg);
    match node {
        Value::Object(map) => member(map, &key),
        Value::Array(items) => items.get(array_index(&key)?),
        _ => None,
    }
}

/// Nodes of one document found by pointer as [`lookup`] finds them, each
/// walk starting where the previous one's pointer and this one part: a
/// walk that looks up a schema, then its properties, then each property's
/// schema hashes only the segments that differ.
pub struct Walk<'a> {
    root: &'a serde_json::Value,
    /// The pointer looked up last.
    pointer: String,
    /// Each segment of `pointer` that was found: the pointer's length up to
    /// the segment's end, and the node there.
    found: Vec<(usize, &'a serde_json::Value)>,
}

impl<'a> Walk<'a> {
    pub fn new(root: &'a serde_json::Value) -> Self {
        Walk {
            root,
            pointer: String::new(),
            found: Vec::new(),
        }
    }

    /// The node `pointer` names: what [`lookup`] gives.
    pub fn find(&mut self, pointer: &str) -> Option<&'a serde_json::Value> {
        if pointer.is_empty() {
            return Some(self.root);
        }
        if !pointer.starts_with('/') {
            return None;
        }
        // The nodes found last stay where `pointer` has the same segments:
        // the same text up to a segment's end, which ends `pointer` too.
        // The deepest such node is found by comparing whole prefixes (a
        // vector compare), from the last node found up.
        let (p, last) = (pointer.as_bytes(), self.pointer.as_bytes());
        while let Some(&(end, _)) = self.found.last() {
            if p.get(end).is_none_or(|&b| b == b'/') && p.get(..end) == last.get(..end) {
                break;
            }
            self.found.pop();
        }
        self.pointer.clear();
        self.pointer.push_str(pointer);
        let (mut end, mut node) = self.found.last().copied().unwrap_or((0, self.root));
        if end == pointer.len() {
            return Some(node);
        }
        // `pointer[end..]` starts with the `/` of the first segment to find.
        for seg in pointer[end + 1..].split('/') {
            node = step(node, seg)?;
            end += 1 + seg.len();
            self.found.push((end, node));
        }
        Some(node)
    }
}

/// One pointer segment unescaped (`~1` → `/`, `~0` → `~`), in one pass;
/// borrowed when it holds no escape, as most names do.
pub fn unescape_segment(seg: &str) -> std::borrow::Cow<'_, str> {
    if !seg.contains('~') {
        return std::borrow::Cow::Borrowed(seg);
    }
    let mut out = String::with_capacity(seg.len());
    let mut rest = seg;
    while let Some(i) = rest.find('~') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        match rest.as_bytes().first() {
            Some(b'1') => {
                out.push('/');
                rest = &rest[1..];
            }
            Some(b'0') => {
                out.push('~');
                rest = &rest[1..];
            }
            _ => out.push('~'),
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// An array index in a pointer: digits without a sign or a leading zero.
fn array_index(s: &str) -> Option<usize> {
    if s.starts_with('+') || (s.starts_with('0') && s.len() != 1) {
        return None;
    }
    s.parse().ok()
}

/// Splits a pointer into unescaped segments. `""` is the root.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|seg| unescape_segment(seg).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_what_serde_json_finds() {
        let doc = serde_json::json!({
            "a/b": {"c~d": [1, {"~01": true, "~1": "x"}]},
            "": {"0": "empty key"},
            "list": ["zero", "one"],
        });
        for p in [
            "",
            "/",
            "/a~1b",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/~001",
            "/a~1b/c~0d/1/~01",
            "/a~1b/c~0d/1/~1",
            "/a~1b/c~0d/01",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/2",
            "//0",
            "/list/0",
            "/list/00",
            "/list/-1",
            "/list/x",
            "a",
            "/missing/x",
        ] {
            assert_eq!(lookup(&doc, p), doc.pointer(p), "{p}");
        }
        for seg in [
            "~01", "~~1", "~10", "~0~1", "~~01", "a~", "~", "~2", "plain",
        ] {
            assert_eq!(
                unescape_segment(seg),
                seg.replace("~1", "/").replace("~0", "~"),
                "{seg}"
            );
        }
    }

    #[test]
    fn a_walk_finds_what_lookup_finds_whatever_came_before() {
        let doc = serde_json::json!({
            "a/b": {"c~d": [1, {"~01": true, "~1": "x"}], "c": {"d": 2}},
            "": {"0": "empty key", "": {"": 3}},
            "list": ["zero", {"one": [1, [2]]}],
            "ab": {"c": 4},
        });
        let pointers = [
            "",
            "/",
            "///",
            "//",
            "//0",
            "/a~1b",
            "/a~1b/c",
            "/a~1b/c/d",
            "/a~1b/c~0d",
            "/a~1b/c~0d/1/~01",
            "/a~1b/c~0d/1/~1",
            "/a~1b/c~0d/01",
            "/ab",
            "/ab/c",
            "/a",
            "/list/1/one/1/0",
            "/list/1/one/1",
            "/list/1/one/10",
            "/list/10",
            "/list/1/on",
            "/missing/x",
            "/missing",
            "a",
            "/ab/c/",
        ];
        // After every other pointer, and along the list both ways.
        for p in pointers {
            for q in pointers {
                let mut walk = Walk::new(&doc);
                assert_eq!(walk.find(p), doc.pointer(p), "{p}");
                assert_eq!(walk.find(q), doc.pointer(q), "{q} after {p}");
                assert_eq!(walk.find(p), doc.pointer(p), "{p} after {q}");
            }
        }
        let mut walk = Walk::new(&doc);
        for p in pointers.iter().chain(pointers.iter().rev()) {
            assert_eq!(walk.find(p), doc.pointer(p), "{p}");
        }
    }
}
