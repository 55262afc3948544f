//! `openapiv3` schemas read straight from the JSON value, in one pass.
//!
//! `openapiv3` reads a schema through `#[serde(flatten)]` and untagged
//! enums, and serde buffers the subtree below each of those (a copy of
//! it) before reading it: a schema nested `d` levels deep is copied `d`
//! times over, once per enclosing schema, and more inside operations. This
//! reader gives what `openapiv3`'s `Deserialize` gives, field for field
//! (the same rules for `type`, the same defaults, `null` read as absent
//! where serde reads it so), for schemas and for path items ([`paths`]),
//! and gives up (`None`) wherever serde would fail or take a way not
//! followed here: the caller then lets serde read that value, so a
//! document reads exactly as before, and a misfit is still reported by
//! serde, in its words.

mod paths;

pub(in crate::load) use paths::path_item;

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::{Map, Number, Value};

/// A schema or a reference to one, as `ReferenceOr<Schema>` deserialises.
pub(in crate::load) fn schema_or_ref(v: &Value) -> Option<oa::ReferenceOr<oa::Schema>> {
    or_ref(v, schema)
}

/// `ReferenceOr<T>`: the reference is tried first, and only a string `$ref`
/// makes one (the other members are then ignored); any other object is
/// read by `read`.
fn or_ref<T>(
    v: &Value,
    read: impl FnOnce(&Map<String, Value>) -> Option<T>,
) -> Option<oa::ReferenceOr<T>> {
    let map = v.as_object()?;
    if let Some((_, Value::String(r))) = map.iter().find(|(k, _)| *k == "$ref") {
        return Some(oa::ReferenceOr::Reference {
            reference: r.clone(),
        });
    }
    read(map).map(oa::ReferenceOr::Item)
}

