//! The serde types of both Rust crates (`src/models.rs` of `rust-server`,
//! `src/lib.rs` of `rust`): one per named IR type, the same bytes in both.
//!
//! - required → `T`; optional → `Option<T>` (absent is skipped on output);
//!   required and nullable → `Option<T>` that must be present; optional and
//!   nullable → `Option<Option<T>>` (absent, `null` and a value stay distinct).
//! - open enums keep unknown values in `Unknown(..)` and write them back
//!   unchanged; closed enums reject them.
//! - a union with a discriminator dispatches on the tag and keeps an unknown
//!   tag's JSON; one without is `#[serde(untagged)]`, tried in spec order,
//!   and keeps a value that no member accepts as JSON.
//!   Object members are boxed (`Circle(Box<Circle>)`), so a union stays small.
//! - properties the schema does not list are kept in a flattened `extra`
//!   map and written back, even under `additionalProperties: false` (the
//!   keyword binds senders; a reader keeps what a newer peer added).
//! - write-only fields are never serialised: a server must not echo them.
//! - a property renamed by a served migration rename is read under either
//!   name; the server writes it under both (the new one first), so readers of
//!   the old spec keep working while the old name is served, and the SDK
//!   writes the new name only ([`Profile::dual_write`]).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{self, Scope as NameScope};
use super::types::{ident, Scope, Types};
use super::Profile;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{support, Shims};
use crate::ir::{
    Additional, EnumRepr, EnumType, NamedType, ObjectType, Primitive, TypeKind, TypeRef, UnionType,
};

/// What rendering the models needed besides the types themselves.
#[derive(Default)]
pub struct Needs {
    deserialize_some: bool,
    parse_enum_error: bool,
    /// Some item names `BTreeMap` (imported once, above the types).
    btree_map: bool,
    /// Some item names a `wire::` type (a date or date-time).
    wire: bool,
}

impl Needs {
    /// What either needed.
    pub fn merge(&mut self, other: &Needs) {
        self.deserialize_some |= other.deserialize_some;
        self.parse_enum_error |= other.parse_enum_error;
        self.btree_map |= other.btree_map;
        self.wire |= other.wire;
    }

    /// The helpers (in `models/mod.rs`) that a module's types call.
    pub fn helper_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        if self.deserialize_some {
            names.push("deserialize_some");
        }
        if self.parse_enum_error {
            names.push("ParseEnumError");
        }
        if self.wire {
            names.push("wire");
        }
        names
    }
}

/// The items of one IR type (its Rust type and impls).
pub fn type_items(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let items = match &t.kind {
        TypeKind::Object(o) => object(types, shims, profile, t, o, needs, diags),
        TypeKind::Enum(e) => enumeration(types, shims, profile, t, e, needs, diags),
        TypeKind::Union(u) => union(types, profile, t, u, diags),
        TypeKind::Alias { target } => alias(types, t, target),
    };
    needs.btree_map |= super::mentions(&items, "BTreeMap");
    needs.wire |= super::mentions_path(&items, "wire");
    items
}

