//! Lowering `openapiv3` types to the IR: component schemas become named types,
//! inline schemas are hoisted under names derived from where they sit, and
//! operations get their parameters, bodies and responses resolved.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::{ToLowerCamelCase, ToUpperCamelCase};
use indexmap::IndexMap;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::cycles;
use super::*;
use crate::diag::{escape_segment, push_pointer, Diagnostic, Severity};
use crate::load::Document;
use crate::naming;

/// The IR plus what lowering had to say.
pub struct LowerOutput {
    pub api: Api,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extension that marks an enum as closed.
pub const CLOSED_ENUM_EXTENSION: &str = "x-specsmith-closed-enum";

/// Marker the normaliser leaves where a `const` became a one-value enum.
pub const CONST_MARKER: &str = "x-specsmith-const";

/// Lowers a loaded document.
pub fn lower(doc: &Document) -> LowerOutput {
    let items = outbound_items(doc);
    let mut l = Lowerer {
        doc,
        api: &doc.api,
        types: BTreeMap::new(),
        diags: Vec::new(),
        reserved: HashSet::new(),
        hoisting: HashMap::new(),
        depth: 0,
        too_deep_reported: false,
    };
    let components = doc.api.components.as_ref();
    if let Some(c) = components {
        l.reserved = c.schemas.keys().map(|k| name_key(k)).collect();
        for (name, schema) in &c.schemas {
            let pointer = format!("/components/schemas/{}", escape_segment(name));
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = l.ref_type(reference, &pointer);
                    let nt = NamedType {
                        name: name.clone(),
                        origin: TypeOrigin::Component { name: name.clone() },
                        docs: Docs::default(),
                        deprecated: false,
                        kind: TypeKind::Alias { target },
                        loc: doc.locate(&pointer),
                        name_hint: None,
                        extensions: BTreeMap::new(),
                        constraints: Constraints::default(),
                        pointer: pointer.clone(),
                    };
                    l.types.insert(name.clone(), nt);
                }
                ReferenceOr::Item(s) => {
                    let origin = TypeOrigin::Component { name: name.clone() };
                    let nt = l.named_type(name.clone(), origin, s, &pointer, vec![name.clone()]);
                    l.types.insert(name.clone(), nt);
                }
            }
        }
    }
    let operations = l.operations();
    let outbound = l.outbound(&items, &operations);
    let mut api = Api {
        title: doc.api.info.title.clone(),
        version: doc.api.info.version.clone(),
        openapi: doc.version.clone(),
        description: doc.api.info.description.clone(),
        license: doc.api.info.license.as_ref().map(|l| License {
            name: l.name.clone(),
            // `openapiv3` predates 3.1's `identifier`: read it from the document.
            identifier: doc
                .normalized
                .pointer("/info/license/identifier")
                .and_then(Value::as_str)
                .map(str::to_string),
            url: l.url.clone(),
        }),
        servers: doc
            .api
            .servers
            .iter()
            .map(|s| Server {
                url: s.url.clone(),
                description: s.description.clone(),
                variables: s
                    .variables
                    .iter()
                    .flat_map(|m| m.iter())
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            ServerVariable {
                                default: v.default.clone(),
                                values: v.enumeration.clone(),
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        tags: doc
            .api
            .tags
            .iter()
            .map(|t| Tag {
                name: t.name.clone(),
                description: t.description.clone(),
            })
            .collect(),
        security_schemes: l.security_schemes(),
        security: doc
            .api
            .security
            .as_deref()
            .map(security_reqs)
            .unwrap_or_default(),
        types: std::mem::take(&mut l.types),
        operations,
        outbound,
    };
    // Aliases that only lead back to themselves stand for no type (the lint
    // reports them as `ref-cycle`): every later walk sees any value there.
    for name in cycles::alias_cycles(&api) {
        if let Some(t) = api.types.get_mut(&name) {
            t.kind = TypeKind::Alias {
                target: TypeRef::Any,
            };
        }
    }
    naming::separate_type_names(&mut api.types);
    for op in api.operations.iter_mut().chain(api.outbound.iter_mut()) {
        naming::separate_parameter_names(&mut op.parameters);
    }
    LowerOutput {
        api,
        diagnostics: l.diags,
    }
}

fn security_reqs(reqs: &[oa::SecurityRequirement]) -> Vec<SecurityRequirement> {
    reqs.iter()
        .map(|r| SecurityRequirement {
            schemes: r.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        })
        .collect()
}

struct Lowerer<'a> {
    doc: &'a Document,
    api: &'a oa::OpenAPI,
    types: BTreeMap<String, NamedType>,
    diags: Vec<Diagnostic>,
    /// Names taken by components and hoisted types, as [`name_key`]s, so a
    /// hoisted name never takes one that any target would spell the same.
    reserved: HashSet<String>,
    /// Inline schemas being lowered now, by pointer, with their hoisted
    /// names: a schema that reaches itself (through an `allOf` that merges its
    /// own parent) refers to the type being built instead of hoisting again.
    hoisting: HashMap<String, String>,
    /// How deep `type_of` is now (see [`cycles::MAX_DEPTH`]).
    depth: usize,
    too_deep_reported: bool,
}

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
enum RefOr<'s> {
    Ref(&'s str),
    Item(&'s oa::Schema),
}

fn ro_box(r: &ReferenceOr<Box<oa::Schema>>) -> RefOr<'_> {
    match r {
        ReferenceOr::Reference { reference } => RefOr::Ref(reference),
        ReferenceOr::Item(s) => RefOr::Item(s),
    }
}

fn ro(r: &ReferenceOr<oa::Schema>) -> RefOr<'_> {
    match r {
        ReferenceOr::Reference { reference } => RefOr::Ref(reference),
        ReferenceOr::Item(s) => RefOr::Item(s),
    }
}

type Props = IndexMap<String, ReferenceOr<Box<oa::Schema>>>;

/// The shape of a schema, whichever `openapiv3` variant holds it.
enum Shape<'s> {
    Object {
        props: &'s Props,
        required: &'s [String],
        additional: Option<&'s oa::AdditionalProperties>,
    },
    Array {
        items: Option<&'s ReferenceOr<Box<oa::Schema>>>,
    },
    Enum {
        repr: EnumRepr,
        values: Vec<Value>,
    },
    Prim(Primitive),
    /// `type: [string, integer]`: a value of any of these types.
    Types(Vec<Primitive>),
    OneOf(&'s [ReferenceOr<oa::Schema>]),
    AnyOf(&'s [ReferenceOr<oa::Schema>]),
    AllOf {
        parts: &'s [ReferenceOr<oa::Schema>],
        own: Option<(&'s Props, &'s [String])>,
    },
    Any,
}

fn string_format(f: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> StringFormat {
    match f {
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Date) => StringFormat::Date,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::DateTime) => StringFormat::DateTime,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Byte) => StringFormat::Byte,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Binary) => StringFormat::Binary,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Password) => StringFormat::Plain,
        oa::VariantOrUnknownOrEmpty::Unknown(s) => string_format_name(s),
        oa::VariantOrUnknownOrEmpty::Empty => StringFormat::Plain,
    }
}

