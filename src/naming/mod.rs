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

use serde_json::Value;

use crate::diag::{Diagnostic, Loc, Severity};

pub mod csharp;
pub mod go;
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let cased = cased(lang, kind, wire);
    escape(lang, kind, &cased).unwrap_or(cased)
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
    static SPELLINGS: OnceLock<HashSet<String>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        Lang::ALL
            .iter()
            .flat_map(|l| l.reserved().iter().copied().flatten())
            .map(|k| squash(k))
            .collect()
    });
    wire.len() <= 40 && spellings.contains(&squash(wire))
}

/// The name with everything but ASCII letters and digits removed, lowercased:
/// two names with the same squash may become one identifier.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Makes `raw` usable as the input of a case conversion: non-alphanumeric
/// characters become word breaks, non-ASCII letters are spelled as `uXXXX`
/// words so distinct names stay distinct.
pub fn sanitize(raw: &str) -> String {
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

/// `name` with `suffix` appended when it is one of `taken` (a name the
/// generated code already uses).
pub fn unshadow(name: String, taken: &[&str], suffix: &str) -> String {
    if taken.contains(&name.as_str()) {
        format!("{name}{suffix}")
    } else {
        name
    }
}

/// The text an enum member's name is made from: the value, with symbols
/// that tell values apart spelled out (`GMT+1` and `GMT-1`, `red*` and `red`,
/// `<=` and `<`, `-1` and `1` must not become the same name). A `-` between
/// words stays a word break.
pub fn enum_value_words(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    for (i, &c) in chars.iter().enumerate() {
        let before_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let after_word = i == 0 || !chars[i - 1].is_ascii_digit();
        let word = match c {
            '+' => "plus",
            '-' if before_digit && after_word => "minus",
            '*' => "star",
            '<' => "lt",
            '>' => "gt",
            '=' => "eq",
            '!' => "not",
            '~' => "tilde",
            '%' => "percent",
            '&' => "and",
            '|' => "or",
            '^' => "caret",
            '#' => "hash",
            '@' => "at",
            '$' => "dollar",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// Assigns identifiers to a set of sources (label, location, identifier).
/// Two sources that produce the same identifier are an error naming both.
pub fn check_collisions(rule_scope: &str, items: &[(String, Loc, String)]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, (&str, &Loc)> = BTreeMap::new();
    let mut out = Vec::new();
    for (label, loc, id) in items {
        if let Some((other, other_loc)) = seen.get(id.as_str()) {
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
                ("image_uri".into(), loc.clone(), "ImageUri".into()),
                ("imageUri".into(), loc, "ImageUri".into()),
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
