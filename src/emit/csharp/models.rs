//! The model files of the `csharp` target, one per schema: a record per object,
//! an enum (open or closed) with its converter, a union with its cases.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{enum_members, member_ident, string_literal, xml_doc, Cx, Needs};
use crate::diag::Diagnostic;
use crate::emit::sdk::{self, Directions, JsonKind, Presence};
use crate::emit::{constraints, support, EmitContext};
use crate::ir::{Additional, EnumRepr, EnumType, NamedType, ObjectType, TypeRef, UnionType};
use crate::naming::{check_collisions, IdentKind};

#[derive(Serialize, Default)]
pub(super) struct FileCx {
    kind: &'static str,
    name: String,
    doc: Vec<String>,
    remarks: Vec<String>,
    deprecated: bool,
    properties: Vec<PropertyCx>,
    extension_data: Option<String>,
    members: Vec<MemberCx>,
    value_type: String,
    /// A `const`: an open enum of one value, documented as the constant.
    constant: bool,
    cases: Vec<CaseCx>,
    unknown: String,
    tag_property: Option<String>,
    target: String,
}

impl FileCx {
    /// The file of `nt`, named `name`, before its kind fills it in.
    pub(super) fn new(name: &str, nt: &NamedType) -> Self {
        FileCx {
            name: name.to_string(),
            doc: xml_doc(&sdk::doc_lines(&nt.docs, &[])),
            deprecated: nt.deprecated,
            ..Default::default()
        }
    }
}

#[derive(Serialize)]
pub(super) struct PropertyCx {
    ident: String,
    wire: String,
    ty: String,
    required: bool,
    ignore: Option<&'static str>,
    doc: Vec<String>,
    deprecated: bool,
}

