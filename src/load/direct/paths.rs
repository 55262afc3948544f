//! Path items read straight from the JSON value, as `openapiv3`'s
//! `Deserialize` reads them: their operations, parameters, bodies,
//! responses, headers, links and callbacks, and the schemas in them through
//! [`super::schema_or_ref`]. `None` wherever serde would fail (or might
//! read otherwise); the caller then lets serde read the item.

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::{Map, Value};

use super::{extensions, external_docs, keyed_all, list, opt, or_ref, schema_or_ref, string};

type Object = Map<String, Value>;

/// A path item or a reference to one, as `ReferenceOr<PathItem>` reads it.
pub(in crate::load) fn path_item(v: &Value) -> Option<oa::ReferenceOr<oa::PathItem>> {
    or_ref(v, item)
}

/// A list with a default: absent is empty, `null` is an error to serde.
fn listed<T>(map: &Object, key: &str, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    match map.get(key) {
        None => Some(Vec::new()),
        Some(v) => list(v, read),
    }
}

/// A map with a default: absent is empty, `null` is an error to serde.
fn keyed<T>(
    map: &Object,
    key: &str,
    read: impl Fn(&Value) -> Option<T>,
) -> Option<IndexMap<String, T>> {
    match map.get(key) {
        None => Some(IndexMap::new()),
        Some(v) => keyed_all(v, read),
    }
}

/// A `bool` with a default: absent is `false`, `null` is an error.
fn flag(map: &Object, key: &str) -> Option<bool> {
    match map.get(key) {
        None => Some(false),
        Some(v) => v.as_bool(),
    }
}

/// An `Option<Value>`, which reads `null` as absent.
fn value(map: &Object, key: &str) -> Option<Value> {
    map.get(key).filter(|v| !v.is_null()).cloned()
}

/// A `String` serde requires.
fn required(map: &Object, key: &str) -> Option<String> {
    string(map.get(key)?)
}

/// A unit enum with a default: absent is `default`, else one of `names`.
fn style<T: Clone>(map: &Object, default: T, names: &[(&str, T)]) -> Option<T> {
    match map.get("style") {
        None => Some(default),
        Some(v) => named(v, names),
    }
}

fn named<T: Clone>(v: &Value, names: &[(&str, T)]) -> Option<T> {
    let s = v.as_str()?;
    names.iter().find(|(n, _)| *n == s).map(|(_, t)| t.clone())
}

const QUERY_STYLES: [(&str, oa::QueryStyle); 4] = [
    ("form", oa::QueryStyle::Form),
    ("spaceDelimited", oa::QueryStyle::SpaceDelimited),
    ("pipeDelimited", oa::QueryStyle::PipeDelimited),
    ("deepObject", oa::QueryStyle::DeepObject),
];

const HEADER_STYLES: [(&str, oa::HeaderStyle); 1] = [("simple", oa::HeaderStyle::Simple)];

fn item(map: &Object) -> Option<oa::PathItem> {
    let op = |key| opt(map, key, |v| v.as_object().and_then(operation));
    Some(oa::PathItem {
        summary: opt(map, "summary", string)?,
        description: opt(map, "description", string)?,
        get: op("get")?,
        put: op("put")?,
        post: op("post")?,
        delete: op("delete")?,
        options: op("options")?,
        head: op("head")?,
        patch: op("patch")?,
        trace: op("trace")?,
        servers: listed(map, "servers", server)?,
        parameters: listed(map, "parameters", parameter)?,
        extensions: extensions(map),
    })
}