fn string_format_name(s: &str) -> StringFormat {
    match s {
        "date" => StringFormat::Date,
        "date-time" => StringFormat::DateTime,
        "byte" => StringFormat::Byte,
        "binary" => StringFormat::Binary,
        "password" | "" => StringFormat::Plain,
        "uuid" => StringFormat::Uuid,
        "uri" | "url" => StringFormat::Uri,
        "email" => StringFormat::Email,
        other => StringFormat::Other(other.to_string()),
    }
}

fn int_format(name: Option<&str>) -> IntFormat {
    match name {
        Some("int32") | Some("int16") | Some("int8") | Some("uint8") | Some("uint16") => {
            IntFormat::Int32
        }
        Some("int64") | Some("uint32") => IntFormat::Int64,
        _ => IntFormat::Unspecified,
    }
}

fn number_format(name: Option<&str>) -> NumberFormat {
    match name {
        Some("float") => NumberFormat::Float,
        Some("double") => NumberFormat::Double,
        _ => NumberFormat::Unspecified,
    }
}

/// The primitive a JSON Schema type name stands for, with `format` applied
/// where it belongs to that type (`int64` to an integer, `uuid` to a string).
fn primitive_named(name: &str, format: Option<&str>) -> Option<Primitive> {
    let numeric = int_format(format) != IntFormat::Unspecified
        || number_format(format) != NumberFormat::Unspecified;
    Some(match name {
        "string" if numeric => Primitive::String(StringFormat::Plain),
        "string" => Primitive::String(
            format
                .map(string_format_name)
                .unwrap_or(StringFormat::Plain),
        ),
        "integer" => Primitive::Integer(int_format(format)),
        "number" => Primitive::Number(number_format(format)),
        "boolean" => Primitive::Boolean,
        _ => return None,
    })
}

fn shape(s: &oa::Schema) -> Shape<'_> {
    use oa::{SchemaKind as K, Type as T};
    match &s.schema_kind {
        K::Type(T::String(st)) => {
            if st.enumeration.is_empty() {
                Shape::Prim(Primitive::String(string_format(&st.format)))
            } else {
                let values = st
                    .enumeration
                    .iter()
                    .map(|v| v.clone().map(Value::String).unwrap_or(Value::Null))
                    .collect();
                Shape::Enum {
                    repr: EnumRepr::String,
                    values,
                }
            }
        }
        K::Type(T::Integer(it)) => {
            if it.enumeration.is_empty() {
                let f = match &it.format {
                    oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => IntFormat::Int32,
                    oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int64) => IntFormat::Int64,
                    oa::VariantOrUnknownOrEmpty::Unknown(u) => int_format(Some(u)),
                    oa::VariantOrUnknownOrEmpty::Empty => IntFormat::Unspecified,
                };
                Shape::Prim(Primitive::Integer(f))
            } else {
                let values = it
                    .enumeration
                    .iter()
                    .map(|v| v.map(Value::from).unwrap_or(Value::Null))
                    .collect();
                Shape::Enum {
                    repr: EnumRepr::Integer,
                    values,
                }
            }
        }
        K::Type(T::Number(nt)) => Shape::Prim(Primitive::Number(match &nt.format {
            oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float) => NumberFormat::Float,
            oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Double) => NumberFormat::Double,
            _ => NumberFormat::Unspecified,
        })),
        K::Type(T::Boolean(_)) => Shape::Prim(Primitive::Boolean),
        K::Type(T::Object(ot)) => Shape::Object {
            props: &ot.properties,
            required: &ot.required,
            additional: ot.additional_properties.as_ref(),
        },
        K::Type(T::Array(at)) => Shape::Array {
            items: at.items.as_ref(),
        },
        K::OneOf { one_of } => Shape::OneOf(one_of),
        K::AnyOf { any_of } => Shape::AnyOf(any_of),
        K::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            own: None,
        },
        K::Not { .. } => Shape::Any,
        K::Any(a) => {
            if !a.all_of.is_empty() {
                let own =
                    (!a.properties.is_empty()).then_some((&a.properties, a.required.as_slice()));
                Shape::AllOf {
                    parts: &a.all_of,
                    own,
                }
            } else if !a.one_of.is_empty() {
                Shape::OneOf(&a.one_of)
            } else if !a.any_of.is_empty() {
                Shape::AnyOf(&a.any_of)
            // `type: array` beside stray `properties` is still an array.
            } else if a.typ.as_deref() != Some("array")
                && (!a.properties.is_empty()
                    || a.typ.as_deref() == Some("object")
                    || a.additional_properties.is_some())
            {
                Shape::Object {
                    props: &a.properties,
                    required: &a.required,
                    additional: a.additional_properties.as_ref(),
                }
            } else if a.items.is_some() || a.typ.as_deref() == Some("array") {
                Shape::Array {
                    items: a.items.as_ref(),
                }
            } else if !a.enumeration.is_empty() {
                let all_int = a.enumeration.iter().all(|v| v.is_i64() || v.is_null());
                let all_str = a.enumeration.iter().all(|v| v.is_string() || v.is_null());
                if all_str {
                    Shape::Enum {
                        repr: EnumRepr::String,
                        values: a.enumeration.clone(),
                    }
                } else if all_int && a.typ.as_deref() != Some("number") {
                    Shape::Enum {
                        repr: EnumRepr::Integer,
                        values: a.enumeration.clone(),
                    }
                } else {
                    Shape::Any
                }
            } else if let (None, Some(Value::Array(types))) = (
                a.typ.as_deref(),
                s.schema_data.extensions.get(crate::load::TYPES_MARKER),
            ) {
                Shape::Types(
                    types
                        .iter()
                        .filter_map(|t| primitive_named(t.as_str()?, a.format.as_deref()))
                        .collect(),
                )
            } else {
                match a.typ.as_deref() {
                    Some("string") => Shape::Prim(Primitive::String(
                        a.format
                            .as_deref()
                            .map(string_format_name)
                            .unwrap_or(StringFormat::Plain),
                    )),
                    Some("integer") => {
                        Shape::Prim(Primitive::Integer(int_format(a.format.as_deref())))
                    }
                    Some("number") => {
                        Shape::Prim(Primitive::Number(number_format(a.format.as_deref())))
                    }
                    Some("boolean") => Shape::Prim(Primitive::Boolean),
                    _ => Shape::Any,
                }
            }
        }
    }
}

/// The one inline part of an `allOf` that has nothing of its own beside it,
/// when that part is not an object with properties (which the allOf merge
/// handles) or another allOf. A 3.1 `oneOf: [{type: integer}, {type: "null"}]`
/// is normalised to `{nullable: true, allOf: [{type: integer}]}`: that is a
/// nullable integer, not an object.
fn sole_inline_part(s: &oa::Schema) -> Option<&oa::Schema> {
    let Shape::AllOf {
        parts: [ReferenceOr::Item(part)],
        own: None,
    } = shape(s)
    else {
        return None;
    };
    match shape(part) {
        Shape::AllOf { .. } => None,
        Shape::Object { props, .. } if !props.is_empty() => None,
        _ => Some(part),
    }
}

