//! Objects (structs with their builders and serde code) and aliases.

use super::decode;
use super::*;
use crate::ir::Field;
use text::{attr, line, line_fmt, signature};

pub(super) fn object(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    o: &ObjectType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> (String, String) {
    let name = ident_text(types.name(&t.name));
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
        parts.field(types, profile, t, f, &aliases);
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
    let serialize_doc = match (profile.server, aliases.is_empty()) {
        (true, false) => "A renamed property is written under its new name, then under its\nold name while that is served, so readers of the old spec keep working.",
        (true, true) => "A write-only property is never written: a server does not echo it.",
        (false, false) => "A renamed property is written under its new name only; it is read\nunder either.",
        (false, true) => "Written field by field, as the server writes it, except that a\nwrite-only property is sent.",
    };
    // `#[non_exhaustive]`: adding an optional property (a compatible change)
    // must not break code that builds the struct, so it is built with `new`
    // and the `with_*` setters, never with a struct literal outside the crate.
    let default = if parts.params.is_empty() {
        "Default, "
    } else {
        ""
    };
    let mut out = String::with_capacity(parts.fields.len() * 2 + parts.setters.len() + 512);
    text::doc(&mut out, 0, &type_docs(t));
    // Derived, or written out below.
    written::serde(true, false);
    let serialize = if parts.custom_serialize {
        ""
    } else {
        ", Serialize"
    };
    line_fmt(
        &mut out,
        0,
        format_args!("#[derive(Debug, Clone, {default}PartialEq{serialize})]"),
    );
    out.push_str("#[non_exhaustive]\n");
    line_fmt(&mut out, 0, format_args!("pub struct {name} {{"));
    out.push_str(&parts.fields);
    out.push_str("}\n");
    builder_impl(&mut out, &name, &parts, &extra);
    if parts.custom_serialize {
        text::doc(&mut out, 0, serialize_doc);
        text::impl_for(&mut out, "impl Serialize", &name);
        out.push_str(SERIALIZE_HEAD);
        out.push_str("        use serde::ser::SerializeMap;\n");
        out.push_str("        let mut map = serializer.serialize_map(None)?;\n");
        out.push_str(&parts.entries);
        out.push_str("        map.end()\n    }\n}\n");
    }
    let extra_new = if extra_typed(o) {
        "BTreeMap::new()"
    } else {
        "serde_json::Map::new()"
    };
    let mut decoder = String::with_capacity(out.len());
    if !aliases.is_empty() && !profile.server {
        decoder.push_str(
            "/// A renamed property sent under both its new and its old name is\n/// read from the new one.\n",
        );
    }
    decode::deserialize_impl(
        &mut decoder,
        &name,
        &parts.slots,
        (&extra, extra_new),
        !profile.server,
        needs,
    );
    (out, decoder)
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
/// its hand-written encoding, as source text.
#[derive(Default)]
struct StructParts {
    scope: NameScope,
    /// The struct's fields, indented.
    fields: String,
    /// With served renames the encoding is written out: each renamed field
    /// goes out under its new name and then under every old one.
    entries: String,
    /// Both crates write these types through the same hand-written impl.
    custom_serialize: bool,
    /// What `new` takes (the required fields) and what it leaves `None`.
    params: Vec<(String, String)>,
    required_ids: Vec<String>,
    unset: Vec<String>,
    /// The `with_*` setters, indented.
    setters: String,
    /// How each field is read.
    slots: Vec<decode::Slot>,
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
    ) {
        let fname = names::value_name(f.naming_source());
        self.scope
            .add(format!("property `{}`", f.name), &f.loc, &fname);
        let fid = ident_text(&fname).into_owned();
        let nullable = types.is_nullable(&f.ty);
        let required = types.required(&t.name, f);
        let bare = types.render_bare_text(types.bare(&f.ty), Scope::Models, Some(&t.name), true);
        let ty = match (required, nullable) {
            (true, false) => bare.clone(),
            (true, true) | (false, false) => format!("Option<{bare}>"),
            (false, true) => format!("Option<Option<{bare}>>"),
        };
        if required {
            self.params.push((fid.clone(), ty.clone()));
            self.required_ids.push(fid.clone());
        } else {
            self.unset.push(fid.clone());
            setter(&mut self.setters, f, &fname, &fid, &bare, nullable);
        }
        self.slots.push(decode::Slot {
            field: fid.clone(),
            wire: f.name.clone(),
            olds: aliases
                .get(f.name.as_str())
                .into_iter()
                .flatten()
                .map(|o| o.to_string())
                .collect(),
            presence: match (required, nullable) {
                (true, _) => decode::Presence::Required,
                (false, false) => decode::Presence::Optional,
                (false, true) => decode::Presence::OptionalNullable,
            },
        });
        // The attributes of the derived `Serialize` (the `Deserialize` impl
        // is written out: `decode`).
        let mut args: Vec<String> = Vec::new();
        if !self.custom_serialize {
            if names::unraw(&fname) != f.name {
                args.push(format!("rename = {}", lit(&f.name)));
            }
            if !required {
                args.push("skip_serializing_if = \"Option::is_none\"".into());
            }
        }
        if !(f.write_only && profile.server) {
            let wire = lit(&f.name);
            let olds: Vec<&str> = if profile.server {
                aliases.get(f.name.as_str()).cloned().unwrap_or_default()
            } else {
                Vec::new()
            };
            let indent = if required { 8 } else { 12 };
            if !required {
                line_fmt(
                    &mut self.entries,
                    8,
                    format_args!("if self.{fid}.is_some() {{"),
                );
            }
            line_fmt(
                &mut self.entries,
                indent,
                format_args!("map.serialize_entry({wire}, &self.{fid})?;"),
            );
            for old in olds {
                line_fmt(
                    &mut self.entries,
                    indent,
                    format_args!("map.serialize_entry({}, &self.{fid})?;", lit(old)),
                );
            }
            if !required {
                line(&mut self.entries, 8, "}");
            }
        }
        let notes = field_notes(f);
        text::doc(
            &mut self.fields,
            4,
            &doc::paragraphs([f.docs.text(), Some(notes.as_str())]),
        );
        if !args.is_empty() {
            attr(&mut self.fields, 4, "serde", &args);
        }
        text::ty(&mut self.fields, 4, &format!("pub {fid}: "), &ty, ",", true);
    }

    /// Adds the field that keeps the properties the spec does not list, and
    /// returns its identifier.
    fn extra(&mut self, types: &Types, t: &NamedType, o: &ObjectType) -> String {
        // Kept under every `additionalProperties`: a newer peer may add
        // properties, and they must survive a round trip.
        let fname = names::extra_field(o);
        self.scope.add("additional properties", &t.loc, &fname);
        let fid = ident_text(&fname).into_owned();
        let extra_ty = match &o.additional {
            Additional::Typed(v) if extra_typed(o) => {
                let inner = types.render_text(v, Scope::Models, None);
                written::note(|w| w.btree_map = true);
                format!("BTreeMap<String, {inner}>")
            }
            _ => "serde_json::Map<String, serde_json::Value>".to_string(),
        };
        line_fmt(
            &mut self.entries,
            8,
            format_args!("for (key, value) in &self.{fid} {{"),
        );
        self.entries
            .push_str("            map.serialize_entry(key, value)?;\n        }\n");
        self.fields
            .push_str("    /// Properties the spec does not list, kept as sent.\n");
        if !self.custom_serialize {
            self.fields.push_str("    #[serde(flatten)]\n");
        }
        text::ty(
            &mut self.fields,
            4,
            &format!("pub {fid}: "),
            &extra_ty,
            ",",
            true,
        );
        fid
    }
}

/// The `with_*` setter of an optional field.
fn setter(out: &mut String, f: &Field, fname: &str, fid: &str, bare: &str, nullable: bool) {
    let setter = ident_text(&format!("with_{}", names::unraw(fname))).into_owned();
    let value = if nullable {
        format!("Option<{bare}>")
    } else {
        bare.to_string()
    };
    text::doc(
        out,
        4,
        &format!(
            "Sets `{}`{}.",
            f.name,
            if nullable {
                " (`None` sends `null`)"
            } else {
                ""
            }
        ),
    );
    out.push_str("    #[must_use]\n");
    signature(
        out,
        4,
        &format!("pub fn {setter}"),
        &[
            ("mut self".to_string(), String::new()),
            ("value".to_string(), value),
        ],
        " -> Self {",
    );
    line_fmt(out, 8, format_args!("self.{fid} = Some(value);"));
    out.push_str("        self\n    }\n");
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
fn builder_impl(out: &mut String, name: &str, parts: &StructParts, extra: &str) {
    line_fmt(out, 0, format_args!("impl {name} {{"));
    text::doc(
        out,
        4,
        if parts.params.is_empty() {
            "An empty value: set properties with the `with_*` methods."
        } else {
            "A value with the required properties; set the optional ones with the\n`with_*` methods."
        },
    );
    if parts.params.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    out.push_str("    #[must_use]\n");
    signature(out, 4, "pub fn new", &parts.params, " -> Self {");
    let mut fields: Vec<String> = parts.required_ids.clone();
    fields.extend(parts.unset.iter().map(|u| format!("{u}: None")));
    fields.push(format!("{extra}: Default::default()"));
    text::struct_literal(out, 8, "Self", &fields);
    out.push_str("    }\n");
    out.push_str(&parts.setters);
    out.push_str("}\n");
}

/// Are the unlisted properties of `o` of a type of their own (a
/// `BTreeMap`), not JSON values?
fn extra_typed(o: &ObjectType) -> bool {
    matches!(&o.additional, Additional::Typed(v) if *v != TypeRef::Any)
}

/// The first lines of a `Deserialize` impl's `deserialize`, as prettyplease
/// breaks its signature.
pub(super) const DESERIALIZE_HEAD: &str = "    fn deserialize<D: serde::Deserializer<'de>>(\n        deserializer: D,\n    ) -> Result<Self, D::Error> {\n";

/// The first line of a `Serialize` impl's `serialize`.
pub(super) const SERIALIZE_HEAD: &str =
    "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n";

pub(super) fn alias(types: &Types, t: &NamedType, target: &TypeRef) -> String {
    let name = ident_text(types.name(&t.name));
    let mut out = String::new();
    text::doc(&mut out, 0, &type_docs(t));
    if types.is_newtype(&t.name) {
        // `type A = Vec<A>` cannot be written; a transparent newtype can.
        let inner = if types.is_nullable(target) {
            let bare =
                types.render_bare_text(types.bare(target), Scope::Models, Some(&t.name), true);
            format!("Option<{bare}>")
        } else {
            types.render_bare_text(target, Scope::Models, Some(&t.name), true)
        };
        written::serde(true, true);
        out.push_str(
            "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n#[serde(transparent)]\n",
        );
        text::tuple(
            &mut out,
            0,
            &format!("pub struct {name}"),
            &format!("pub {inner}"),
            ";",
        );
        return out;
    }
    let ty = types.render_text(target, Scope::Models, None);
    text::ty(&mut out, 0, &format!("pub type {name} = "), &ty, ";", true);
    out
}
