//! Rust source lexed into tokens as far as the generated crates'
//! scans need: which names a file mentions and which it uses as a path
//! prefix (`models::…`; the router's and the API's imports), and which
//! types an item refers to (checked, in debug builds, against what the
//! models noted as they wrote their items: [`super::written`]). Scanning
//! text is cheaper than walking a `proc_macro2` token stream, which copies
//! every group it visits.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet as HashSet;

/// Is `b` a punctuation character of Rust's?
fn is_punct(b: u8) -> bool {
    matches!(
        b,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'%'
            | b'^'
            | b'!'
            | b'&'
            | b'|'
            | b'='
            | b'<'
            | b'>'
            | b'@'
            | b'.'
            | b','
            | b';'
            | b':'
            | b'#'
            | b'$'
            | b'?'
            | b'~'
            | b'\''
    )
}

/// After an `r`: the number of `#` of a raw string literal that starts
/// here (`"…"` or `#"…"#`), none for a raw identifier (`r#type`) or
/// anything else.
fn raw_string_hashes(after_r: &[u8]) -> Option<usize> {
    let hashes = after_r.iter().take_while(|&&b| b == b'#').count();
    (after_r.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// A token of [`Source`]: what the identifier scans of the token streams
/// looked at. A group is its `Open` and `Close` around its tokens, so the
/// whole source is one flat list.
#[derive(Clone, Copy, PartialEq)]
enum Tok<'a> {
    Ident(&'a str),
    /// The character, and whether another punctuation character follows
    /// without a space (a `Joint` punct).
    Punct(u8, bool),
    Literal,
    /// A group's opening delimiter.
    Open(u8),
    /// A group's end, with its opening delimiter.
    Close(u8),
}

/// Rust source lexed into tokens, as far as the scans need: comments
/// dropped but doc comments (a `#[doc]` attribute each), literals opaque,
/// groups balanced (an unmatched closer is dropped, an unclosed group
/// closed at the end).
pub struct Source<'a> {
    tokens: Vec<Tok<'a>>,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // One token per few bytes of text, at a guess.
        let mut tokens: Vec<Tok<'a>> = Vec::with_capacity(bytes.len() / 8);
        // The delimiters of the groups that are open.
        let mut open: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => {
                    // Indentation comes in runs.
                    i += 1;
                    while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\t' | b'\r') {
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    let doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                    i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    if doc {
                        tokens.extend([Tok::Punct(b'#', false), Tok::Open(b'['), Tok::Close(b'[')]);
                    }
                }
                b'"' => {
                    i += 1;
                    // To the closing quote, an escape's next byte skipped.
                    loop {
                        let rest = bytes.get(i..).unwrap_or_default();
                        match rest.iter().position(|&c| c == b'"' || c == b'\\') {
                            Some(n) if rest[n] == b'"' => {
                                i += n;
                                break;
                            }
                            Some(n) => i += n + 2,
                            None => {
                                i = bytes.len();
                                break;
                            }
                        }
                    }
                    i += 1;
                    tokens.push(Tok::Literal);
                }
                b'\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                    tokens.push(Tok::Literal);
                }
                b'(' | b'[' | b'{' => {
                    open.push(b);
                    tokens.push(Tok::Open(b));
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if let Some(d) = open.pop() {
                        tokens.push(Tok::Close(d));
                    }
                    i += 1;
                }
                b'0'..=b'9' => {
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_')
                    {
                        i += 1;
                    }
                    tokens.push(Tok::Literal);
                }
                b'r' if raw_string_hashes(&bytes[i + 1..]).is_some() => {
                    // `r"…"`, `r#"…"#`: no escapes, ends at the quote and
                    // as many `#`.
                    let hashes = raw_string_hashes(&bytes[i + 1..]).unwrap_or(0);
                    i += 2 + hashes;
                    while i < bytes.len() {
                        if bytes[i] == b'"'
                            && bytes[i + 1..].len() >= hashes
                            && bytes[i + 1..i + 1 + hashes].iter().all(|&h| h == b'#')
                        {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                    tokens.push(Tok::Literal);
                }
                _ if b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 => {
                    let start = i;
                    if b == b'r' && bytes.get(i + 1) == Some(&b'#') {
                        i += 2;
                    }
                    while i < bytes.len()
                        && (bytes[i] == b'_'
                            || bytes[i].is_ascii_alphanumeric()
                            || bytes[i] >= 0x80)
                    {
                        i += 1;
                    }
                    tokens.push(Tok::Ident(&text[start..i]));
                }
                _ if is_punct(b) => {
                    let joint = bytes.get(i + 1).is_some_and(|&n| is_punct(n));
                    tokens.push(Tok::Punct(b, joint));
                    i += 1;
                }
                _ => i += 1,
            }
        }
        tokens.extend(open.into_iter().rev().map(Tok::Close));
        Source { tokens }
    }

    /// Is the token at `i` an identifier used as a path prefix (`name::…`)?
    fn is_path_prefix(&self, i: usize) -> bool {
        matches!(self.tokens.get(i + 1), Some(Tok::Punct(b':', true)))
    }

    /// Does the source mention `name` as an identifier?
    pub fn mentions(&self, name: &str) -> bool {
        self.tokens.contains(&Tok::Ident(name))
    }

    /// Does the source use `name` as a path prefix (`name::…`)?
    pub fn mentions_path(&self, name: &str) -> bool {
        (0..self.tokens.len()).any(|i| self.tokens[i] == Tok::Ident(name) && self.is_path_prefix(i))
    }

    /// Every identifier of the source into `idents`, and those used as a
    /// path prefix (`name::…`) into `paths` too.
    pub fn idents(&self, idents: &mut HashSet<String>, paths: &mut HashSet<String>) {
        for (i, t) in self.tokens.iter().enumerate() {
            if let Tok::Ident(id) = *t {
                if self.is_path_prefix(i) && !paths.contains(id) {
                    paths.insert(id.to_string());
                }
                if !idents.contains(id) {
                    idents.insert(id.to_string());
                }
            }
        }
    }

    /// The capitalised names the source refers to: every identifier but a
    /// path's later segments (`Self::Account`) and what a braced body
    /// defines (an enum's variants, a struct's fields), so that a variant
    /// named like a type of another module does not import it. A variant is
    /// a name at the start of the body or after `,` or an attribute, followed
    /// by the end, `,`, `=` or its fields; a name after a comma inside `<…>`
    /// (the value type of `BTreeMap<String, Account>`) is followed by `>` or
    /// `<` and is a reference.
    pub fn references(&self, out: &mut BTreeSet<String>) {
        let tokens = &self.tokens;
        // The delimiters of the groups the walk is in.
        let mut open: Vec<u8> = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            let name = match *t {
                Tok::Open(d) => {
                    open.push(d);
                    continue;
                }
                Tok::Close(_) => {
                    open.pop();
                    continue;
                }
                Tok::Ident(name) => name,
                Tok::Punct(..) | Tok::Literal => continue,
            };
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                continue;
            }
            let before = |n: usize| i.checked_sub(n).map(|p| tokens[p]);
            let after_path = matches!(
                (before(2), before(1)),
                (Some(Tok::Punct(b':', true)), Some(Tok::Punct(b':', _)))
            );
            // In the flat list, the token after `name` in its group is a
            // group when it opens one and nothing when the group closes;
            // the token before it is a group when one just closed.
            let defines = open.last() == Some(&b'{')
                && matches!(
                    tokens.get(i + 1),
                    None | Some(Tok::Open(_) | Tok::Close(_) | Tok::Punct(b',' | b'=', _))
                )
                && match before(1) {
                    None | Some(Tok::Open(_)) => true,
                    Some(Tok::Punct(p, _)) => p == b',',
                    Some(Tok::Close(d)) => d == b'[',
                    _ => false,
                };
            if !after_path && !defines && !out.contains(name) {
                out.insert(name.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_are_literals() {
        let text = "# [doc = r\" ends in \\\"] struct S { f : models :: A , g : r#\"x \" y\"# }";
        let (mut idents, mut paths) = Default::default();
        Source::new(text).idents(&mut idents, &mut paths);
        let mut idents: Vec<String> = idents.into_iter().collect();
        idents.sort();
        assert_eq!(idents, ["A", "S", "doc", "f", "g", "models", "struct"]);
        assert_eq!(paths.into_iter().collect::<Vec<_>>(), ["models"]);
    }

    #[test]
    fn scans_find_what_the_items_refer_to() {
        let code = "/// A doc that names Foo.\n#[derive(Debug)]\npub enum E {\n    /// `a`\n    Account(Box<Bar>),\n    Baz,\n}\npub struct S {\n    pub extra: BTreeMap<String, BTreeMap<String, Qux>>,\n}\nimpl E {\n    fn f(&self) -> &'static str {\n        match self {\n            Self::Account(_) => \"wire::x\",\n            Self::Baz => wire::Date::X,\n        }\n    }\n}\n";
        let mut refs = BTreeSet::new();
        let source = Source::new(code);
        source.references(&mut refs);
        // Not the variants it defines, the path's later segments or the doc.
        // A map's value type is a generic argument after a comma, not a variant.
        let expected = [
            "BTreeMap", "Bar", "Box", "Debug", "E", "Qux", "S", "Self", "String",
        ];
        assert_eq!(refs, expected.iter().map(|s| s.to_string()).collect());
        assert!(source.mentions_path("wire"));
        assert!(!source.mentions("Foo"));
        assert!(source.mentions("Bar"));
    }
}
