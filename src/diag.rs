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
    s.push('/');
    s.push_str(&escape_segment(seg));
    s
}

/// Splits a pointer into unescaped segments. `""` is the root.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}
