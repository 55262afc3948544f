//! Enums: open ones keep an unknown value, closed ones reject it.

use super::*;

/// Variant names for the values of an enum, plus the catch-all's name.
pub(super) fn enum_variants(
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, String) {
    // Values that become the same identifier (`GMT0` and `GMT+0`) are data,
    // not names the author chose: told apart as every SDK target does.
    let variants = names::variant_names(profile.target, t, e, diags);
    diags.extend(support::member_collisions(profile.target, t, e, &variants));
    let unknown = if variants.iter().any(|v| v == "Unknown") {
        "UnknownValue".to_string()
    } else {
        "Unknown".to_string()
    };
    (variants, unknown)
}

/// What every representation of an enum is built from, as source text.
struct EnumParts {
    name: String,
    /// The doc comment and the attributes above the `derive`.
    head: String,
    variants: Vec<String>,
    /// Each value's doc comment, indented.
    value_docs: Vec<String>,
    /// Old wire values a migration renamed, with the index of their new value.
    old_values: Vec<(String, usize)>,
    /// The listed values, for the error a closed enum gives.
    expected: String,
    unknown: String,
}

pub(super) fn enumeration(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let parts = enum_parts(types, shims, profile, t, e, diags);
    match (e.repr, e.open) {
        (EnumRepr::String, true) => open_string(&parts, e),
        (EnumRepr::String, false) => {
            needs.parse_enum_error = true;
            closed_string(&parts, e)
        }
        (EnumRepr::Integer, open) => integer(&parts, profile, t, e, open, needs, diags),
    }
}

fn enum_parts(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    diags: &mut Vec<Diagnostic>,
) -> EnumParts {
    let name = ident_text(types.name(&t.name)).into_owned();
    let (variant_names, unknown_name) = enum_variants(profile, t, e, diags);
    let kind_note = if e.constant && e.open {
        format!(
            "Constant: the spec allows only this value; a different one (from a newer server) is kept in [`{}::{unknown_name}`] and written back unchanged.",
            types.name(&t.name)
        )
    } else if e.open {
        format!(
            "Open: values this version does not list are kept in [`{}::{unknown_name}`] and written back unchanged.",
            types.name(&t.name)
        )
    } else {
        "Closed: any other value is rejected.".to_string()
    };
    let mut head = String::new();
    text::doc(
        &mut head,
        0,
        &doc::paragraphs([Some(type_docs(t).as_str()), Some(kind_note.as_str())]),
    );
    if names::variants_share_affix(types.name(&t.name), &variant_names) {
        // Variant names follow the wire values.
        head.push_str("#[allow(clippy::enum_variant_names)]\n");
    }
    let variants: Vec<String> = variant_names
        .iter()
        .map(|v| ident_text(v).into_owned())
        .collect();
    let value_docs: Vec<String> = e
        .values
        .iter()
        .map(|v| {
            let mut d = String::new();
            text::doc(
                &mut d,
                4,
                &doc::paragraphs([
                    Some(format!("`{}`", v.as_text()).as_str()),
                    v.description.as_deref(),
                ]),
            );
            d
        })
        .collect();
    let old_values: Vec<(String, usize)> = shims
        .enum_aliases
        .get(&t.name)
        .into_iter()
        .flatten()
        .filter(|(old, _)| !e.values.iter().any(|v| v.as_text() == *old))
        .filter_map(|(old, new)| {
            e.values
                .iter()
                .position(|v| v.as_text() == *new)
                .map(|i| (old.clone(), i))
        })
        .collect();
    let expected = e
        .values
        .iter()
        .map(|v| format!("`{}`", v.as_text()))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown = ident_text(&unknown_name).into_owned();
    EnumParts {
        name,
        head,
        variants,
        value_docs,
        old_values,
        expected,
        unknown,
    }
}

/// `match scrutinee { arms }` at `indent`, each arm `(pattern, body)`.
fn match_block(out: &mut String, indent: usize, scrutinee: &str, arms: &[(String, String)]) {
    let mut body = String::new();
    for (pat, expr) in arms {
        text::arm(&mut body, indent + 4, pat, expr);
    }
    text::block(out, indent, &format!("match {scrutinee}"), &body);
}

/// The `Display` impl every enum has: `body` writes the value.
fn display(out: &mut String, name: &str, body: &str) {
    text::impl_for(out, "impl std::fmt::Display", name);
    out.push_str("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n");
    text::line(out, 8, body);
    out.push_str("    }\n}\n");
}

