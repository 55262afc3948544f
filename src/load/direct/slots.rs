//! A path item read with its schemas read apart ([`super`]): serde
//! reads a copy of the item in which each schema the direct reader took is
//! a reference that stands for it, then the references are replaced by the
//! schemas. Inside an operation a schema sits below four or five levels
//! that serde buffers (the operation, the request body, the media type …),
//! each copying the schema again; read apart, each is read once.

use openapiv3 as oa;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::schema_or_ref;
use crate::load::METHODS;

/// What a stand-in reference starts with; its number follows. Every schema
/// with a string `$ref` is read (as a reference) and replaced, so a
/// reference left for serde never has this form unless it is a stand-in.
const STAND_IN: &str = "\u{0}specsmith-schema:";

/// The path item `v` as `ReferenceOr<PathItem>` deserialises, or `None`
/// where serde would fail (or when a schema read apart found no slot to go
/// back to, which the plain read then settles).
pub(in crate::load) fn path_item(v: &Value) -> Option<oa::ReferenceOr<oa::PathItem>> {
    let mut schemas = Vec::new();
    let copy = item_copy(v, &mut schemas);
    let mut read = oa::ReferenceOr::<oa::PathItem>::deserialize(&copy).ok()?;
    if schemas.is_empty() {
        return Some(read);
    }
    let mut slots: Vec<Option<oa::ReferenceOr<oa::Schema>>> =
        schemas.into_iter().map(Some).collect();
    let mut placed = 0;
    if let oa::ReferenceOr::Item(item) = &mut read {
        each_slot(item, &mut |slot| {
            let oa::ReferenceOr::Reference { reference } = slot else {
                return;
            };
            let Some(n) = reference.strip_prefix(STAND_IN) else {
                return;
            };
            if let Some(schema) = n
                .parse::<usize>()
                .ok()
                .and_then(|n| slots.get_mut(n)?.take())
            {
                *slot = schema;
                placed += 1;
            }
        });
    }
    (placed == slots.len()).then_some(read)
}

/// Takes the schema at `slot` out into `schemas` when it reads, leaving its
/// stand-in; else copies it for serde.
fn slot(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    match schema_or_ref(v) {
        Some(s) => {
            let mut stand_in = Map::new();
            let reference = format!("{STAND_IN}{}", schemas.len());
            stand_in.insert("$ref".into(), Value::String(reference));
            schemas.push(s);
            Value::Object(stand_in)
        }
        None => v.clone(),
    }
}

/// `v` copied with `edit` applied to the members it names, when `v` is an
/// object that is not a reference (which serde reads as one, ignoring the
/// rest); otherwise a plain copy.
fn object_copy(
    v: &Value,
    edit: impl Fn(&str, &Value, &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Option<Value>,
    schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>,
) -> Value {
    let Some(map) = v.as_object() else {
        return v.clone();
    };
    if map.get("$ref").is_some_and(Value::is_string) {
        return v.clone();
    }
    let out = map
        .iter()
        .map(|(k, m)| {
            let copied = edit(k, m, schemas).unwrap_or_else(|| m.clone());
            (k.clone(), copied)
        })
        .collect();
    Value::Object(out)
}

/// Each member of the map `v` through `each`, or a plain copy.
fn members_copy(
    v: &Value,
    each: impl Fn(&str, &Value, &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value,
    schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>,
) -> Value {
    match v.as_object() {
        Some(map) => Value::Object(
            map.iter()
                .map(|(k, m)| (k.clone(), each(k, m, schemas)))
                .collect(),
        ),
        None => v.clone(),
    }
}

fn item_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    object_copy(
        v,
        |k, m, schemas| match k {
            "parameters" => Some(parameters_copy(m, schemas)),
            _ if METHODS.contains(&k) => Some(operation_copy(m, schemas)),
            _ => None,
        },
        schemas,
    )
}

fn operation_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    object_copy(
        v,
        |k, m, schemas| match k {
            "parameters" => Some(parameters_copy(m, schemas)),
            "requestBody" => Some(body_copy(m, schemas)),
            "responses" => Some(members_copy(
                m,
                |code, r, schemas| match code.starts_with("x-") {
                    true => r.clone(),
                    false => response_copy(r, schemas),
                },
                schemas,
            )),
            _ => None,
        },
        schemas,
    )
}

