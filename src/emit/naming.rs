//! Identifier helpers shared by the targets: splitting wire names into words,
//! making any string a valid identifier, and assigning names so that two
//! sources that collide after conversion are reported, never merged.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Loc, Severity};

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
pub fn ident(raw: &str, convert: fn(&str) -> String, prefix: &str, fallback: &str) -> String {
    let s = convert(&sanitize(raw));
    if s.is_empty() {
        return fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{prefix}{s}");
    }
    s
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
        assert_eq!(ident("box-template", pascal, "T", "Empty"), "BoxTemplate");
        assert_eq!(ident("2xx", pascal, "T", "Empty"), "T2xx");
        assert_eq!(ident("---", pascal, "T", "Empty"), "Empty");
        assert_ne!(
            ident("café", pascal, "T", "E"),
            ident("cafe", pascal, "T", "E")
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
}
