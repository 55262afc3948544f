//! The one naming layer: how each language specsmith generates spells the
//! identifier for a wire name. One descriptor per language (`python`,
//! `typescript`, `go`, `kotlin`, `csharp`, `rust`; the `rust` and
//! `rust-server` targets share one) holds its reserved words, the case it
//! gives each kind of identifier, how it escapes a keyword, what it puts in
//! front of a name that starts with a digit, and the names its generated code
//! already uses. Emitters name through it, and so do the `reserved-word` and
//! `identifier-collision` lint rules: what `specsmith check` predicts is what
//! `specsmith generate` writes.
//!
//! To add a reserved word, add it to the language's table in its module here;
//! the lint, the emitters and the tests pick it up.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

pub(crate) use kept::{kept, Spelling};
use serde_json::Value;

use crate::diag::{Diagnostic, Loc, Severity};

pub mod case;
pub mod csharp;
pub mod go;
mod kept;
pub mod kotlin;
pub mod python;
pub mod rust;
pub mod typescript;

/// The extension that chooses the name a schema, property, operation or
/// parameter is spelled from in generated code (the wire name is unchanged).
pub const NAME_HINT: &str = "x-specsmith-name";

/// The extension that names each value of an enum, a list parallel to
/// `enum` (the openapi-generator convention).
pub const ENUM_VARNAMES: &str = "x-enum-varnames";

/// The value of an [`NAME_HINT`] extension: a non-blank string, else `None`.
pub fn name_hint(extension: Option<&Value>) -> Option<String> {
    extension
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// The value of an [`ENUM_VARNAMES`] extension, one entry per listed enum
/// value (`None` where the list has no non-blank string for it).
pub fn enum_varnames(extension: Option<&Value>) -> Vec<Option<String>> {
    extension
        .and_then(Value::as_array)
        .map(|names| names.iter().map(|n| name_hint(Some(n))).collect())
        .unwrap_or_default()
}

/// A language specsmith generates code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Python,
    TypeScript,
    Go,
    Kotlin,
    CSharp,
    Rust,
}

impl Lang {
    pub const ALL: [Lang; 6] = [
        Lang::Python,
        Lang::TypeScript,
        Lang::Go,
        Lang::Kotlin,
        Lang::CSharp,
        Lang::Rust,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::TypeScript => "typescript",
            Lang::Go => "go",
            Lang::Kotlin => "kotlin",
            Lang::CSharp => "csharp",
            Lang::Rust => "rust",
        }
    }

    /// The language of a code target (`rust-server` is Rust).
    pub fn of_target(target: &str) -> Option<Lang> {
        Some(match target {
            "python" => Lang::Python,
            "typescript" => Lang::TypeScript,
            "go" => Lang::Go,
            "kotlin" => Lang::Kotlin,
            "csharp" => Lang::CSharp,
            "rust" | "rust-server" => Lang::Rust,
            _ => return None,
        })
    }

    /// The words a generated identifier of this language may not be as it is:
    /// its keywords, and the names its generated code already uses.
    pub fn reserved(self) -> &'static [&'static [&'static str]] {
        match self {
            Lang::Python => python::RESERVED,
            Lang::TypeScript => typescript::RESERVED,
            Lang::Go => go::RESERVED,
            Lang::Kotlin => kotlin::RESERVED,
            Lang::CSharp => csharp::RESERVED,
            Lang::Rust => rust::RESERVED,
        }
    }
}

/// What an identifier names; each language gives each kind its own case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentKind {
    /// A schema: a class, struct, interface or enum name.
    Type,
    /// A property of an object schema.
    Field,
    /// One value of an enum (Go: the part after the type name).
    EnumVariant,
    /// An operation parameter, as a function argument.
    Parameter,
}

