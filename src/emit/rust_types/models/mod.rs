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

mod decode;
mod enumeration;
mod object;
mod union;

use enumeration::enumeration;
use object::{alias, custom_serialize, object};
use union::union;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use super::names::{self, Scope as NameScope};
#[cfg(debug_assertions)]
use super::source::Source;
use super::text::{self, lit};
use super::types::{ident, ident_text, Scope, Types};
use super::written;
#[cfg(debug_assertions)]
use super::written::Written;
use super::Profile;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{support, Shims};
use crate::ir::{
    Additional, EnumRepr, EnumType, NamedType, ObjectType, Primitive, TypeKind, TypeRef, UnionType,
};

/// What rendering the models needed besides the types themselves.
#[derive(Default, Clone, Copy)]
pub struct Needs {
    /// The object decoders' helpers (see `decode`).
    read_field: bool,
    read_present: bool,
    required: bool,
    parse_enum_error: bool,
    /// Some item names `BTreeMap` (imported once, above the types).
    btree_map: bool,
    /// Some item names a `wire::` type (a date or date-time).
    wire: bool,
    /// Some item derives or names serde's `Serialize` / `Deserialize` (a
    /// spec whose every schema is an alias of a JSON value has none).
    serialize: bool,
    deserialize: bool,
}

impl Needs {
    /// Does an object's decoder call a helper?
    fn reads(&self) -> bool {
        self.read_field || self.read_present || self.required
    }

    /// What either needed.
    pub fn merge(&mut self, other: &Needs) {
        self.read_field |= other.read_field;
        self.read_present |= other.read_present;
        self.required |= other.required;
        self.parse_enum_error |= other.parse_enum_error;
        self.btree_map |= other.btree_map;
        self.wire |= other.wire;
        self.serialize |= other.serialize;
        self.deserialize |= other.deserialize;
    }