/// An open string enum: a value it does not list is kept and written back.
fn open_string(parts: &EnumParts, e: &EnumType) -> String {
    let EnumParts {
        name,
        head,
        variants,
        value_docs,
        old_values,
        unknown,
        ..
    } = parts;
    let wire: Vec<String> = e.values.iter().map(|v| lit(&v.as_text())).collect();
    let mut out = head.clone();
    out.push_str("#[derive(Debug, Clone, PartialEq, Eq, Hash)]\n");
    let mut body = String::new();
    for (d, v) in value_docs.iter().zip(variants) {
        body.push_str(d);
        text::line_fmt(&mut body, 4, format_args!("{v},"));
    }
    body.push_str("    /// A value this version of the API does not list.\n");
    text::tuple(&mut body, 4, unknown, "String", ",");
    text::block(&mut out, 0, &format!("pub enum {name}"), &body);
    text::line_fmt(&mut out, 0, format_args!("impl {name} {{"));
    out.push_str("    /// The value on the wire.\n    pub fn as_str(&self) -> &str {\n");
    let mut arms: Vec<(String, String)> = variants
        .iter()
        .zip(&wire)
        .map(|(v, w)| (format!("Self::{v}"), w.clone()))
        .collect();
    arms.push((format!("Self::{unknown}(value)"), "value".into()));
    match_block(&mut out, 8, "self", &arms);
    out.push_str("    }\n}\n");
    text::impl_for(&mut out, "impl From<String>", name);
    out.push_str("    fn from(value: String) -> Self {\n");
    let mut arms: Vec<(String, String)> = wire
        .iter()
        .zip(variants)
        .map(|(w, v)| (w.clone(), format!("Self::{v}")))
        .collect();
    arms.extend(
        old_values
            .iter()
            .map(|(o, i)| (lit(o), format!("Self::{}", variants[*i]))),
    );
    arms.push(("_".into(), format!("Self::{unknown}(value)")));
    match_block(&mut out, 8, "value.as_str()", &arms);
    out.push_str("    }\n}\n");
    text::impl_for(&mut out, "impl std::str::FromStr", name);
    out.push_str("    type Err = std::convert::Infallible;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {\n        Ok(Self::from(value.to_owned()))\n    }\n}\n");
    display(&mut out, name, "f.write_str(self.as_str())");
    written::serde(true, true);
    text::impl_for(&mut out, "impl Serialize", name);
    out.push_str(super::object::SERIALIZE_HEAD);
    out.push_str("        serializer.serialize_str(self.as_str())\n    }\n}\n");
    text::impl_for(&mut out, "impl<'de> Deserialize<'de>", name);
    out.push_str(super::object::DESERIALIZE_HEAD);
    out.push_str("        String::deserialize(deserializer).map(Self::from)\n    }\n}\n");
    out
}

/// A closed string enum: serde's derive, with old values as aliases.
fn closed_string(parts: &EnumParts, e: &EnumType) -> String {
    let EnumParts {
        name,
        head,
        variants,
        value_docs,
        old_values,
        expected,
        ..
    } = parts;
    let wire: Vec<String> = e.values.iter().map(|v| lit(&v.as_text())).collect();
    let mut out = head.clone();
    written::serde(true, true);
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n");
    let mut body = String::new();
    for (i, ((d, v), w)) in value_docs.iter().zip(variants).zip(&wire).enumerate() {
        body.push_str(d);
        let mut args = vec![format!("rename = {w}")];
        args.extend(
            old_values
                .iter()
                .filter(|(_, j)| *j == i)
                .map(|(o, _)| format!("alias = {}", lit(o))),
        );
        text::attr(&mut body, 4, "serde", &args);
        text::line_fmt(&mut body, 4, format_args!("{v},"));
    }
    text::block(&mut out, 0, &format!("pub enum {name}"), &body);
    text::line_fmt(&mut out, 0, format_args!("impl {name} {{"));
    out.push_str("    /// The value on the wire.\n    pub fn as_str(&self) -> &'static str {\n");
    let arms: Vec<(String, String)> = variants
        .iter()
        .zip(&wire)
        .map(|(v, w)| (format!("Self::{v}"), w.clone()))
        .collect();
    match_block(&mut out, 8, "self", &arms);
    out.push_str("    }\n}\n");
    text::impl_for(&mut out, "impl std::str::FromStr", name);
    out.push_str("    type Err = ParseEnumError;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {\n        match value {\n");
    for (w, v) in wire.iter().zip(variants) {
        text::arm(&mut out, 12, w, &format!("Ok(Self::{v})"));
    }
    for (o, i) in old_values {
        text::arm(
            &mut out,
            12,
            &lit(o),
            &format!("Ok(Self::{})", variants[*i]),
        );
    }
    out.push_str("            _ => {\n                Err(ParseEnumError {\n                    value: value.to_owned(),\n");
    text::line_fmt(&mut out, 20, format_args!("expected: {},", lit(expected)));
    out.push_str("                })\n            }\n        }\n    }\n}\n");
    display(&mut out, name, "f.write_str(self.as_str())");
    out
}

