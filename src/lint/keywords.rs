//! Reserved words of every target language, the case each target gives each
//! kind of identifier, and how a target escapes a name that is a keyword. The
//! `reserved-word` lint rule reports with these; emitters name with them, so
//! the lint shows exactly the names the generated code will use.

use std::collections::HashSet;
use std::sync::OnceLock;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// A language specsmith generates code for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Python,
    TypeScript,
    Go,
    Kotlin,
    CSharp,
    Rust,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::Python,
        Target::TypeScript,
        Target::Go,
        Target::Kotlin,
        Target::CSharp,
        Target::Rust,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Python => "python",
            Target::TypeScript => "typescript",
            Target::Go => "go",
            Target::Kotlin => "kotlin",
            Target::CSharp => "csharp",
            Target::Rust => "rust",
        }
    }

    /// The words a generated identifier of this target may not be.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Target::Python => PYTHON,
            Target::TypeScript => TYPESCRIPT,
            Target::Go => GO,
            Target::Kotlin => KOTLIN,
            Target::CSharp => CSHARP,
            Target::Rust => RUST,
        }
    }
}

/// What an identifier names; each target gives each kind its own case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentKind {
    /// A schema: a class, struct, interface or enum name.
    Type,
    /// A property of an object schema.
    Field,
    /// One value of an enum.
    EnumVariant,
    /// An operation parameter, as a function argument.
    Parameter,
}

/// Python hard keywords, the soft keywords (`type`, `match`, `case`), and the
/// `pydantic.BaseModel` attributes a field may not shadow (mypy rejects the
/// override).
pub const PYTHON: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "type",
    "match",
    "case",
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
];

/// ECMAScript reserved words (strict mode) and TypeScript's own.
pub const TYPESCRIPT: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
    "await",
    "arguments",
    "eval",
    "any",
    "boolean",
    "number",
    "string",
    "symbol",
    "never",
    "unknown",
    "object",
    "undefined",
    "bigint",
];

pub const GO: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

/// Kotlin hard keywords (soft and modifier keywords are legal names).
pub const KOTLIN: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

pub const CSHARP: &[&str] = &[
    "abstract",
    "as",
    "base",
    "bool",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "checked",
    "class",
    "const",
    "continue",
    "decimal",
    "default",
    "delegate",
    "do",
    "double",
    "else",
    "enum",
    "event",
    "explicit",
    "extern",
    "false",
    "finally",
    "fixed",
    "float",
    "for",
    "foreach",
    "goto",
    "if",
    "implicit",
    "in",
    "int",
    "interface",
    "internal",
    "is",
    "lock",
    "long",
    "namespace",
    "new",
    "null",
    "object",
    "operator",
    "out",
    "override",
    "params",
    "private",
    "protected",
    "public",
    "readonly",
    "ref",
    "return",
    "sbyte",
    "sealed",
    "short",
    "sizeof",
    "stackalloc",
    "static",
    "string",
    "struct",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "uint",
    "ulong",
    "unchecked",
    "unsafe",
    "ushort",
    "using",
    "virtual",
    "void",
    "volatile",
    "while",
];

