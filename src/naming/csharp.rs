//! C# names: PascalCase types (a type named like one the generated code uses
//! gets a `Model` suffix), PascalCase properties and enum members (a member
//! named like a record's own members, or like its enclosing type, gets a
//! `Value` suffix), camelCase parameters; a keyword is escaped with `@`.

use super::case::{ToLowerCamelCase, ToUpperCamelCase};

use super::{ident_words, spell, spell_ident, unshadow, IdentKind};

/// Names the generated code uses unqualified; a schema with one of these
/// names gets a `Model` suffix.
pub const TYPES: &[&str] = &[
    "Activator",
    "Attribute",
    "CultureInfo",
    "DateOnly",
    "DateTimeOffset",
    "Dictionary",
    "Exception",
    "Guid",
    "InvalidOperationException",
    "JsonConverter",
    "JsonConverterFactory",
    "JsonElement",
    "JsonException",
    "JsonExtensionData",
    "JsonIgnore",
    "JsonIgnoreCondition",
    "JsonPropertyName",
    "JsonSerializer",
    "JsonSerializerOptions",
    "JsonTokenType",
    "JsonValueKind",
    "List",
    "Object",
    "Obsolete",
    "Optional",
    "OptionalJsonConverterFactory",
    "String",
    "System",
    "Type",
    "UnionJson",
    "Uri",
    "Utf8JsonReader",
    "Utf8JsonWriter",
    "Uuid",
    "UuidJsonConverter",
];

/// Members every record has; a property with one of these names gets a suffix.
pub const MEMBERS: &[&str] = &[
    "EqualityContract",
    "Equals",
    "GetHashCode",
    "ToString",
    "GetType",
    "PrintMembers",
    "Deconstruct",
    "MemberwiseClone",
    "Finalize",
];

pub const KEYWORDS: &[&str] = &[
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

/// Every table of names a C# identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS, TYPES, MEMBERS];

/// A member identifier (property or enum member) in type `owner`: a name
/// equal to the enclosing type gets a `Value` suffix too.
pub fn member(kind: IdentKind, raw: &str, owner: &str) -> String {
    let s = cased(kind, raw);
    if s == owner {
        return keyword(format!("{s}Value"));
    }
    escape(kind, &s).unwrap_or(s)
}

fn keyword(s: String) -> String {
    if KEYWORDS.contains(&s.as_str()) {
        format!("@{s}")
    } else {
        s
    }
}

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => spell_ident(wire, |s| s.to_upper_camel_case(), "T", "Model"),
        IdentKind::Field => spell_ident(wire, |s| s.to_upper_camel_case(), "Field", "Empty"),
        IdentKind::EnumVariant => spell(wire, |s| s.to_upper_camel_case(), "Value", "Empty"),
        IdentKind::Parameter => ident_words(wire).to_lower_camel_case(),
    }
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    let s = match kind {
        IdentKind::Type => keyword(unshadow(cased.to_string(), TYPES, "Model")),
        IdentKind::Field | IdentKind::EnumVariant => {
            keyword(unshadow(cased.to_string(), MEMBERS, "Value"))
        }
        IdentKind::Parameter => keyword(cased.to_string()),
    };
    (s != cased).then_some(s)
}
