//! Source positions by JSON pointer, for YAML (recorded while parsing) and JSON
//! (recorded by a scan over the already-validated text).

use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A line or column count as stored in a [`Pos`]: past `u32::MAX` (a file
/// over 4 GiB, which the loader refuses anyway) it stays at the maximum
/// instead of wrapping.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Pointer → position. For an object member this is where its key starts.
///
/// A large spec has a pointer for every node (80,000 for Stripe): they are
/// kept one after another in one string, and the table holds where each
/// starts, so the index makes no allocation per node.
#[derive(Debug, Default, Clone)]
pub struct PosIndex {
    /// Every pointer's text, one after another.
    keys: String,
    /// (start in `keys`, length, position), found by the pointer's hash.
    table: hashbrown::HashTable<(usize, usize, Pos)>,
}

impl PosIndex {
    fn hash(pointer: &str) -> u64 {
        FxBuildHasher.hash_one(pointer)
    }

    fn set(&mut self, pointer: &str, pos: Pos, replace: bool) {
        let keys = &self.keys;
        let entry = self.table.entry(
            Self::hash(pointer),
            |e| key(keys, e) == pointer,
            |e| Self::hash(key(keys, e)),
        );
        match entry {
            Entry::Occupied(mut slot) if replace => slot.get_mut().2 = pos,
            Entry::Occupied(_) => {}
            Entry::Vacant(slot) => {
                slot.insert((self.keys.len(), pointer.len(), pos));
                self.keys.push_str(pointer);
            }
        }
    }

    pub fn insert_key(&mut self, pointer: &str, pos: Pos) {
        self.set(pointer, pos, true);
    }

    pub fn insert_if_absent(&mut self, pointer: &str, pos: Pos) {
        self.set(pointer, pos, false);
    }

    pub fn get(&self, pointer: &str) -> Option<Pos> {
        let keys = &self.keys;
        let found = self
            .table
            .find(Self::hash(pointer), |e| key(keys, e) == pointer);
        found.map(|e| e.2)
    }

    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn nearest(&self, pointer: &str) -> Pos {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.get(p) {
                return pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Pos { line: 1, col: 1 },
            }
        }
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// What a scan of a file's text saw of the keywords that make the loader
/// walk the whole document: a walk that looks for something the text never
/// holds is skipped. Each flag is a superset: `true` when the text may hold
/// one (a value with an escape is not decoded and counts as maybe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefHints {
    /// A `$ref` that may name another file (not starting with `#`).
    pub external: bool,
    /// A `$ref` that may point into the middle of a component
    /// ([`crate::load::is_deep_ref`]).
    pub deep: bool,
    /// An `$id` or `$anchor` key.
    pub ids: bool,
}

impl RefHints {
    /// Notes the value of a `$ref` member: `text` is what follows the key's
    /// colon.
    fn reference(&mut self, text: &[u8]) {
        let at = text
            .iter()
            .position(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(text.len());
        if text.get(at) != Some(&b'"') {
            // Not a string: nothing for the walks, which look below it at
            // keys this scan sees as well.
            return;
        }
        let (end, escaped) = string_end(text, at + 1);
        match text.get(at + 1..end).map(std::str::from_utf8) {
            Some(Ok(r)) if !escaped => {
                self.external |= !r.starts_with('#');
                self.deep |= crate::load::is_deep_ref(r);
            }
            _ => {
                self.external = true;
                self.deep = true;
            }
        }
    }
}

/// The pointer an index entry (start in the buffer, length, position) holds.
fn key<'a>(keys: &'a str, &(at, len, _): &(usize, usize, Pos)) -> &'a str {
    keys.get(at..at + len).unwrap_or_default()
}