    /// The helpers (in `models/mod.rs`) that a module's types call.
    pub fn helper_names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        for (used, name) in [
            (self.read_field, decode::READ_FIELD),
            (self.read_present, decode::READ_PRESENT),
            (self.required, decode::REQUIRED),
        ] {
            if used {
                names.push(name);
            }
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

/// The items of one IR type (its Rust type and impls), as prettyplease
/// prints them (see [`text`]); `refs` gets the names they refer to.
pub fn type_items(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    needs: &mut Needs,
    refs: Option<&mut BTreeSet<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Result<String, syn::Error> {
    let ((items, decoder), written) = written::recording(|| match &t.kind {
        TypeKind::Object(o) => object(types, shims, profile, t, o, needs, diags),
        TypeKind::Enum(e) => (
            enumeration(types, shims, profile, t, e, needs, diags),
            String::new(),
        ),
        TypeKind::Union(u) => (union(types, profile, t, u, diags), String::new()),
        TypeKind::Alias { target } => (alias(types, t, target), String::new()),
    });
    #[cfg(debug_assertions)]
    check_written(types, t, &items, &written);
    needs.btree_map |= written.btree_map;
    needs.serialize |= written.serialize;
    needs.wire |= written.wire;
    needs.deserialize |= written.deserialize;
    if let Some(refs) = refs {
        refs.extend(written.types);
        for (used, name) in [
            (written.btree_map, "BTreeMap"),
            (written.serialize, "Serialize"),
            (written.deserialize, "Deserialize"),
        ] {
            if used {
                refs.insert(name.to_string());
            }
        }
    }
    let mut text = text::finish(items)?;
    text.push_str(&text::finish(decoder)?);
    Ok(text)
}

/// What was noted as written ([`written`]) against a scan of the items'
/// text: the same flags, every type of the API the scan finds (its own name
/// aside, which needs no import) noted, and every type noted in the text.
/// The scan can miss a type (the last argument of `BTreeMap<…>` broken over
/// lines reads as a field); noting cannot. An object's decoder is not
/// scanned; it names no type but its own and serde's `Deserialize`.
#[cfg(debug_assertions)]
fn check_written(types: &Types, t: &NamedType, items: &str, written: &Written) {
    let source = Source::new(items);
    let mut refs = BTreeSet::new();
    source.references(&mut refs);
    let (btree_map, serialize, wire, deserialize) = (
        source.mentions("BTreeMap"),
        source.mentions("Serialize"),
        source.mentions_path("wire"),
        source.mentions("Deserialize"),
    );
    let own = types.name(&t.name);
    let scanned: BTreeSet<&str> = refs
        .iter()
        .map(String::as_str)
        .filter(|r| *r != own && types.is_type_name(r))
        .collect();
    let noted: BTreeSet<&str> = written
        .types
        .iter()
        .map(String::as_str)
        .filter(|r| *r != own)
        .collect();
    assert_eq!(
        (btree_map, serialize, wire),
        (written.btree_map, written.serialize, written.wire),
        "what the items of `{}` name",
        t.name
    );
    assert!(
        scanned.is_subset(&noted) && noted.iter().all(|n| items.contains(n)),
        "the types the items of `{}` name: scanned {scanned:?}, noted {noted:?}",
        t.name
    );
    // The decoder's impl is noted too, and not scanned.
    assert!(
        deserialize <= written.deserialize,
        "`{}` names `Deserialize`",
        t.name
    );
}

/// Does `t` print differently for the two crates? Only an object whose
/// encoding is written out by hand does; every other type's items are the
/// same tokens whatever the [`Profile`] (its warnings name the target).
pub fn differs_by_profile(shims: &Shims, t: &NamedType) -> bool {
    match &t.kind {
        TypeKind::Object(o) => custom_serialize(shims, t, o),
        _ => false,
    }
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

/// The imports above the types: `BTreeMap` and serde's traits when an item
/// names them (`Deserialize` also for the decoders' helpers).
pub fn imports(needs: &Needs) -> TokenStream {
    let map_use = needs.btree_map.then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let serde: Vec<_> = [
        ("Deserialize", needs.deserialize || needs.reads()),
        ("Serialize", needs.serialize),
    ]
    .into_iter()
    .filter(|(_, used)| *used)
    .map(|(n, _)| ident(n))
    .collect();
    let serde_use = match serde.as_slice() {
        [] => quote!(),
        [one] => quote!(use serde::#one;),
        _ => quote!(use serde::{#(#serde),*};),
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
    if needs.reads() {
        quote!(
            use serde::Deserialize;
        )
    } else {
        quote!()
    }
}

/// The helpers the types need (below them), and the `wire` module.
pub fn helpers(types: &Types, needs: &Needs) -> TokenStream {
    // The two readers differ only in the slot's type and what is stored.
    let reader = |name: &str, docs: [&str; 2], slot: TokenStream, store: TokenStream| {
        let name = ident(name);
        let [first, second] = docs.map(|d| format!(" {d}"));
        quote! {
            #[doc = #first]
            #[doc = #second]
            fn #name<'de, A, T>(
                map: &mut A,
                slot: &mut #slot,
                name: &'static str,
            ) -> Result<(), A::Error>
            where
                A: serde::de::MapAccess<'de>,
                T: Deserialize<'de>,
            {
                if slot.is_some() {
                    return Err(serde::de::Error::duplicate_field(name));
                }
                *slot = #store;
                Ok(())
            }
        }
    };
    let read_field = needs.read_field.then(|| {
        reader(
            decode::READ_FIELD,
            [
                "Reads the value of an object's property into its slot; a property",
                "sent twice is an error.",
            ],
            quote!(Option<T>),
            quote!(Some(map.next_value()?)),
        )
    });
    let read_present = needs.read_present.then(|| {
        reader(
            decode::READ_PRESENT,
            [
                "Reads an optional nullable property: present, as a value or `null`,",
                "it is `Some`, so absent (`None`) and `null` (`Some(None)`) stay apart.",
            ],
            quote!(Option<Option<T>>),
            quote!(Some(Some(map.next_value()?))),
        )
    });
    let required = needs.required.then(|| {
        let required = ident(decode::REQUIRED);
        quote! {
            /// A required property's value, or the error that it is missing.
            fn #required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
                slot.ok_or_else(|| E::missing_field(name))
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
    quote!(#read_field #read_present #required #parse #wire)
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
