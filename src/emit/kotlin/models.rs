//! The model files of the `kotlin` target, one per schema: a data class per
//! object, an enum class, a sealed interface per union with its wrapper
//! classes, a typealias per alias.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::types::{Cx, Needs};
use super::MAX_CLASS_FILE_NAME;
use super::{enum_constants, kdoc, property_ident, string_literal};
use crate::diag::Diagnostic;
use crate::emit::sdk::{self, Directions, JsonKind, Presence};
use crate::emit::{constraints, support, EmitContext};
use crate::ir::{Additional, EnumRepr, EnumType, NamedType, ObjectType, TypeRef, UnionType};
use crate::naming::check_collisions;

#[derive(Serialize, Default)]
pub(super) struct FileCx {
    kind: &'static str,
    name: String,
    doc: Vec<String>,
    deprecated: bool,
    fields: Vec<PropertyCx>,
    supertypes: Vec<String>,
    constants: Vec<ConstantCx>,
    /// Enums: `String` or `Long`.
    value_type: String,
    /// A `const`: an open enum of one value, documented as the constant.
    constant: bool,
    /// Unions.
    cases: Vec<CaseCx>,
    unknown: String,
    tag_property: Option<String>,
    tag_name: String,
    target: String,
    serial_name: String,
    /// Objects: the property holding undeclared properties.
    bag: String,
}

