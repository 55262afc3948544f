//! YAML → JSON value with a position for every node, built from yaml-rust2's
//! event stream so that hostile input (alias bombs, deep nesting) is refused
//! before it costs memory.

use std::ops::ControlFlow;

use rustc_hash::FxHashMap as HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use super::positions::{self, Pos, PosIndex};
use crate::diag::{push_pointer, Severity};

mod lenient;

/// Limits that keep a hostile document from exhausting the machine.
pub const MAX_DEPTH: usize = 256;
/// Nodes created through aliases, in total, before the document is refused.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// A problem found while reading; `pos` is where it was found.
#[derive(Debug, Clone)]
pub struct ReadIssue {
    pub pos: Pos,
    pub pointer: String,
    pub fatal: bool,
    pub severity: Severity,
    pub rule: &'static str,
    pub message: String,
}

pub struct YamlDoc {
    pub value: Value,
    pub positions: PosIndex,
    pub issues: Vec<ReadIssue>,
    /// The scanner's error that ended the read, where the parsed text has
    /// it (line from 1, column in characters from 0): what
    /// [`lenient`] looks at.
    failure: Option<(String, usize, usize)>,
}

enum Frame {
    Map {
        map: Map<String, Value>,
        pointer: String,
        key: Option<String>,
        anchor: usize,
        nodes: usize,
    },
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
        nodes: usize,
    },
}

/// Parses YAML text (the first document only). Flow collections and quoted
/// strings indented less than YAML 1.2 allows are read as lenient parsers
/// read them, with a warning (see [`lenient`]).
pub fn parse(text: &str) -> YamlDoc {
    lenient::reread(text, parse_padded(text, HashMap::default()))
}

/// Parses `text`, whose lines in `padding` (numbered from 1) start with that
/// many spaces more than the source's: positions are the source's.
fn parse_padded(text: &str, padding: HashMap<usize, usize>) -> YamlDoc {
    let mut parser = Parser::new_from_str(text);
    let mut tree = Tree {
        padding,
        ..Tree::default()
    };
    loop {
        let flow = match parser.next_token() {
            Ok((event, mark)) => tree.event(event, &mark),
            Err(e) => tree.scan_error(&e),
        };
        if flow.is_break() {
            break;
        }
    }
    YamlDoc {
        value: tree.root.unwrap_or(Value::Null),
        positions: tree.positions,
        issues: tree.issues,
        failure: tree.failure,
    }
}

/// A value a node of the event stream completed: the value, its anchor (0
/// for none) and the number of nodes it holds.
type Completed = (Value, usize, usize);

/// The document being built from the event stream: the collections still
/// open, innermost last, and what has been read so far.
#[derive(Default)]
struct Tree {
    /// Spaces added before lines of the source (see [`parse_padded`]).
    padding: HashMap<usize, usize>,
    failure: Option<(String, usize, usize)>,
    positions: PosIndex,
    issues: Vec<ReadIssue>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, usize)>,
    alias_nodes: usize,
    root: Option<Value>,
}

impl Tree {
    /// Where `m` is in the source, not counting the spaces added before its line.
    fn pos_of(&self, m: &Marker) -> Pos {
        let added = if self.padding.is_empty() {
            0
        } else {
            self.padding.get(&m.line()).copied().unwrap_or(0)
        };
        Pos {
            line: positions::count(m.line()),
            col: positions::count(m.col().saturating_sub(added).saturating_add(1)),
        }
    }

    /// Records an issue that ends the read.
    fn fatal(&mut self, pos: Pos, pointer: &str, rule: &'static str, message: String) {
        self.issues.push(ReadIssue {
            pos,
            pointer: pointer.to_string(),
            fatal: true,
            severity: Severity::Error,
            rule,
            message,
        });
    }

    fn scan_error(&mut self, e: &ScanError) -> ControlFlow<()> {
        let pos = self.pos_of(e.marker());
        self.failure = Some((e.info().to_string(), e.marker().line(), e.marker().col()));
        let pointer = current_pointer(&self.stack);
        if e.info().contains("recursion limit") {
            self.fatal(
                pos,
                &pointer,
                "nesting-too-deep",
                format!(
                    "the document nests deeper than the parser allows ({}); specsmith refuses it",
                    e.info()
                ),
            );
        } else {
            self.fatal(
                pos,
                &pointer,
                "yaml-syntax",
                format!("YAML syntax error: {}", e.info()),
            );
        }
        ControlFlow::Break(())
    }

