//! `yaml::to_string` against `serde_yaml::to_string`: chosen documents, and
//! many generated from the pieces YAML treats specially.

use super::*;
use serde_json::json;

fn same(value: &Value) {
    assert_eq!(
        to_string(value),
        serde_yaml::to_string(value).unwrap(),
        "for {value}"
    );
}

#[test]
fn nested_collections_are_laid_out_as_serde_yaml_does() {
    same(&json!({
        "openapi": "3.1.0",
        "paths": {"/a": {"get": {"parameters": [{"in": "query", "name": "x"}, []], "tags": []}}},
        "list": [[1, [2, {}]], {"a": [{"b": {"c": [true, null]}}]}, -3, 1.5],
        "empty": {}
    }));
    same(&json!([{"a": 1, "b": [1, 2]}, [[]], "x"]));
}

#[test]
fn scalars_that_need_quoting_or_a_block() {
    same(&json!({
        "description": "Line one.\n\nLine  three: with `code` and #hash\n",
        "indented": {"deeper": [{"text": "a\nb"}, " leading\nspace", "trailing\n\n"]},
        "n": "null", "t": "True", "octal": "012", "hex": "0x1F", "float": "1e5",
        "inf": ".inf", "dash": "-", "colon": "a: b", "quote": "it's", "empty": "",
        "": "empty key", "key: with colon": 1, "x".repeat(129): "long key"
    }));
}

/// A small deterministic generator: many documents built from the pieces
/// YAML treats specially, each compared with `serde_yaml`'s output.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "a", "Name", "id", "x1", "0", "12", "-", "_", ".", "/", " ", "  ", ":", ": ", "#", " #", "'",
    "\"", "\n", "\t", "\\", "é", "日本", "\u{a0}", "\u{9f}", "\u{fffe}", "\u{feff}", "(", ")", "<",
    "\0", "?", "!", "&", "*", "|", ">", "%", "@", "`", ",", "[", "]", "{", "}", "~", "null",
    "true", "False", "yes", "nULL", "TRUE", "0x1F", "012", "1e5", ".inf", "-.5", "---", "...",
    "inf", "nan", "+1",
    // Line breaks that make a key complex (`\r`) or that a quoted scalar
    // keeps as they are.
    "\r", "\u{85}", "\u{2028}",
];

/// The pieces of strings that are written here, not by `serde_yaml`: no
/// line break but `\n` (and no key over the simple-key length).
const PLACED: usize = PIECES.len() - 3;

fn string(rng: &mut Rng, pieces: &[&str]) -> String {
    if pieces.len() == PIECES.len() && rng.below(8) == 0 {
        return "k".repeat(120 + rng.below(20));
    }
    (0..rng.below(5))
        .map(|_| pieces[rng.below(pieces.len())])
        .collect()
}

/// A string value: sometimes text over several lines, as descriptions are
/// (a literal block unless a line ends in a space).
fn text(rng: &mut Rng, pieces: &[&str]) -> String {
    if rng.below(4) > 0 {
        return string(rng, pieces);
    }
    let lines: Vec<&str> = (0..2 + rng.below(3))
        .map(|_| ["Some text.", "  indented", "", "a: b # c", "end "][rng.below(5)])
        .collect();
    lines.join("\n") + ["", "\n"][rng.below(2)]
}

fn value(rng: &mut Rng, pieces: &[&str], depth: usize) -> Value {
    let pick = if depth == 0 {
        rng.below(6)
    } else {
        rng.below(9)
    };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => json!(rng.next() as i64 >> rng.below(64)),
        3 => json!(f64::from(rng.below(1000) as u32) / 8.0),
        4 | 5 => Value::String(text(rng, pieces)),
        6 | 7 => Value::Object(
            (0..rng.below(4))
                .map(|_| (string(rng, pieces), value(rng, pieces, depth - 1)))
                .collect(),
        ),
        _ => Value::Array(
            (0..rng.below(4))
                .map(|_| value(rng, pieces, depth - 1))
                .collect(),
        ),
    }
}

/// Does `yaml` hold a literal block whose lines are indented four or more?
fn nested_block(yaml: &str) -> bool {
    let lines: Vec<&str> = yaml.lines().collect();
    lines.windows(2).any(|pair| {
        pair[0].contains(": |") || pair[0].contains("- |")
    } && pair[1].starts_with("    "))
}

fn document(rng: &mut Rng, pieces: &[&str]) -> Map<String, Value> {
    (0..1 + rng.below(4))
        .map(|_| (string(rng, pieces), value(rng, pieces, 4)))
        .collect()
}

#[test]
fn generated_documents_match_serde_yaml() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        same(&Value::Object(document(&mut rng, PIECES)));
    }
}

/// Documents without the rare forms are written here, not handed whole to
/// `serde_yaml` (else the comparisons above would prove little).
#[test]
fn generated_documents_are_written_here() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut placed, mut blocks) = (0, 0);
    for _ in 0..5_000 {
        let doc = document(&mut rng, &PIECES[..PLACED]);
        let doc = Value::Object(doc);
        if let Ok(out) = written(&doc) {
            placed += 1;
            blocks += usize::from(nested_block(&out));
        }
        same(&doc);
    }
    assert!(placed > 4_000, "{placed} of 5,000 written here");
    assert!(blocks > 150, "{blocks} with a literal block two levels in");
}

/// Every pair of pieces after each first character [`form`] knows (and a
/// few it does not), with and without a letter after them, as a key and as
/// a value: where plain scalars end and quoting starts.
#[test]
fn strings_from_any_two_pieces() {
    for first in [
        "a", "n", "T", "$", "/", "<", "^", "(", "_", "#", "'", "\"", "[", "@", " ", "-", "9", "é",
    ] {
        for one in PIECES {
            for two in PIECES {
                let s = format!("{first}{one}{two}");
                same(&json!({ &s: s, "list": [s, {&s: [s]}] }));
                let s = format!("{s}b");
                same(&json!({ &s: s }));
            }
        }
    }
}

#[test]
fn forms_known_without_asking() {
    use Form::{Plain, SingleQuoted};
    for (s, expected) in [
        ("name", Some(Plain)),
        ("https://example.com/a#b", Some(Plain)),
        ("/v1/accounts/{account}", Some(Plain)),
        ("$ref", Some(Plain)),
        ("Café, naïve", Some(Plain)),
        ("nULL", Some(Plain)),
        ("#/components/schemas/account", Some(SingleQuoted)),
        ("", Some(SingleQuoted)),
        ("Note: read this", Some(SingleQuoted)),
        ("ends with:", Some(SingleQuoted)),
        ("a #comment", Some(SingleQuoted)),
        ("trailing ", Some(SingleQuoted)),
        ("True", Some(SingleQuoted)),
        ("it's", Some(Plain)),
        ("'quoted'", Some(SingleQuoted)),
        ("1", None),
        ("-x", None),
        ("a\tb", None),
        ("a\nb", None),
        ("a\u{2028}b", None),
    ] {
        assert_eq!(form(s), expected, "{s:?}");
        same(&json!({ s: s }));
    }
}
