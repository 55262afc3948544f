//! Rust identifiers for everything the server crate declares: type, field,
//! variant and method names, keyword escaping, names that would shadow the
//! prelude, and collision reports naming both sources.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::diag::{Diagnostic, Loc};
use crate::emit::naming;

/// Keywords that `r#` can escape.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static", "struct",
    "trait", "true", "false", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing `_`.
const UNRAWABLE: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Type names the generated code uses unqualified: a model with one of these
/// names gets a `Model` suffix so it cannot shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Api",
    "Box",
    "BTreeMap",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Deserialize",
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
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "Vec",
];

fn pascal(s: &str) -> String {
    s.to_upper_camel_case()
}

fn snake(s: &str) -> String {
    s.to_snake_case()
}

/// A type name (`BoxTemplate`) for an IR or operation-derived name.
pub fn type_name(raw: &str) -> String {
    let name = naming::ident(raw, pascal, "T", "Type");
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// A variant name for an enum value or a union member.
pub fn variant_name(raw: &str) -> String {
    let name = naming::ident(raw, pascal, "V", "Empty");
    if name == "Self" {
        "SelfValue".to_string()
    } else {
        name
    }
}

/// A field, method or function name, keyword-escaped (`r#type`, `self_`).
pub fn value_name(raw: &str) -> String {
    let name = naming::ident(raw, snake, "n", "value");
    escape_keyword(name)
}

fn escape_keyword(name: String) -> String {
    if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix: what serde sees as the field's name.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Collects `(label, location, identifier)` triples in one scope and reports
/// identifiers that two sources share.
#[derive(Default)]
pub struct Scope {
    items: Vec<(String, Loc, String)>,
}

impl Scope {
    pub fn add(&mut self, label: impl Into<String>, loc: &Loc, ident: &str) {
        self.items
            .push((label.into(), loc.clone(), unraw(ident).to_string()));
    }

    pub fn check(self, what: &str, diags: &mut Vec<Diagnostic>) {
        diags.extend(naming::check_collisions(what, &self.items));
    }
}

/// True when clippy's `enum_variant_names` would fire on these variants: all
/// (three or more) share a leading or trailing camel-case word, or a variant
/// starts or ends with the enum's own name. Variant names mirror wire values,
/// so the generated enum says so instead of renaming them.
pub fn variants_share_affix(enum_name: &str, variants: &[String]) -> bool {
    let words = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in s.chars() {
            if c.is_uppercase() || out.is_empty() {
                out.push(String::new());
            }
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        }
        out
    };
    let enum_words = words(enum_name);
    let starts_or_ends_with_enum = variants.iter().any(|v| {
        let w = words(v);
        w.len() > enum_words.len()
            && (w[..enum_words.len()] == enum_words[..]
                || w[w.len() - enum_words.len()..] == enum_words[..])
    });
    if starts_or_ends_with_enum {
        return true;
    }
    if variants.len() < 3 {
        return false;
    }
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let first: BTreeSet<&String> = split.iter().filter_map(|w| w.first()).collect();
    let last: BTreeSet<&String> = split.iter().filter_map(|w| w.last()).collect();
    let multi = split.iter().all(|w| w.len() > 1);
    multi && (first.len() == 1 || last.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_rust() {
        assert_eq!(type_name("box-template"), "BoxTemplate");
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("2fa"), "n2fa");
        assert_eq!(value_name("imageUri"), "image_uri");
        assert_eq!(variant_name("3d-print"), "V3dPrint");
        assert_eq!(unraw("r#type"), "type");
    }

    #[test]
    fn shared_affixes_are_detected() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(variants_share_affix(
            "Size",
            &v(&["GpuSmall", "GpuLarge", "GpuMedium"])
        ));
        assert!(!variants_share_affix(
            "SandboxState",
            &v(&["Pending", "Running", "Paused"])
        ));
        assert!(variants_share_affix("Kind", &v(&["KindA", "B"])));
    }
}