fn operation(map: &Object) -> Option<oa::Operation> {
    let security = |v: &Value| list(v, |r| keyed_all(r, |scopes| list(scopes, string)));
    Some(oa::Operation {
        tags: listed(map, "tags", string)?,
        summary: opt(map, "summary", string)?,
        description: opt(map, "description", string)?,
        external_docs: opt(map, "externalDocs", external_docs)?,
        operation_id: opt(map, "operationId", string)?,
        parameters: listed(map, "parameters", parameter)?,
        request_body: opt(map, "requestBody", |v| or_ref(v, request_body))?,
        responses: responses(map.get("responses")?.as_object()?)?,
        callbacks: keyed(map, "callbacks", |c| {
            keyed_all(c, |p| p.as_object().and_then(item))
        })?,
        deprecated: flag(map, "deprecated")?,
        security: opt(map, "security", security)?,
        servers: listed(map, "servers", server)?,
        extensions: extensions(map),
    })
}

fn parameter(v: &Value) -> Option<oa::ReferenceOr<oa::Parameter>> {
    or_ref(v, |map| {
        let parameter_data = parameter_data(map)?;
        Some(match map.get("in")?.as_str()? {
            "query" => oa::Parameter::Query {
                parameter_data,
                allow_reserved: flag(map, "allowReserved")?,
                style: style(map, oa::QueryStyle::Form, &QUERY_STYLES)?,
                allow_empty_value: opt(map, "allowEmptyValue", Value::as_bool)?,
            },
            "header" => oa::Parameter::Header {
                parameter_data,
                style: style(map, oa::HeaderStyle::Simple, &HEADER_STYLES)?,
            },
            "path" => oa::Parameter::Path {
                parameter_data,
                style: style(
                    map,
                    oa::PathStyle::Simple,
                    &[
                        ("matrix", oa::PathStyle::Matrix),
                        ("label", oa::PathStyle::Label),
                        ("simple", oa::PathStyle::Simple),
                    ],
                )?,
            },
            "cookie" => oa::Parameter::Cookie {
                parameter_data,
                style: style(
                    map,
                    oa::CookieStyle::Form,
                    &[("form", oa::CookieStyle::Form)],
                )?,
            },
            _ => return None,
        })
    })
}

fn parameter_data(map: &Object) -> Option<oa::ParameterData> {
    Some(oa::ParameterData {
        name: required(map, "name")?,
        description: opt(map, "description", string)?,
        required: flag(map, "required")?,
        deprecated: opt(map, "deprecated", Value::as_bool)?,
        format: schema_or_content(map)?,
        example: value(map, "example"),
        examples: keyed(map, "examples", example)?,
        explode: opt(map, "explode", Value::as_bool)?,
        extensions: extensions(map),
    })
}

/// A parameter's or header's `schema` or `content`: serde takes the first
/// of the two in the object's order.
fn schema_or_content(map: &Object) -> Option<oa::ParameterSchemaOrContent> {
    let (key, v) = map
        .iter()
        .find(|(k, _)| *k == "schema" || *k == "content")?;
    Some(match key.as_str() {
        "schema" => oa::ParameterSchemaOrContent::Schema(schema_or_ref(v)?),
        _ => oa::ParameterSchemaOrContent::Content(keyed_all(v, media_type)?),
    })
}

fn example(v: &Value) -> Option<oa::ReferenceOr<oa::Example>> {
    or_ref(v, |map| {
        Some(oa::Example {
            summary: opt(map, "summary", string)?,
            description: opt(map, "description", string)?,
            value: value(map, "value"),
            external_value: opt(map, "externalValue", string)?,
            extensions: extensions(map),
        })
    })
}

fn request_body(map: &Object) -> Option<oa::RequestBody> {
    Some(oa::RequestBody {
        description: opt(map, "description", string)?,
        content: keyed(map, "content", media_type)?,
        required: flag(map, "required")?,
        extensions: extensions(map),
    })
}

fn media_type(v: &Value) -> Option<oa::MediaType> {
    let map = v.as_object()?;
    Some(oa::MediaType {
        schema: opt(map, "schema", schema_or_ref)?,
        example: value(map, "example"),
        examples: keyed(map, "examples", example)?,
        encoding: keyed(map, "encoding", encoding)?,
        extensions: extensions(map),
    })
}

