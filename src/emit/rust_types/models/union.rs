//! Unions: tagged by a discriminator, or tried in order (untagged).

use proc_macro2::Ident;

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
) -> TokenStream {
    let name = ident(types.name(&t.name));
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
    name: &Ident,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let mut scope = NameScope::default();
    let mut tags = Vec::new();
    let mut variants = Vec::new();
    let mut tys = Vec::new();
    for (tag, target) in &d.mapping {
        let v = names::variant_name(tag);
        scope.add(format!("tag `{tag}`"), &t.loc, &v);
        tags.push(tag.clone());
        variants.push(ident(&v));
        tys.push(member_type(types, t, &TypeRef::Named(target.clone())));
    }
    let unknown_name = if variants.iter().any(|v| v == "Unknown") {
        "UnknownTag"
    } else {
        "Unknown"
    };
    scope.check(&format!("tags of `{}`", t.name), diags);
    let unknown = ident(unknown_name);
    let property = &d.property;
    let tag_docs: Vec<String> = tags.iter().map(|t| format!(" `{property}: {t}`")).collect();
    let note = format!("Tagged by `{property}`; an object with an unknown tag is kept as JSON.");
    let docs = doc::outer(&doc::paragraphs([
        Some(type_docs(t).as_str()),
        Some(note.as_str()),
    ]));
    let not_string = format!("`{property}` must be a string");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #[doc = #tag_docs] #variants(#tys), )*
            /// A tag this version of the API does not list, with the whole object.
            #unknown(serde_json::Value),
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #( Self::#variants(member) => (#tags, serde_json::to_value(member).map_err(<S::Error as serde::ser::Error>::custom)?), )*
                    Self::#unknown(value) => return value.serialize(serializer),
                };
                match value {
                    serde_json::Value::Object(mut object) => {
                        object
                            .entry(#property)
                            .or_insert_with(|| serde_json::Value::from(tag));
                        object.serialize(serializer)
                    }
                    other => other.serialize(serializer),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = match value.get(#property) {
                    Some(serde_json::Value::String(tag)) => tag.clone(),
                    Some(_) => return Err(<D::Error as serde::de::Error>::custom(#not_string)),
                    None => return Err(<D::Error as serde::de::Error>::missing_field(#property)),
                };
                match tag.as_str() {
                    #( #tags => serde_json::from_value(value).map(Self::#variants).map_err(<D::Error as serde::de::Error>::custom), )*
                    _ => Ok(Self::#unknown(value)),
                }
            }
        }
    }
}

/// A union without a discriminator: its members tried in spec order, a
/// value none accepts kept as JSON.
fn untagged(
    types: &Types,
    t: &NamedType,
    u: &UnionType,
    name: &Ident,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
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
        variants.push(ident(&vname));
        tys.push(member_type(types, t, v));
    }
    scope.check(&format!("members of `{}`", t.name), diags);
    let allow = names::variants_share_affix(
        types.name(&t.name),
        &variants.iter().map(ToString::to_string).collect::<Vec<_>>(),
    )
    .then(|| {
        quote! {
            // Variant names follow the member types.
            #[allow(clippy::enum_variant_names)]
        }
    });
    let unknown = ident(if variants.iter().any(|v| v == "Unknown") {
        "UnknownValue"
    } else {
        "Unknown"
    });
    let docs = doc::outer(&doc::paragraphs([
        Some(type_docs(t).as_str()),
        Some("Untagged: the first member that accepts the JSON wins; a value no member accepts is kept as JSON."),
    ]));
    quote! {
        #docs
        #allow
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #( #variants(#tys), )*
            /// A value no member accepts, kept as sent.
            #unknown(serde_json::Value),
        }
    }
}

/// The Rust type of a union member. A member that is an object is boxed:
/// the enum is then as small as its smallest members (a `String`, a `Vec`,
/// a box) instead of as large as its largest struct (clippy's
/// `large_enum_variant`), and a recursive member needs no box of its own on
/// top.
fn member_type(types: &Types, t: &NamedType, v: &TypeRef) -> TokenStream {
    let bare_ref = types.bare(v);
    let object = matches!(types.resolve(bare_ref), TypeRef::Named(n)
        if matches!(types.api_kind(n), Some(TypeKind::Object(_))));
    let bare = if object {
        let inner = types.render_bare(bare_ref, Scope::Models, None, false);
        quote!(Box<#inner>)
    } else {
        types.render_bare(bare_ref, Scope::Models, Some(&t.name), true)
    };
    if types.is_nullable(v) {
        quote!(Option<#bare>)
    } else {
        bare
    }
}
