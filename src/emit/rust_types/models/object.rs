//! Objects (structs with their builders and serde code) and aliases.

use proc_macro2::Ident;

use super::*;
use crate::ir::Field;

pub(super) fn object(
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
    let mut parts = StructParts {
        custom_serialize: custom_serialize(shims, t, o),
        ..StructParts::default()
    };
    for f in &o.fields {
        parts.field(types, profile, t, f, &aliases, needs);
    }
    let extra = parts.extra(types, t, o);
    std::mem::take(&mut parts.scope).check(&format!("fields of `{}`", t.name), diags);
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
    let default = parts.params.is_empty().then(|| quote!(Default,));
    let builder = builder_impl(&name, &parts, &extra);
    let fields = &parts.fields;
    let entries = &parts.entries;
    if !parts.custom_serialize {
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
    let decode = renamed_decoder(&name, &aliases, profile);
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

/// Is the object's encoding written out by hand (a property renamed by a
/// served rename, or a write-only one)? Only such an object is printed
/// differently for the two crates ([`Profile::server`]).
pub(super) fn custom_serialize(shims: &Shims, t: &NamedType, o: &ObjectType) -> bool {
    shims
        .field_aliases
        .get(&t.name)
        .is_some_and(|a| !a.is_empty())
        || o.fields.iter().any(|f| f.write_only)
}

/// What the fields of an object contribute to its struct, its builder and
/// its hand-written encoding.
#[derive(Default)]
struct StructParts {
    scope: NameScope,
    fields: Vec<TokenStream>,
    /// With served renames the encoding is written out: each renamed field
    /// goes out under its new name and then under every old one.
    entries: Vec<TokenStream>,
    /// Both crates write these types through the same hand-written impl.
    custom_serialize: bool,
    /// What `new` takes (the required fields) and what it leaves `None`.
    params: Vec<TokenStream>,
    required_ids: Vec<Ident>,
    unset: Vec<Ident>,
    setters: Vec<TokenStream>,
}

impl StructParts {
    /// Adds one property of `t`.
    fn field(
        &mut self,
        types: &Types,
        profile: Profile,
        t: &NamedType,
        f: &Field,
        aliases: &BTreeMap<&str, Vec<&str>>,
        needs: &mut Needs,
    ) {
        let fname = names::value_name(f.naming_source());
        self.scope
            .add(format!("property `{}`", f.name), &f.loc, &fname);
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
            self.params.push(quote!(#fid: #ty));
            self.required_ids.push(fid.clone());
        } else {
            self.unset.push(fid.clone());
            self.setters.push(setter(f, &fname, &fid, bare, nullable));
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
        if !(f.write_only && profile.server) {
            let wire = &f.name;
            let olds = aliases.get(f.name.as_str()).into_iter().flatten();
            let olds = olds.filter(|_| profile.server);
            let put = quote!(#(map.serialize_entry(#olds, &self.#fid)?;)*);
            self.entries.push(if required {
                quote!(map.serialize_entry(#wire, &self.#fid)?; #put)
            } else {
                quote!(if self.#fid.is_some() { map.serialize_entry(#wire, &self.#fid)?; #put })
            });
        }
        let notes = field_notes(f);
        let docs = doc::outer(&doc::paragraphs([f.docs.text(), Some(notes.as_str())]));
        self.fields.push(quote! {
            #docs
            #serde
            pub #fid: #ty,
        });
    }

    /// Adds the field that keeps the properties the spec does not list, and
    /// returns its identifier.
    fn extra(&mut self, types: &Types, t: &NamedType, o: &ObjectType) -> Ident {
        // Kept under every `additionalProperties`: a newer peer may add
        // properties, and they must survive a round trip.
        let fname = names::extra_field(o);
        self.scope.add("additional properties", &t.loc, &fname);
        let fid = ident(&fname);
        let extra_ty = match &o.additional {
            Additional::Typed(v) if *v != TypeRef::Any => {
                let inner = types.render(v, Scope::Models, None);
                quote!(BTreeMap<String, #inner>)
            }
            _ => quote!(serde_json::Map<String, serde_json::Value>),
        };
        self.entries.push(quote! {
            for (key, value) in &self.#fid {
                map.serialize_entry(key, value)?;
            }
        });
        self.fields.push(quote! {
            /// Properties the spec does not list, kept as sent.
            #[serde(flatten)]
            pub #fid: #extra_ty,
        });
        fid
    }
}

/// The `with_*` setter of an optional field.
fn setter(f: &Field, fname: &str, fid: &Ident, bare: TokenStream, nullable: bool) -> TokenStream {
    let setter = ident(&format!("with_{}", names::unraw(fname)));
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
    quote! {
        #doc
        #[must_use]
        pub fn #setter(mut self, value: #value) -> Self {
            self.#fid = Some(value);
            self
        }
    }
}

/// What a field's doc comment says beside its description.
fn field_notes(f: &Field) -> String {
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
    notes.join(" ")
}

/// `new` and the `with_*` setters.
fn builder_impl(name: &Ident, parts: &StructParts, extra: &Ident) -> TokenStream {
    let many = (parts.params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_doc = doc::outer(if parts.params.is_empty() {
        "An empty value: set properties with the `with_*` methods."
    } else {
        "A value with the required properties; set the optional ones with the\n`with_*` methods."
    });
    let (params, required_ids, unset, setters) = (
        &parts.params,
        &parts.required_ids,
        &parts.unset,
        &parts.setters,
    );
    quote! {
        impl #name {
            #new_doc
            #many
            #[must_use]
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#required_ids,)*
                    #(#unset: None,)*
                    #extra: Default::default(),
                }
            }

            #(#setters)*
        }
    }
}

/// The SDK's decoder of an object with served renames, or `None`.
fn renamed_decoder(
    name: &Ident,
    aliases: &BTreeMap<&str, Vec<&str>>,
    profile: Profile,
) -> Option<TokenStream> {
    // A server that still serves an old name sends the property under both
    // names, which serde's `alias` refuses as a duplicate: the derived
    // decoder (`remote = "Self"` makes it an inherent function) reads the
    // object after the old names of a present new one are dropped.
    // Only the SDK reads responses; the server reads requests, which carry
    // one name, and keeps serde's error paths.
    (!aliases.is_empty() && !profile.server).then(|| {
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
    })
}

pub(super) fn alias(types: &Types, t: &NamedType, target: &TypeRef) -> TokenStream {
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
