//! The `kotlin` target: kotlinx.serialization models in one package, one file
//! per type. Names, types, serializers and imports are computed here;
//! `templates/kotlin/*.kt.jinja` lays them out.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::package::{default_name, xml_text, PackageMeta};
use super::sdk::{self, Directions, JsonKind, Presence};
use super::templates::{self, Renderer};
use super::{constraints, support};
use super::{EmitContext, Emitter};
use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::cycles::Guard;
use crate::ir::{
    Additional, Api, EnumRepr, IntFormat, NumberFormat, Primitive, StringFormat, TypeKind, TypeRef,
};
use crate::naming::kotlin::KEYWORDS as HARD_KEYWORDS;
use crate::naming::{self, check_collisions, sanitize, IdentKind, Lang};
use crate::output::OutputTree;

/// The longest class file name most file systems allow.
const MAX_CLASS_FILE_NAME: usize = 255;

/// The `kotlin` target.
pub struct Kotlin;

impl Emitter for Kotlin {
    fn name(&self) -> &'static str {
        "kotlin"
    }

    fn emit(&self, cx: &EmitContext) -> Result<OutputTree, Vec<Diagnostic>> {
        let (tree, warnings) = build(cx)?;
        cx.note_all(warnings);
        Ok(tree)
    }
}

/// A type identifier.
pub fn type_ident(name: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Type, name)
}

/// The class of `Serialization.kt` that holds a string of format `f`, if
/// it has one: the text as sent (any string decodes, and is written back
/// unchanged), with methods that parse it into `java.util.UUID` or
/// `java.net.URI`. Dates and date-times are `java.time` values.
pub(crate) fn text_class(f: &StringFormat) -> Option<&'static str> {
    match f {
        StringFormat::Uuid => Some("Uuid"),
        StringFormat::Uri => Some("Uri"),
        _ => None,
    }
}

/// A property identifier: lowerCamelCase, hard keywords in backticks.
pub fn property_ident(wire: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Field, wire)
}

/// An enum constant: SCREAMING_SNAKE_CASE.
pub fn constant_ident(raw: &str) -> String {
    naming::ident(Lang::Kotlin, IdentKind::EnumVariant, raw)
}

/// The constants of an enum, in value order (the companion's `val`s of an
/// open enum, the entries of a closed one).
pub fn enum_constants(
    nt: &crate::ir::NamedType,
    e: &crate::ir::EnumType,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    support::member_idents(
        "kotlin",
        nt,
        e,
        false,
        &constant_ident,
        &|id, n| format!("{id}_{n}"),
        warnings,
    )
}

/// A Kotlin string literal (no `$` templates).
pub fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Doc lines safe inside a KDoc block: `*/` and `/*` (Kotlin nests block
/// comments) are broken with an HTML entity.
pub(crate) fn kdoc(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            l.replace("*/", "*&#47;")
                .replace("/*", "&#47;*")
                .replace('\t', "    ")
        })
        .collect()
}

struct Cx<'a> {
    api: &'a Api,
    idents: BTreeMap<String, String>,
    /// Aliases that contain themselves (`Root = List<Root>`), which a Kotlin
    /// typealias cannot: inside their own target they are any JSON value,
    /// as their serializer already reads them.
    recursive: BTreeSet<String>,
}

/// What a file needs besides its body: imports and file annotations.
#[derive(Default)]
struct Needs {
    imports: BTreeSet<String>,
    use_serializers: BTreeSet<&'static str>,
    opt_in: bool,
    suppress_deprecation: bool,
}

impl Needs {
    fn import(&mut self, path: &str) {
        self.imports.insert(path.to_string());
    }
}