fn docs_of(d: &oa::SchemaData) -> Docs {
    Docs {
        title: d.title.clone(),
        description: d.description.clone(),
        example: d.example.clone(),
    }
}

/// A schema's own extensions. The keywords the loader kept as
/// `x-specsmith-kw-*` are not among them: they are typed, in
/// [`Constraints::keywords`].
fn extensions_of(d: &oa::SchemaData) -> BTreeMap<String, Value> {
    d.extensions
        .iter()
        .filter(|(k, _)| !k.starts_with(crate::load::KEPT_KEYWORD_PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Kept keywords that only document: a change to them changes no value's
/// validity nor its meaning.
pub const DOCUMENTATION_KEYWORDS: &[&str] = &[
    "examples",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$defs",
    "definitions",
];

/// Kept keywords that validate nothing but say how a string's content is
/// encoded (`base64`) and what it holds: a change to them changes what a
/// reader must do with the text, so compat compares them, while the code
/// generators keep such strings as text.
pub const CONTENT_KEYWORDS: &[&str] = &["contentMediaType", "contentEncoding"];

/// The validation keywords of the schema at `v` in the normalised document.
/// `const` was normalised to a one-value enum, marked `x-specsmith-const`.
pub(crate) fn constraints_of(v: Option<&Value>) -> Constraints {
    let Some(Value::Object(m)) = v else {
        return Constraints::default();
    };
    let uint = |k: &str| m.get(k).and_then(Value::as_u64);
    let num = |k: &str| m.get(k).and_then(Value::as_f64);
    let flag = |k: &str| m.get(k).and_then(Value::as_bool).unwrap_or(false);
    let mut keywords = BTreeMap::new();
    for (k, val) in m {
        let name = match k.strip_prefix(crate::load::KEPT_KEYWORD_PREFIX) {
            Some(name) => name,
            None if k == "not" => k.as_str(),
            None => continue,
        };
        if !DOCUMENTATION_KEYWORDS.contains(&name) {
            keywords.insert(name.to_string(), val.clone());
        }
    }
    let items = match m.get("items") {
        Some(i @ Value::Object(im)) if !im.contains_key("$ref") => {
            Some(Box::new(constraints_of(Some(i)))).filter(|c| !c.is_empty())
        }
        _ => None,
    };
    Constraints {
        pattern: m.get("pattern").and_then(Value::as_str).map(str::to_string),
        min_length: uint("minLength"),
        max_length: uint("maxLength"),
        minimum: num("minimum"),
        maximum: num("maximum"),
        exclusive_minimum: flag("exclusiveMinimum") && m.contains_key("minimum"),
        exclusive_maximum: flag("exclusiveMaximum") && m.contains_key("maximum"),
        multiple_of: num("multipleOf"),
        min_items: uint("minItems"),
        max_items: uint("maxItems"),
        unique_items: flag("uniqueItems"),
        min_properties: uint("minProperties"),
        max_properties: uint("maxProperties"),
        const_value: flag(CONST_MARKER)
            .then(|| m.get("enum").and_then(|e| e.get(0)).cloned())
            .flatten(),
        keywords,
        items,
    }
}

impl Constraints {
    /// Fills in what `self` does not say from `outer` (the schema around a
    /// sole `allOf` part).
    fn adopt(&mut self, outer: Constraints) {
        let Constraints {
            pattern,
            min_length,
            max_length,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_items,
            max_items,
            unique_items,
            min_properties,
            max_properties,
            const_value,
            keywords,
            items,
        } = outer;
        if pattern.is_some() {
            self.pattern = pattern;
        }
        macro_rules! take {
            ($($f:ident),*) => {$(if $f.is_some() { self.$f = $f; })*};
        }
        take!(
            min_length,
            max_length,
            min_items,
            max_items,
            min_properties,
            max_properties
        );
        take!(multiple_of, const_value, items);
        if minimum.is_some() {
            self.minimum = minimum;
            self.exclusive_minimum = exclusive_minimum;
        }
        if maximum.is_some() {
            self.maximum = maximum;
            self.exclusive_maximum = exclusive_maximum;
        }
        self.unique_items |= unique_items;
        self.keywords.extend(keywords);
    }
}

/// `CreateSandboxRequest` + `resourceLimits` → `CreateSandboxRequestResourceLimits`.
pub(crate) fn hoisted_name(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        let part = seg.to_upper_camel_case();
        if part.is_empty() {
            continue;
        }
        if out.is_empty() && part.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('T');
        }
        out.push_str(&part);
    }
    if out.is_empty() {
        out.push_str("Anonymous");
    }
    out
}

/// A name as every target's case conversion sees it: `account_business_profile`
/// and `AccountBusinessProfile` have the same key.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A short stable tag derived from a pointer, for collision suffixes.
fn pointer_tag(pointer: &str) -> String {
    let mut h: u32 = 0x811c9dc5;
    for b in pointer.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x01000193);
    }
    format!("{:04x}", h & 0xffff)
}

impl<'a> Lowerer<'a> {
    /// The constraints written at a place (property, parameter, header,
    /// body), unless the place's schema became a named type of its own,
    /// which then carries them.
    fn place_constraints(&self, pointer: &str, ty: &TypeRef) -> Constraints {
        if let TypeRef::Named(n) = ty.non_null() {
            if self.types.get(n).is_some_and(|t| t.pointer == pointer) {
                return Constraints::default();
            }
        }
        constraints_of(self.doc.normalized.pointer(pointer))
    }

    fn warn(&mut self, rule: &str, pointer: &str, msg: String) {
        self.diags.push(Diagnostic::new(
            rule,
            Severity::Warning,
            self.doc.locate(pointer),
            msg,
        ));
    }