#[derive(Serialize)]
pub(super) struct PropertyCx {
    ident: String,
    wire: String,
    ty: String,
    default: Option<String>,
    encode_default_never: bool,
    doc: Vec<String>,
    deprecated: bool,
    json_names: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ConstantCx {
    ident: String,
    value: String,
    doc: Vec<String>,
    json_names: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct CaseCx {
    /// The nested wrapper class, or empty when the type itself implements the union.
    wrapper: Option<String>,
    /// The type as written in `is` checks (`Circle` or `Shape.StringValue`).
    class_ref: String,
    /// The wrapped type (wrappers only).
    value_type: String,
    serializer: String,
    tags: Vec<String>,
    inject_tag: Option<String>,
    guard: String,
}

impl FileCx {
    /// The file of `nt`, named `name`, before its kind fills it in.
    pub(super) fn new(name: &str, nt: &NamedType, package: &str) -> Self {
        FileCx {
            name: name.to_string(),
            doc: kdoc(&sdk::doc_lines(&nt.docs, &[])),
            deprecated: nt.deprecated,
            serial_name: format!("{package}.{name}"),
            ..Default::default()
        }
    }

    /// The deprecated typealias keeping the old name of a renamed type.
    pub(super) fn renamed(name: &str, target: String) -> Self {
        FileCx {
            kind: "alias",
            doc: vec![format!("Renamed to [{target}]; kept for one release.")],
            deprecated: true,
            name: name.to_string(),
            target,
            ..Default::default()
        }
    }
}

/// Fills in the file of each kind of schema, collecting what it finds.
pub(super) struct ModelFiles<'a> {
    pub(super) cx: &'a EmitContext<'a>,
    pub(super) c: Cx<'a>,
    pub(super) dirs: &'a Directions,
    /// Objects that implement the unions they are a case of (IR names).
    pub(super) implements: BTreeMap<String, BTreeSet<String>>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl ModelFiles<'_> {
    /// A data class with a property per field and the unknown properties kept.
    pub(super) fn object(&mut self, nt: &NamedType, o: &ObjectType, f: &mut FileCx, n: &mut Needs) {
        let (cx, api, c, dirs, implements) =
            (self.cx, self.cx.api, &self.c, self.dirs, &self.implements);
        f.kind = "data_class";
        for i in [
            "kotlinx.serialization.ExperimentalSerializationApi",
            "kotlinx.serialization.KeepGeneratedSerializer",
            "kotlinx.serialization.Serializable",
            "kotlinx.serialization.Transient",
            "kotlinx.serialization.json.JsonElement",
        ] {
            n.import(i);
        }
        n.opt_in = true;
        let mut idents = Vec::new();
        for field in &o.fields {
            let p = sdk::presence(api, dirs, &nt.name, field);
            let id = property_ident(field.naming_source());
            idents.push((
                field.name.as_str(),
                &field.loc,
                id.trim_matches('`').to_string(),
            ));
            let base = c.ty(field.ty.non_null(), n);
            n.import("kotlinx.serialization.SerialName");
            let (ty, default, never) = match p {
                Presence {
                    required: true,
                    nullable: false,
                } => (base, None, false),
                Presence {
                    required: true,
                    nullable: true,
                } => (format!("{base}?"), None, false),
                Presence {
                    required: false,
                    nullable: false,
                } => (format!("{base}?"), Some("null".to_string()), true),
                Presence {
                    required: false,
                    nullable: true,
                } => (
                    format!("Optional<{base}?>"),
                    Some("Optional.Absent".to_string()),
                    true,
                ),
            };
            if never {
                n.import("kotlinx.serialization.EncodeDefault");
                n.import("kotlinx.serialization.ExperimentalSerializationApi");
                n.opt_in = true;
            }
            if field.deprecated {
                n.suppress_deprecation = true;
            }
            let mut notes = sdk::field_notes(field, p);
            notes.splice(0..0, constraints::paragraph(field));
            if !p.required && p.nullable {
                notes.pop();
                notes.push(
                    "[Optional.Absent]: not sent; `Optional.Present(null)`: sent as `null`.".into(),
                );
            }
            let mut json_names = Vec::new();
            if let Some(aliases) = cx.shims.field_aliases.get(&nt.name) {
                for (old, new) in aliases {
                    if new == &field.name {
                        json_names.push(string_literal(old));
                    }
                }
            }
            if !json_names.is_empty() {
                n.import("kotlinx.serialization.json.JsonNames");
                n.import("kotlinx.serialization.ExperimentalSerializationApi");
                n.opt_in = true;
            }
            f.fields.push(PropertyCx {
                ident: id,
                wire: string_literal(&field.name),
                ty,
                default,
                encode_default_never: never,
                doc: kdoc(&sdk::doc_lines(&field.docs, &notes)),
                deprecated: field.deprecated,
                json_names,
            });
        }
        self.errors.extend(check_collisions(
            &format!("kotlin: properties of {}", nt.name),
            &idents,
        ));
        if let Additional::Typed(t) = &o.additional {
            if *t != TypeRef::Any {
                self.warnings.push(sdk::fidelity(
                    "fidelity-additional-properties",
                    &nt.loc,
                    format!("kotlin: the additionalProperties of `{}` are kept as JsonElement values, not as their declared type", nt.name),
                ));
            }
        }
        // Every object keeps the properties it does not declare, even
        // under `additionalProperties: false`: a newer server may add
        // properties, and they must survive a round trip.
        let taken: BTreeSet<String> = f
            .fields
            .iter()
            .map(|p| p.ident.trim_matches('`').to_string())
            .collect();
        f.bag = sdk::free_name(
            &[
                "additionalProperties",
                "extraProperties",
                "unknownProperties",
            ],
            &taken,
        );
        // Through `ty`, so that a deprecated union is a use of it here too.
        f.supertypes = implements
            .get(&nt.name)
            .into_iter()
            .flatten()
            .map(|u| c.ty(&TypeRef::Named(u.clone()), n))
            .collect();
        f.supertypes.sort();
    }

    /// An enum class with its constants; open enums keep values they do not list.
    pub(super) fn enumeration(
        &mut self,
        nt: &NamedType,
        e: &EnumType,
        f: &mut FileCx,
        n: &mut Needs,
    ) {
        let cx = self.cx;
        let ids = enum_constants(nt, e, &mut self.warnings);
        self.errors
            .extend(support::member_collisions("kotlin", nt, e, &ids));
        for (v, id) in e.values.iter().zip(ids) {
            let value = match &v.value {
                serde_json::Value::String(s) => string_literal(s),
                other => other.to_string(),
            };
            let mut json_names = Vec::new();
            if let (Some(aliases), serde_json::Value::String(s)) =
                (cx.shims.enum_aliases.get(&nt.name), &v.value)
            {
                for (old, new) in aliases {
                    if new == s {
                        json_names.push(string_literal(old));
                    }
                }
            }
            f.constants.push(ConstantCx {
                ident: id,
                value,
                doc: kdoc(
                    &v.description
                        .iter()
                        .flat_map(|d| d.lines().map(str::to_string))
                        .collect::<Vec<_>>(),
                ),
                json_names,
            });
        }
        f.constant = e.constant;
        f.value_type = match e.repr {
            EnumRepr::String => "String".into(),
            EnumRepr::Integer => "Long".into(),
        };
        n.import("kotlinx.serialization.Serializable");
        f.kind = match (e.open, e.repr) {
            (true, _) => {
                n.import("kotlin.jvm.JvmInline");
                if cx
                    .shims
                    .enum_aliases
                    .get(&nt.name)
                    .is_some_and(|a| !a.is_empty())
                {
                    self.warnings.push(sdk::fidelity(
                        "fidelity-enum-alias",
                        &nt.loc,
                        format!("kotlin: `{}` is an open enum, so old values from the migration manifest decode as they are (unknown values), not as their new names", nt.name),
                    ));
                }
                "open_enum"
            }
            (false, EnumRepr::String) => {
                n.import("kotlinx.serialization.SerialName");
                if f.constants.iter().any(|k| !k.json_names.is_empty()) {
                    n.import("kotlinx.serialization.json.JsonNames");
                    n.import("kotlinx.serialization.ExperimentalSerializationApi");
                    n.opt_in = true;
                }
                "closed_string_enum"
            }
            (false, EnumRepr::Integer) => {
                for i in [
                    "kotlinx.serialization.KSerializer",
                    "kotlinx.serialization.SerializationException",
                    "kotlinx.serialization.descriptors.PrimitiveKind",
                    "kotlinx.serialization.descriptors.PrimitiveSerialDescriptor",
                    "kotlinx.serialization.descriptors.SerialDescriptor",
                    "kotlinx.serialization.encoding.Decoder",
                    "kotlinx.serialization.encoding.Encoder",
                ] {
                    n.import(i);
                }
                "closed_integer_enum"
            }
        };
    }

    /// A sealed interface with a case per alternative and one for what fits none.
    pub(super) fn union(
        &mut self,
        nt: &NamedType,
        u: &UnionType,
        name: &str,
        f: &mut FileCx,
        n: &mut Needs,
    ) {
        let (api, c, implements) = (self.cx.api, &self.c, &self.implements);
        f.kind = "union";
        for i in [
            "kotlinx.serialization.KSerializer",
            "kotlinx.serialization.Serializable",
            "kotlinx.serialization.SerializationException",
            "kotlinx.serialization.descriptors.SerialDescriptor",
            "kotlinx.serialization.descriptors.buildClassSerialDescriptor",
            "kotlinx.serialization.encoding.Decoder",
            "kotlinx.serialization.encoding.Encoder",
            "kotlinx.serialization.json.JsonDecoder",
            "kotlinx.serialization.json.JsonElement",
            "kotlinx.serialization.json.JsonEncoder",
        ] {
            n.import(i);
        }
        let cases = sdk::union_cases(u);
        // Object cases implement the union; every other case is
        // wrapped in a nested value class holding `value_type`.
        let value_types: Vec<(bool, String)> = cases
            .iter()
            .map(|case| {
                let direct = matches!(&case.ty, TypeRef::Named(x) if implements.get(x).is_some_and(|s| s.contains(&nt.name)));
                (direct, c.ty(&case.ty, n))
            })
            .collect();
        let (case_names, unknown) = wrapper_names(name, &cases, &value_types, c);
        f.unknown = unknown;
        for ((case, (direct, vt)), case_name) in cases.iter().zip(value_types).zip(case_names) {
            let serializer = c.ser(&case.ty, n);
            let (wrapper, class_ref, value_type) = if direct {
                (None, vt, String::new())
            } else {
                n.import("kotlin.jvm.JvmInline");
                (Some(case_name.clone()), format!("{name}.{case_name}"), vt)
            };
            let inject_tag = u.discriminator.as_ref().and_then(|d| {
                (!sdk::declares_property(api, &case.ty, &d.property))
                    .then(|| string_literal(&case.tags[0]))
            });
            if inject_tag.is_some() {
                n.import("kotlinx.serialization.json.JsonObject");
            }
            let guard = if case.ty.is_nullable() {
                String::new()
            } else {
                match sdk::json_kind(api, &case.ty) {
                    JsonKind::Object => {
                        n.import("kotlinx.serialization.json.JsonObject");
                        "if (element is JsonObject) ".into()
                    }
                    JsonKind::Array => {
                        n.import("kotlinx.serialization.json.JsonArray");
                        "if (element is JsonArray) ".into()
                    }
                    JsonKind::String => {
                        n.import("kotlinx.serialization.json.JsonPrimitive");
                        "if (element is JsonPrimitive && element.isString) ".into()
                    }
                    JsonKind::Integer | JsonKind::Number | JsonKind::Boolean => {
                        n.import("kotlinx.serialization.json.JsonPrimitive");
                        n.import("kotlinx.serialization.json.JsonNull");
                        "if (element is JsonPrimitive && !element.isString && element !is JsonNull) ".into()
                    }
                    JsonKind::Any => String::new(),
                }
            };
            f.cases.push(CaseCx {
                wrapper,
                class_ref,
                value_type,
                serializer,
                tags: case.tags.iter().map(|t| string_literal(t)).collect(),
                inject_tag,
                guard,
            });
        }
        if let Some(d) = &u.discriminator {
            n.import("kotlinx.serialization.json.JsonObject");
            n.import("kotlinx.serialization.json.JsonPrimitive");
            f.tag_property = Some(string_literal(&d.property));
            f.tag_name = d.property.clone();
        }
    }

    /// A typealias of the target (any JSON value where it contains itself).
    pub(super) fn alias(
        &mut self,
        nt: &NamedType,
        target: &TypeRef,
        f: &mut FileCx,
        n: &mut Needs,
    ) {
        let c = &self.c;
        f.kind = "alias";
        f.target = if c.recursive.contains(&nt.name) {
            c.ty(&any_in_place_of(target.non_null(), &c.recursive), n)
        } else {
            c.ty(target.non_null(), n)
        };
        // A typealias declares no serializable class: the files that
        // use it carry the java.time serializers.
        n.use_serializers.clear();
    }
}

/// The names of a union's nested wrapper classes (an empty name for a case
/// that implements the union itself) and of its unknown case.
///
/// A wrapper is named after the type it holds with a `Value` suffix
/// (`StringValue`, `ColorValue`), less the union's own name when the type is
/// one of its hoisted inline variants (`Variant1Value` in `Mode`, not
/// `ModeVariant1Value`). Inside the sealed interface a nested class
/// shadows any type of the same simple name, so no nested class may be
/// called like a type the nested declarations refer to: `kotlin.String`,
/// another case's type, the union itself or `JsonElement`.
fn wrapper_names(
    union: &str,
    cases: &[sdk::UnionCase],
    value_types: &[(bool, String)],
    c: &Cx,
) -> (Vec<String>, String) {
    let mut taken: BTreeSet<String> = [union, "JsonElement", "JvmInline"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (_, vt) in value_types {
        taken.extend(simple_names(vt));
    }
    let mut names = Vec::new();
    for (case, (direct, _)) in cases.iter().zip(value_types) {
        if *direct {
            names.push(String::new());
            continue;
        }
        let mut base = sdk::case_base_name(&case.ty, &|x| c.name(x));
        // An inline variant hoisted as `<Union>Variant1` is `<Union>.Variant1Value`.
        if let Some(rest) = base.strip_prefix(union) {
            if rest.starts_with(|ch: char| ch.is_ascii_uppercase()) {
                base = rest.to_string();
            }
        }
        base.push_str("Value");
        // The JVM writes a nested class as `Union$Case.class`, which must fit
        // in a file name (255 bytes).
        if union.len() + base.len() + "$.class".len() > MAX_CLASS_FILE_NAME {
            base = format!("Case{}Value", names.len() + 1);
        }
        let name = sdk::free_name(&[&base], &taken);
        taken.insert(name.clone());
        names.push(name);
    }
    let unknown = sdk::free_name(&["Unknown", "UnknownValue", "Unrecognized"], &taken);
    (names, unknown)
}

/// The type names a Kotlin type expression mentions (`Map<String, List<Pet>>?`
/// mentions `Map`, `String`, `List` and `Pet`).
fn simple_names(ty: &str) -> impl Iterator<Item = String> + '_ {
    ty.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
}

/// `t` with every reference to one of `names` read as any value.
fn any_in_place_of(t: &TypeRef, names: &BTreeSet<String>) -> TypeRef {
    match t {
        TypeRef::Named(n) if names.contains(n) => TypeRef::Any,
        TypeRef::Array(i) => TypeRef::Array(Box::new(any_in_place_of(i, names))),
        TypeRef::Map(i) => TypeRef::Map(Box::new(any_in_place_of(i, names))),
        TypeRef::Nullable(i) => TypeRef::Nullable(Box::new(any_in_place_of(i, names))),
        other => other.clone(),
    }
}