/// An integer enum; values beyond i64 are left out and reported.
fn integer(
    parts: &EnumParts,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    open: bool,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let EnumParts {
        name,
        head,
        variants,
        value_docs,
        expected,
        unknown,
        ..
    } = parts;
    let kept: Vec<(i64, &String, &String)> = e
        .values
        .iter()
        .zip(variants.iter().zip(value_docs))
        .filter_map(|(v, (id, d))| v.value.as_i64().map(|i| (i, id, d)))
        .collect();
    if kept.len() != e.values.len() {
        diags.push(Diagnostic::new(
            "fidelity-enum-value",
            Severity::Warning,
            t.loc.clone(),
            format!(
                "{}: `{}` lists integer values beyond i64; they are not accepted",
                profile.target, t.name
            ),
        ));
    }
    let mut out = head.clone();
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\n");
    let mut body = String::new();
    for (_, v, d) in &kept {
        body.push_str(d);
        text::line_fmt(&mut body, 4, format_args!("{v},"));
    }
    if open {
        body.push_str("    /// A value this version of the API does not list.\n");
        text::tuple(&mut body, 4, unknown, "i64", ",");
    } else {
        needs.parse_enum_error = true;
    }
    text::block(&mut out, 0, &format!("pub enum {name}"), &body);
    text::line_fmt(&mut out, 0, format_args!("impl {name} {{"));
    out.push_str("    /// The value on the wire.\n    pub fn value(&self) -> i64 {\n");
    let mut arms: Vec<(String, String)> = kept
        .iter()
        .map(|(i, v, _)| (format!("Self::{v}"), i.to_string()))
        .collect();
    if open {
        arms.push((format!("Self::{unknown}(value)"), "*value".into()));
    }
    match_block(&mut out, 8, "self", &arms);
    out.push_str("    }\n}\n");
    let to_variant = |wrap: fn(&str) -> String| -> Vec<(String, String)> {
        kept.iter()
            .map(|(i, v, _)| (i.to_string(), wrap(&format!("Self::{v}"))))
            .collect()
    };
    if open {
        text::impl_for(&mut out, "impl From<i64>", name);
        out.push_str("    fn from(value: i64) -> Self {\n");
        let mut arms = to_variant(|v| v.to_string());
        arms.push(("_".into(), format!("Self::{unknown}(value)")));
        match_block(&mut out, 8, "value", &arms);
        out.push_str("    }\n}\n");
        text::impl_for(&mut out, "impl std::str::FromStr", name);
        out.push_str("    type Err = std::num::ParseIntError;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {\n        value.parse::<i64>().map(Self::from)\n    }\n}\n");
    } else {
        text::line_fmt(&mut out, 0, format_args!("impl {name} {{"));
        out.push_str("    fn from_i64(value: i64) -> Option<Self> {\n");
        let mut arms = to_variant(|v| format!("Some({v})"));
        arms.push(("_".into(), "None".into()));
        match_block(&mut out, 8, "value", &arms);
        out.push_str("    }\n}\n");
        text::impl_for(&mut out, "impl std::str::FromStr", name);
        out.push_str("    type Err = ParseEnumError;\n    fn from_str(value: &str) -> Result<Self, Self::Err> {\n        value\n            .parse::<i64>()\n            .ok()\n            .and_then(Self::from_i64)\n            .ok_or_else(|| ParseEnumError {\n                value: value.to_owned(),\n");
        text::line_fmt(&mut out, 16, format_args!("expected: {},", lit(expected)));
        out.push_str("            })\n    }\n}\n");
    }
    display(&mut out, name, "write!(f, \"{}\", self.value())");
    written::serde(true, true);
    text::impl_for(&mut out, "impl Serialize", name);
    out.push_str(super::object::SERIALIZE_HEAD);
    out.push_str("        serializer.serialize_i64(self.value())\n    }\n}\n");
    text::impl_for(&mut out, "impl<'de> Deserialize<'de>", name);
    out.push_str(super::object::DESERIALIZE_HEAD);
    if open {
        out.push_str("        i64::deserialize(deserializer).map(Self::from)\n    }\n}\n");
    } else {
        out.push_str("        let value = i64::deserialize(deserializer)?;\n        Self::from_i64(value)\n            .ok_or_else(|| {\n                serde::de::Error::invalid_value(\n                    serde::de::Unexpected::Signed(value),\n");
        text::line_fmt(
            &mut out,
            20,
            format_args!("&{},", lit(&format!("one of {expected}"))),
        );
        out.push_str("                )\n            })\n    }\n}\n");
    }
    out
}
