//! Unions: tagged by a discriminator, or tried in order (untagged).

use super::*;
use crate::ir::Discriminator;

/// A variant name for a union member that has no tag.
pub(super) fn member_name(types: &Types, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(n) => types.name(n).to_string(),
        TypeRef::Primitive(p) => match p {
            Primitive::String(_) => "String".into(),
            Primitive::Integer(_) => "Integer".into(),
            Primitive::Number(_) => "Number".into(),
            Primitive::Boolean => "Boolean".into(),
        },
        TypeRef::Array(i) => format!("{}List", member_name(types, i)),
        TypeRef::Map(i) => format!("{}Map", member_name(types, i)),
        TypeRef::Any => "Any".into(),
        TypeRef::Nullable(i) => format!("Nullable{}", member_name(types, i)),
    }
}

pub(super) fn union(
    types: &Types,
    profile: Profile,
    t: &NamedType,
    u: &UnionType,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let name = ident_text(types.name(&t.name)).into_owned();
    let discriminator = u.discriminator.as_ref().filter(|d| {
        if d.mapping.is_empty() {
            diags.push(Diagnostic::new(
                "fidelity-discriminator",
                Severity::Warning,
                t.loc.clone(),
                format!("{}: the discriminator of `{}` maps no tag to a type; it is read as an untagged union", profile.target, t.name),
            ));
        }
        !d.mapping.is_empty()
    });
    match discriminator {
        Some(d) => tagged(types, t, d, &name, diags),
        None => untagged(types, t, u, &name, diags),
    }
}

/// A union with a discriminator: dispatched on its tag, an unknown tag's
/// object kept as JSON.
fn tagged(
    types: &Types,
    t: &NamedType,
    d: &Discriminator,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut scope = NameScope::default();
    let mut tags = Vec::new();
    let mut variants = Vec::new();
    let mut tys = Vec::new();
    for (tag, target) in &d.mapping {
        let v = names::variant_name(tag);
        scope.add(format!("tag `{tag}`"), &t.loc, &v);
        tags.push(tag.clone());
        variants.push(ident_text(&v).into_owned());
        tys.push(member_type(types, t, &TypeRef::Named(target.clone())));
    }
    let unknown = if variants.iter().any(|v| v == "Unknown") {
        "UnknownTag"
    } else {
        "Unknown"
    };
    scope.check(&format!("tags of `{}`", t.name), diags);
    let property = &d.property;
    let prop = lit(property);
    let note = format!("Tagged by `{property}`; an object with an unknown tag is kept as JSON.");
    let mut out = String::new();
    text::doc(
        &mut out,
        0,
        &doc::paragraphs([Some(type_docs(t).as_str()), Some(note.as_str())]),
    );
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n");
    text::line_fmt(&mut out, 0, format_args!("pub enum {name} {{"));
    for ((tag, v), ty) in tags.iter().zip(&variants).zip(&tys) {
        text::doc_attr(&mut out, 4, &format!(" `{property}: {tag}`"));
        text::tuple(&mut out, 4, v, ty, ",");
    }
    out.push_str("    /// A tag this version of the API does not list, with the whole object.\n");
    text::tuple(&mut out, 4, unknown, "serde_json::Value", ",");
    out.push_str("}\n");
    written::serde(true, true);
    text::impl_for(&mut out, "impl Serialize", name);
    out.push_str(super::object::SERIALIZE_HEAD);
    out.push_str("        let (tag, value) = match self {\n");
    for (tag, v) in tags.iter().zip(&variants) {
        text::line_fmt(&mut out, 12, format_args!("Self::{v}(member) => {{"));
        out.push_str("                (\n");
        text::line_fmt(&mut out, 20, format_args!("{},", lit(tag)));
        out.push_str("                    serde_json::to_value(member)\n                        .map_err(<S::Error as serde::ser::Error>::custom)?,\n                )\n            }\n");
    }
    text::line_fmt(
        &mut out,
        12,
        format_args!("Self::{unknown}(value) => return value.serialize(serializer),"),
    );
    out.push_str("        };\n        match value {\n            serde_json::Value::Object(mut object) => {\n");
    text::line_fmt(
        &mut out,
        16,
        format_args!("object.entry({prop}).or_insert_with(|| serde_json::Value::from(tag));"),
    );
    out.push_str("                object.serialize(serializer)\n            }\n            other => other.serialize(serializer),\n        }\n    }\n}\n");
    text::impl_for(&mut out, "impl<'de> Deserialize<'de>", name);
    out.push_str(super::object::DESERIALIZE_HEAD);
    out.push_str("        let value = serde_json::Value::deserialize(deserializer)?;\n");
    text::line_fmt(
        &mut out,
        8,
        format_args!("let tag = match value.get({prop}) {{"),
    );
    out.push_str("            Some(serde_json::Value::String(tag)) => tag.clone(),\n            Some(_) => {\n                return Err(\n");
    text::line_fmt(
        &mut out,
        20,
        format_args!(
            "<D::Error as serde::de::Error>::custom({}),",
            lit(&format!("`{property}` must be a string"))
        ),
    );
    out.push_str("                );\n            }\n");
    text::arm(
        &mut out,
        12,
        "None",
        &format!("return Err(<D::Error as serde::de::Error>::missing_field({prop}))"),
    );
    out.push_str("        };\n        match tag.as_str() {\n");
    for (tag, v) in tags.iter().zip(&variants) {
        text::line_fmt(&mut out, 12, format_args!("{} => {{", lit(tag)));
        out.push_str("                serde_json::from_value(value)\n");
        text::line_fmt(&mut out, 20, format_args!(".map(Self::{v})"));
        out.push_str(
            "                    .map_err(<D::Error as serde::de::Error>::custom)\n            }\n",
        );
    }
    text::line_fmt(
        &mut out,
        12,
        format_args!("_ => Ok(Self::{unknown}(value)),"),
    );
    out.push_str("        }\n    }\n}\n");
    out
}