/// The deprecated aliases that keep renamed types' old names for a release.
pub fn renamed_types(types: &Types, shims: &Shims) -> TokenStream {
    let mut items = Vec::new();
    for (old, new) in &shims.type_aliases {
        if types.api.types.contains_key(new) {
            let old_id = ident(&names::type_name(old));
            let new_id = ident(types.name(new));
            let note = format!("renamed to `{}`", types.name(new));
            let docs = doc::outer(&format!(
                "The old name of [`{}`], kept for one release.",
                types.name(new)
            ));
            items.push(quote! {
                #docs
                #[deprecated(note = #note)]
                pub type #old_id = #new_id;
            });
        }
    }
    quote!(#(#items)*)
}

/// The imports above the types: `BTreeMap` when an item names it, serde's
/// derives when there is any type.
pub fn imports(types: &Types, needs: &Needs) -> TokenStream {
    let map_use = needs.btree_map.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let serde_use = if types.api.types.is_empty() {
        quote!()
    } else {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    };
    quote! {
        #map_use
        #serde_use
    }
}

/// The imports of one module of split models: what its items name of std
/// and serde, then `imported` (other modules' types and the helpers) from
/// `models/mod.rs`.
pub fn module_imports(refs: &std::collections::BTreeSet<String>, imported: &[&str]) -> TokenStream {
    let map_use = refs.contains("BTreeMap").then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let serde: Vec<_> = ["Deserialize", "Serialize"]
        .into_iter()
        .filter(|n| refs.contains(*n))
        .map(ident)
        .collect();
    let serde_use = match serde.as_slice() {
        [] => quote!(),
        [one] => quote!(use serde::#one;),
        _ => quote!(use serde::{#(#serde),*};),
    };
    let ids: Vec<_> = imported.iter().map(|n| ident(n)).collect();
    let super_use = match ids.as_slice() {
        [] => quote!(),
        [one] => quote!(use super::#one;),
        _ => quote!(use super::{#(#ids),*};),
    };
    quote! {
        #map_use
        #serde_use
        #super_use
    }
}

/// What `models/mod.rs` imports for its helpers.
pub fn helper_imports(needs: &Needs) -> TokenStream {
    if needs.deserialize_some {
        quote!(
            use serde::Deserialize;
        )
    } else {
        quote!()
    }
}

/// The helpers the types need (below them), and the `wire` module.
pub fn helpers(types: &Types, needs: &Needs) -> TokenStream {
    let some = needs.deserialize_some.then(|| {
        quote! {
            /// Reads a present field (value or `null`) as `Some`, so an optional
            /// nullable field keeps absent (`None`) apart from `null` (`Some(None)`).
            fn deserialize_some<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
            where
                T: Deserialize<'de>,
                D: serde::Deserializer<'de>,
            {
                T::deserialize(deserializer).map(Some)
            }
        }
    });
    let parse = needs.parse_enum_error.then(|| {
        quote! {
            /// A value that a closed enum does not list.
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct ParseEnumError {
                /// The value as received.
                pub value: String,
                /// The values the enum accepts, comma-separated.
                pub expected: &'static str,
            }

            impl std::fmt::Display for ParseEnumError {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "unknown value `{}`, expected one of {}", self.value, self.expected)
                }
            }

            impl std::error::Error for ParseEnumError {}
        }
    });
    let wire = wire(types);
    quote!(#some #parse #wire)
}

/// The `wire` module: the types of dates and date-times, when the API has
/// any. Each holds the parsed `chrono` value and the text it was read from,
/// and writes that text back: a peer's `.000Z` or `+05:30` passes through
/// unchanged, as every other target's strings do, while the value is typed
/// and checked on read. Equality, order and hashing follow the value.
fn wire(types: &Types) -> Option<TokenStream> {
    use crate::ir::StringFormat;
    let date_time = types.uses_format(&StringFormat::DateTime).then(|| {
        wire_type(
            WireType {
                name: quote!(DateTime),
                what: "An RFC 3339 `date-time`: the instant, in the offset it was sent with,",
                value: quote!(chrono::DateTime<chrono::FixedOffset>),
                expected: "an RFC 3339 date-time",
            },
            quote! {
                let value = chrono::DateTime::parse_from_rfc3339(text).ok();
            },
            quote! {
                /// The same instant in UTC.
                pub fn to_utc(&self) -> chrono::DateTime<chrono::Utc> {
                    self.value.with_timezone(&chrono::Utc)
                }
            },
            quote! {
                impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
                    /// Written in RFC 3339, with `Z` for UTC and as many
                    /// fraction digits as the value needs.
                    fn from(value: chrono::DateTime<Tz>) -> Self {
                        let value = value.with_timezone(&chrono::Offset::fix(value.offset()));
                        let text = value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
                        DateTime { value, text }
                    }
                }
            },
        )
    });
    let date = types.uses_format(&StringFormat::Date).then(|| {
        wire_type(
            WireType {
                name: quote!(Date),
                what: "An RFC 3339 `full-date` (`YYYY-MM-DD`): the calendar date,",
                value: quote!(chrono::NaiveDate),
                expected: "an RFC 3339 full-date (YYYY-MM-DD)",
            },
            quote! {
                // `%Y-%m-%d` alone would also read `+2025-3-4`.
                let shape = text.len() == 10
                    && text.bytes().enumerate().all(|(i, b)| match i {
                        4 | 7 => b == b'-',
                        _ => b.is_ascii_digit(),
                    });
                let value = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .filter(|_| shape);
            },
            quote!(),
            quote! {
                impl From<chrono::NaiveDate> for Date {
                    /// Written as `YYYY-MM-DD`.
                    fn from(value: chrono::NaiveDate) -> Self {
                        let text = value.format("%Y-%m-%d").to_string();
                        Date { value, text }
                    }
                }
            },
        )
    });
    if date_time.is_none() && date.is_none() {
        return None;
    }
    Some(quote! {
        /// Dates and date-times as sent: each holds the parsed `chrono` value
        /// and the text it was read from, and writes that text back, so a value
        /// passes through unchanged (`.000Z` stays `.000Z`). One made from a
        /// `chrono` value is written in RFC 3339. Equality, order and hashing
        /// follow the value, not the spelling.
        pub mod wire {
            #date_time
            #date
        }
    })
}

/// What one `wire` type is called and holds.
struct WireType {
    name: TokenStream,
    /// The first line of its doc comment.
    what: &'static str,
    value: TokenStream,
    /// The value it expects, for the error message.
    expected: &'static str,
}

/// One `wire` type with the impls every such type has. `parse` binds
/// `value: Option<_>` from `text`; `methods` and `from` are its own.
fn wire_type(
    w: WireType,
    parse: TokenStream,
    methods: TokenStream,
    from: TokenStream,
) -> TokenStream {
    let WireType {
        name,
        what,
        value,
        expected,
    } = w;
    let what = format!(" {what}");
    let err = format!("expected {expected}");
    quote! {
        #[doc = #what]
        /// and the text it was read from, which is what is written back.
        #[derive(Debug, Clone)]
        pub struct #name {
            value: #value,
            text: String,
        }

        impl #name {
            /// The parsed value.
            pub fn value(&self) -> #value {
                self.value
            }

            /// The text as received, or as written for a value made here.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            #methods
        }

        impl std::ops::Deref for #name {
            type Target = #value;

            fn deref(&self) -> &Self::Target {
                &self.value
            }
        }

        #from

        impl std::str::FromStr for #name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                #parse
                let value = value.ok_or_else(|| #err.to_owned())?;
                Ok(#name { value, text: text.to_owned() })
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.value == other.value
            }
        }

        impl Eq for #name {}

        impl PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for #name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.value.cmp(&other.value)
            }
        }

        impl std::hash::Hash for #name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                std::hash::Hash::hash(&self.value, state)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    }
}

