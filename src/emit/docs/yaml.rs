//! The bundled spec as YAML, byte for byte what `serde_yaml::to_string`
//! writes, without passing every scalar through its emitter (which examines
//! and copies each one a character at a time: a sixth of the docs target's
//! time on a large spec).
//!
//! The layout is written here: block mappings and sequences, two spaces per
//! level, a sequence under a key at the key's own indentation, `{}` and `[]`
//! for empty collections. A scalar whose YAML form is known without asking
//! (null, a boolean, an integer, most strings on one line: see [`form`]) is
//! written here. The others are handed to `serde_yaml` together, as the
//! items of one sequence, and each one's form is taken from what it writes
//! there (the same as under a key: the style of a scalar depends on its
//! text, and a literal block's lines on the indentation, which is changed
//! to fit).
//! When a form is one this module does not place (a quoted scalar over
//! several lines, a literal block that keeps its trailing line breaks, a key
//! that must be written as a complex `? key`), the whole document goes
//! through `serde_yaml` instead, so the output never differs.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::emit::support::pad;

/// The longest key written as a simple `key: value` (a longer one becomes
/// a `? key` complex key).
const MAX_SIMPLE_KEY: usize = 128;

/// The line breaks YAML knows besides `\n`, which `serde_yaml` writes as
/// they are (then indents the next line) in a quoted or block scalar.
const OTHER_BREAKS: [char; 3] = ['\u{85}', '\u{2028}', '\u{2029}'];

/// [`serde_yaml::to_string`] of `value`.
pub fn to_string(value: &Value) -> String {
    written(value).unwrap_or_else(|Unplaced| serde_yaml::to_string(value).unwrap_or_default())
}

/// A scalar whose form this module cannot place in the document.
struct Unplaced;

/// The document written with a hole for each asked scalar, then the holes
/// filled with the forms of one `serde_yaml` answer.
fn written(value: &Value) -> Result<String, Unplaced> {
    let mut w = Writer {
        out: String::with_capacity(1 << 16),
        asked: Vec::new(),
        holes: Vec::new(),
    };
    match value {
        Value::Object(map) if !map.is_empty() => w.mapping(map, 0, true)?,
        Value::Array(items) if !items.is_empty() => w.sequence(items, 0, true)?,
        _ => return Err(Unplaced),
    }
    w.out.push('\n');
    if w.asked.is_empty() {
        return Ok(w.out);
    }
    let answer = serde_yaml::to_string(&w.asked).map_err(|_| Unplaced)?;
    let forms = forms(&answer, w.asked.len())?;
    let mut out = String::with_capacity(w.out.len() + answer.len());
    let mut done = 0;
    for (&(at, hole), form) in w.holes.iter().zip(forms) {
        out.push_str(&w.out[done..at]);
        done = at;
        match hole {
            Hole::Key if has_break(form) => return Err(Unplaced),
            Hole::Key => out.push_str(form),
            Hole::Value { col } => fill(&mut out, form, col)?,
        }
    }
    out.push_str(&w.out[done..]);
    Ok(out)
}

/// A scalar whose form `serde_yaml` is asked for.
#[derive(Serialize)]
#[serde(untagged)]
enum Asked<'a> {
    Key(&'a str),
    Value(&'a Value),
}

/// Where an asked scalar goes.
#[derive(Clone, Copy)]
enum Hole {
    Key,
    /// After `key: ` or `- ` in a collection at column `col`.
    Value {
        col: usize,
    },
}

/// One form per item of `answer`, `serde_yaml`'s sequence of the asked
/// scalars: an item is its `- ` line and the indented lines after it (a
/// literal block's).
fn forms(answer: &str, count: usize) -> Result<Vec<&str>, Unplaced> {
    let mut forms = Vec::with_capacity(count);
    // Where the item being read starts, after its `- `.
    let mut item = None;
    let mut at = 0;
    for line in answer.split_inclusive('\n') {
        if line.starts_with("- ") {
            forms.extend(item.map(|start| item_form(&answer[start..at])));
            item = Some(at + 2);
        } else if item.is_none() {
            return Err(Unplaced);
        }
        at += line.len();
    }
    forms.extend(item.map(|start| item_form(&answer[start..])));
    if forms.len() == count {
        Ok(forms)
    } else {
        Err(Unplaced)
    }
}

/// An item's text without the line break that ends it.
fn item_form(text: &str) -> &str {
    text.strip_suffix('\n').unwrap_or(text)
}

/// Writes the `form` `serde_yaml` gave a scalar as a sequence item, for a
/// value in a collection at column `col`.
fn fill(out: &mut String, form: &str, col: usize) -> Result<(), Unplaced> {
    if form.contains(OTHER_BREAKS) {
        return Err(Unplaced);
    }
    let Some((header, body)) = form.split_once('\n') else {
        out.push_str(form);
        return Ok(());
    };
    // A literal block: its lines are two columns past the collection (the
    // asked sequence's is at column 0). One that keeps its trailing line
    // breaks (`|+`) may end the document with `...`.
    if !header.starts_with('|') || header.contains('+') {
        return Err(Unplaced);
    }
    out.push_str(header);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            let text = line.strip_prefix("  ").ok_or(Unplaced)?;
            pad(out, col + 2);
            out.push_str(text);
        }
    }
    Ok(())
}

struct Writer<'a> {
    out: String,
    /// The scalars to ask `serde_yaml` for, in the order of `holes`.
    asked: Vec<Asked<'a>>,
    /// Where in `out` each asked scalar goes.
    holes: Vec<(usize, Hole)>,
}