fn encoding(v: &Value) -> Option<oa::Encoding> {
    let map = v.as_object()?;
    Some(oa::Encoding {
        content_type: opt(map, "contentType", string)?,
        headers: keyed(map, "headers", header)?,
        style: opt(map, "style", |s| named(s, &QUERY_STYLES))?,
        explode: flag(map, "explode")?,
        allow_reserved: flag(map, "allowReserved")?,
        extensions: extensions(map),
    })
}

fn responses(map: &Object) -> Option<oa::Responses> {
    let mut responses = IndexMap::new();
    for (k, v) in map {
        if let Some(code) = status_code(k) {
            responses.insert(code, or_ref(v, response)?);
        }
    }
    Some(oa::Responses {
        default: opt(map, "default", |v| or_ref(v, response))?,
        responses,
        extensions: extensions(map),
    })
}

/// A status code key as `openapiv3` reads one (`200`, `2XX`, `2xx`); any
/// other key is not a response.
fn status_code(key: &str) -> Option<oa::StatusCode> {
    if key.len() != 3 {
        return None;
    }
    if let Ok(n) = key.parse::<i64>() {
        // Three characters that parse are within `-99..=999`.
        return u16::try_from(n)
            .ok()
            .filter(|n| (100..1000).contains(n))
            .map(oa::StatusCode::Code);
    }
    match key.as_bytes() {
        [n, x, y]
            if n.is_ascii_digit()
                && x.eq_ignore_ascii_case(&b'X')
                && y.eq_ignore_ascii_case(&b'X') =>
        {
            Some(oa::StatusCode::Range(u16::from(n - b'0')))
        }
        _ => None,
    }
}

fn response(map: &Object) -> Option<oa::Response> {
    Some(oa::Response {
        description: required(map, "description")?,
        headers: keyed(map, "headers", header)?,
        content: keyed(map, "content", media_type)?,
        links: keyed(map, "links", link)?,
        extensions: extensions(map),
    })
}

fn header(v: &Value) -> Option<oa::ReferenceOr<oa::Header>> {
    or_ref(v, |map| {
        Some(oa::Header {
            description: opt(map, "description", string)?,
            style: style(map, oa::HeaderStyle::Simple, &HEADER_STYLES)?,
            required: flag(map, "required")?,
            deprecated: opt(map, "deprecated", Value::as_bool)?,
            format: schema_or_content(map)?,
            example: value(map, "example"),
            examples: keyed(map, "examples", example)?,
            extensions: extensions(map),
        })
    })
}

fn link(v: &Value) -> Option<oa::ReferenceOr<oa::Link>> {
    or_ref(v, |map| {
        // serde takes the first of the two in the object's order.
        let (key, target) = map
            .iter()
            .find(|(k, _)| *k == "operationRef" || *k == "operationId")?;
        let target = string(target)?;
        let operation = match key.as_str() {
            "operationRef" => oa::LinkOperation::OperationRef(target),
            _ => oa::LinkOperation::OperationId(target),
        };
        Some(oa::Link {
            description: opt(map, "description", string)?,
            operation,
            request_body: value(map, "requestBody"),
            parameters: keyed(map, "parameters", |p| Some(p.clone()))?,
            server: opt(map, "server", server)?,
            extensions: extensions(map),
        })
    })
}

fn server(v: &Value) -> Option<oa::Server> {
    let map = v.as_object()?;
    let variable = |v: &Value| {
        let map = v.as_object()?;
        Some(oa::ServerVariable {
            enumeration: listed(map, "enum", string)?,
            default: required(map, "default")?,
            description: opt(map, "description", string)?,
            extensions: extensions(map),
        })
    };
    Some(oa::Server {
        url: required(map, "url")?,
        description: opt(map, "description", string)?,
        variables: opt(map, "variables", |v| keyed_all(v, variable))?,
        extensions: extensions(map),
    })
}