/// A union without a discriminator: its members tried in spec order, a
/// value none accepts kept as JSON.
fn untagged(
    types: &Types,
    t: &NamedType,
    u: &UnionType,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> String {
    let mut scope = NameScope::default();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut variants = Vec::new();
    let mut tys = Vec::new();
    for v in &u.variants {
        let base = member_name(types, v);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let vname = if *n == 1 { base } else { format!("{base}{n}") };
        scope.add(format!("member `{vname}`"), &t.loc, &vname);
        variants.push(ident_text(&vname).into_owned());
        tys.push(member_type(types, t, v));
    }
    scope.check(&format!("members of `{}`", t.name), diags);
    let unknown = if variants.iter().any(|v| v == "Unknown") {
        "UnknownValue"
    } else {
        "Unknown"
    };
    let mut out = String::new();
    text::doc(
        &mut out,
        0,
        &doc::paragraphs([
            Some(type_docs(t).as_str()),
            Some("Untagged: the first member that accepts the JSON wins; a value no member accepts is kept as JSON."),
        ]),
    );
    if names::variants_share_affix(types.name(&t.name), &variants) {
        // Variant names follow the member types.
        out.push_str("#[allow(clippy::enum_variant_names)]\n");
    }
    written::serde(true, true);
    out.push_str(
        "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n#[serde(untagged)]\n",
    );
    text::line_fmt(&mut out, 0, format_args!("pub enum {name} {{"));
    for (v, ty) in variants.iter().zip(&tys) {
        text::tuple(&mut out, 4, v, ty, ",");
    }
    out.push_str("    /// A value no member accepts, kept as sent.\n");
    text::tuple(&mut out, 4, unknown, "serde_json::Value", ",");
    out.push_str("}\n");
    out
}

/// The Rust type of a union member. A member that is an object is boxed:
/// the enum is then as small as its smallest members (a `String`, a `Vec`,
/// a box) instead of as large as its largest struct (clippy's
/// `large_enum_variant`), and a recursive member needs no box of its own on
/// top.
fn member_type(types: &Types, t: &NamedType, v: &TypeRef) -> String {
    let bare_ref = types.bare(v);
    let object = matches!(types.resolve(bare_ref), TypeRef::Named(n)
        if matches!(types.api_kind(n), Some(TypeKind::Object(_))));
    let bare = if object {
        let inner = types.render_bare_text(bare_ref, Scope::Models, None, false);
        format!("Box<{inner}>")
    } else {
        types.render_bare_text(bare_ref, Scope::Models, Some(&t.name), true)
    };
    if types.is_nullable(v) {
        format!("Option<{bare}>")
    } else {
        bare
    }
}