/// Scans JSON text (that serde_json accepts, or the parse beside it
/// refuses) and records where every member key and array element starts,
/// and what the text holds of `$ref`, `$id` and `$anchor`.
pub fn index_json(text: &str) -> (PosIndex, RefHints) {
    let b = text.as_bytes();
    let mut idx = PosIndex::default();
    let mut hints = RefHints::default();
    // Sized for real specs, so that neither grows by copying: about one
    // node per 50 bytes of text, and pointers twice as long as the text in
    // all. Untouched capacity is address space, not memory.
    idx.table.reserve(b.len() / 48, |_| 0);
    idx.keys.reserve(b.len().saturating_mul(3));
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    // The pointer of the current position, built in one buffer: each open
    // container remembers the buffer length to return to, whether it is an
    // array, and its next index; `member_len` is where the last key starts.
    let mut path = String::new();
    let mut stack: Vec<(usize, bool, usize)> = Vec::new();
    let mut member_len: Option<usize> = None;
    // Columns count characters, not bytes. Positions only move forward, so
    // count from the last one asked for (minified JSON is one long line).
    let mut col_cache = (0usize, 0usize, 1u32);
    let mut col = |i: usize, line_start: usize| -> u32 {
        if col_cache.0 != line_start || col_cache.1 > i {
            col_cache = (line_start, line_start, 1);
        }
        let run = &text[col_cache.1..i];
        let chars = if run.is_ascii() {
            run.len()
        } else {
            run.chars().count()
        };
        let c = col_cache.2.saturating_add(count(chars));
        col_cache = (line_start, i, c);
        c
    };
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
                line_start = i;
            }
            b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                let is_string = b[i] == b'"';
                let start = i;
                let mut key: Option<&str> = None;
                if is_string {
                    let escaped;
                    (i, escaped) = string_end(b, i + 1);
                    let end = i.min(b.len());
                    i += 1;
                    let mut j = i;
                    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                        j += 1;
                    }
                    let in_object = matches!(stack.last(), Some((_, false, _)));
                    if in_object && member_len.is_none() && j < b.len() && b[j] == b':' {
                        let raw = &text[start + 1..end];
                        let owned;
                        let k = if escaped {
                            owned = serde_json::from_str::<String>(&text[start..end + 1])
                                .unwrap_or_else(|_| raw.to_string());
                            owned.as_str()
                        } else {
                            raw
                        };
                        let base = stack.last().map(|s| s.0).unwrap_or(0);
                        path.truncate(base);
                        member_len = Some(base);
                        crate::diag::push_segment(&mut path, k);
                        let pos = Pos {
                            line,
                            col: col(start, line_start),
                        };
                        idx.insert_key(&path, pos);
                        match k {
                            "$ref" => hints.reference(&b[j + 1..]),
                            "$id" | "$anchor" => hints.ids = true,
                            _ => {}
                        }
                        key = Some("");
                    }
                }
                if key.is_some() {
                    continue;
                }
                // A value starts here: find its pointer.
                match stack.last_mut() {
                    None => path.clear(),
                    Some((base, true, n)) => {
                        path.truncate(*base);
                        path.push('/');
                        path.push_str(itoa::Buffer::new().format(*n));
                        *n += 1;
                        let pos = Pos {
                            line,
                            col: col(start, line_start),
                        };
                        idx.insert_if_absent(&path, pos);
                    }
                    Some((_, false, _)) => {
                        // `path` already ends with the member's key.
                        member_len = None;
                    }
                }
                if !is_string {
                    if b[start] == b'{' || b[start] == b'[' {
                        if stack.is_empty() {
                            let pos = Pos {
                                line,
                                col: col(start, line_start),
                            };
                            idx.insert_if_absent("", pos);
                        }
                        if stack.len() >= super::yaml::MAX_DEPTH {
                            // Deeper than any document that loads: the parse
                            // beside this refuses it, and the index stops
                            // here rather than grow with a hostile nesting.
                            return (idx, hints);
                        }
                        stack.push((path.len(), b[start] == b'[', 0));
                        member_len = None;
                        i = start + 1;
                    } else {
                        i = start;
                        while i < b.len()
                            && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                        {
                            i += 1;
                        }
                    }
                }
            }
            b'}' | b']' => {
                stack.pop();
                member_len = None;
                i += 1;
            }
            b' ' => i = past_spaces(b, i),
            _ => i += 1,
        }
    }
    (idx, hints)
}

/// Where the string whose text starts at `i` ends (its closing quote, or
/// past the end of a cut text), and whether it has an escape. Descriptions
/// are long: their bytes are searched for a quote or a backslash, not
/// visited one by one.
fn string_end(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut escaped = false;
    loop {
        match b
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
        {
            Some(n) if b[i + n] == b'\\' => {
                escaped = true;
                i += n + 2;
            }
            Some(n) => return (i + n, escaped),
            None => return (i.max(b.len()), escaped),
        }
    }
}