/// The identifier `lang` generates for `wire`: cased, made a valid start
/// (digit prefix, fallback for an empty name), then escaped when it is
/// reserved. Collisions between two such identifiers in one scope are
/// resolved by the emitter and reported (see [`check_collisions`]).
///
/// ```
/// use specsmith::naming::{ident, IdentKind, Lang};
/// assert_eq!(ident(Lang::Python, IdentKind::Field, "class"), "class_");
/// assert_eq!(ident(Lang::Rust, IdentKind::Field, "type"), "r#type");
/// assert_eq!(ident(Lang::Go, IdentKind::Field, "type"), "Type");
/// ```
pub fn ident(lang: Lang, kind: IdentKind, wire: &str) -> String {
    kept(Spelling::Ident(lang, kind), wire, || {
        let cased = cased(lang, kind, wire);
        // Only a reserved word is escaped, and none is that long.
        if cased.len() <= MAX_RESERVED_LEN {
            escape(lang, kind, &cased).unwrap_or(cased)
        } else {
            cased
        }
    })
}

/// The identifier of the client method for an operation (spelled from its
/// operationId or `x-specsmith-name`): lowerCamelCase in TypeScript and
/// Kotlin, snake_case in Python and Rust, exported PascalCase in Go and C#,
/// escaped like the language's other identifiers of that case.
///
/// ```
/// use specsmith::naming::{method, Lang};
/// assert_eq!(method(Lang::TypeScript, "listSandboxes"), "listSandboxes");
/// assert_eq!(method(Lang::Python, "listSandboxes"), "list_sandboxes");
/// assert_eq!(method(Lang::Go, "getSandboxById"), "GetSandboxByID");
/// assert_eq!(method(Lang::TypeScript, "delete"), "delete_");
/// ```
pub fn method(lang: Lang, source: &str) -> String {
    let kind = match lang {
        Lang::Go | Lang::CSharp => IdentKind::Field,
        Lang::Python | Lang::TypeScript | Lang::Kotlin | Lang::Rust => IdentKind::Parameter,
    };
    ident(lang, kind, source)
}

/// The identifier before escaping: cased and a valid start.
pub fn cased(lang: Lang, kind: IdentKind, wire: &str) -> String {
    match lang {
        Lang::Python => python::cased(kind, wire),
        Lang::TypeScript => typescript::cased(kind, wire),
        Lang::Go => go::cased(kind, wire),
        Lang::Kotlin => kotlin::cased(kind, wire),
        Lang::CSharp => csharp::cased(kind, wire),
        Lang::Rust => rust::cased(kind, wire),
    }
}

/// Escapes `cased` (the output of [`cased`]) when it is reserved in `lang`;
/// `None` when it can be used as it is.
pub fn escape(lang: Lang, kind: IdentKind, cased: &str) -> Option<String> {
    match lang {
        Lang::Python => python::escape(kind, cased),
        Lang::TypeScript => typescript::escape(kind, cased),
        Lang::Go => go::escape(kind, cased),
        Lang::Kotlin => kotlin::escape(kind, cased),
        Lang::CSharp => csharp::escape(kind, cased),
        Lang::Rust => rust::escape(kind, cased),
    }
}

/// A cheap test before [`escape`]: can any language's identifier for `wire`
/// be reserved? Casing only changes case and separators, so the name's
/// letters and digits must spell some reserved word's.
pub fn may_be_reserved(wire: &str) -> bool {
    wire.len() <= MAX_RESERVED_LEN && is_reserved_spelling(&squash(wire))
}

/// Longer names are never taken for reserved words (none comes near it).
pub const MAX_RESERVED_LEN: usize = 40;

/// Whether a [`squash`]ed name is the squash of some language's reserved word.
pub fn is_reserved_spelling(squashed: &str) -> bool {
    static SPELLINGS: OnceLock<HashSet<String>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        Lang::ALL
            .iter()
            .flat_map(|l| l.reserved().iter().copied().flatten())
            .map(|k| squash(k))
            .collect()
    });
    spellings.contains(squashed)
}

