//! Rust identifiers for everything the Rust crates declare: type, field,
//! variant and method names, keyword escaping, names that would shadow the
//! prelude, and collision reports naming both sources.

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Loc};
use crate::ir::ObjectType;
use crate::naming::{self, IdentKind, Lang};

pub use crate::naming::rust::unraw;

/// A type name (`BoxTemplate`) for an IR or operation-derived name.
pub fn type_name(raw: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::Type, raw)
}

/// A variant name for an enum value or a union member.
pub fn variant_name(raw: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::EnumVariant, raw)
}

/// The variant names of an enum's values, in value order (`target` names
/// the crate in warnings).
pub fn variant_names(
    target: &str,
    t: &crate::ir::NamedType,
    e: &crate::ir::EnumType,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    crate::emit::support::member_idents(
        target,
        t,
        e,
        false,
        &variant_name,
        &|id, n| format!("{id}{n}"),
        diags,
    )
}

/// A field, method or function name, keyword-escaped (`r#type`, `self_`).
pub fn value_name(raw: &str) -> String {
    naming::ident(Lang::Rust, IdentKind::Field, raw)
}

/// The name of the field that keeps the properties a schema does not list:
/// `extra`, or the first of two longer names that no listed property takes.
pub fn extra_field(o: &ObjectType) -> String {
    let taken: BTreeSet<String> = o
        .fields
        .iter()
        .map(|f| unraw(&value_name(f.naming_source())).to_string())
        .collect();
    crate::emit::sdk::free_name(
        &["extra", "additional_properties", "unknown_properties"],
        &taken,
    )
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
    // The camel-case words of a name, as slices of it: a word starts at
    // the first character and at each uppercase one.
    fn words(s: &str) -> Vec<&str> {
        let mut starts: Vec<usize> = s
            .char_indices()
            .filter(|&(i, c)| i == 0 || c.is_uppercase())
            .map(|(i, _)| i)
            .collect();
        starts.push(s.len());
        starts.windows(2).map(|w| &s[w[0]..w[1]]).collect()
    }
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
    let split: Vec<Vec<&str>> = variants.iter().map(|v| words(v)).collect();
    let first: BTreeSet<&str> = split.iter().filter_map(|w| w.first().copied()).collect();
    let last: BTreeSet<&str> = split.iter().filter_map(|w| w.last().copied()).collect();
    let multi = split.iter().all(|w| w.len() > 1);
    multi && (first.len() == 1 || last.len() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_rust() {
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(value_name("extern"), "r#extern");
        assert_eq!(variant_name("3d-print"), "Value3dPrint");
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
