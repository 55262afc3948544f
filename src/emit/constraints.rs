//! What a field's doc comment says about the values it takes: its string
//! format, bounds, lengths, item counts, pattern and the schema's example,
//! in target-neutral words. Every SDK target that documents fields uses this
//! one list, so the languages say the same thing.

use serde_json::Value;

use crate::ir::{Constraints, Field, Primitive, StringFormat, TypeRef};

/// The longest example written out in full; a longer one is cut with `...`.
const MAX_EXAMPLE: usize = 120;

/// One sentence per fact about the values `field` takes (`Format: uuid.`,
/// `Length: 1 to 64 characters.`, ``Pattern: `^[a-z]+$`.``, ``Example:
/// `"abc"`.``), in that order; empty when the schema says none of them. The
/// field's own keywords only: those of a referenced type are on the type.
pub fn notes(field: &Field) -> Vec<String> {
    let mut out = Vec::new();
    if let TypeRef::Primitive(Primitive::String(f)) = field.ty.non_null() {
        if let Some(f) = format_words(f) {
            out.push(format!("Format: {f}."));
        }
    }
    bounds(&field.constraints, &mut out);
    if let Some(p) = &field.constraints.pattern {
        out.push(format!("Pattern: `{}`.", one_line(p)));
    }
    if let Some(e) = &field.docs.example {
        out.push(format!("Example: `{}`.", example(e)));
    }
    out
}

/// The notes of [`notes`] as one paragraph, or `None` when there are none.
pub fn paragraph(field: &Field) -> Option<String> {
    let n = notes(field);
    (!n.is_empty()).then(|| n.join(" "))
}

fn format_words(f: &StringFormat) -> Option<String> {
    Some(match f {
        StringFormat::Plain => return None,
        StringFormat::DateTime => "date-time (RFC 3339)".into(),
        StringFormat::Date => "date (RFC 3339 full-date, YYYY-MM-DD)".into(),
        StringFormat::Uuid => "uuid".into(),
        StringFormat::Uri => "uri".into(),
        StringFormat::Byte => "byte (base64)".into(),
        StringFormat::Binary => "binary".into(),
        StringFormat::Email => "email".into(),
        StringFormat::Other(s) => one_line(s),
    })
}

fn bounds(c: &Constraints, out: &mut Vec<String>) {
    let bound = |v: f64, exclusive: bool| {
        let n = number(v);
        if exclusive {
            format!("{n} (exclusive)")
        } else {
            n
        }
    };
    match (c.minimum, c.maximum) {
        (Some(lo), Some(hi)) => out.push(format!(
            "Range: {} to {}.",
            bound(lo, c.exclusive_minimum),
            bound(hi, c.exclusive_maximum)
        )),
        (Some(lo), None) => out.push(format!("Minimum: {}.", bound(lo, c.exclusive_minimum))),
        (None, Some(hi)) => out.push(format!("Maximum: {}.", bound(hi, c.exclusive_maximum))),
        (None, None) => {}
    }
    if let Some(m) = c.multiple_of {
        out.push(format!("Multiple of {}.", number(m)));
    }
    if let Some(s) = count("Length", "character", c.min_length, c.max_length) {
        out.push(s);
    }
    if let Some(s) = count("Items", "item", c.min_items, c.max_items) {
        out.push(s);
    }
    if c.unique_items {
        out.push("Items are unique.".into());
    }
    if let Some(s) = count("Properties", "property", c.min_properties, c.max_properties) {
        out.push(s);
    }
}

fn count(what: &str, unit: &str, min: Option<u64>, max: Option<u64>) -> Option<String> {
    let units = |n: u64| match (n, unit) {
        (1, _) => unit.to_string(),
        (_, "property") => "properties".into(),
        _ => format!("{unit}s"),
    };
    Some(match (min, max) {
        (Some(lo), Some(hi)) if lo == hi => format!("{what}: exactly {lo} {}.", units(lo)),
        (Some(lo), Some(hi)) => format!("{what}: {lo} to {hi} {}.", units(hi)),
        (Some(lo), None) => format!("{what}: at least {lo} {}.", units(lo)),
        (None, Some(hi)) => format!("{what}: at most {hi} {}.", units(hi)),
        (None, None) => return None,
    })
}

/// A bound as the spec would write it: `10`, not `10.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// The example as compact JSON on one line, cut after [`MAX_EXAMPLE`]
/// characters.
fn example(v: &Value) -> String {
    let s = one_line(&v.to_string());
    if s.chars().count() > MAX_EXAMPLE {
        let cut: String = s.chars().take(MAX_EXAMPLE - 3).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Control characters (a newline in a pattern) would end a comment line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, IntFormat};
    use serde_json::json;

    fn field(ty: TypeRef, c: Constraints, example: Option<Value>) -> Field {
        Field {
            name: "x".into(),
            ty,
            required: false,
            default: None,
            read_only: false,
            write_only: false,
            deprecated: false,
            docs: Docs {
                example,
                ..Docs::default()
            },
            constraints: c.into(),
            name_hint: None,
            loc: Default::default(),
        }
    }

    #[test]
    fn strings_say_format_length_pattern_and_example() {
        let f = field(
            TypeRef::Nullable(Box::new(TypeRef::Primitive(Primitive::String(
                StringFormat::Uuid,
            )))),
            Constraints {
                min_length: Some(36),
                max_length: Some(36),
                pattern: Some("^[0-9a-f-]+$".into()),
                ..Constraints::default()
            },
            Some(json!("0b6a1c3e-3f4d-4e8a-9c1b-2d3e4f5a6b7c")),
        );
        assert_eq!(
            notes(&f),
            vec![
                "Format: uuid.",
                "Length: exactly 36 characters.",
                "Pattern: `^[0-9a-f-]+$`.",
                "Example: `\"0b6a1c3e-3f4d-4e8a-9c1b-2d3e4f5a6b7c\"`.",
            ]
        );
    }

    #[test]
    fn numbers_say_their_range() {
        let f = field(
            TypeRef::Primitive(Primitive::Integer(IntFormat::Int32)),
            Constraints {
                minimum: Some(0.0),
                maximum: Some(100.0),
                exclusive_maximum: true,
                multiple_of: Some(0.5),
                ..Constraints::default()
            },
            None,
        );
        assert_eq!(
            paragraph(&f).as_deref(),
            Some("Range: 0 to 100 (exclusive). Multiple of 0.5.")
        );
        let g = field(
            TypeRef::Array(Box::new(TypeRef::Any)),
            Constraints {
                min_items: Some(1),
                ..Constraints::default()
            },
            Some(json!([1, 2])),
        );
        assert_eq!(
            notes(&g),
            vec!["Items: at least 1 item.", "Example: `[1,2]`."]
        );
        let plain = field(
            TypeRef::Primitive(Primitive::String(StringFormat::Plain)),
            Constraints::default(),
            None,
        );
        assert_eq!(paragraph(&plain), None);
    }

    #[test]
    fn long_examples_are_cut() {
        let long = "y".repeat(300);
        let f = field(TypeRef::Any, Constraints::default(), Some(json!(long)));
        let n = notes(&f);
        assert!(n[0].ends_with("...`."), "{}", n[0]);
        assert_eq!(
            n[0].chars().count(),
            "Example: ``.".chars().count() + MAX_EXAMPLE
        );
    }
}