/// The name with everything but ASCII letters and digits removed, lowercased:
/// two names with the same squash may become one identifier.
pub fn squash(name: &str) -> String {
    ident_words(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Makes `raw` usable as the input of a case conversion: non-alphanumeric
/// characters become word breaks, non-ASCII letters are spelled as `uXXXX`
/// words so distinct names stay distinct.
pub fn sanitize(raw: &str) -> String {
    if raw.is_ascii() {
        let bytes: Vec<u8> = raw
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { b } else { b' ' })
            .collect();
        // ASCII in, ASCII out: always UTF-8.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// Converts with `convert` and makes the result a valid identifier start:
/// empty becomes `fallback`, a leading digit gets `prefix`.
pub fn spell(raw: &str, convert: fn(&str) -> String, prefix: &str, fallback: &str) -> String {
    let s = convert(&sanitize(raw));
    if s.is_empty() {
        return fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{prefix}{s}");
    }
    s
}

/// [`spell`] for a type, field or parameter name: its comparison and sign
/// symbols spelled first ([`ident_words`]).
pub fn spell_ident(raw: &str, convert: fn(&str) -> String, prefix: &str, fallback: &str) -> String {
    spell(&ident_words(raw), convert, prefix, fallback)
}

/// `name` with `suffix` appended when it is one of `taken` (a name the
/// generated code already uses).
pub fn unshadow(name: String, taken: &[&str], suffix: &str) -> String {
    if taken.contains(&name.as_str()) {
        format!("{name}{suffix}")
    } else {
        name
    }
}

/// The word a symbol is spelled as in a name, so that names told apart only
/// by it stay apart: `all` for enum values (every symbol of the table),
/// else only the comparison and sign symbols that query parameters and
/// properties use (`StartTime<` and `StartTime`, `+1` and `-1`).
fn symbol_word(chars: &[char], i: usize, all: bool) -> Option<&'static str> {
    let before_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
    Some(match chars[i] {
        '+' => "plus",
        '<' => "lt",
        '>' => "gt",
        '=' => "eq",
        '!' => "not",
        // A sign, not a word break: `-1`, `GMT-1` (an enum value) or `(-1)`.
        '-' if before_digit
            && (i == 0
                || if all {
                    !chars[i - 1].is_ascii_digit()
                } else {
                    !chars[i - 1].is_ascii_alphanumeric()
                }) =>
        {
            "minus"
        }
        '*' if all => "star",
        '~' if all => "tilde",
        '%' if all => "percent",
        '&' if all => "and",
        '|' if all => "or",
        '^' if all => "caret",
        '#' if all => "hash",
        '@' if all => "at",
        '$' if all => "dollar",
        _ => return None,
    })
}

fn spell_symbols(value: &str, all: bool) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    for (i, &c) in chars.iter().enumerate() {
        match symbol_word(&chars, i, all) {
            Some(word) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// The text an identifier is made from: comparison and sign symbols spelled
/// out (`EndTime<` → `EndTime lt`, `+1` → `plus 1`, `-1` → `minus 1`), so
/// names that differ only by them do not become one identifier. A `-`
/// inside a word (`box-template`, `sha-256`) stays a word break.
pub fn ident_words(raw: &str) -> std::borrow::Cow<'_, str> {
    // Only these characters can be spelled (see `symbol_word`).
    if !raw
        .bytes()
        .any(|b| matches!(b, b'+' | b'<' | b'>' | b'=' | b'!' | b'-'))
    {
        return std::borrow::Cow::Borrowed(raw);
    }
    let chars: Vec<char> = raw.chars().collect();
    if (0..chars.len()).any(|i| symbol_word(&chars, i, false).is_some()) {
        std::borrow::Cow::Owned(spell_symbols(raw, false))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// The text an enum member's name is made from: the value, with symbols
/// that tell values apart spelled out (`GMT+1` and `GMT-1`, `red*` and `red`,
/// `<=` and `<`, `-1` and `1` must not become the same name). A `-` between
/// words stays a word break.
pub fn enum_value_words(value: &str) -> String {
    spell_symbols(value, true)
}

/// What two type names share when a language would spell them as one
/// identifier: their words, symbols spelled, lowercased, separators dropped.
fn type_key(source: &str) -> String {
    sanitize(&ident_words(source))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Gives every type whose name would become the same identifier as an
/// earlier one's (in name order; `rulesets_Messages` before
/// `rulesets_messages`) a naming source with a number appended
/// (`rulesets_messages2`). Wire and IR names are unchanged; the
/// `identifier-collision` lint warns about each such pair.
pub fn separate_type_names(types: &mut BTreeMap<String, crate::ir::NamedType>) {
    // Each key made once, on every core (making one is most of the work
    // here, and lowering ends with it while the other core is idle).
    let sources: Vec<&str> = types.values().map(|t| t.naming_source()).collect();
    let keys: Vec<String> = crate::parallel::in_parallel(&sources, |s| type_key(s));
    let mut taken: FxHashSet<String> = keys.iter().cloned().collect();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for (t, key) in types.values_mut().zip(keys) {
        if seen.insert(key) {
            continue;
        }
        let source = t.naming_source().to_string();
        let candidate = |n: usize| format!("{source}{n}");
        t.name_hint = Some(first_free(candidate, 2, &mut taken, &mut seen));
    }
}

/// Gives every parameter of one operation whose name would become the same
/// argument as an earlier one's (a path `id` and a query `id`, `httpProtocol`
/// and `http_protocol`) a naming source with its location in front
/// (`query id` → `query_id`), numbered if that is taken too. Wire names are
/// unchanged; the `identifier-collision` lint warns about each such pair.
pub fn separate_parameter_names(params: &mut [crate::ir::Parameter]) {
    let keys: Vec<String> = params.iter().map(|p| type_key(p.naming_source())).collect();
    let mut taken: FxHashSet<String> = keys.iter().cloned().collect();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for (p, key) in params.iter_mut().zip(keys) {
        if seen.insert(key) {
            continue;
        }
        let source = p.naming_source().to_string();
        let base = format!("{} {source}", p.location.as_str());
        let candidate = |n: usize| match n {
            1 => base.clone(),
            n => format!("{base}{n}"),
        };
        p.name_hint = Some(first_free(candidate, 1, &mut taken, &mut seen));
    }
}

/// The first numbered candidate, counting from `start`, whose identifier no
/// name has taken yet; it is then taken and seen.
fn first_free(
    candidate: impl Fn(usize) -> String,
    start: usize,
    taken: &mut FxHashSet<String>,
    seen: &mut FxHashSet<String>,
) -> String {
    let mut n = start;
    loop {
        let name = candidate(n);
        let key = type_key(&name);
        if taken.insert(key.clone()) {
            seen.insert(key);
            return name;
        }
        n += 1;
    }
}

/// Assigns identifiers to a set of sources (label, location, identifier).
/// Two sources that produce the same identifier are an error naming both.
/// The items may own their parts or borrow them (`&str`, `&Loc`), as the
/// IR's types are checked without copying their names and locations.
pub fn check_collisions<L, P, I>(rule_scope: &str, items: &[(L, P, I)]) -> Vec<Diagnostic>
where
    L: AsRef<str>,
    P: std::borrow::Borrow<Loc>,
    I: AsRef<str>,
{
    // Looked up only: the findings follow the items' order.
    let mut seen: FxHashMap<&str, (&str, &Loc)> = FxHashMap::default();
    seen.reserve(items.len());
    let mut out = Vec::new();
    for (label, loc, id) in items {
        let (label, loc, id) = (label.as_ref(), loc.borrow(), id.as_ref());
        if let Some((other, other_loc)) = seen.get(id) {
            out.push(Diagnostic::new(
                "identifier-collision",
                Severity::Error,
                loc.clone(),
                format!(
                    "{rule_scope}: `{label}` and `{other}` (at {other_loc}) both become `{id}`; rename one, or declare a name with `x-specsmith-name`"
                ),
            ));
        } else {
            seen.insert(id, (label, loc));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use heck::ToUpperCamelCase;

    fn pascal(s: &str) -> String {
        s.to_upper_camel_case()
    }

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(spell("box-template", pascal, "T", "Empty"), "BoxTemplate");
        assert_eq!(spell("2xx", pascal, "T", "Empty"), "T2xx");
        assert_eq!(spell("---", pascal, "T", "Empty"), "Empty");
        assert_ne!(
            spell("café", pascal, "T", "E"),
            spell("cafe", pascal, "T", "E")
        );
    }

    #[test]
    fn collisions_name_both_sources() {
        let loc = Loc::default();
        let d = check_collisions(
            "fields of Snapshot",
            &[
                ("image_uri", &loc, "ImageUri"),
                ("imageUri", &loc, "ImageUri"),
            ],
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("image_uri") && d[0].message.contains("imageUri"));
    }

    #[test]
    fn enum_values_keep_their_sign() {
        assert_eq!(enum_value_words("GMT+1"), "GMT plus 1");
        assert_eq!(enum_value_words("Etc/GMT-1"), "Etc/GMT minus 1");
        assert_eq!(enum_value_words("-1"), " minus 1");
        assert_eq!(enum_value_words("red*"), "red star ");
        assert_eq!(enum_value_words("<="), " lt  eq ");
        assert_eq!(enum_value_words("widget-pro"), "widget-pro");
        assert_eq!(enum_value_words("2020-01-01"), "2020-01-01");
    }

    #[test]
    fn identifiers_keep_comparisons_and_signs() {
        use IdentKind::*;
        assert_eq!(ident(Lang::Python, Field, "+1"), "plus_1");
        assert_eq!(ident(Lang::Python, Field, "-1"), "minus_1");
        assert_eq!(ident(Lang::Go, Field, "-1"), "Minus1");
        assert_eq!(ident(Lang::CSharp, Parameter, "EndTime<"), "endTimeLt");
        assert_eq!(ident(Lang::TypeScript, Parameter, "EndTime>"), "endTimeGt");
        assert_eq!(ident(Lang::Python, Field, "sha-256"), "sha_256");
        assert_eq!(ident(Lang::Python, Field, "box-template"), "box_template");
        assert_ne!(squash("+1"), squash("-1"));
    }

    #[test]
    fn keywords_are_escaped_per_language() {
        use IdentKind::*;
        assert_eq!(ident(Lang::Kotlin, Field, "in"), "`in`");
        assert_eq!(ident(Lang::CSharp, Parameter, "class"), "@class");
        assert_eq!(ident(Lang::CSharp, Field, "class"), "Class");
        assert_eq!(ident(Lang::Rust, Field, "self"), "self_");
        assert_eq!(ident(Lang::Rust, Type, "self"), "SelfModel");
        assert_eq!(ident(Lang::Python, Type, "none"), "None_");
        assert_eq!(ident(Lang::Python, Field, "str"), "str_");
        assert_eq!(ident(Lang::Python, Field, "model_dump"), "model_dump_");
        assert_eq!(ident(Lang::Python, Field, "match"), "match");
        assert_eq!(ident(Lang::TypeScript, Field, "default"), "default");
        assert_eq!(ident(Lang::TypeScript, Parameter, "default"), "default_");
        assert_eq!(ident(Lang::Go, Parameter, "type"), "type_");
        assert_eq!(ident(Lang::Go, Field, "imageUri"), "ImageURI");
        assert_eq!(ident(Lang::Python, Field, "imageUri"), "image_uri");
        assert_eq!(ident(Lang::Kotlin, EnumVariant, "Ready"), "READY");
    }

    #[test]
    fn digit_leading_enum_values_agree_where_the_case_agrees() {
        use IdentKind::EnumVariant;
        assert_eq!(ident(Lang::Rust, EnumVariant, "3d"), "Value3d");
        assert_eq!(ident(Lang::CSharp, EnumVariant, "3d"), "Value3d");
        assert_eq!(ident(Lang::Python, EnumVariant, "3d"), "VALUE_3D");
        assert_eq!(ident(Lang::Kotlin, EnumVariant, "3d"), "VALUE_3D");
        assert_eq!(ident(Lang::Go, EnumVariant, "3d"), "3d");
    }

    #[test]
    fn the_cheap_test_lets_every_reserved_word_through() {
        for l in Lang::ALL {
            for k in l.reserved().iter().copied().flatten() {
                assert!(may_be_reserved(k), "{k}");
            }
        }
        // `ident` escapes only names this short.
        for k in crate::naming::rust::NOT_RAW {
            assert!(may_be_reserved(k), "{k}");
        }
        assert!(may_be_reserved("Type") && may_be_reserved("from-orm"));
        assert!(!may_be_reserved("imageUri"));
    }

    #[test]
    fn tables_have_no_repeats() {
        for l in Lang::ALL {
            for table in l.reserved() {
                let mut words = table.to_vec();
                words.sort_unstable();
                let n = words.len();
                words.dedup();
                assert_eq!(n, words.len(), "{} repeats a word", l.as_str());
            }
        }
    }
}
