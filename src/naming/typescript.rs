//! TypeScript names: PascalCase types; property keys and string enum values
//! stay as written on the wire (any string is a legal key or literal);
//! camelCase parameters that are reserved words get a trailing `_`.

use super::case::{ToLowerCamelCase, ToUpperCamelCase};

use super::{ident_words, spell_ident, IdentKind};

/// ECMAScript reserved words (strict mode) and TypeScript's own.
pub const KEYWORDS: &[&str] = &[
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

/// Every table of names a TypeScript identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS];

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => spell_ident(wire, |s| s.to_upper_camel_case(), "T", "Model"),
        IdentKind::Field | IdentKind::EnumVariant => wire.to_string(),
        IdentKind::Parameter => ident_words(wire).to_lower_camel_case(),
    }
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    (kind == IdentKind::Parameter && KEYWORDS.contains(&cased)).then(|| format!("{cased}_"))
}
