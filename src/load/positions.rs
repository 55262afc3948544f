//! Source positions by JSON pointer, for YAML (recorded while parsing) and JSON
//! (recorded by a scan over the already-validated text).

use std::collections::HashMap;

use crate::diag::push_pointer;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// Pointer → position. For an object member this is where its key starts.
#[derive(Debug, Default, Clone)]
pub struct PosIndex {
    map: HashMap<String, Pos>,
}

impl PosIndex {
    pub fn insert_key(&mut self, pointer: &str, pos: Pos) {
        self.map.insert(pointer.to_string(), pos);
    }

    pub fn insert_if_absent(&mut self, pointer: &str, pos: Pos) {
        if !self.map.contains_key(pointer) {
            self.map.insert(pointer.to_string(), pos);
        }
    }

    pub fn get(&self, pointer: &str) -> Option<Pos> {
        self.map.get(pointer).copied()
    }

    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn nearest(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.map.get(p) {
                return *pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Pos { line: 1, col: 1 },
            }
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Scans JSON text that serde_json has already accepted and records where
/// every member key and array element starts.
pub fn index_json(text: &str) -> PosIndex {
    let b = text.as_bytes();
    let mut idx = PosIndex::default();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    // Each open container: its pointer, whether it is an array, and the next array index.
    let mut stack: Vec<(String, bool, usize)> = Vec::new();
    let mut pending_key: Option<String> = None;
    let col = |i: usize, line_start: usize| -> u32 {
        // Columns count characters, not bytes.
        text[line_start..i].chars().count() as u32 + 1
    };
    // Position of the value about to start, and its pointer.
    let value_start = |stack: &mut Vec<(String, bool, usize)>,
                       pending_key: &mut Option<String>,
                       idx: &mut PosIndex,
                       pos: Pos|
     -> String {
        match stack.last_mut() {
            None => String::new(),
            Some((p, true, n)) => {
                let ptr = push_pointer(p, &n.to_string());
                *n += 1;
                idx.insert_if_absent(&ptr, pos);
                ptr
            }
            Some((p, false, _)) => {
                let key = pending_key.take().unwrap_or_default();
                push_pointer(p, &key)
            }
        }
    };
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
                line_start = i;
            }
            b'{' | b'[' => {
                let pos = Pos {
                    line,
                    col: col(i, line_start),
                };
                let ptr = value_start(&mut stack, &mut pending_key, &mut idx, pos);
                if ptr.is_empty() {
                    idx.insert_if_absent("", pos);
                }
                stack.push((ptr, b[i] == b'[', 0));
                i += 1;
            }
            b'}' | b']' => {
                stack.pop();
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < b.len() {
                    match b[i] {
                        b'\\' => {
                            escaped = true;
                            i += 2;
                        }
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                let end = i.min(b.len());
                i += 1;
                let raw = &text[start + 1..end];
                // A string is a key when the next significant byte is a colon.
                let mut j = i;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                    j += 1;
                }
                let in_object = matches!(stack.last(), Some((_, false, _)));
                if in_object && pending_key.is_none() && j < b.len() && b[j] == b':' {
                    let key = if escaped {
                        serde_json::from_str::<String>(&text[start..end + 1])
                            .unwrap_or_else(|_| raw.to_string())
                    } else {
                        raw.to_string()
                    };
                    let parent = stack.last().map(|s| s.0.as_str()).unwrap_or("");
                    idx.insert_key(
                        &push_pointer(parent, &key),
                        Pos {
                            line,
                            col: col(start, line_start),
                        },
                    );
                    pending_key = Some(key);
                } else {
                    let pos = Pos {
                        line,
                        col: col(start, line_start),
                    };
                    value_start(&mut stack, &mut pending_key, &mut idx, pos);
                }
            }
            b' ' | b'\t' | b'\r' | b',' | b':' => i += 1,
            _ => {
                // A number, true, false or null.
                let pos = Pos {
                    line,
                    col: col(i, line_start),
                };
                value_start(&mut stack, &mut pending_key, &mut idx, pos);
                while i < b.len()
                    && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                {
                    i += 1;
                }
            }
        }
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_positions() {
        let text = "{\n  \"a\": {\"b~/c\": [1, {\"d\": true}]},\n  \"é\": \"x\"\n}";
        let idx = index_json(text);
        assert_eq!(idx.get("/a"), Some(Pos { line: 2, col: 3 }));
        assert_eq!(idx.get("/a/b~0~1c"), Some(Pos { line: 2, col: 9 }));
        assert_eq!(idx.get("/a/b~0~1c/1/d"), Some(Pos { line: 2, col: 22 }));
        assert_eq!(idx.get("/é"), Some(Pos { line: 3, col: 3 }));
    }
}