/// Every member of the object `v` through `read`.
fn keyed_all<T>(v: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<IndexMap<String, T>> {
    v.as_object()?
        .iter()
        .map(|(k, m)| Some((k.clone(), read(m)?)))
        .collect()
}

fn boxed(v: &Value) -> Option<oa::ReferenceOr<Box<oa::Schema>>> {
    Some(match schema_or_ref(v)? {
        oa::ReferenceOr::Reference { reference } => oa::ReferenceOr::Reference { reference },
        oa::ReferenceOr::Item(s) => oa::ReferenceOr::Item(Box::new(s)),
    })
}

/// A member that serde reads as an `Option`: `null` is `Some(None)`; a
/// value `read` cannot take is `None`.
fn nullable<'v, T>(v: &'v Value, read: impl FnOnce(&'v Value) -> Option<T>) -> Option<Option<T>> {
    match v {
        Value::Null => Some(None),
        v => read(v).map(Some),
    }
}

/// A member that serde reads as an `Option`: absent and `null` are
/// `Some(None)`; a value `read` cannot take is `None`.
fn opt<'v, T>(
    map: &'v Map<String, Value>,
    key: &str,
    read: impl FnOnce(&'v Value) -> Option<T>,
) -> Option<Option<T>> {
    match map.get(key) {
        None => Some(None),
        Some(v) => nullable(v, read),
    }
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn size(v: &Value) -> Option<usize> {
    v.as_u64().and_then(|n| usize::try_from(n).ok())
}

fn number(v: &Value) -> Option<Number> {
    match v {
        Value::Number(n) => Some(n.clone()),
        _ => None,
    }
}

fn list<T>(v: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    v.as_array()?.iter().map(read).collect()
}

/// The members whose key starts with `x-`, in order.
fn extensions(map: &Map<String, Value>) -> IndexMap<String, Value> {
    map.iter()
        .filter(|(k, _)| k.starts_with("x-"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A schema's members, read in one pass over them (a lookup per keyword
/// would hash each of some thirty names for every schema).
fn schema(map: &Map<String, Value>) -> Option<oa::Schema> {
    let mut data = oa::SchemaData::default();
    let mut r = Raw::default();
    for (k, v) in map {
        match k.as_str() {
            "nullable" => data.nullable = v.as_bool()?,
            "readOnly" => data.read_only = v.as_bool()?,
            "writeOnly" => data.write_only = v.as_bool()?,
            "deprecated" => data.deprecated = v.as_bool()?,
            "externalDocs" => data.external_docs = nullable(v, external_docs)?,
            // `Option<Value>` reads `null` as absent.
            "example" => data.example = (!v.is_null()).then(|| v.clone()),
            "default" => data.default = (!v.is_null()).then(|| v.clone()),
            "title" => data.title = nullable(v, string)?,
            "description" => data.description = nullable(v, string)?,
            "discriminator" => data.discriminator = nullable(v, discriminator)?,
            key if key.starts_with("x-") => {
                data.extensions.insert(k.clone(), v.clone());
            }
            key => r.member(key, v)?,
        }
    }
    Some(oa::Schema {
        schema_data: data,
        schema_kind: schema_kind(r),
    })
}

fn properties(v: &Value) -> Option<IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>> {
    keyed_all(v, boxed)
}

fn additional(v: &Value) -> Option<oa::AdditionalProperties> {
    match v {
        Value::Bool(b) => Some(oa::AdditionalProperties::Any(*b)),
        _ => Some(oa::AdditionalProperties::Schema(Box::new(schema_or_ref(
            v,
        )?))),
    }
}

fn external_docs(v: &Value) -> Option<oa::ExternalDocumentation> {
    let map = v.as_object()?;
    Some(oa::ExternalDocumentation {
        description: opt(map, "description", string)?,
        url: string(map.get("url")?)?,
        extensions: extensions(map),
    })
}

fn discriminator(v: &Value) -> Option<oa::Discriminator> {
    let map = v.as_object()?;
    let mapping = match map.get("mapping") {
        None => IndexMap::new(),
        Some(m) => keyed_all(m, string)?,
    };
    Some(oa::Discriminator {
        property_name: string(map.get("propertyName")?)?,
        mapping,
        extensions: extensions(map),
    })
}

/// Every keyword `openapiv3` tells a schema's kind by, read as it reads
/// them before it decides.
#[derive(Default)]
struct Raw {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<oa::AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<oa::ReferenceOr<Box<oa::Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<oa::ReferenceOr<oa::Schema>>>,
    all_of: Option<Vec<oa::ReferenceOr<oa::Schema>>>,
    any_of: Option<Vec<oa::ReferenceOr<oa::Schema>>>,
    not: Option<Box<oa::ReferenceOr<oa::Schema>>>,
}

impl Raw {
    /// Reads the member `key` if it is one of these keywords; `None` when
    /// its value is not what serde takes for it.
    fn member(&mut self, key: &str, v: &Value) -> Option<()> {
        let schemas = |v: &Value| list(v, schema_or_ref);
        match key {
            "type" => self.typ = nullable(v, string)?,
            "pattern" => self.pattern = nullable(v, string)?,
            "multipleOf" => self.multiple_of = nullable(v, number)?,
            "exclusiveMinimum" => self.exclusive_minimum = nullable(v, Value::as_bool)?,
            "exclusiveMaximum" => self.exclusive_maximum = nullable(v, Value::as_bool)?,
            "minimum" => self.minimum = nullable(v, number)?,
            "maximum" => self.maximum = nullable(v, number)?,
            "properties" => self.properties = nullable(v, properties)?,
            "required" => self.required = nullable(v, |v| list(v, string))?,
            "additionalProperties" => self.additional_properties = nullable(v, additional)?,
            "minProperties" => self.min_properties = nullable(v, size)?,
            "maxProperties" => self.max_properties = nullable(v, size)?,
            "items" => self.items = nullable(v, boxed)?,
            "minItems" => self.min_items = nullable(v, size)?,
            "maxItems" => self.max_items = nullable(v, size)?,
            "uniqueItems" => self.unique_items = nullable(v, Value::as_bool)?,
            "enum" => self.enumeration = nullable(v, |v| v.as_array().cloned())?,
            "format" => self.format = nullable(v, string)?,
            "minLength" => self.min_length = nullable(v, size)?,
            "maxLength" => self.max_length = nullable(v, size)?,
            "oneOf" => self.one_of = nullable(v, schemas)?,
            "allOf" => self.all_of = nullable(v, schemas)?,
            "anyOf" => self.any_of = nullable(v, schemas)?,
            "not" => self.not = nullable(v, |v| schema_or_ref(v).map(Box::new))?,
            _ => {}
        }
        Some(())
    }

    fn no_numeric(&self) -> bool {
        self.multiple_of.is_none()
            && self.exclusive_minimum.is_none()
            && self.exclusive_maximum.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
    }

    fn no_object(&self) -> bool {
        self.properties.is_none()
            && self.required.is_none()
            && self.additional_properties.is_none()
            && self.min_properties.is_none()
            && self.max_properties.is_none()
    }

    fn no_array(&self) -> bool {
        self.items.is_none()
            && self.min_items.is_none()
            && self.max_items.is_none()
            && self.unique_items.is_none()
    }

    fn no_length(&self) -> bool {
        self.min_length.is_none() && self.max_length.is_none()
    }

    /// How many of `oneOf`, `allOf`, `anyOf` and `not` are given.
    fn compositions(&self) -> usize {
        usize::from(self.one_of.is_some())
            + usize::from(self.all_of.is_some())
            + usize::from(self.any_of.is_some())
            + usize::from(self.not.is_some())
    }

    /// Nothing but one composition keyword (and the schema data).
    fn only_composition(&self) -> bool {
        self.typ.is_none()
            && self.pattern.is_none()
            && self.no_numeric()
            && self.no_object()
            && self.no_array()
            && self.enumeration.is_none()
            && self.format.is_none()
            && self.no_length()
            && self.compositions() == 1
    }
}

/// Whether every listed value (`null` aside) passes `check`.
fn enum_valid(values: &Option<Vec<Value>>, check: impl Fn(&Value) -> bool) -> bool {
    values.iter().flatten().all(|v| v.is_null() || check(v))
}

/// The listed values, `null` as `None`; call after [`enum_valid`].
fn enum_values<T>(
    values: Option<Vec<Value>>,
    read: impl Fn(&Value) -> Option<T>,
) -> Vec<Option<T>> {
    values
        .unwrap_or_default()
        .iter()
        .map(|v| if v.is_null() { None } else { read(v) })
        .collect()
}

fn is_int(n: &Option<Number>) -> bool {
    n.as_ref().is_none_or(Number::is_i64)
}

fn f64_of(n: Option<Number>) -> Option<f64> {
    n.and_then(|n| n.as_f64())
}

fn i64_of(n: Option<Number>) -> Option<i64> {
    n.and_then(|n| n.as_i64())
}

/// The kind `openapiv3` gives these keywords: a typed schema when `type`
/// names one and no keyword of another type is given, a composition when
/// it is the only keyword, anything else the catch-all.
fn schema_kind(r: Raw) -> oa::SchemaKind {
    use oa::{SchemaKind as K, Type as T};
    let no_composition = r.compositions() == 0;
    let typ = r.typ.as_deref();
    let plain = |r: &Raw| r.pattern.is_none() && r.no_numeric() && r.no_object() && r.no_array();
    let numeric = |r: &Raw| {
        r.pattern.is_none() && r.no_object() && r.no_array() && r.no_length() && no_composition
    };
    if typ == Some("string")
        && r.no_numeric()
        && r.no_object()
        && r.no_array()
        && no_composition
        && enum_valid(&r.enumeration, Value::is_string)
    {
        return K::Type(T::String(oa::StringType {
            format: r.format.into(),
            pattern: r.pattern,
            enumeration: enum_values(r.enumeration, |v| v.as_str().map(str::to_string)),
            min_length: r.min_length,
            max_length: r.max_length,
        }));
    }
    if typ == Some("number") && numeric(&r) && enum_valid(&r.enumeration, Value::is_number) {
        return K::Type(T::Number(oa::NumberType {
            format: r.format.into(),
            multiple_of: f64_of(r.multiple_of),
            exclusive_minimum: r.exclusive_minimum.unwrap_or_default(),
            exclusive_maximum: r.exclusive_maximum.unwrap_or_default(),
            minimum: f64_of(r.minimum),
            maximum: f64_of(r.maximum),
            enumeration: enum_values(r.enumeration, Value::as_f64),
        }));
    }
    if typ == Some("integer")
        && numeric(&r)
        && enum_valid(&r.enumeration, Value::is_i64)
        && is_int(&r.multiple_of)
        && is_int(&r.minimum)
        && is_int(&r.maximum)
    {
        return K::Type(T::Integer(oa::IntegerType {
            format: r.format.into(),
            multiple_of: i64_of(r.multiple_of),
            exclusive_minimum: r.exclusive_minimum.unwrap_or_default(),
            exclusive_maximum: r.exclusive_maximum.unwrap_or_default(),
            minimum: i64_of(r.minimum),
            maximum: i64_of(r.maximum),
            enumeration: enum_values(r.enumeration, Value::as_i64),
        }));
    }
    if typ == Some("boolean")
        && plain(&r)
        && r.format.is_none()
        && r.no_length()
        && no_composition
        && enum_valid(&r.enumeration, Value::is_boolean)
    {
        return K::Type(T::Boolean(oa::BooleanType {
            enumeration: enum_values(r.enumeration, Value::as_bool),
        }));
    }
    let untyped_rest = |r: &Raw| {
        r.pattern.is_none()
            && r.no_numeric()
            && r.enumeration.is_none()
            && r.format.is_none()
            && r.no_length()
            && no_composition
    };
    if typ == Some("object") && untyped_rest(&r) && r.no_array() {
        return K::Type(T::Object(oa::ObjectType {
            properties: r.properties.unwrap_or_default(),
            required: r.required.unwrap_or_default(),
            additional_properties: r.additional_properties,
            min_properties: r.min_properties,
            max_properties: r.max_properties,
        }));
    }
    if typ == Some("array") && untyped_rest(&r) && r.no_object() {
        return K::Type(T::Array(oa::ArrayType {
            items: r.items,
            min_items: r.min_items,
            max_items: r.max_items,
            unique_items: r.unique_items.unwrap_or_default(),
        }));
    }
    if r.only_composition() {
        match r {
            Raw {
                one_of: Some(one_of),
                ..
            } => return K::OneOf { one_of },
            Raw {
                all_of: Some(all_of),
                ..
            } => return K::AllOf { all_of },
            Raw {
                any_of: Some(any_of),
                ..
            } => return K::AnyOf { any_of },
            Raw { not: Some(not), .. } => return K::Not { not },
            // `only_composition` holds one of the four.
            r => return any(r),
        }
    }
    any(r)
}

/// The catch-all kind: every keyword as it was given.
fn any(r: Raw) -> oa::SchemaKind {
    oa::SchemaKind::Any(oa::AnySchema {
        typ: r.typ,
        pattern: r.pattern,
        multiple_of: f64_of(r.multiple_of),
        exclusive_minimum: r.exclusive_minimum,
        exclusive_maximum: r.exclusive_maximum,
        minimum: f64_of(r.minimum),
        maximum: f64_of(r.maximum),
        properties: r.properties.unwrap_or_default(),
        required: r.required.unwrap_or_default(),
        additional_properties: r.additional_properties,
        min_properties: r.min_properties,
        max_properties: r.max_properties,
        items: r.items,
        min_items: r.min_items,
        max_items: r.max_items,
        unique_items: r.unique_items,
        enumeration: r.enumeration.unwrap_or_default(),
        format: r.format,
        min_length: r.min_length,
        max_length: r.max_length,
        one_of: r.one_of.unwrap_or_default(),
        all_of: r.all_of.unwrap_or_default(),
        any_of: r.any_of.unwrap_or_default(),
        not: r.not,
    })
}

#[cfg(test)]
mod tests;
