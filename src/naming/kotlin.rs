//! Kotlin names: PascalCase types (a type named like one the generated code
//! uses gets a `Model` suffix), lowerCamelCase properties and parameters (hard
//! keywords in backticks), SCREAMING_SNAKE_CASE enum constants.

use super::case::{ToLowerCamelCase, ToShoutySnakeCase, ToUpperCamelCase};

use super::{spell, spell_ident, unshadow, IdentKind};

/// Names the generated code uses unqualified; a schema with one of these
/// names gets a `Model` suffix.
pub const TYPES: &[&str] = &[
    "Any",
    "Array",
    "Boolean",
    "Byte",
    "Char",
    "Collection",
    "Comparable",
    "Deprecated",
    "Double",
    "EncodeDefault",
    "Enum",
    "Error",
    "Exception",
    "Float",
    "Int",
    "JvmInline",
    "List",
    "Long",
    "Map",
    "Nothing",
    "Number",
    "Pair",
    "Result",
    "Set",
    "Short",
    "String",
    "Throwable",
    "Triple",
    "Unit",
    "Json",
    "JsonArray",
    "JsonElement",
    "JsonNull",
    "JsonObject",
    "JsonPrimitive",
    "JsonDecoder",
    "JsonEncoder",
    "KSerializer",
    "Decoder",
    "Encoder",
    "SerialDescriptor",
    "SerialName",
    "Serializable",
    "SerializationException",
    "OffsetDateTime",
    "LocalDate",
    "Optional",
    "OptionalSerializer",
    "OffsetDateTimeSerializer",
    "LocalDateSerializer",
    "Uuid",
    "Uri",
    "ModelJson",
    "PrimitiveKind",
    "UseSerializers",
    "OptIn",
    "Suppress",
    "Transient",
    "JsonNames",
    "KeepGeneratedSerializer",
    "ExperimentalSerializationApi",
    "DeserializationStrategy",
    "ListSerializer",
    "MapSerializer",
    "UnknownPropertiesSerializer",
    "DateTimeFormatter",
    "DateTimeParseException",
];

/// Kotlin hard keywords (soft and modifier keywords are legal names).
pub const KEYWORDS: &[&str] = &[
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

/// Every table of names a Kotlin identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS, TYPES];

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => spell_ident(wire, |s| s.to_upper_camel_case(), "T", "Model"),
        IdentKind::Field | IdentKind::Parameter => {
            spell_ident(wire, |s| s.to_lower_camel_case(), "field", "field")
        }
        IdentKind::EnumVariant => spell(wire, |s| s.to_shouty_snake_case(), "VALUE_", "EMPTY"),
    }
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    match kind {
        IdentKind::Type => {
            let s = unshadow(cased.to_string(), TYPES, "Model");
            (s != cased).then_some(s)
        }
        IdentKind::Field | IdentKind::Parameter => {
            KEYWORDS.contains(&cased).then(|| format!("`{cased}`"))
        }
        IdentKind::EnumVariant => None,
    }
}