/// Rust strict and reserved keywords (2024 edition).
pub const RUST: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Rust keywords that cannot be raw identifiers (`r#self` is an error).
const RUST_NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// A cheap test before [`ident`]: can any target's identifier for `wire` be
/// a keyword? Casing only changes case and separators, so the name's letters
/// and digits must spell some keyword's.
pub fn may_be_reserved(wire: &str) -> bool {
    static SPELLINGS: OnceLock<HashSet<String>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        Target::ALL
            .iter()
            .flat_map(|t| t.keywords())
            .map(|k| squash(k))
            .collect()
    });
    wire.len() <= 24 && spellings.contains(&squash(wire))
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Is `ident` (already in the target's case) a reserved word there?
pub fn is_reserved(target: Target, ident: &str) -> bool {
    target.keywords().contains(&ident)
}

/// The wire name in the case `target` uses for `kind`, before escaping.
///
/// TypeScript keeps property names as written (any string is a legal property
/// key) and enum values are string literals; Go prefixes enum constants with
/// their type name, so neither needs a case for them here.
pub fn cased(target: Target, kind: IdentKind, wire: &str) -> String {
    use IdentKind::*;
    use Target::*;
    match (target, kind) {
        (_, Type) => wire.to_upper_camel_case(),
        (TypeScript, Field | EnumVariant) => wire.to_string(),
        (Python | Rust, Field | Parameter) => wire.to_snake_case(),
        (Python | Kotlin, EnumVariant) => wire.to_shouty_snake_case(),
        (Go | CSharp, Field) => wire.to_upper_camel_case(),
        (Go, EnumVariant) => wire.to_upper_camel_case(),
        (CSharp | Rust, EnumVariant) => wire.to_upper_camel_case(),
        (Kotlin, Field) => wire.to_lower_camel_case(),
        (TypeScript | Go | Kotlin | CSharp, Parameter) => wire.to_lower_camel_case(),
    }
}

/// Escapes `ident` (in the target's case) when it is reserved; `None` when it
/// can be used as it is.
pub fn escape(target: Target, kind: IdentKind, ident: &str) -> Option<String> {
    // TypeScript property keys and string-literal enum values may be keywords.
    if target == Target::TypeScript && matches!(kind, IdentKind::Field | IdentKind::EnumVariant) {
        return None;
    }
    if !is_reserved(target, ident) {
        return None;
    }
    Some(match target {
        Target::Python | Target::TypeScript | Target::Go => format!("{ident}_"),
        Target::Kotlin => format!("`{ident}`"),
        Target::CSharp => format!("@{ident}"),
        Target::Rust if RUST_NOT_RAW.contains(&ident) => format!("{ident}_"),
        Target::Rust => format!("r#{ident}"),
    })
}

/// The identifier `target` generates for a wire name: cased, then escaped.
///
/// ```
/// use specsmith::lint::keywords::{ident, IdentKind, Target};
/// assert_eq!(ident(Target::Python, IdentKind::Field, "type"), "type_");
/// assert_eq!(ident(Target::Rust, IdentKind::Field, "type"), "r#type");
/// assert_eq!(ident(Target::Go, IdentKind::Field, "type"), "Type");
/// ```
pub fn ident(target: Target, kind: IdentKind, wire: &str) -> String {
    let cased = cased(target, kind, wire);
    escape(target, kind, &cased).unwrap_or(cased)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped_per_target() {
        assert_eq!(ident(Target::Kotlin, IdentKind::Field, "in"), "`in`");
        assert_eq!(
            ident(Target::CSharp, IdentKind::Parameter, "class"),
            "@class"
        );
        assert_eq!(ident(Target::CSharp, IdentKind::Field, "class"), "Class");
        assert_eq!(ident(Target::Rust, IdentKind::Field, "self"), "self_");
        assert_eq!(ident(Target::Rust, IdentKind::Type, "self"), "Self_");
        assert_eq!(ident(Target::Python, IdentKind::Type, "none"), "None_");
        assert_eq!(
            ident(Target::TypeScript, IdentKind::Field, "default"),
            "default"
        );
        assert_eq!(
            ident(Target::TypeScript, IdentKind::Parameter, "default"),
            "default_"
        );
        assert_eq!(ident(Target::Go, IdentKind::Parameter, "type"), "type_");
    }

    #[test]
    fn the_cheap_test_lets_every_keyword_through() {
        for t in Target::ALL {
            for k in t.keywords() {
                assert!(may_be_reserved(k), "{k}");
            }
        }
        assert!(may_be_reserved("Type") && may_be_reserved("from-orm"));
        assert!(!may_be_reserved("imageUri"));
    }

    #[test]
    fn ordinary_names_are_only_cased() {
        assert_eq!(
            ident(Target::Python, IdentKind::Field, "imageUri"),
            "image_uri"
        );
        assert_eq!(
            ident(Target::Kotlin, IdentKind::EnumVariant, "Ready"),
            "READY"
        );
    }

    #[test]
    fn lists_have_no_repeats() {
        for t in Target::ALL {
            let mut words = t.keywords().to_vec();
            words.sort_unstable();
            let n = words.len();
            words.dedup();
            assert_eq!(n, words.len(), "{} repeats a keyword", t.as_str());
        }
    }
}