    fn resolve_schema(&self, reference: &str) -> Option<(&'a str, &'a oa::Schema)> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let mut reference = reference;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let name = reference.strip_prefix("#/components/schemas/")?;
            let name = name.replace("~1", "/").replace("~0", "~");
            let (k, v) = schemas.get_key_value(name.as_str())?;
            if seen.contains(&k.as_str()) {
                // A cycle of pure references (reported as `ref-cycle`).
                return None;
            }
            seen.push(k);
            match v {
                ReferenceOr::Item(s) => return Some((k.as_str(), s)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
    }

    fn ref_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(name) = reference.strip_prefix("#/components/schemas/") {
            let name = name.replace("~1", "/").replace("~0", "~");
            let name = percent_encoding::percent_decode_str(&name)
                .decode_utf8_lossy()
                .to_string();
            let exists = self
                .api
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(&name));
            if exists {
                return TypeRef::Named(name);
            }
        }
        self.diags.push(Diagnostic::new(
            "unresolved-ref",
            Severity::Error,
            self.doc.locate(pointer),
            format!("`{reference}` does not resolve to a schema; it is treated as any value"),
        ));
        TypeRef::Any
    }

    /// The type of a schema at `pointer`, hoisting it when it needs a name.
    fn type_of(&mut self, s: RefOr<'_>, pointer: &str, path: Vec<String>) -> TypeRef {
        if self.depth >= cycles::MAX_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.warn(
                    "schema-too-deep",
                    pointer,
                    format!("schemas nest deeper than {} levels here; specsmith treats what is below as any value: move inner schemas to components/schemas", cycles::MAX_DEPTH),
                );
            }
            return TypeRef::Any;
        }
        self.depth += 1;
        let t = self.type_of_inner(s, pointer, path);
        self.depth -= 1;
        t
    }

    fn type_of_inner(&mut self, s: RefOr<'_>, pointer: &str, path: Vec<String>) -> TypeRef {
        let schema = match s {
            RefOr::Ref(r) => return self.ref_type(r, &push_pointer(pointer, "$ref")),
            RefOr::Item(s) => s,
        };
        let nullable = schema.schema_data.nullable;
        let t = match shape(schema) {
            Shape::Prim(p) => TypeRef::Primitive(p),
            Shape::Any => TypeRef::Any,
            Shape::Array { items } => match items {
                Some(i) => {
                    let mut p = path.clone();
                    p.push("Item".into());
                    TypeRef::Array(Box::new(self.type_of(
                        ro_box(i),
                        &push_pointer(pointer, "items"),
                        p,
                    )))
                }
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            Shape::Object {
                props, additional, ..
            } if props.is_empty() => match additional {
                Some(oa::AdditionalProperties::Schema(s)) => {
                    let mut p = path.clone();
                    p.push("Value".into());
                    TypeRef::Map(Box::new(self.type_of(
                        ro(s),
                        &push_pointer(pointer, "additionalProperties"),
                        p,
                    )))
                }
                Some(oa::AdditionalProperties::Any(false)) => self.hoist(schema, pointer, path),
                _ => TypeRef::Map(Box::new(TypeRef::Any)),
            },
            Shape::AllOf { parts, own: None }
                if parts.len() == 1 && !matches!(&parts[0], ReferenceOr::Item(_)) =>
            {
                // A `$ref` with siblings: the reference itself, with the siblings
                // (docs, nullable) kept by the caller.
                self.type_of(ro(&parts[0]), &format!("{pointer}/allOf/0"), path)
            }
            Shape::AllOf { .. } => match sole_inline_part(schema) {
                // A primitive, array or map needs no name of its own.
                Some(part)
                    if !matches!(
                        shape(part),
                        Shape::Enum { .. } | Shape::OneOf(_) | Shape::AnyOf(_) | Shape::Types(_)
                    ) =>
                {
                    self.type_of(RefOr::Item(part), &format!("{pointer}/allOf/0"), path)
                }
                _ => self.hoist(schema, pointer, path),
            },
            _ => self.hoist(schema, pointer, path),
        };
        if nullable {
            t.nullable()
        } else {
            t
        }
    }

    fn hoist(&mut self, schema: &oa::Schema, pointer: &str, path: Vec<String>) -> TypeRef {
        if let Some(name) = self.hoisting.get(pointer) {
            return TypeRef::Named(name.clone());
        }
        let mut name = hoisted_name(&path);
        let taken =
            |l: &Self, n: &str| l.reserved.contains(&name_key(n)) || l.types.contains_key(n);
        if taken(self, &name) {
            let base = name.clone();
            name = format!("{base}Inline");
            if taken(self, &name) {
                name = format!("{base}Inline{}", pointer_tag(pointer));
            }
            self.warn(
                "hoisted-name-collision",
                pointer,
                format!("the inline schema here would be named `{base}`, which is taken; it is named `{name}` (give it a `title` or move it to components/schemas to choose a name)"),
            );
        }
        self.reserved.insert(name_key(&name));
        self.hoisting.insert(pointer.to_string(), name.clone());
        let nt = self.named_type(
            name.clone(),
            TypeOrigin::Hoisted { path: path.clone() },
            schema,
            pointer,
            vec![name.clone()],
        );
        self.hoisting.remove(pointer);
        self.types.insert(name.clone(), nt);
        TypeRef::Named(name)
    }

    fn named_type(
        &mut self,
        name: String,
        origin: TypeOrigin,
        s: &oa::Schema,
        pointer: &str,
        path: Vec<String>,
    ) -> NamedType {
        if let Some(part) = sole_inline_part(s) {
            let mut nt = self.named_type(name, origin, part, &format!("{pointer}/allOf/0"), path);
            self.adopt_outer(&mut nt, s, pointer);
            return nt;
        }
        let d = &s.schema_data;
        let extensions = extensions_of(d);
        let kind = match shape(s) {
            Shape::Object {
                props,
                required,
                additional,
            } => TypeKind::Object(self.object(props, required, additional, pointer, &path)),
            Shape::Enum { repr, values } => {
                let closed = extensions
                    .get(CLOSED_ENUM_EXTENSION)
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let nullable = d.nullable || values.iter().any(Value::is_null);
                let constant = extensions.get(CONST_MARKER).and_then(Value::as_bool) == Some(true)
                    && values.iter().filter(|v| !v.is_null()).count() == 1;
                let mut names = naming::enum_varnames(extensions.get(naming::ENUM_VARNAMES));
                names.resize(values.len(), None);
                let mut seen = HashSet::new();
                let values = values
                    .into_iter()
                    .zip(names)
                    .filter(|(v, _)| !v.is_null())
                    .filter(|(v, _)| seen.insert(v.to_string()))
                    .map(|(value, name)| EnumValue {
                        value,
                        description: None,
                        name,
                    })
                    .collect();
                TypeKind::Enum(EnumType {
                    repr,
                    values,
                    open: !closed,
                    nullable,
                    constant,
                })
            }
            Shape::OneOf(vs) => {
                TypeKind::Union(self.union(UnionKind::OneOf, vs, d, pointer, &path, "oneOf"))
            }
            Shape::AnyOf(vs) => {
                TypeKind::Union(self.union(UnionKind::AnyOf, vs, d, pointer, &path, "anyOf"))
            }
            Shape::Types(ps) => TypeKind::Union(UnionType {
                kind: UnionKind::AnyOf,
                variants: ps.into_iter().map(TypeRef::Primitive).collect(),
                discriminator: None,
            }),
            Shape::AllOf { parts, own } => self.all_of(parts, own, pointer, &path),
            Shape::Prim(p) => TypeKind::Alias {
                target: TypeRef::Primitive(p),
            },
            Shape::Any => TypeKind::Alias {
                target: TypeRef::Any,
            },
            Shape::Array { items } => {
                let item = match items {
                    Some(i) => {
                        let mut p = path.clone();
                        p.push("Item".into());
                        self.type_of(ro_box(i), &push_pointer(pointer, "items"), p)
                    }
                    None => TypeRef::Any,
                };
                TypeKind::Alias {
                    target: TypeRef::Array(Box::new(item)),
                }
            }
        };
        // A nullable named alias carries its nullability in its target.
        let kind = match kind {
            TypeKind::Alias { target } if d.nullable => TypeKind::Alias {
                target: target.nullable(),
            },
            other => other,
        };
        NamedType {
            name,
            origin,
            docs: docs_of(d),
            deprecated: d.deprecated,
            kind,
            loc: self.doc.locate(pointer),
            name_hint: naming::name_hint(extensions.get(naming::NAME_HINT)),
            extensions,
            constraints: constraints_of(self.doc.normalized.pointer(pointer)),
            pointer: pointer.to_string(),
        }
    }

    /// Gives a type lowered from the sole part of an `allOf` what the outer
    /// schema says: its docs, deprecation, extensions and nullability, and its
    /// location.
    fn adopt_outer(&self, nt: &mut NamedType, outer: &oa::Schema, pointer: &str) {
        let d = &outer.schema_data;
        let docs = docs_of(d);
        nt.docs.title = docs.title.or(nt.docs.title.take());
        nt.docs.description = docs.description.or(nt.docs.description.take());
        nt.docs.example = docs.example.or(nt.docs.example.take());
        nt.deprecated |= d.deprecated;
        nt.extensions.extend(extensions_of(d));
        if let Some(hint) = naming::name_hint(d.extensions.get(naming::NAME_HINT)) {
            nt.name_hint = Some(hint);
        }
        match &mut nt.kind {
            TypeKind::Enum(e) => {
                e.nullable |= d.nullable;
                if nt
                    .extensions
                    .get(CLOSED_ENUM_EXTENSION)
                    .and_then(Value::as_bool)
                    == Some(true)
                {
                    e.open = false;
                }
            }
            TypeKind::Alias { target } if d.nullable => *target = target.clone().nullable(),
            _ => {}
        }
        nt.constraints
            .adopt(constraints_of(self.doc.normalized.pointer(pointer)));
        nt.loc = self.doc.locate(pointer);
        nt.pointer = pointer.to_string();
    }

    fn object(
        &mut self,
        props: &Props,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
        pointer: &str,
        path: &[String],
    ) -> ObjectType {
        let mut fields = Vec::new();
        self.fields_into(&mut fields, props, required, pointer, path);
        // `required` may name a property that only a sibling allOf part defines;
        // the lint rule reports names nothing defines.
        let additional = match additional {
            None => Additional::Unspecified,
            Some(oa::AdditionalProperties::Any(true)) => Additional::Typed(TypeRef::Any),
            Some(oa::AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(oa::AdditionalProperties::Schema(s)) => {
                let mut p = path.to_vec();
                p.push("Value".into());
                Additional::Typed(self.type_of(
                    ro(s),
                    &push_pointer(pointer, "additionalProperties"),
                    p,
                ))
            }
        };
        ObjectType {
            fields,
            additional,
            composition_note: None,
        }
    }

    fn fields_into(
        &mut self,
        fields: &mut Vec<Field>,
        props: &Props,
        required: &[String],
        pointer: &str,
        path: &[String],
    ) {
        let props_ptr = push_pointer(pointer, "properties");
        for (pname, p) in props {
            let ptr = push_pointer(&props_ptr, pname);
            let mut fpath = path.to_vec();
            fpath.push(pname.clone());
            let ty = self.type_of(ro_box(p), &ptr, fpath);
            let name_hint = p
                .as_item()
                .and_then(|s| naming::name_hint(s.schema_data.extensions.get(naming::NAME_HINT)));
            let (docs, default, read_only, write_only, deprecated) = match p {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    let mut docs = docs_of(d);
                    // A `$ref` with siblings: fall back to the target's docs.
                    if docs.description.is_none() {
                        if let Shape::AllOf { parts, own: None } = shape(s) {
                            if let Some(ReferenceOr::Reference { reference }) = parts.first() {
                                if let Some((_, target)) = self.resolve_schema(reference) {
                                    docs.description = target.schema_data.description.clone();
                                }
                            }
                        }
                    }
                    (
                        docs,
                        d.default.clone(),
                        d.read_only,
                        d.write_only,
                        d.deprecated,
                    )
                }
                ReferenceOr::Reference { reference } => {
                    let target = self
                        .resolve_schema(reference)
                        .map(|(_, s)| s.schema_data.clone());
                    let docs = target
                        .as_ref()
                        .map(|d| Docs {
                            title: None,
                            description: d.description.clone(),
                            example: None,
                        })
                        .unwrap_or_default();
                    // A referenced schema's own readOnly / writeOnly / deprecated apply here too.
                    let flag = |f: fn(&oa::SchemaData) -> bool| target.as_ref().is_some_and(f);
                    (
                        docs,
                        None,
                        flag(|d| d.read_only),
                        flag(|d| d.write_only),
                        flag(|d| d.deprecated),
                    )
                }
            };
            let constraints = self.place_constraints(&ptr, &ty);
            let field = Field {
                name: pname.clone(),
                constraints,
                ty,
                required: required.iter().any(|r| r == pname),
                default,
                read_only,
                write_only,
                deprecated,
                docs,
                name_hint,
                loc: self.doc.locate(&ptr),
            };
            if let Some(existing) = fields.iter_mut().find(|f| f.name == field.name) {
                *existing = field;
            } else {
                fields.push(field);
            }
        }
    }

    fn union(
        &mut self,
        kind: UnionKind,
        variants: &[ReferenceOr<oa::Schema>],
        d: &oa::SchemaData,
        pointer: &str,
        path: &[String],
        key: &str,
    ) -> UnionType {
        let kp = push_pointer(pointer, key);
        let mut out = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let vp = push_pointer(&kp, &i.to_string());
            let mut vpath = path.to_vec();
            let label = match v {
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Variant{}", i + 1)),
                ReferenceOr::Reference { .. } => String::new(),
            };
            vpath.push(label);
            out.push(self.type_of(ro(v), &vp, vpath));
        }
        let discriminator = d.discriminator.as_ref().map(|disc| {
            let mut mapping: Vec<(String, String)> = Vec::new();
            for (tag, target) in &disc.mapping {
                let name = target
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or(target)
                    .replace("~1", "/")
                    .replace("~0", "~");
                mapping.push((tag.clone(), name));
            }
            for v in &out {
                if let TypeRef::Named(n) = v.non_null() {
                    if !mapping.iter().any(|(_, m)| m == n) {
                        mapping.push((n.clone(), n.clone()));
                    }
                }
            }
            Discriminator {
                property: disc.property_name.clone(),
                mapping,
            }
        });
        UnionType {
            kind,
            variants: out,
            discriminator,
        }
    }

    fn all_of(
        &mut self,
        parts: &[ReferenceOr<oa::Schema>],
        own: Option<(&Props, &[String])>,
        pointer: &str,
        path: &[String],
    ) -> TypeKind {
        if parts.len() == 1 && own.is_none() {
            if let ReferenceOr::Reference { reference } = &parts[0] {
                let target = self.ref_type(reference, &format!("{pointer}/allOf/0/$ref"));
                return TypeKind::Alias { target };
            }
        }
        let mut fields = Vec::new();
        let mut required_all: Vec<String> = Vec::new();
        let mut additional = Additional::Unspecified;
        let mut note: Option<String> = None;
        let mut visiting = HashSet::new();
        for (i, part) in parts.iter().enumerate() {
            let pp = format!("{pointer}/allOf/{i}");
            self.merge_part(
                ro(part),
                &pp,
                path,
                &mut fields,
                &mut required_all,
                &mut additional,
                &mut note,
                &mut visiting,
            );
        }
        if let Some((props, required)) = own {
            self.fields_into(&mut fields, props, required, pointer, path);
            required_all.extend(required.iter().cloned());
        }
        for f in &mut fields {
            if required_all.contains(&f.name) {
                f.required = true;
            }
        }
        if let Some(n) = &note {
            self.warn("allof-not-merged", pointer, format!("allOf could not be merged soundly ({n}); the generated type holds the object parts only"));
        }
        TypeKind::Object(ObjectType {
            fields,
            additional,
            composition_note: note,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_part(
        &mut self,
        part: RefOr<'_>,
        pointer: &str,
        path: &[String],
        fields: &mut Vec<Field>,
        required: &mut Vec<String>,
        additional: &mut Additional,
        note: &mut Option<String>,
        visiting: &mut HashSet<String>,
    ) {
        let (schema, ptr) = match part {
            RefOr::Ref(r) => match self.resolve_schema(r) {
                Some((name, s)) => {
                    if !visiting.insert(name.to_string()) {
                        return;
                    }
                    (s, format!("/components/schemas/{}", escape_segment(name)))
                }
                None => {
                    self.ref_type(r, &push_pointer(pointer, "$ref"));
                    return;
                }
            },
            RefOr::Item(s) => (s, pointer.to_string()),
        };
        match shape(schema) {
            Shape::Object {
                props,
                required: req,
                additional: add,
            } => {
                self.fields_into(fields, props, req, &ptr, path);
                required.extend(req.iter().cloned());
                if let Some(a) = add {
                    *additional = match a {
                        oa::AdditionalProperties::Any(false) => Additional::Forbidden,
                        oa::AdditionalProperties::Any(true) => Additional::Typed(TypeRef::Any),
                        oa::AdditionalProperties::Schema(s) => {
                            let mut p = path.to_vec();
                            p.push("Value".into());
                            Additional::Typed(self.type_of(
                                ro(s),
                                &push_pointer(&ptr, "additionalProperties"),
                                p,
                            ))
                        }
                    };
                }
            }
            Shape::AllOf { parts, own } => {
                for (i, p) in parts.iter().enumerate() {
                    let pp = format!("{ptr}/allOf/{i}");
                    self.merge_part(
                        ro(p),
                        &pp,
                        path,
                        fields,
                        required,
                        additional,
                        note,
                        visiting,
                    );
                }
                if let Some((props, req)) = own {
                    self.fields_into(fields, props, req, &ptr, path);
                    required.extend(req.iter().cloned());
                }
            }
            Shape::Any => {
                // Docs-only parts (`{description: …}`) and `required`-only parts.
                if let oa::SchemaKind::Any(a) = &schema.schema_kind {
                    required.extend(a.required.iter().cloned());
                }
            }
            Shape::OneOf(_) | Shape::AnyOf(_) => {
                *note = Some("a part is a oneOf/anyOf".into());
            }
            Shape::Enum { .. } | Shape::Prim(_) | Shape::Types(_) | Shape::Array { .. } => {
                *note = Some("a part is not an object".into());
            }
        }
    }

    fn security_schemes(&self) -> BTreeMap<String, SecurityScheme> {
        let mut out = BTreeMap::new();
        let Some(c) = &self.api.components else {
            return out;
        };
        for (name, s) in &c.security_schemes {
            let ReferenceOr::Item(s) = s else { continue };
            let scheme = match s {
                oa::SecurityScheme::APIKey { location, name, .. } => SecurityScheme::ApiKey {
                    location: match location {
                        oa::APIKeyLocation::Query => ParamLocation::Query,
                        oa::APIKeyLocation::Header => ParamLocation::Header,
                        oa::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    },
                    name: name.clone(),
                },
                oa::SecurityScheme::HTTP {
                    scheme,
                    bearer_format,
                    ..
                } => SecurityScheme::Http {
                    scheme: scheme.to_lowercase(),
                    bearer_format: bearer_format.clone(),
                },
                oa::SecurityScheme::OAuth2 { .. } => SecurityScheme::OAuth2,
                oa::SecurityScheme::OpenIDConnect {
                    open_id_connect_url,
                    ..
                } => SecurityScheme::OpenIdConnect {
                    url: open_id_connect_url.clone(),
                },
            };
            out.insert(name.clone(), scheme);
        }
        out
    }

    fn operations(&mut self) -> Vec<Operation> {
        let mut ops = Vec::new();
        let mut used_ids: HashSet<String> = self
            .api
            .paths
            .paths
            .values()
            .filter_map(|p| p.as_item())
            .flat_map(|item| item.iter().filter_map(|(_, op)| op.operation_id.clone()))
            .collect();
        for (path, item) in &self.api.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let path_ptr = push_pointer("/paths", path);
            for method in Method::ALL {
                let Some(op) = method_of(item, method) else {
                    continue;
                };
                let op_ptr = push_pointer(&path_ptr, method.as_str());
                let (id, synthesized) = match &op.operation_id {
                    Some(id) => (id.clone(), false),
                    None => {
                        let mut id = synthesize_operation_id(method, path);
                        if used_ids.contains(&id) {
                            id = format!("{id}{}", pointer_tag(&op_ptr).to_upper_camel_case());
                        }
                        used_ids.insert(id.clone());
                        (id, true)
                    }
                };
                ops.push(self.operation(
                    id,
                    synthesized,
                    method,
                    path,
                    item,
                    op,
                    &path_ptr,
                    &op_ptr,
                ));
            }
        }
        ops.sort_by(|a, b| (a.path.as_str(), a.method).cmp(&(b.path.as_str(), b.method)));
        ops
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        id: String,
        id_synthesized: bool,
        method: Method,
        path: &str,
        item: &'a oa::PathItem,
        op: &'a oa::Operation,
        path_ptr: &str,
        op_ptr: &str,
    ) -> Operation {
        let op_name = id.to_upper_camel_case();
        let mut parameters: Vec<Parameter> = Vec::new();
        for (base, list) in [
            (push_pointer(path_ptr, "parameters"), &item.parameters),
            (push_pointer(op_ptr, "parameters"), &op.parameters),
        ] {
            for (i, p) in list.iter().enumerate() {
                let pp = push_pointer(&base, &i.to_string());
                if let Some(param) = self.parameter(p, &pp, &op_name) {
                    parameters.retain(|q: &Parameter| {
                        !(q.name == param.name && q.location == param.location)
                    });
                    parameters.push(param);
                }
            }
        }
        let request_body = op.request_body.as_ref().and_then(|rb| {
            let (body, ptr) =
                self.resolve_request_body(rb, &push_pointer(op_ptr, "requestBody"))?;
            let content = self.content(
                &body.content,
                &push_pointer(&ptr, "content"),
                vec![format!("{op_name}Request")],
            );
            Some(RequestBody {
                required: body.required,
                content,
                docs: Docs {
                    title: None,
                    description: body.description.clone(),
                    example: None,
                },
                loc: self.doc.locate(&ptr),
            })
        });
        let mut responses = Vec::new();
        let rp = push_pointer(op_ptr, "responses");
        let mut entries: Vec<(String, &ReferenceOr<oa::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push(("default".into(), d));
        }
        for (status, r) in entries {
            let ptr = push_pointer(&rp, &status);
            let Some((resp, rptr)) = self.resolve_response(r, &ptr) else {
                continue;
            };
            let suffix = if status == "default" {
                "Default".to_string()
            } else {
                status.clone()
            };
            let content = self.content(
                &resp.content,
                &push_pointer(&rptr, "content"),
                vec![format!("{op_name}{suffix}Response")],
            );
            let mut headers = Vec::new();
            for (hname, given) in &resp.headers {
                let hptr = push_pointer(&push_pointer(&rptr, "headers"), hname);
                let h = match given {
                    ReferenceOr::Item(h) => Some(h),
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix("#/components/headers/")
                        .and_then(|n| self.api.components.as_ref()?.headers.get(n)?.as_item()),
                };
                let Some(h) = h else { continue };
                // The pointer of a referenced header is that of its component.
                let hptr = match given {
                    ReferenceOr::Reference { reference } => reference
                        .strip_prefix('#')
                        .map(str::to_string)
                        .unwrap_or(hptr),
                    ReferenceOr::Item(_) => hptr,
                };
                let sptr = push_pointer(&hptr, "schema");
                let ty = match &h.format {
                    oa::ParameterSchemaOrContent::Schema(s) => self.type_of(
                        ro(s),
                        &sptr,
                        vec![format!("{op_name}{suffix}"), hname.clone()],
                    ),
                    oa::ParameterSchemaOrContent::Content(_) => TypeRef::Any,
                };
                let constraints = self.place_constraints(&sptr, &ty);
                headers.push(Header {
                    name: hname.clone(),
                    constraints,
                    deprecated: h.deprecated.unwrap_or(false),
                    ty,
                    required: h.required,
                    docs: Docs {
                        title: None,
                        description: h.description.clone(),
                        example: h.example.clone().or_else(|| match &h.format {
                            oa::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                                s.schema_data.example.clone()
                            }
                            _ => None,
                        }),
                    },
                });
            }
            responses.push(Response {
                status,
                docs: Docs {
                    title: None,
                    description: Some(resp.description.clone()),
                    example: None,
                },
                headers,
                content,
                loc: self.doc.locate(&rptr),
            });
        }
        let sunset = lifecycle::sunset(op.extensions.get("x-sunset"), &responses);
        Operation {
            id,
            id_synthesized,
            method,
            path: path.to_string(),
            summary: op.summary.clone(),
            docs: Docs {
                title: None,
                description: op.description.clone(),
                example: None,
            },
            tags: op.tags.clone(),
            deprecated: op.deprecated,
            parameters,
            request_body,
            responses,
            security: op.security.as_deref().map(security_reqs),
            extensions: op
                .extensions
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            sunset,
            stability: op
                .extensions
                .get("x-stability-level")
                .and_then(lifecycle::Stability::parse),
            outbound: None,
            name_hint: naming::name_hint(op.extensions.get(naming::NAME_HINT)),
            loc: self.doc.locate(op_ptr),
        }
    }

    /// The operations of the webhooks and callbacks (see [`outbound_items`]).
    /// A callback without an `operationId` is named after its operation.
    fn outbound(&mut self, items: &'a [OutboundItem], ops: &[Operation]) -> Vec<Operation> {
        let mut used: HashSet<String> = ops.iter().map(|o| o.id.clone()).collect();
        used.extend(
            items
                .iter()
                .flat_map(|it| Method::ALL.map(|m| method_of(&it.item, m)))
                .flatten()
                .filter_map(|op| op.operation_id.clone()),
        );
        let mut out = Vec::new();
        for it in items {
            for method in Method::ALL {
                let Some(op) = method_of(&it.item, method) else {
                    continue;
                };
                let op_ptr = push_pointer(&it.ptr, method.as_str());
                let (path, stem) = match &it.origin {
                    Outbound::Webhook { name } => (name.clone(), format!("{name} webhook")),
                    Outbound::Callback {
                        method: owner_method,
                        path: owner_path,
                        name,
                        expression,
                    } => {
                        let owner = ops
                            .iter()
                            .find(|o| o.method == *owner_method && &o.path == owner_path)
                            .map(|o| o.id.clone())
                            .unwrap_or_else(|| synthesize_operation_id(*owner_method, owner_path));
                        (expression.clone(), format!("{owner} {name} callback"))
                    }
                };
                let (id, synthesized) = match &op.operation_id {
                    Some(id) => (id.clone(), false),
                    None => {
                        let mut id = if method == Method::Post {
                            stem
                        } else {
                            format!("{stem} {}", method.as_str())
                        }
                        .to_lower_camel_case();
                        if used.contains(&id) {
                            id = format!("{id}{}", pointer_tag(&op_ptr).to_upper_camel_case());
                        }
                        used.insert(id.clone());
                        (id, true)
                    }
                };
                let mut o = self.operation(
                    id,
                    synthesized,
                    method,
                    &path,
                    &it.item,
                    op,
                    &it.ptr,
                    &op_ptr,
                );
                o.outbound = Some(it.origin.clone());
                out.push(o);
            }
        }
        out.sort_by(|a, b| (&a.outbound, a.method).cmp(&(&b.outbound, b.method)));
        out
    }

    fn content(
        &mut self,
        content: &IndexMap<String, oa::MediaType>,
        ptr: &str,
        path: Vec<String>,
    ) -> Vec<MediaType> {
        let mut out = Vec::new();
        let json_count = content.keys().filter(|k| k.contains("json")).count();
        for (ct, mt) in content {
            let mptr = push_pointer(ptr, ct);
            let mut p = path.clone();
            if !ct.contains("json") || json_count > 1 {
                // Several media types with inline schemas need distinct names.
                if ct != "application/json" {
                    p.push(
                        ct.split(['/', '+', ';'])
                            .filter(|s| !s.is_empty())
                            .map(|s| s.to_upper_camel_case())
                            .collect(),
                    );
                }
            }
            let sptr = push_pointer(&mptr, "schema");
            let ty = mt.schema.as_ref().map(|s| self.type_of(ro(s), &sptr, p));
            let constraints = match &ty {
                Some(t) => self.place_constraints(&sptr, t),
                None => Constraints::default(),
            };
            let example = mt.example.clone().or_else(|| {
                mt.examples
                    .values()
                    .find_map(|e| e.as_item().and_then(|e| e.value.clone()))
            });
            out.push(MediaType {
                content_type: ct.clone(),
                ty,
                example,
                constraints,
            });
        }
        out
    }

    fn resolve_request_body(
        &self,
        rb: &'a ReferenceOr<oa::RequestBody>,
        ptr: &str,
    ) -> Option<(&'a oa::RequestBody, String)> {
        match rb {
            ReferenceOr::Item(b) => Some((b, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                let b = self
                    .api
                    .components
                    .as_ref()?
                    .request_bodies
                    .get(name)?
                    .as_item()?;
                Some((b, format!("/components/requestBodies/{name}")))
            }
        }
    }

    fn resolve_response(
        &self,
        r: &'a ReferenceOr<oa::Response>,
        ptr: &str,
    ) -> Option<(&'a oa::Response, String)> {
        match r {
            ReferenceOr::Item(b) => Some((b, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                let b = self
                    .api
                    .components
                    .as_ref()?
                    .responses
                    .get(name)?
                    .as_item()?;
                Some((b, format!("/components/responses/{name}")))
            }
        }
    }

    fn parameter(
        &mut self,
        p: &'a ReferenceOr<oa::Parameter>,
        ptr: &str,
        op_name: &str,
    ) -> Option<Parameter> {
        let (param, pptr) = match p {
            ReferenceOr::Item(p) => (p, ptr.to_string()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                let found = self
                    .api
                    .components
                    .as_ref()
                    .and_then(|c| c.parameters.get(name))
                    .and_then(|p| p.as_item());
                match found {
                    Some(p) => (p, format!("/components/parameters/{name}")),
                    None => {
                        self.diags.push(Diagnostic::new(
                            "unresolved-ref",
                            Severity::Error,
                            self.doc.locate(ptr),
                            format!("`{reference}` does not resolve to a parameter"),
                        ));
                        return None;
                    }
                }
            }
        };
        let (location, style) = match param {
            oa::Parameter::Query { style, .. } => {
                (ParamLocation::Query, serde_json::to_value(style).ok())
            }
            oa::Parameter::Header { style, .. } => {
                (ParamLocation::Header, serde_json::to_value(style).ok())
            }
            oa::Parameter::Path { style, .. } => {
                (ParamLocation::Path, serde_json::to_value(style).ok())
            }
            oa::Parameter::Cookie { style, .. } => {
                (ParamLocation::Cookie, serde_json::to_value(style).ok())
            }
        };
        let data = param.parameter_data_ref();
        let path = vec![op_name.to_string(), data.name.clone()];
        let (ty, default, constraints, content_type) = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => {
                let default = s.as_item().and_then(|s| s.schema_data.default.clone());
                let sptr = push_pointer(&pptr, "schema");
                let ty = self.type_of(ro(s), &sptr, path);
                let constraints = self.place_constraints(&sptr, &ty);
                (ty, default, constraints, None)
            }
            oa::ParameterSchemaOrContent::Content(c) => {
                // The specification allows exactly one media type here.
                let mt = self.content(c, &push_pointer(&pptr, "content"), path);
                let first = mt.into_iter().next();
                let content_type = first.as_ref().map(|m| m.content_type.clone());
                let (ty, constraints) = first
                    .and_then(|m| Some((m.ty?, m.constraints)))
                    .unwrap_or((TypeRef::Any, Constraints::default()));
                (ty, None, constraints, content_type)
            }
        };
        Some(Parameter {
            name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style: style.and_then(|s| s.as_str().map(str::to_string)),
            explode: data.explode,
            content_type,
            default,
            deprecated: data.deprecated.unwrap_or(false),
            docs: Docs {
                title: None,
                description: data.description.clone(),
                example: data.example.clone(),
            },
            constraints,
            name_hint: naming::name_hint(data.extensions.get(naming::NAME_HINT)),
            loc: self.doc.locate(&pptr),
        })
    }
}

/// The operation of a path item under one method.
fn method_of(item: &oa::PathItem, method: Method) -> Option<&oa::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

/// The path item of a request the API sends, read from the normalised
/// document: `openapiv3` reads no `webhooks`, and no callback that is a `$ref`.
struct OutboundItem {
    origin: Outbound,
    /// Pointer of the path item (of its target, when it was a `$ref`).
    ptr: String,
    item: oa::PathItem,
}

/// Follows local `$ref`s from the node at `ptr` (bounded, so cycles end).
fn follow(doc: &Value, mut ptr: String) -> Option<(&Value, String)> {
    for _ in 0..8 {
        let v = doc.pointer(&ptr)?;
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => ptr = r.strip_prefix('#')?.to_string(),
            None => return Some((v, ptr)),
        }
    }
    None
}