#[derive(Serialize)]
pub(super) struct MemberCx {
    ident: String,
    value: String,
    doc: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct CaseCx {
    ident: String,
    ty: String,
    /// A named case type, for `<see cref>`.
    cref: Option<String>,
    ty_doc: String,
    tags: Vec<String>,
    inject_tag: Option<String>,
    guard: String,
}

/// Fills in the file of each kind of schema, collecting what it finds.
pub(super) struct ModelFiles<'a> {
    pub(super) cx: &'a EmitContext<'a>,
    pub(super) c: Cx<'a>,
    pub(super) dirs: &'a Directions,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl ModelFiles<'_> {
    /// A record with a property per field and the unknown properties kept.
    pub(super) fn object(
        &mut self,
        nt: &NamedType,
        o: &ObjectType,
        name: &str,
        f: &mut FileCx,
        n: &mut Needs,
    ) {
        let (cx, api, c, dirs) = (self.cx, self.cx.api, &self.c, self.dirs);
        f.kind = "record";
        let mut idents = Vec::new();
        for field in &o.fields {
            let p = sdk::presence(api, dirs, &nt.name, field);
            let id = member_ident(field.naming_source(), name, IdentKind::Field);
            idents.push((field.name.as_str(), &field.loc, id.clone()));
            let base = c.ty(field.ty.non_null(), n);
            let (ty, required, ignore) = match p {
                Presence {
                    required: true,
                    nullable: false,
                } => (base, true, None),
                Presence {
                    required: true,
                    nullable: true,
                } => (format!("{base}?"), true, None),
                Presence {
                    required: false,
                    nullable: false,
                } => (format!("{base}?"), false, Some("WhenWritingNull")),
                Presence {
                    required: false,
                    nullable: true,
                } => (
                    format!("Optional<{base}?>"),
                    false,
                    Some("WhenWritingDefault"),
                ),
            };
            if field.deprecated {
                n.usings.insert("System");
            }
            let mut notes = sdk::field_notes(field, p);
            notes.splice(0..0, constraints::paragraph(field));
            if !p.required && p.nullable {
                notes.pop();
                notes.push("A default (absent) Optional is not sent; Optional holding null is sent as null.".into());
            }
            f.properties.push(PropertyCx {
                ident: id,
                wire: string_literal(&field.name),
                ty,
                required,
                ignore,
                doc: xml_doc(&sdk::doc_lines(&field.docs, &notes)),
                deprecated: field.deprecated,
            });
        }
        self.errors.extend(check_collisions(
            &format!("csharp: properties of {}", nt.name),
            &idents,
        ));
        if !cx
            .shims
            .field_aliases
            .get(&nt.name)
            .is_none_or(Vec::is_empty)
        {
            self.warnings.push(sdk::fidelity(
                "fidelity-field-alias",
                &nt.loc,
                format!("csharp: System.Text.Json has no decode aliases; old property names of `{}` from the migration manifest are not accepted", nt.name),
            ));
        }
        if let Additional::Typed(t) = &o.additional {
            if *t != TypeRef::Any {
                self.warnings.push(sdk::fidelity(
                    "fidelity-additional-properties",
                    &nt.loc,
                    format!("csharp: the additionalProperties of `{}` are kept as JsonElement values ([JsonExtensionData] cannot be typed)", nt.name),
                ));
            }
        }
        // Kept even under `additionalProperties: false`: a newer server
        // may add properties, and they must survive a round trip.
        n.usings.insert("System.Collections.Generic");
        n.usings.insert("System.Text.Json");
        let taken: BTreeSet<String> = f.properties.iter().map(|p| p.ident.clone()).collect();
        f.extension_data = Some(sdk::free_name(
            &["AdditionalProperties", "ExtensionData", "UnknownProperties"],
            &taken,
        ));
    }

    /// An enum with its members; open enums keep values they do not list.
    pub(super) fn enumeration(
        &mut self,
        nt: &NamedType,
        e: &EnumType,
        name: &str,
        f: &mut FileCx,
        n: &mut Needs,
    ) {
        let cx = self.cx;
        n.usings.insert("System");
        n.usings.insert("System.Text.Json");
        let ids = enum_members(nt, name, e, &mut self.warnings);
        self.errors
            .extend(support::member_collisions("csharp", nt, e, &ids));
        for (v, id) in e.values.iter().zip(ids) {
            let value = match &v.value {
                serde_json::Value::String(s) => string_literal(s),
                other => other.to_string(),
            };
            f.members.push(MemberCx {
                ident: id,
                value,
                doc: xml_doc(
                    &v.description
                        .iter()
                        .flat_map(|d| d.lines().map(str::to_string))
                        .collect::<Vec<_>>(),
                ),
            });
        }
        if !cx
            .shims
            .enum_aliases
            .get(&nt.name)
            .is_none_or(Vec::is_empty)
        {
            self.warnings.push(sdk::fidelity(
                "fidelity-enum-alias",
                &nt.loc,
                format!("csharp: old values of `{}` from the migration manifest decode as unknown values, not as their new names", nt.name),
            ));
        }
        f.constant = e.constant;
        f.value_type = match e.repr {
            EnumRepr::String => "string".into(),
            EnumRepr::Integer => "long".into(),
        };
        if e.repr == EnumRepr::Integer && e.open {
            n.usings.insert("System.Globalization");
        }
        f.kind = if e.open { "open_enum" } else { "closed_enum" };
    }

    /// A union with a case per alternative and one for what fits none.
    pub(super) fn union(&mut self, u: &UnionType, name: &str, f: &mut FileCx, n: &mut Needs) {
        let (api, c) = (self.cx.api, &self.c);
        f.kind = "union";
        n.usings.insert("System");
        n.usings.insert("System.Text.Json");
        let cases = sdk::union_cases(u);
        let (case_names, unknown) = sdk::case_names(
            &cases,
            &|x| c.name(x).trim_start_matches('@').to_string(),
            &[name],
        );
        f.unknown = unknown;
        for (case, case_name) in cases.iter().zip(case_names) {
            let guard = if case.ty.is_nullable() {
                String::new()
            } else {
                match sdk::json_kind(api, &case.ty) {
                    JsonKind::Object => "element.ValueKind == JsonValueKind.Object && ".into(),
                    JsonKind::Array => "element.ValueKind == JsonValueKind.Array && ".into(),
                    JsonKind::String => "element.ValueKind == JsonValueKind.String && ".into(),
                    JsonKind::Integer | JsonKind::Number => {
                        "element.ValueKind == JsonValueKind.Number && ".into()
                    }
                    JsonKind::Boolean => {
                        "(element.ValueKind is JsonValueKind.True or JsonValueKind.False) && "
                            .into()
                    }
                    JsonKind::Any => String::new(),
                }
            };
            let inject_tag = u.discriminator.as_ref().and_then(|d| {
                (!sdk::declares_property(api, &case.ty, &d.property))
                    .then(|| string_literal(&case.tags[0]))
            });
            let ty = c.qualified(&case.ty, n);
            f.cases.push(CaseCx {
                ident: case_name,
                cref: matches!(case.ty.non_null(), TypeRef::Named(_))
                    .then(|| ty.trim_end_matches('?').to_string()),
                ty_doc: xml_doc(std::slice::from_ref(&ty))[0].clone(),
                ty,
                tags: case.tags.iter().map(|t| string_literal(t)).collect(),
                inject_tag,
                guard,
            });
        }
        f.tag_property = u
            .discriminator
            .as_ref()
            .map(|d| string_literal(&d.property));
        f.remarks = match &u.discriminator {
            Some(d) => vec![
                format!(
                    "Told apart by the <c>{}</c> property; a tag this version does not know",
                    xml_doc(std::slice::from_ref(&d.property))[0]
                ),
                format!(
                    "decodes to <see cref=\"{unk}\"/>, which keeps the raw JSON.",
                    unk = f.unknown
                ),
            ],
            None => vec![
                "Decoded as the first alternative that fits; a value that fits none is kept".into(),
                format!("as raw JSON in <see cref=\"{}\"/>.", f.unknown),
            ],
        };
    }
}
