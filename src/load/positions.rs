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
/// The pointers of a document form a tree: the index keeps each node once,
/// as its parent and the last segment of its pointer (escaped as pointers
/// write it), so that a large spec's 80,000 pointers, which share most of
/// their text with their parents', take a few bytes each rather than the
/// whole pointer. A node is found by the hash of its whole pointer, then
/// told apart from others of the same hash by comparing its segments with
/// the pointer's, from the last one up to the root. A node made only as the
/// parent of another has no position.
#[derive(Debug, Clone)]
pub struct PosIndex {
    /// Node 0 is the root (the pointer `""`).
    nodes: Vec<Node>,
    /// Every node's segment, one after another.
    segments: String,
    /// Node numbers, by the hash of their pointer.
    table: hashbrown::HashTable<u32>,
    /// How many nodes have a position.
    positioned: usize,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The hash of the node's pointer.
    hash: u64,
    parent: u32,
    /// Where the segment is in `segments`, and its length.
    at: u32,
    len: u32,
    pos: Option<Pos>,
}

impl Default for PosIndex {
    fn default() -> Self {
        PosIndex {
            nodes: vec![Node {
                hash: hash(""),
                parent: ROOT,
                at: 0,
                len: 0,
                pos: None,
            }],
            segments: String::new(),
            table: hashbrown::HashTable::new(),
            positioned: 0,
        }
    }
}

/// The root's node number.
const ROOT: u32 = 0;

fn hash(pointer: &str) -> u64 {
    FxBuildHasher.hash_one(pointer)
}

/// Node `n`'s segment, in `segments` (a [`PosIndex`]'s).
fn segment_of<'s>(segments: &'s str, n: &Node) -> &'s str {
    let at = n.at as usize;
    segments.get(at..at + n.len as usize).unwrap_or_default()
}

impl PosIndex {
    fn segment(&self, n: &Node) -> &str {
        segment_of(&self.segments, n)
    }

    /// Whether node `n` is the one of `pointer`: its segments are the
    /// pointer's, last to first, and then the root is reached.
    fn is(&self, mut n: u32, pointer: &str) -> bool {
        let mut rest = pointer;
        while n != ROOT {
            let node = &self.nodes[n as usize];
            let Some(before) = rest.strip_suffix(self.segment(node)) else {
                return false;
            };
            let Some(before) = before.strip_suffix('/') else {
                return false;
            };
            rest = before;
            n = node.parent;
        }
        rest.is_empty()
    }

    /// The node of `pointer`, whose hash is `h`.
    fn find(&self, h: u64, pointer: &str) -> Option<u32> {
        if pointer.is_empty() {
            return Some(ROOT);
        }
        self.table.find(h, |&n| self.is(n, pointer)).copied()
    }

    /// The child `segment` of `parent`, whose pointer it ends (`h`: the
    /// pointer's hash); made, without a position, when there is none.
    fn child_or_new(&mut self, parent: u32, segment: &str, h: u64) -> u32 {
        let (nodes, segments) = (&self.nodes, &self.segments);
        let same = |&i: &u32| {
            let n = &nodes[i as usize];
            n.parent == parent && segment_of(segments, n) == segment
        };
        match self.table.entry(h, same, |&i| nodes[i as usize].hash) {
            Entry::Occupied(slot) => *slot.get(),
            Entry::Vacant(slot) => {
                let id = count(self.nodes.len());
                slot.insert(id);
                self.nodes.push(Node {
                    hash: h,
                    parent,
                    at: count(self.segments.len()),
                    len: count(segment.len()),
                    pos: None,
                });
                self.segments.push_str(segment);
                id
            }
        }
    }

    /// Gives node `n` its position: a new one, or (`replace`) in place of
    /// the one it has.
    fn place(&mut self, n: u32, pos: Pos, replace: bool) {
        let node = &mut self.nodes[n as usize];
        match node.pos {
            Some(_) if !replace => {}
            had => {
                self.positioned += usize::from(had.is_none());
                node.pos = Some(pos);
            }
        }
    }

    /// The node of `pointer`, made with its ancestors when missing; `None`
    /// for a text that is not a pointer (not empty, no leading `/`).
    fn node_or_new(&mut self, pointer: &str) -> Option<u32> {
        if pointer.is_empty() {
            return Some(ROOT);
        }
        let rest = pointer.strip_prefix('/')?;
        let h = hash(pointer);
        if let Some(n) = self.find(h, pointer) {
            return Some(n);
        }
        let mut n = ROOT;
        let mut end = 0;
        for segment in rest.split('/') {
            end += 1 + segment.len();
            let prefix = &pointer[..end];
            n = self.child_or_new(n, segment, hash(prefix));
        }
        Some(n)
    }

    pub fn insert_key(&mut self, pointer: &str, pos: Pos) {
        if let Some(n) = self.node_or_new(pointer) {
            self.place(n, pos, true);
        }
    }

    pub fn insert_if_absent(&mut self, pointer: &str, pos: Pos) {
        if let Some(n) = self.node_or_new(pointer) {
            self.place(n, pos, false);
        }
    }