    /// The pointer a new node at this point would get, and whether it is a key.
    fn next_node(&self) -> (String, bool) {
        match self.stack.last() {
            None => (String::new(), false),
            Some(Frame::Map {
                pointer, key: None, ..
            }) => (pointer.clone(), true),
            Some(Frame::Map {
                pointer,
                key: Some(k),
                ..
            }) => (push_pointer(pointer, k), false),
            Some(Frame::Seq { pointer, items, .. }) => {
                (push_pointer(pointer, &items.len().to_string()), false)
            }
        }
    }

    /// Reads one event; `Break` when the document ended or was refused.
    fn event(&mut self, event: Event, mark: &Marker) -> ControlFlow<()> {
        let pos = self.pos_of(mark);
        let (child_pointer, is_key) = self.next_node();
        let completed: Option<Completed> = match event {
            Event::StreamStart | Event::DocumentStart | Event::Nothing => None,
            Event::DocumentEnd | Event::StreamEnd => return ControlFlow::Break(()),
            Event::MappingStart(anchor, _tag) | Event::SequenceStart(anchor, _tag) if is_key => {
                let _ = anchor;
                self.fatal(
                    pos,
                    &child_pointer,
                    "yaml-syntax",
                    "a mapping key must be a plain value, not a mapping or a sequence".into(),
                );
                return ControlFlow::Break(());
            }
            Event::MappingStart(anchor, _tag) => {
                self.open(pos, child_pointer, |pointer| Frame::Map {
                    map: Map::new(),
                    pointer,
                    key: None,
                    anchor,
                    nodes: 1,
                })?;
                None
            }
            Event::SequenceStart(anchor, _tag) => {
                self.open(pos, child_pointer, |pointer| Frame::Seq {
                    items: Vec::new(),
                    pointer,
                    anchor,
                    nodes: 1,
                })?;
                None
            }
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map {
                    map, anchor, nodes, ..
                }) => Some((Value::Object(map), anchor, nodes)),
                _ => None,
            },
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    items,
                    anchor,
                    nodes,
                    ..
                }) => Some((Value::Array(items), anchor, nodes)),
                _ => None,
            },
            Event::Scalar(text, style, anchor, tag) => {
                if is_key {
                    self.key(text, pos);
                    None
                } else {
                    self.positions.insert_if_absent(&child_pointer, pos);
                    Some((scalar(&text, style, tag.as_ref()), anchor, 1))
                }
            }
            Event::Alias(id) => Some(self.alias(id, pos, &child_pointer, is_key)?),
        };
        if let Some(completed) = completed {
            self.attach(completed);
        }
        ControlFlow::Continue(())
    }

    /// Opens a mapping or a sequence at `pointer`, unless it nests too deep.
    fn open(
        &mut self,
        pos: Pos,
        pointer: String,
        frame: impl FnOnce(String) -> Frame,
    ) -> ControlFlow<()> {
        if self.stack.len() >= MAX_DEPTH {
            self.fatal(
                pos,
                &pointer,
                "nesting-too-deep",
                format!("the document nests deeper than {MAX_DEPTH} levels; specsmith refuses it"),
            );
            return ControlFlow::Break(());
        }
        self.positions.insert_if_absent(&pointer, pos);
        self.stack.push(frame(pointer));
        ControlFlow::Continue(())
    }

    /// A key of the innermost mapping; a key it already has is reported.
    fn key(&mut self, text: String, pos: Pos) {
        let key_pointer = match self.stack.last() {
            Some(Frame::Map { pointer, .. }) => push_pointer(pointer, &text),
            _ => String::new(),
        };
        if let Some(Frame::Map {
            map, key, pointer, ..
        }) = self.stack.last_mut()
        {
            if map.contains_key(&text) && text != "<<" {
                self.issues.push(ReadIssue {
                    pos,
                    pointer: push_pointer(pointer, &text),
                    fatal: false,
                    severity: Severity::Error,
                    rule: "duplicate-key",
                    message: format!("the key `{text}` appears twice in this mapping; the later value wins: remove one"),
                });
            }
            *key = Some(text);
        }
        self.positions.insert_key(&key_pointer, pos);
    }

    /// The value an alias stands for, counted against [`MAX_ALIAS_NODES`].
    fn alias(
        &mut self,
        id: usize,
        pos: Pos,
        pointer: &str,
        is_key: bool,
    ) -> ControlFlow<(), Completed> {
        if is_key {
            self.fatal(
                pos,
                pointer,
                "yaml-syntax",
                "an alias cannot be used as a mapping key here".into(),
            );
            return ControlFlow::Break(());
        }
        match self.anchors.get(&id) {
            Some((v, n)) if self.alias_nodes + n <= MAX_ALIAS_NODES => {
                self.alias_nodes += n;
                self.positions.insert_if_absent(pointer, pos);
                ControlFlow::Continue((v.clone(), 0, *n))
            }
            Some(_) => {
                self.fatal(pos, pointer, "alias-bomb", format!("aliases expand to more than {MAX_ALIAS_NODES} nodes (a billion-laughs document?); specsmith refuses it"));
                ControlFlow::Break(())
            }
            None => {
                self.fatal(
                    pos,
                    pointer,
                    "yaml-syntax",
                    "alias to an unknown anchor".into(),
                );
                ControlFlow::Break(())
            }
        }
    }

    /// Puts a completed value where it belongs: under its anchor, and into
    /// the innermost open collection (or at the root).
    fn attach(&mut self, (value, anchor, nodes): Completed) {
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(value);
            }
            Some(Frame::Map {
                map,
                key,
                nodes: parent_nodes,
                ..
            }) => {
                *parent_nodes += nodes;
                if let Some(k) = key.take() {
                    if k == "<<" {
                        merge_into(map, value);
                    } else {
                        map.insert(k, value);
                    }
                }
            }
            Some(Frame::Seq {
                items,
                nodes: parent_nodes,
                ..
            }) => {
                *parent_nodes += nodes;
                items.push(value);
            }
        }
    }
}