impl Cx<'_> {
    fn name(&self, ir: &str) -> String {
        self.idents
            .get(ir)
            .cloned()
            .unwrap_or_else(|| type_ident(ir))
    }

    fn ty(&self, t: &TypeRef, n: &mut Needs) -> String {
        match t {
            TypeRef::Named(name) => {
                if self.api.get(name).is_some_and(|t| t.deprecated) {
                    n.suppress_deprecation = true;
                }
                self.alias_serializers(name, n, &mut BTreeSet::new());
                self.name(name)
            }
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => {
                    n.import("java.time.OffsetDateTime");
                    n.use_serializers.insert("OffsetDateTimeSerializer");
                    "OffsetDateTime".into()
                }
                Primitive::String(StringFormat::Date) => {
                    n.import("java.time.LocalDate");
                    n.use_serializers.insert("LocalDateSerializer");
                    "LocalDate".into()
                }
                Primitive::String(f) => text_class(f).unwrap_or("String").into(),
                Primitive::Integer(IntFormat::Int32) => "Int".into(),
                Primitive::Integer(_) => "Long".into(),
                Primitive::Number(NumberFormat::Float) => "Float".into(),
                Primitive::Number(_) => "Double".into(),
                Primitive::Boolean => "Boolean".into(),
            },
            TypeRef::Array(i) => format!("List<{}>", self.ty(i, n)),
            TypeRef::Map(i) if **i == TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonObject");
                "JsonObject".into()
            }
            TypeRef::Map(i) => format!("Map<String, {}>", self.ty(i, n)),
            TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonElement");
                "JsonElement".into()
            }
            TypeRef::Nullable(i) => format!("{}?", self.ty(i, n)),
        }
    }

    /// `@file:UseSerializers` applies to the class a typealias stands for, so
    /// a file using an alias of `LocalDate` (`typealias Date = LocalDate`)
    /// needs the serializers of the alias's target, through nested aliases.
    fn alias_serializers(&self, name: &str, n: &mut Needs, seen: &mut BTreeSet<String>) {
        if !seen.insert(name.to_string()) {
            return;
        }
        let Some(TypeKind::Alias { target }) = self.api.get(name).map(|t| &t.kind) else {
            return;
        };
        let mut t = target;
        loop {
            match t {
                TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => t = i,
                TypeRef::Named(next) => return self.alias_serializers(next, n, seen),
                TypeRef::Primitive(Primitive::String(StringFormat::DateTime)) => {
                    n.use_serializers.insert("OffsetDateTimeSerializer");
                    return;
                }
                TypeRef::Primitive(Primitive::String(StringFormat::Date)) => {
                    n.use_serializers.insert("LocalDateSerializer");
                    return;
                }
                TypeRef::Primitive(_) | TypeRef::Any => return,
            }
        }
    }

    /// An expression for the serializer of `t`.
    fn ser(&self, t: &TypeRef, n: &mut Needs) -> String {
        self.ser_within(t, n, &mut Guard::new())
    }

    /// [`Cx::ser`] inside the aliases it has expanded: an alias that comes
    /// back to itself through a container (`Root = List<Root>`) is read as
    /// any value there.
    fn ser_within(&self, t: &TypeRef, n: &mut Needs, aliases: &mut Guard<String>) -> String {
        let builtin = |n: &mut Needs, s: &str| {
            n.import("kotlinx.serialization.builtins.serializer");
            format!("{s}.serializer()")
        };
        match t {
            TypeRef::Named(name) => {
                let id = self.name(name);
                match self.api.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Union(_)) => format!("{id}Serializer"),
                    Some(TypeKind::Object(_)) => format!("{id}Serializer"),
                    Some(TypeKind::Enum(e)) if !e.open && e.repr == EnumRepr::Integer => {
                        format!("{id}Serializer")
                    }
                    Some(TypeKind::Alias { target }) => {
                        if !aliases.enter(name.clone()) {
                            n.import("kotlinx.serialization.json.JsonElement");
                            return "JsonElement.serializer()".into();
                        }
                        let s = self.ser_within(target.non_null(), n, aliases);
                        aliases.leave();
                        s
                    }
                    _ => format!("{id}.serializer()"),
                }
            }
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => "OffsetDateTimeSerializer".into(),
                Primitive::String(StringFormat::Date) => "LocalDateSerializer".into(),
                Primitive::String(f) => match text_class(f) {
                    Some(class) => format!("{class}.serializer()"),
                    None => builtin(n, "String"),
                },
                Primitive::Integer(IntFormat::Int32) => builtin(n, "Int"),
                Primitive::Integer(_) => builtin(n, "Long"),
                Primitive::Number(NumberFormat::Float) => builtin(n, "Float"),
                Primitive::Number(_) => builtin(n, "Double"),
                Primitive::Boolean => builtin(n, "Boolean"),
            },
            TypeRef::Array(i) => {
                n.import("kotlinx.serialization.builtins.ListSerializer");
                format!("ListSerializer({})", self.ser_within(i, n, aliases))
            }
            TypeRef::Map(i) if **i == TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonObject");
                "JsonObject.serializer()".into()
            }
            TypeRef::Map(i) => {
                n.import("kotlinx.serialization.builtins.MapSerializer");
                let k = builtin(n, "String");
                format!("MapSerializer({k}, {})", self.ser_within(i, n, aliases))
            }
            TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonElement");
                "JsonElement.serializer()".into()
            }
            TypeRef::Nullable(i) => {
                n.import("kotlinx.serialization.builtins.nullable");
                format!("{}.nullable", self.ser_within(i, n, aliases))
            }
        }
    }
}