    pub fn get(&self, pointer: &str) -> Option<Pos> {
        self.nodes[self.find(hash(pointer), pointer)? as usize].pos
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

    /// How many pointers have a position.
    pub fn len(&self) -> usize {
        self.positioned
    }

    pub fn is_empty(&self) -> bool {
        self.positioned == 0
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

/// Scans JSON text (that serde_json accepts, or the parse beside it
/// refuses) and records where every member key and array element starts,
/// and what the text holds of `$ref`, `$id` and `$anchor`.
pub fn index_json(text: &str) -> (PosIndex, RefHints) {
    let b = text.as_bytes();
    let mut idx = PosIndex::default();
    let mut hints = RefHints::default();
    // Sized for real specs, so that none grows by copying: about one node
    // per 50 bytes of text, and segments a fifth of the text in all.
    // Untouched capacity is address space, not memory.
    let nodes = b.len() / 48;
    idx.table.reserve(nodes, |_| 0);
    idx.nodes.reserve(nodes);
    idx.segments.reserve(b.len() / 4);
    let mut i = 0usize;
    let mut line = 1u32;
    let mut line_start = 0usize;
    // The pointer of the current position, built in one buffer: each open
    // container remembers its node, the buffer length to return to,
    // whether it is an array, and its next index; `member` is the node of
    // the last key read, whose value is next.
    let mut path = String::new();
    let mut stack: Vec<(u32, usize, bool, usize)> = Vec::new();
    let mut member: Option<u32> = None;
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
                if is_string {
                    let escaped;
                    (i, escaped) = string_end(b, i + 1);
                    let end = i.min(b.len());
                    i += 1;
                    let mut j = i;
                    while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\r' | b'\n') {
                        j += 1;
                    }
                    let object = match stack.last() {
                        Some(&(node, base, false, _)) if member.is_none() => Some((node, base)),
                        _ => None,
                    };
                    if let Some((object, base)) = object.filter(|_| j < b.len() && b[j] == b':') {
                        let raw = &text[start + 1..end];
                        let owned;
                        let k = if escaped {
                            owned = serde_json::from_str::<String>(&text[start..end + 1])
                                .unwrap_or_else(|_| raw.to_string());
                            owned.as_str()
                        } else {
                            raw
                        };
                        path.truncate(base);
                        crate::diag::push_segment(&mut path, k);
                        let h = hash(&path);
                        let n = idx.child_or_new(object, &path[base + 1..], h);
                        member = Some(n);
                        let pos = Pos {
                            line,
                            col: col(start, line_start),
                        };
                        idx.place(n, pos, true);
                        match k {
                            "$ref" => hints.reference(&b[j + 1..]),
                            "$id" | "$anchor" => hints.ids = true,
                            _ => {}
                        }
                        continue;
                    }
                }
                // A value starts here: find its node.
                let node = match stack.last_mut() {
                    None => {
                        path.clear();
                        ROOT
                    }
                    Some((parent, base, true, n)) => {
                        path.truncate(*base);
                        crate::diag::push_index(&mut path, *n);
                        let h = hash(&path);
                        let item = idx.child_or_new(*parent, &path[*base + 1..], h);
                        *n += 1;
                        let pos = Pos {
                            line,
                            col: col(start, line_start),
                        };
                        idx.place(item, pos, false);
                        item
                    }
                    // The member's key was read just before: `path` ends with it.
                    Some((parent, _, false, _)) => member.take().unwrap_or(*parent),
                };
                if !is_string {
                    if b[start] == b'{' || b[start] == b'[' {
                        if stack.is_empty() {
                            let pos = Pos {
                                line,
                                col: col(start, line_start),
                            };
                            idx.place(ROOT, pos, false);
                        }
                        if stack.len() >= super::yaml::MAX_DEPTH {
                            // Deeper than any document that loads: the parse
                            // beside this refuses it, and the index stops
                            // here rather than grow with a hostile nesting.
                            return (idx, hints);
                        }
                        stack.push((node, path.len(), b[start] == b'[', 0));
                        member = None;
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
                member = None;
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
    fn a_pointer_is_found_or_else_its_nearest_ancestor_with_a_position() {
        let at = |line| Pos { line, col: 1 };
        let mut idx = PosIndex::default();
        // As the YAML reader adds them: a pointer may come before its
        // ancestors have positions, and a key may be given a later one.
        idx.insert_if_absent("/a/b~1c/0", at(3));
        assert_eq!(idx.get("/a/b~1c/0"), Some(at(3)));
        assert_eq!(idx.get("/a/b~1c"), None);
        assert_eq!(idx.get("/a/b/c/0"), None);
        assert_eq!(idx.len(), 1);
        assert_eq!(idx.nearest("/a/b~1c/0/x/y"), at(3));
        assert_eq!(idx.nearest("/a/b~1c"), at(1));
        idx.insert_if_absent("", at(2));
        idx.insert_key("/a", at(4));
        idx.insert_key("/a", at(5));
        idx.insert_if_absent("/a", at(6));
        assert_eq!(idx.get("/a"), Some(at(5)));
        assert_eq!(idx.nearest("/a/b~1c"), at(5));
        assert_eq!(idx.nearest("/z/b~1c/0"), at(2));
        assert_eq!(idx.nearest(""), at(2));
        // An empty key is a segment of its own.
        idx.insert_key("/a/", at(7));
        assert_eq!(idx.get("/a/"), Some(at(7)));
        assert_eq!(idx.nearest("/a//q"), at(7));
        assert_eq!(idx.len(), 4);
        // Text that is not a pointer has no position, nor an ancestor.
        assert_eq!(idx.get("a"), None);
        assert_eq!(idx.nearest("a/b~1c/0"), at(1));
        idx.insert_key("a", at(9));
        assert_eq!(idx.len(), 4);
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