/// Every webhook and every callback of an operation under `paths`, with the
/// path item each declares. Nodes that do not read as a path item were
/// reported by the loader and are left out.
fn outbound_items(doc: &Document) -> Vec<OutboundItem> {
    let root = &doc.normalized;
    let mut out = Vec::new();
    let mut push = |origin: Outbound, ptr: String| {
        if let Some((v, ptr)) = follow(root, ptr) {
            if let Ok(item) = serde_json::from_value::<oa::PathItem>(v.clone()) {
                out.push(OutboundItem { origin, ptr, item });
            }
        }
    };
    if let Some(Value::Object(hooks)) = root.get("webhooks") {
        for name in hooks.keys() {
            let origin = Outbound::Webhook { name: name.clone() };
            push(origin, push_pointer("/webhooks", name));
        }
    }
    let Some(Value::Object(paths)) = root.get("paths") else {
        return out;
    };
    for (path, item) in paths {
        let path_ptr = push_pointer("/paths", path);
        for method in Method::ALL {
            let Some(op) = item.get(method.as_str()) else {
                continue;
            };
            let Some(Value::Object(callbacks)) = op.get("callbacks") else {
                continue;
            };
            let cbs_ptr = push_pointer(&push_pointer(&path_ptr, method.as_str()), "callbacks");
            for name in callbacks.keys() {
                let Some((Value::Object(cb), cb_ptr)) = follow(root, push_pointer(&cbs_ptr, name))
                else {
                    continue;
                };
                for expression in cb.keys().filter(|k| !k.starts_with("x-")) {
                    let origin = Outbound::Callback {
                        method,
                        path: path.clone(),
                        name: name.clone(),
                        expression: expression.clone(),
                    };
                    push(origin, push_pointer(&cb_ptr, expression));
                }
            }
        }
    }
    out
}

/// `get /sandboxes/{sandboxId}/snapshots` → `getSandboxesBySandboxIdSnapshots`.
pub fn synthesize_operation_id(method: Method, path: &str) -> String {
    let mut words = vec![method.as_str().to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by {param}"));
        } else {
            words.push(seg.to_string());
        }
    }
    let id = words.join(" ").to_lower_camel_case();
    if id.is_empty() {
        method.as_str().to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_synthesized_from_method_and_path() {
        assert_eq!(
            synthesize_operation_id(Method::Get, "/sandboxes/{sandboxId}/snapshots"),
            "getSandboxesBySandboxIdSnapshots"
        );
        assert_eq!(synthesize_operation_id(Method::Post, "/"), "post");
    }

    #[test]
    fn hoisted_names_join_the_path() {
        assert_eq!(
            hoisted_name(&["CreateSandboxRequest".into(), "resourceLimits".into()]),
            "CreateSandboxRequestResourceLimits"
        );
    }
}