/// Past the run of spaces at `i`. Indentation is half of a pretty-printed
/// spec's bytes: it is skipped eight spaces at a time.
fn past_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i..i + 8) == Some(b"        ") {
        i += 8;
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_positions() {
        let text = "{\n  \"a\": {\"b~/c\": [1, {\"d\": true}]},\n  \"é\": \"x\"\n}";
        let (idx, _) = index_json(text);
        assert_eq!(idx.get("/a"), Some(Pos { line: 2, col: 3 }));
        assert_eq!(idx.get("/a/b~0~1c"), Some(Pos { line: 2, col: 9 }));
        assert_eq!(idx.get("/a/b~0~1c/1/d"), Some(Pos { line: 2, col: 22 }));
        assert_eq!(idx.get("/é"), Some(Pos { line: 3, col: 3 }));
    }

    #[test]
    fn the_scan_notes_the_refs_and_ids_a_text_may_hold() {
        let hints = |text: &str| {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "{text}"
            );
            index_json(text).1
        };
        let none = RefHints::default();
        let external = RefHints {
            external: true,
            ..none
        };
        let deep = RefHints { deep: true, ..none };
        let maybe = RefHints {
            external: true,
            deep: true,
            ..none
        };
        let ids = RefHints { ids: true, ..none };
        for (text, want) in [
            (r##"{"a": {"$ref": "#/components/schemas/A"}}"##, none),
            (r##"{"a": {"$ref" : "#/components/schemas"}}"##, none),
            (r##"{"a": {"$ref":"b.yaml#/A"}}"##, external),
            (r##"{"a": {"$ref": ""}}"##, external),
            (
                r##"{"a": {"$ref":  "#/components/schemas/A/properties/b"}}"##,
                deep,
            ),
            (
                r##"{"a": [{"$ref":"#/components/parameters/p/schema"}]}"##,
                deep,
            ),
            // Escapes are not decoded: either kind may hide behind one.
            (r##"{"a": {"$ref": "#\/components/schemas/A"}}"##, maybe),
            (r##"{"a": {"\u0024ref": "other.json"}}"##, external),
            // Not a string: the keys below it are seen on their own.
            (r##"{"a": {"$ref": {"$ref": "x.json"}}}"##, external),
            (r##"{"a": {"$ref": 1}}"##, none),
            // Text that only looks like a ref, in a value or a key's name.
            (
                r##"{"description": "\"$ref\": \"x.json\"", "$refs": "y"}"##,
                none,
            ),
            (r##"{"a": {"$id": "https://e.com/a"}}"##, ids),
            (r##"{"a": {"$anchor": "a"}}"##, ids),
        ] {
            assert_eq!(hints(text), want, "{text}");
        }
    }

    #[test]
    fn long_indentation_and_escaped_quotes_are_skipped_whole() {
        // Runs of 7 to 17 spaces (around the eight-byte steps), escaped
        // quotes and backslashes before and at a string's end, and a
        // non-ASCII character before a key on its line.
        let text = concat!(
            "{\n",
            "       \"a\": \"say \\\"hi\\\" \\\\\",\n",
            "        \"b\": [\n",
            "                 \"x\\\\\", \"y\"\n",
            "        ],\n",
            "  \"é\":  {\"c\\\"d\": 1, \"e\": \"}\"},\n",
            "                \"f\": null\n",
            "}",
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_ok(),
            "{text}"
        );
        let (idx, _) = index_json(text);
        assert_eq!(idx.get("/a"), Some(Pos { line: 2, col: 8 }));
        assert_eq!(idx.get("/b"), Some(Pos { line: 3, col: 9 }));
        assert_eq!(idx.get("/b/0"), Some(Pos { line: 4, col: 18 }));
        assert_eq!(idx.get("/b/1"), Some(Pos { line: 4, col: 25 }));
        assert_eq!(idx.get("/é"), Some(Pos { line: 6, col: 3 }));
        assert_eq!(idx.get("/é/c\"d"), Some(Pos { line: 6, col: 10 }));
        assert_eq!(idx.get("/é/e"), Some(Pos { line: 6, col: 21 }));
        assert_eq!(idx.get("/f"), Some(Pos { line: 7, col: 17 }));
        assert_eq!(idx.len(), 9);
        // The parse beside the index refuses a cut text; the index of it
        // stops at the end, wherever the cut falls (in an escape, in a run
        // of spaces).
        for end in (0..text.len()).filter(|&n| text.is_char_boundary(n)) {
            let (cut, _) = index_json(&text[..end]);
            assert!(cut.len() <= idx.len(), "{end}");
        }
    }
}