/// The package of the models: the `package` option, else one made from the
/// API title.
pub(crate) fn package_of(cx: &EmitContext) -> Result<String, Vec<Diagnostic>> {
    let package = cx
        .options
        .get("package")
        .map(str::to_string)
        .unwrap_or_else(|| default_package(&cx.api.title));
    if !valid_package(&package) {
        return Err(vec![Diagnostic::new(
            "invalid-target-option",
            Severity::Error,
            Loc::default(),
            format!("kotlin: `package = \"{package}\"` is not a valid package name; use dot-separated identifiers that are not keywords"),
        )]);
    }
    Ok(package)
}

/// The model types as other files of the package (the client) write them:
/// the same names and serializers as the models, and the imports they need.
pub(crate) struct ModelTypes<'a> {
    c: Cx<'a>,
    needs: Needs,
}

impl<'a> ModelTypes<'a> {
    pub(crate) fn new(api: &'a Api) -> ModelTypes<'a> {
        // The models emitter has reported the naming warnings already.
        let idents = sdk::type_idents(api, &|n| type_ident(n), &mut Vec::new());
        ModelTypes {
            c: Cx {
                api,
                idents,
                recursive: crate::ir::cycles::recursive_aliases(api),
            },
            needs: Needs::default(),
        }
    }

    /// The Kotlin type of `t`.
    pub(crate) fn ty(&mut self, t: &TypeRef) -> String {
        self.c.ty(t, &mut self.needs)
    }

    /// An expression for the serializer of `t`.
    pub(crate) fn ser(&mut self, t: &TypeRef) -> String {
        self.c.ser(t, &mut self.needs)
    }

    /// Every top-level name the models declare in the package: types, their
    /// serializer objects, renamed types and the support files' classes.
    pub(crate) fn declared(&self, shims: &super::Shims) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.c.idents.values().cloned().collect();
        out.extend(self.c.idents.values().map(|i| format!("{i}Serializer")));
        out.extend(shims.type_aliases.keys().map(|old| type_ident(old)));
        out.extend(
            [
                "Optional",
                "OptionalSerializer",
                "UnknownPropertiesSerializer",
                "OffsetDateTimeSerializer",
                "LocalDateSerializer",
                "Uuid",
                "Uri",
                "SerializationKt",
                "OptionalKt",
            ]
            .map(String::from),
        );
        out
    }

    /// The imports the types written so far need.
    pub(crate) fn imports(&self) -> &BTreeSet<String> {
        &self.needs.imports
    }
}