fn current_pointer(stack: &[Frame]) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Map {
            pointer,
            key: Some(k),
            ..
        }) => push_pointer(pointer, k),
        Some(Frame::Map { pointer, .. }) | Some(Frame::Seq { pointer, .. }) => pointer.clone(),
    }
}

/// YAML merge keys (`<<: *base`): keys already present win.
fn merge_into(map: &mut Map<String, Value>, value: Value) {
    match value {
        Value::Object(src) => {
            for (k, v) in src {
                map.entry(k).or_insert(v);
            }
        }
        Value::Array(items) => {
            for item in items {
                merge_into(map, item);
            }
        }
        _ => {}
    }
}

/// Resolves a scalar by the YAML 1.2 core schema.
fn scalar(text: &str, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        match tag.suffix.as_str() {
            "str" => return Value::String(text.to_string()),
            "null" => return Value::Null,
            _ => {}
        }
    }
    if style != TScalarStyle::Plain {
        return Value::String(text.to_string());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(n) = number(text) {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

fn number(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return None;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    if let Some(hex) = unsigned.strip_prefix("0x") {
        let v = i64::from_str_radix(hex, 16).ok()?;
        return Some(Number::from(if negative { -v } else { v }));
    }
    if let Some(oct) = unsigned.strip_prefix("0o") {
        let v = i64::from_str_radix(oct, 8).ok()?;
        return Some(Number::from(if negative { -v } else { v }));
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = text.trim_start_matches('+').parse::<i64>() {
            return Some(Number::from(v));
        }
        if let Ok(v) = text.trim_start_matches('+').parse::<u64>() {
            return Some(Number::from(v));
        }
        // Beyond 64 bits: keep the value as a float rather than failing.
        return text
            .trim_start_matches('+')
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64);
    }
    if is_float_syntax(unsigned) {
        return text
            .trim_start_matches('+')
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64);
    }
    None
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit.
fn is_float_syntax(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_follow_the_core_schema() {
        let doc = parse("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 2024-01-01\ng: -9223372036854776000\nh: 99999999999999999999\n");
        let v = doc.value;
        assert_eq!(v["a"], Value::from(1));
        assert_eq!(v["b"], Value::from(1.5));
        assert_eq!(v["c"], Value::Bool(true));
        assert_eq!(v["d"], Value::Null);
        assert_eq!(v["e"], Value::from("1"));
        assert_eq!(v["f"], Value::from("2024-01-01"));
        assert!(v["g"].is_number());
        assert!(v["h"].as_f64().unwrap() > 9.0e19);
    }

    #[test]
    fn positions_point_at_keys() {
        let doc = parse("openapi: 3.1.0\ninfo:\n  title: x\n  version: '1'\n");
        let p = doc.positions.get("/info/version").unwrap();
        assert_eq!((p.line, p.col), (4, 3));
    }

    #[test]
    fn duplicate_keys_are_reported_not_fatal() {
        let doc = parse("a: 1\na: 2\n");
        assert_eq!(doc.value["a"], Value::from(2));
        assert_eq!(doc.issues.len(), 1);
        assert!(!doc.issues[0].fatal);
        assert_eq!(doc.issues[0].pos.line, 2);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
            prev = name;
        }
        let doc = parse(&text);
        assert!(doc.issues.iter().any(|i| i.rule == "alias-bomb"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000);
        let doc = parse(&text);
        assert!(doc.issues.iter().any(|i| i.rule == "nesting-too-deep"));
    }

    #[test]
    fn merge_keys_merge() {
        let doc = parse("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n");
        assert_eq!(doc.value["c"]["x"], Value::from(1));
        assert_eq!(doc.value["c"]["y"], Value::from(3));
    }
}