/// A type's doc comment: its description (or title), then what else matters.
fn type_docs(t: &NamedType) -> String {
    let deprecated = t.deprecated.then_some("**Deprecated.**");
    doc::paragraphs([t.docs.text(), deprecated])
}

fn object(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    o: &ObjectType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let name = ident(types.name(&t.name));
    let docs = doc::outer(&type_docs(t));
    let aliases: BTreeMap<&str, Vec<&str>> =
        shims.field_aliases.get(&t.name).into_iter().flatten().fold(
            BTreeMap::new(),
            |mut m, (old, new)| {
                m.entry(new.as_str()).or_default().push(old.as_str());
                m
            },
        );
    let mut scope = NameScope::default();
    let mut fields = Vec::new();
    // With served renames the encoding is written out: each renamed field
    // goes out under its new name and then under every old one.
    let mut entries = Vec::new();
    // Both crates write these types through the same hand-written impl.
    let mut custom_serialize = !aliases.is_empty();
    // What `new` takes (the required fields) and what it leaves `None`.
    let mut params = Vec::new();
    let mut required_ids = Vec::new();
    let mut unset = Vec::new();
    let mut setters = Vec::new();
    for f in &o.fields {
        let fname = names::value_name(f.naming_source());
        scope.add(format!("property `{}`", f.name), &f.loc, &fname);
        let fid = ident(&fname);
        let nullable = types.is_nullable(&f.ty);
        let required = types.required(&t.name, f);
        let bare = types.render_bare(types.bare(&f.ty), Scope::Models, Some(&t.name), true);
        let ty = match (required, nullable) {
            (true, false) => bare.clone(),
            (true, true) | (false, false) => quote!(Option<#bare>),
            (false, true) => quote!(Option<Option<#bare>>),
        };
        if required {
            params.push(quote!(#fid: #ty));
            required_ids.push(fid.clone());
        } else {
            unset.push(fid.clone());
            let setter = ident(&format!("with_{}", names::unraw(&fname)));
            let value = if nullable {
                quote!(Option<#bare>)
            } else {
                bare
            };
            let doc = doc::outer(&format!(
                "Sets `{}`{}.",
                f.name,
                if nullable {
                    " (`None` sends `null`)"
                } else {
                    ""
                }
            ));
            setters.push(quote! {
                #doc
                #[must_use]
                pub fn #setter(mut self, value: #value) -> Self {
                    self.#fid = Some(value);
                    self
                }
            });
        }
        let mut args: Vec<TokenStream> = Vec::new();
        if names::unraw(&fname) != f.name {
            let wire = &f.name;
            args.push(quote!(rename = #wire));
        }
        for old in aliases.get(f.name.as_str()).into_iter().flatten() {
            args.push(quote!(alias = #old));
        }
        match (required, nullable) {
            (true, false) => {}
            // Without this, serde would read a missing `Option` field as `None`.
            (true, true) => args.push(quote!(deserialize_with = "Option::deserialize")),
            (false, false) => args.push(quote!(default)),
            (false, true) => {
                needs.deserialize_some = true;
                args.push(quote!(default, deserialize_with = "deserialize_some"));
            }
        }
        if !required {
            args.push(quote!(skip_serializing_if = "Option::is_none"));
        }
        let serde = (!args.is_empty()).then(|| quote!(#[serde(#(#args),*)]));
        custom_serialize |= f.write_only;
        if !(f.write_only && profile.server) {
            let wire = &f.name;
            let olds = aliases.get(f.name.as_str()).into_iter().flatten();
            let olds = olds.filter(|_| profile.server);
            let put = quote!(#(map.serialize_entry(#olds, &self.#fid)?;)*);
            entries.push(if required {
                quote!(map.serialize_entry(#wire, &self.#fid)?; #put)
            } else {
                quote!(if self.#fid.is_some() { map.serialize_entry(#wire, &self.#fid)?; #put })
            });
        }
        let mut notes: Vec<String> = Vec::new();
        if f.read_only {
            notes.push("Read-only: set by the server.".into());
        }
        if f.write_only {
            notes.push("Write-only: sent in requests, never in responses.".into());
        }
        if let Some(d) = &f.default {
            notes.push(format!("Default when absent: `{d}`."));
        }
        if f.deprecated {
            notes.push("**Deprecated.**".into());
        }
        let notes = notes.join(" ");
        let docs = doc::outer(&doc::paragraphs([f.docs.text(), Some(notes.as_str())]));
        fields.push(quote! {
            #docs
            #serde
            pub #fid: #ty,
        });
    }
    // Kept under every `additionalProperties`: a newer peer may add
    // properties, and they must survive a round trip.
    let fname = names::extra_field(o);
    scope.add("additional properties", &t.loc, &fname);
    let fid = ident(&fname);
    let extra_ty = match &o.additional {
        Additional::Typed(v) if *v != TypeRef::Any => {
            let inner = types.render(v, Scope::Models, None);
            quote!(BTreeMap<String, #inner>)
        }
        _ => quote!(serde_json::Map<String, serde_json::Value>),
    };
    entries.push(quote! {
        for (key, value) in &self.#fid {
            map.serialize_entry(key, value)?;
        }
    });
    fields.push(quote! {
        /// Properties the spec does not list, kept as sent.
        #[serde(flatten)]
        pub #fid: #extra_ty,
    });
    scope.check(&format!("fields of `{}`", t.name), diags);
    if let Some(note) = &o.composition_note {
        diags.push(Diagnostic::new(
            "fidelity-all-of",
            Severity::Warning,
            t.loc.clone(),
            format!(
                "{}: `{}` is a best-effort merge of its allOf parts ({note})",
                profile.target, t.name
            ),
        ));
    }
    let serialize_doc = doc::outer(match (profile.server, aliases.is_empty()) {
        (true, false) => "A renamed property is written under its new name, then under its\nold name while that is served, so readers of the old spec keep working.",
        (true, true) => "A write-only property is never written: a server does not echo it.",
        (false, false) => "A renamed property is written under its new name only; it is read\nunder either.",
        (false, true) => "Written field by field, as the server writes it, except that a\nwrite-only property is sent.",
    });
    // `#[non_exhaustive]`: adding an optional property (a compatible change)
    // must not break code that builds the struct, so it is built with `new`
    // and the `with_*` setters, never with a struct literal outside the crate.
    let default = params.is_empty().then(|| quote!(Default,));
    let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = doc::outer(if params.is_empty() {
        "An empty value: set properties with the `with_*` methods."
    } else {
        "A value with the required properties; set the optional ones with the\n`with_*` methods."
    });
    let builder = quote! {
        impl #name {
            #new_doc
            #many
            #[must_use]
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#required_ids,)*
                    #(#unset: None,)*
                    #fid: Default::default(),
                }
            }

            #(#setters)*
        }
    };
    if !custom_serialize {
        return quote! {
            #docs
            #[derive(Debug, Clone, #default PartialEq, Serialize, Deserialize)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            #builder
        };
    }
    // A server that still serves an old name sends the property under both
    // names, which serde's `alias` refuses as a duplicate: the derived
    // decoder (`remote = "Self"` makes it an inherent function) reads the
    // object after the old names of a present new one are dropped.
    // Only the SDK reads responses; the server reads requests, which carry
    // one name, and keeps serde's error paths.
    let decode = (!aliases.is_empty() && !profile.server).then(|| {
        let drops = aliases.iter().flat_map(|(new, olds)| {
            olds.iter()
                .map(move |old| quote!(if map.contains_key(#new) { map.remove(#old); }))
        });
        quote! {
            /// A renamed property sent under both its new and its old name is
            /// read from the new one.
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
                    #(#drops)*
                    #name::deserialize(serde_json::Value::Object(map)).map_err(serde::de::Error::custom)
                }
            }
        }
    });
    let remote = decode.is_some().then(|| quote!(#[serde(remote = "Self")]));
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq, Deserialize)]
        #[non_exhaustive]
        #remote
        pub struct #name {
            #(#fields)*
        }

        #builder

        #decode

        #serialize_doc
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

fn alias(types: &Types, t: &NamedType, target: &TypeRef) -> TokenStream {
    let name = ident(types.name(&t.name));
    let docs = doc::outer(&type_docs(t));
    if types.is_newtype(&t.name) {
        // `type A = Vec<A>` cannot be written; a transparent newtype can.
        let inner = if types.is_nullable(target) {
            let bare = types.render_bare(types.bare(target), Scope::Models, Some(&t.name), true);
            quote!(Option<#bare>)
        } else {
            types.render_bare(target, Scope::Models, Some(&t.name), true)
        };
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(transparent)]
            pub struct #name(pub #inner);
        };
    }
    let ty = types.render(target, Scope::Models, None);
    quote! {
        #docs
        pub type #name = #ty;
    }
}

/// Variant names for the values of an enum, plus the catch-all's name.
fn enum_variants(
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, String) {
    // Values that become the same identifier (`GMT0` and `GMT+0`) are data,
    // not names the author chose: told apart as every SDK target does.
    let variants = support::member_idents(
        profile.target,
        t,
        e,
        false,
        &names::variant_name,
        &|id, n| format!("{id}{n}"),
        diags,
    );
    diags.extend(support::member_collisions(profile.target, t, e, &variants));
    let unknown = if variants.iter().any(|v| v == "Unknown") {
        "UnknownValue".to_string()
    } else {
        "Unknown".to_string()
    };
    (variants, unknown)
}

fn enumeration(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let name = ident(types.name(&t.name));
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
    let docs = doc::outer(&doc::paragraphs([
        Some(type_docs(t).as_str()),
        Some(kind_note.as_str()),
    ]));
    let allow = names::variants_share_affix(types.name(&t.name), &variant_names).then(|| {
        quote! {
            // Variant names follow the wire values.
            #[allow(clippy::enum_variant_names)]
        }
    });
    let variants: Vec<_> = variant_names.iter().map(|v| ident(v)).collect();
    let value_docs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| {
            doc::outer(&doc::paragraphs([
                Some(format!("`{}`", v.as_text()).as_str()),
                v.description.as_deref(),
            ]))
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
    let unknown = ident(&unknown_name);
    match (e.repr, e.open) {
        (EnumRepr::String, true) => {
            let wire: Vec<String> = e.values.iter().map(|v| v.as_text()).collect();
            let old_wire = old_values.iter().map(|(o, _)| o);
            let old_variants = old_values.iter().map(|(_, i)| &variants[*i]);
            quote! {
                #docs
                #allow
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #value_docs #variants, )*
                    /// A value this version of the API does not list.
                    #unknown(String),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #wire, )*
                            Self::#unknown(value) => value,
                        }
                    }
                }

                impl From<String> for #name {
                    fn from(value: String) -> Self {
                        match value.as_str() {
                            #( #wire => Self::#variants, )*
                            #( #old_wire => Self::#old_variants, )*
                            _ => Self::#unknown(value),
                        }
                    }
                }

                impl std::str::FromStr for #name {
                    type Err = std::convert::Infallible;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        Ok(Self::from(value.to_owned()))
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        String::deserialize(deserializer).map(Self::from)
                    }
                }
            }
        }
        (EnumRepr::String, false) => {
            needs.parse_enum_error = true;
            let wire: Vec<String> = e.values.iter().map(|v| v.as_text()).collect();
            let serde_attrs: Vec<TokenStream> = wire
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let olds = old_values.iter().filter(|(_, j)| *j == i).map(|(o, _)| o);
                    quote!(#[serde(rename = #w #(, alias = #olds)*)])
                })
                .collect();
            let old_wire = old_values.iter().map(|(o, _)| o);
            let old_variants = old_values.iter().map(|(_, i)| &variants[*i]);
            quote! {
                #docs
                #allow
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
                pub enum #name {
                    #( #value_docs #serde_attrs #variants, )*
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &'static str {
                        match self {
                            #( Self::#variants => #wire, )*
                        }
                    }
                }

                impl std::str::FromStr for #name {
                    type Err = ParseEnumError;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        match value {
                            #( #wire => Ok(Self::#variants), )*
                            #( #old_wire => Ok(Self::#old_variants), )*
                            _ => Err(ParseEnumError {
                                value: value.to_owned(),
                                expected: #expected,
                            }),
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        (EnumRepr::Integer, open) => {
            let ints: Vec<proc_macro2::Literal> = e
                .values
                .iter()
                .filter_map(|v| v.value.as_i64())
                .map(proc_macro2::Literal::i64_unsuffixed)
                .collect();
            let one_of = format!("one of {expected}");
            if ints.len() != e.values.len() {
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
            let variants: Vec<_> = variants
                .iter()
                .zip(&e.values)
                .filter(|(_, v)| v.value.as_i64().is_some())
                .map(|(id, _)| id.clone())
                .collect();
            let value_docs: Vec<_> = value_docs
                .iter()
                .zip(&e.values)
                .filter(|(_, v)| v.value.as_i64().is_some())
                .map(|(d, _)| d.clone())
                .collect();
            let (unknown_variant, unknown_value, from_i64) = if open {
                (
                    quote!(
                        /// A value this version of the API does not list.
                        #unknown(i64),
                    ),
                    quote!(Self::#unknown(value) => *value,),
                    quote! {
                        impl From<i64> for #name {
                            fn from(value: i64) -> Self {
                                match value {
                                    #( #ints => Self::#variants, )*
                                    _ => Self::#unknown(value),
                                }
                            }
                        }
                    },
                )
            } else {
                needs.parse_enum_error = true;
                (quote!(), quote!(), quote!())
            };
            let (from_str, deserialize) = if open {
                (
                    quote! {
                        impl std::str::FromStr for #name {
                            type Err = std::num::ParseIntError;

                            fn from_str(value: &str) -> Result<Self, Self::Err> {
                                value.parse::<i64>().map(Self::from)
                            }
                        }
                    },
                    quote! {
                        impl<'de> Deserialize<'de> for #name {
                            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                                i64::deserialize(deserializer).map(Self::from)
                            }
                        }
                    },
                )
            } else {
                (
                    quote! {
                        impl #name {
                            fn from_i64(value: i64) -> Option<Self> {
                                match value {
                                    #( #ints => Some(Self::#variants), )*
                                    _ => None,
                                }
                            }
                        }

                        impl std::str::FromStr for #name {
                            type Err = ParseEnumError;

                            fn from_str(value: &str) -> Result<Self, Self::Err> {
                                value.parse::<i64>().ok().and_then(Self::from_i64).ok_or_else(|| ParseEnumError {
                                    value: value.to_owned(),
                                    expected: #expected,
                                })
                            }
                        }
                    },
                    quote! {
                        impl<'de> Deserialize<'de> for #name {
                            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                                let value = i64::deserialize(deserializer)?;
                                Self::from_i64(value).ok_or_else(|| {
                                    serde::de::Error::invalid_value(
                                        serde::de::Unexpected::Signed(value),
                                        &#one_of,
                                    )
                                })
                            }
                        }
                    },
                )
            };
            quote! {
                #docs
                #allow
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #value_docs #variants, )*
                    #unknown_variant
                }

                impl #name {
                    /// The value on the wire.
                    pub fn value(&self) -> i64 {
                        match self {
                            #( Self::#variants => #ints, )*
                            #unknown_value
                        }
                    }
                }

                #from_i64
                #from_str

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "{}", self.value())
                    }
                }

                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                #deserialize
            }
        }
    }
}