fn parameters_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    match v.as_array() {
        Some(items) => Value::Array(items.iter().map(|p| header_copy(p, schemas)).collect()),
        None => v.clone(),
    }
}

/// A parameter or a header: its `schema`, or the schemas of its `content`.
fn header_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    object_copy(
        v,
        |k, m, schemas| match k {
            "schema" => Some(slot(m, schemas)),
            "content" => Some(content_copy(m, schemas)),
            _ => None,
        },
        schemas,
    )
}

fn body_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    object_copy(
        v,
        |k, m, schemas| (k == "content").then(|| content_copy(m, schemas)),
        schemas,
    )
}

fn response_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    object_copy(
        v,
        |k, m, schemas| match k {
            "content" => Some(content_copy(m, schemas)),
            "headers" => Some(members_copy(
                m,
                |_, h, schemas| header_copy(h, schemas),
                schemas,
            )),
            _ => None,
        },
        schemas,
    )
}

/// A `content` map: each media type's `schema`.
fn content_copy(v: &Value, schemas: &mut Vec<oa::ReferenceOr<oa::Schema>>) -> Value {
    members_copy(
        v,
        |_, media, schemas| match media.as_object() {
            Some(map) => Value::Object(
                map.iter()
                    .map(|(k, m)| {
                        let copied = match k.as_str() {
                            "schema" => slot(m, schemas),
                            _ => m.clone(),
                        };
                        (k.clone(), copied)
                    })
                    .collect(),
            ),
            None => media.clone(),
        },
        schemas,
    )
}

/// Every schema slot of a path item where [`item_copy`] may leave a stand-in.
fn each_slot(item: &mut oa::PathItem, f: &mut impl FnMut(&mut oa::ReferenceOr<oa::Schema>)) {
    item.parameters.iter_mut().for_each(|p| parameter(p, f));
    let operations = [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ];
    for op in operations.into_iter().flatten() {
        op.parameters.iter_mut().for_each(|p| parameter(p, f));
        if let Some(oa::ReferenceOr::Item(body)) = &mut op.request_body {
            body.content.values_mut().for_each(|m| media(m, f));
        }
        let responses = op.responses.default.iter_mut();
        for r in responses.chain(op.responses.responses.values_mut()) {
            if let oa::ReferenceOr::Item(r) = r {
                r.content.values_mut().for_each(|m| media(m, f));
                for h in r.headers.values_mut() {
                    if let oa::ReferenceOr::Item(h) = h {
                        format(&mut h.format, f);
                    }
                }
            }
        }
    }
}

fn parameter(
    p: &mut oa::ReferenceOr<oa::Parameter>,
    f: &mut impl FnMut(&mut oa::ReferenceOr<oa::Schema>),
) {
    if let oa::ReferenceOr::Item(p) = p {
        let data = match p {
            oa::Parameter::Query { parameter_data, .. }
            | oa::Parameter::Header { parameter_data, .. }
            | oa::Parameter::Path { parameter_data, .. }
            | oa::Parameter::Cookie { parameter_data, .. } => parameter_data,
        };
        format(&mut data.format, f);
    }
}

fn format(
    format: &mut oa::ParameterSchemaOrContent,
    f: &mut impl FnMut(&mut oa::ReferenceOr<oa::Schema>),
) {
    match format {
        oa::ParameterSchemaOrContent::Schema(s) => f(s),
        oa::ParameterSchemaOrContent::Content(c) => c.values_mut().for_each(|m| media(m, f)),
    }
}

fn media(m: &mut oa::MediaType, f: &mut impl FnMut(&mut oa::ReferenceOr<oa::Schema>)) {
    if let Some(s) = &mut m.schema {
        f(s);
    }
}