#[derive(Serialize, Default)]
struct FileCx {
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
struct PropertyCx {
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
struct ConstantCx {
    ident: String,
    value: String,
    doc: Vec<String>,
    json_names: Vec<String>,
}

#[derive(Serialize)]
struct CaseCx {
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

fn build(cx: &EmitContext) -> Result<(OutputTree, Vec<Diagnostic>), Vec<Diagnostic>> {
    let api = cx.api;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let package = package_of(cx)?;
    let idents = sdk::type_idents(api, &|n| type_ident(n), &mut warnings);
    let mut names: Vec<(String, Loc, String)> = Vec::new();
    for t in api.types.values() {
        names.push((t.name.clone(), t.loc.clone(), idents[&t.name].clone()));
        let needs_serializer = match &t.kind {
            TypeKind::Union(_) | TypeKind::Object(_) => true,
            TypeKind::Enum(e) => !e.open && e.repr == EnumRepr::Integer,
            _ => false,
        };
        if needs_serializer {
            names.push((
                format!("serializer of {}", t.name),
                t.loc.clone(),
                format!("{}Serializer", idents[&t.name]),
            ));
        }
    }
    errors.extend(check_collisions("kotlin: type names", &names));
    let recursive = crate::ir::cycles::recursive_aliases(api);
    let c = Cx {
        api,
        idents,
        recursive,
    };
    let dirs = Directions::of(api);

    // Objects that implement the unions they are a case of.
    let mut implements: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in api.types.values() {
        if let TypeKind::Union(u) = &t.kind {
            for case in sdk::union_cases(u) {
                if let TypeRef::Named(n) = &case.ty {
                    if matches!(api.get(n).map(|t| &t.kind), Some(TypeKind::Object(_))) {
                        implements
                            .entry(n.clone())
                            .or_default()
                            .insert(c.name(&t.name));
                    }
                }
            }
        }
    }

    let env = cx.templates.renderer("kotlin")?;
    let dir = package.replace('.', "/");
    let mut tree = OutputTree::new();
    let header = cx.header.comment("//");

    for nt in api.types.values() {
        let mut n = Needs::default();
        let name = c.name(&nt.name);
        let mut f = FileCx {
            name: name.clone(),
            doc: kdoc(&sdk::doc_lines(&nt.docs, &[])),
            deprecated: nt.deprecated,
            serial_name: format!("{package}.{name}"),
            ..Default::default()
        };
        match &nt.kind {
            TypeKind::Object(o) => {
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
                    let p = sdk::presence(api, &dirs, &nt.name, field);
                    let id = property_ident(field.naming_source());
                    idents.push((
                        field.name.clone(),
                        field.loc.clone(),
                        id.trim_matches('`').to_string(),
                    ));
                    let base = c.ty(field.ty.non_null(), &mut n);
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
                        notes.push("[Optional.Absent]: not sent; `Optional.Present(null)`: sent as `null`.".into());
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
                errors.extend(check_collisions(
                    &format!("kotlin: properties of {}", nt.name),
                    &idents,
                ));
                if let Additional::Typed(t) = &o.additional {
                    if *t != TypeRef::Any {
                        warnings.push(sdk::fidelity(
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
                f.supertypes = implements
                    .get(&nt.name)
                    .map(|s| s.iter().cloned().collect())
                    .unwrap_or_default();
            }
            TypeKind::Enum(e) => {
                let ids = enum_constants(nt, e, &mut warnings);
                errors.extend(support::member_collisions("kotlin", nt, e, &ids));
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
                            warnings.push(sdk::fidelity(
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
            TypeKind::Union(u) => {
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
                        let direct = matches!(&case.ty, TypeRef::Named(x) if implements.get(x).is_some_and(|s| s.contains(&name)));
                        (direct, c.ty(&case.ty, &mut n))
                    })
                    .collect();
                let (case_names, unknown) = wrapper_names(&name, &cases, &value_types, &c);
                f.unknown = unknown;
                for ((case, (direct, vt)), case_name) in
                    cases.iter().zip(value_types).zip(case_names)
                {
                    let serializer = c.ser(&case.ty, &mut n);
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
            TypeKind::Alias { target } => {
                f.kind = "alias";
                f.target = if c.recursive.contains(&nt.name) {
                    c.ty(&any_in_place_of(target.non_null(), &c.recursive), &mut n)
                } else {
                    c.ty(target.non_null(), &mut n)
                };
                // A typealias declares no serializable class: the files that
                // use it carry the java.time serializers.
                n.use_serializers.clear();
            }
        }
        if nt.deprecated {
            n.suppress_deprecation = true;
        }
        let text = render_file(&env, &header, &package, &f, &n)?;
        tree.insert(format!("{dir}/{name}.kt"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    for (old, new) in &cx.shims.type_aliases {
        if api.get(new).is_none() || api.get(old).is_some() {
            continue;
        }
        let name = type_ident(old);
        let target = c.name(new);
        let f = FileCx {
            kind: "alias",
            doc: vec![format!("Renamed to [{target}]; kept for one release.")],
            deprecated: true,
            name: name.clone(),
            target,
            ..Default::default()
        };
        let n = Needs::default();
        let text = render_file(&env, &header, &package, &f, &n)?;
        tree.insert(format!("{dir}/{name}.kt"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for file in ["Optional", "Serialization"] {
        let text = render(
            &env,
            &format!("kotlin/{file}.kt.jinja"),
            &minijinja::context! { header => header, package => package },
        )?;
        tree.insert(format!("{dir}/{file}.kt"), text)
            .map_err(|e| vec![template_error(&e.to_string())])?;
    }
    let meta = PackageMeta::of(cx, "kotlin");
    let artifact = cx
        .options
        .get("name")
        .map_or_else(|| default_name(&api.title), str::to_string);
    let group = cx.options.get("group").unwrap_or(&package).to_string();
    let lines = super::package::xml_comment_lines(&cx.header.lines());
    let text = render(
        &env,
        "kotlin/pom.xml.jinja",
        &minijinja::context! {
            header => lines,
            group => xml_text(&group),
            artifact => xml_text(&artifact),
            title => xml_text(&api.title),
            ..meta.context(xml_text)
        },
    )?;
    tree.insert("pom.xml", text)
        .map_err(|e| vec![template_error(&e.to_string())])?;
    Ok((tree, warnings))
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

fn render_file(
    env: &Renderer,
    header: &str,
    package: &str,
    f: &FileCx,
    n: &Needs,
) -> Result<String, Vec<Diagnostic>> {
    let file_annotations: Vec<String> = {
        let mut v = Vec::new();
        if n.opt_in {
            v.push("@file:OptIn(ExperimentalSerializationApi::class)".to_string());
        }
        if n.suppress_deprecation {
            v.push("@file:Suppress(\"DEPRECATION\")".to_string());
        }
        if !n.use_serializers.is_empty() {
            let list: Vec<String> = n
                .use_serializers
                .iter()
                .map(|s| format!("{s}::class"))
                .collect();
            v.push(format!("@file:UseSerializers({})", list.join(", ")));
        }
        v
    };
    let mut imports = n.imports.clone();
    if !n.use_serializers.is_empty() {
        imports.insert("kotlinx.serialization.UseSerializers".into());
    }
    render(
        env,
        "kotlin/model.kt.jinja",
        &minijinja::context! {
            header => header,
            package => package,
            file_annotations => file_annotations,
            imports => imports,
            t => f,
        },
    )
}

fn render(env: &Renderer, name: &str, ctx: &minijinja::Value) -> Result<String, Vec<Diagnostic>> {
    env.render(name, ctx)
}

fn template_error(msg: &str) -> Diagnostic {
    templates::error("kotlin", msg)
}

pub(crate) fn default_package(title: &str) -> String {
    let words: Vec<String> = sanitize(title)
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.starts_with(|c: char| c.is_ascii_digit()) || HARD_KEYWORDS.contains(&w.as_str()) {
                format!("x{w}")
            } else {
                w
            }
        })
        .collect();
    if words.is_empty() {
        "api.models".into()
    } else {
        words.join(".")
    }
}

fn valid_package(p: &str) -> bool {
    !p.is_empty()
        && p.split('.').all(|seg| {
            seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !HARD_KEYWORDS.contains(&seg)
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(property_ident("class"), "`class`");
        assert_eq!(property_ident("type"), "type");
        assert_eq!(property_ident("2fa"), "field2fa");
        assert_eq!(constant_ident("3d-print"), "VALUE_3D_PRINT");
        assert_eq!(constant_ident("widget-pro"), "WIDGET_PRO");
        assert_eq!(type_ident("String"), "StringModel");
    }

    #[test]
    fn literals_and_docs_are_escaped() {
        assert_eq!(string_literal("a\"$b\\"), "\"a\\\"\\$b\\\\\"");
        assert_eq!(
            kdoc(&["x */ y /* z".to_string()]),
            vec!["x *&#47; y &#47;* z".to_string()]
        );
    }

    #[test]
    fn packages() {
        assert_eq!(
            default_package("Sandbox Lifecycle API"),
            "sandbox.lifecycle.api"
        );
        assert!(valid_package("dev.specsmith.sandbox"));
        assert!(!valid_package("dev.in.x"));
    }
}
