//! Rust names, shared by the `rust` and `rust-server` targets: PascalCase
//! types and enum variants (a leading digit gets `Value`, a negative integer
//! is spelled `Minus…`), snake_case fields, parameters and methods; keywords
//! become raw identifiers (`r#type`), or get a trailing `_` where Rust has no
//! raw form (`self_`). A type named like one the generated code uses gets a
//! `Model` suffix.

use super::case::{ToSnakeCase, ToUpperCamelCase};

use super::{spell, spell_ident, unshadow, IdentKind};

/// Rust strict and reserved keywords (2024 edition).
pub const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is an error).
pub const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Type names the code of either Rust crate uses unqualified (the models are
/// the same in both, so they are named the same in both).
pub const TYPES: &[&str] = &[
    "Api",
    "BTreeMap",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Display",
    "Eq",
    "Err",
    "Error",
    "Fn",
    "From",
    "FromStr",
    "Future",
    "Hash",
    "Into",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Send",
    "Serialize",
    "Serializer",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
];

/// Every table of names a Rust identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS, TYPES];

/// The identifier without a raw prefix: what serde sees as the field's name.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => spell_ident(wire, |s| s.to_upper_camel_case(), "T", "Model"),
        IdentKind::Field | IdentKind::Parameter => {
            spell_ident(wire, |s| s.to_snake_case(), "field_", "field")
        }
        IdentKind::EnumVariant => match wire.parse::<i64>() {
            Ok(i) if i < 0 => format!("Minus{}", i.unsigned_abs()),
            _ => spell(wire, |s| s.to_upper_camel_case(), "Value", "Empty"),
        },
    }
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    match kind {
        IdentKind::Type => {
            let s = unshadow(cased.to_string(), TYPES, "Model");
            (s != cased).then_some(s)
        }
        IdentKind::Field | IdentKind::Parameter => {
            if NOT_RAW.contains(&cased) {
                Some(format!("{cased}_"))
            } else {
                KEYWORDS.contains(&cased).then(|| format!("r#{cased}"))
            }
        }
        IdentKind::EnumVariant => (cased == "Self").then(|| "SelfValue".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ident, Lang};
    use super::*;

    #[test]
    fn names_are_valid_rust() {
        let id = |k, s| ident(Lang::Rust, k, s);
        assert_eq!(id(IdentKind::Field, "type"), "r#type");
        assert_eq!(id(IdentKind::Field, "self"), "self_");
        assert_eq!(id(IdentKind::Field, "2fa"), "field_2fa");
        assert_eq!(id(IdentKind::Field, "imageUri"), "image_uri");
        assert_eq!(id(IdentKind::Type, "Option"), "OptionModel");
        assert_eq!(id(IdentKind::EnumVariant, "3d-print"), "Value3dPrint");
        assert_eq!(id(IdentKind::EnumVariant, "-2"), "Minus2");
        assert_eq!(id(IdentKind::EnumVariant, "self"), "SelfValue");
        assert_eq!(id(IdentKind::Type, "Result"), "ResultModel");
        assert_eq!(id(IdentKind::Type, "Error"), "ErrorModel");
        assert_eq!(id(IdentKind::Type, "box-template"), "BoxTemplate");
        assert_eq!(unraw("r#type"), "type");
    }
}