impl<'a> Writer<'a> {
    /// Starts a new line indented to `col` (the first line of the document
    /// needs no line break).
    fn line(&mut self, col: usize) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        pad(&mut self.out, col);
    }

    fn ask(&mut self, asked: Asked<'a>, hole: Hole) {
        self.asked.push(asked);
        self.holes.push((self.out.len(), hole));
    }

    /// A non-empty mapping whose keys start at column `col`; `inline`: the
    /// first key goes on the current line (after `- `).
    fn mapping(
        &mut self,
        map: &'a Map<String, Value>,
        col: usize,
        inline: bool,
    ) -> Result<(), Unplaced> {
        for (i, (key, value)) in map.iter().enumerate() {
            if i > 0 || !inline {
                self.line(col);
            }
            self.key(key)?;
            self.out.push(':');
            match value {
                Value::Object(inner) if !inner.is_empty() => self.mapping(inner, col + 2, false)?,
                // A sequence under a key is not indented further.
                Value::Array(items) if !items.is_empty() => self.sequence(items, col, false)?,
                _ => {
                    self.out.push(' ');
                    self.scalar(value, col);
                }
            }
        }
        Ok(())
    }

    fn key(&mut self, key: &'a str) -> Result<(), Unplaced> {
        // A key over several lines, or longer than a simple key may be, is
        // written as a complex key.
        if key.len() > MAX_SIMPLE_KEY || key.contains('\r') || has_break(key) {
            return Err(Unplaced);
        }
        match form(key) {
            Some(form) => push_form(&mut self.out, key, form),
            None => self.ask(Asked::Key(key), Hole::Key),
        }
        Ok(())
    }

    /// A non-empty sequence whose `-` are at column `col`.
    fn sequence(&mut self, items: &'a [Value], col: usize, inline: bool) -> Result<(), Unplaced> {
        for (i, item) in items.iter().enumerate() {
            if i > 0 || !inline {
                self.line(col);
            }
            self.out.push_str("- ");
            match item {
                Value::Object(inner) if !inner.is_empty() => self.mapping(inner, col + 2, true)?,
                Value::Array(inner) if !inner.is_empty() => self.sequence(inner, col + 2, true)?,
                _ => self.scalar(item, col),
            }
        }
        Ok(())
    }

    /// A scalar or empty collection after `key: ` or `- `, in a collection
    /// at column `col`.
    fn scalar(&mut self, value: &'a Value, col: usize) {
        match value {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_i64() || n.is_u64() => self.out.push_str(&n.to_string()),
            Value::String(s) => match form(s) {
                Some(form) => push_form(&mut self.out, s, form),
                None => self.ask(Asked::Value(value), Hole::Value { col }),
            },
            Value::Object(map) if map.is_empty() => self.out.push_str("{}"),
            Value::Array(items) if items.is_empty() => self.out.push_str("[]"),
            _ => self.ask(Asked::Value(value), Hole::Value { col }),
        }
    }
}

/// Does a scalar's written form span lines?
fn has_break(form: &str) -> bool {
    form.contains('\n') || form.contains(OTHER_BREAKS)
}

/// How a string is written, when that is known without asking.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Form {
    /// As it is.
    Plain,
    /// Between `'`, each `'` doubled.
    SingleQuoted,
}

/// The form YAML gives the string `s` on one line, as a key or a value;
/// `None` when it is not known here (`serde_yaml` is asked).
///
/// Known are the strings of printable characters without line breaks that
/// start with an ASCII letter or one of `$ / < ^ ( _` (none of which can
/// start a number), or with an indicator (`#`, `&`, `'` …). Such a string
/// is plain unless it opens with an indicator, has a space at either end,
/// holds `: ` or ` #` or ends with `:` (where a value or a comment would
/// start), or reads as null or a boolean; then it is single-quoted (what
/// YAML does when plain is not allowed and nothing needs escaping). The
/// empty string is single-quoted too (plain, it would read as null).
fn form(s: &str) -> Option<Form> {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return Some(Form::SingleQuoted);
    };
    let mut plain = match first {
        b'a'..=b'z' | b'A'..=b'Z' | b'$' | b'/' | b'<' | b'^' | b'(' | b'_' => true,
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => return None,
    };
    let mut after_space = false;
    for (i, c) in s.char_indices() {
        match c {
            ' ' => {}
            ':' => plain &= !matches!(bytes.get(i + 1), None | Some(b' ')),
            '#' => plain &= !after_space,
            '!'..='~' => {}
            _ if !printable(c) => return None,
            _ => {}
        }
        after_space = c == ' ';
    }
    plain &= !after_space
        && !matches!(
            s,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        );
    Some(if plain {
        Form::Plain
    } else {
        Form::SingleQuoted
    })
}

/// Is `c` written as it is in a quoted or plain scalar (printable, not a
/// line break, not the byte order mark)?
fn printable(c: char) -> bool {
    (' '..='~').contains(&c)
        || c >= '\u{a0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            )
}

/// Writes `s` in `form`.
fn push_form(out: &mut String, s: &str, form: Form) {
    match form {
        Form::Plain => out.push_str(s),
        Form::SingleQuoted => {
            out.push('\'');
            for (i, part) in s.split('\'').enumerate() {
                if i > 0 {
                    out.push_str("''");
                }
                out.push_str(part);
            }
            out.push('\'');
        }
    }
}

#[cfg(test)]
mod tests;