/// A variant name for a union member that has no tag.
fn member_name(types: &Types, t: &TypeRef) -> String {
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

fn union(
    types: &Types,
    profile: Profile,
    t: &NamedType,
    u: &UnionType,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let name = ident(types.name(&t.name));
    // A member that is an object is boxed: the enum is then as small as its
    // smallest members (a `String`, a `Vec`, a box) instead of as large as its
    // largest struct (clippy's `large_enum_variant`), and a recursive member
    // needs no box of its own on top.
    let member_type = |v: &TypeRef| -> TokenStream {
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
    };
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
    if let Some(d) = discriminator {
        let mut scope = NameScope::default();
        let mut tags = Vec::new();
        let mut variants = Vec::new();
        let mut tys = Vec::new();
        for (tag, target) in &d.mapping {
            let v = names::variant_name(tag);
            scope.add(format!("tag `{tag}`"), &t.loc, &v);
            tags.push(tag.clone());
            variants.push(ident(&v));
            tys.push(member_type(&TypeRef::Named(target.clone())));
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
        let note =
            format!("Tagged by `{property}`; an object with an unknown tag is kept as JSON.");
        let docs = doc::outer(&doc::paragraphs([
            Some(type_docs(t).as_str()),
            Some(note.as_str()),
        ]));
        let not_string = format!("`{property}` must be a string");
        return quote! {
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
        };
    }
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
        tys.push(member_type(v));
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
