//! The direct reads give what `openapiv3`'s `Deserialize` gives, and give
//! up exactly where it fails.

use openapiv3 as oa;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{path_item, schema_or_ref};

/// Schemas on each side of `openapiv3`'s rules for telling a kind, and
/// values serde refuses.
fn schemas() -> Vec<Value> {
    vec![
        json!({"type": "string", "enum": ["a", null], "format": "date-time", "minLength": 1, "pattern": "^a"}),
        json!({"type": "string", "format": "uuid", "maxLength": 3}),
        json!({"type": "string", "minimum": 1}),
        json!({"type": "string", "enum": [1]}),
        json!({"type": "string", "oneOf": [{"type": "string"}]}),
        json!({"type": "integer", "enum": [1, 2, null], "format": "int64", "exclusiveMinimum": true, "maximum": 9}),
        json!({"type": "integer", "minimum": 1.5}),
        json!({"type": "integer", "multipleOf": 18446744073709551615u64}),
        json!({"type": "integer", "enum": [1.5]}),
        json!({"type": "number", "multipleOf": 0.5, "enum": [1, 2.5], "format": "float", "minimum": -3}),
        json!({"type": "number", "pattern": "x"}),
        json!({"type": "boolean", "enum": [true, null]}),
        json!({"type": "boolean", "format": "x"}),
        json!({"type": "object", "properties": {"a": {"$ref": "#/a"}, "b": {"type": "array", "items": {"type": "string"}}}, "required": ["a"], "additionalProperties": false, "minProperties": 1}),
        json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        json!({"type": "object", "additionalProperties": {"$ref": "#/a"}, "enum": [{}]}),
        json!({"type": "array", "items": null, "uniqueItems": true, "maxItems": 2}),
        json!({"type": "array", "items": {"$ref": "#/a"}, "required": []}),
        json!({"oneOf": [{"$ref": "#/a"}, {"type": "string"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/a"}, "x-d": 1}}),
        json!({"allOf": [{"$ref": "#/a"}], "nullable": true, "readOnly": true}),
        json!({"anyOf": [{"type": "string"}], "writeOnly": true, "deprecated": false}),
        json!({"not": {"type": "string"}}),
        json!({"oneOf": [], "allOf": []}),
        json!({"anyOf": [{"type": "string"}], "type": "object"}),
        json!({"oneOf": null, "description": "d"}),
        json!({"items": {"type": "string"}, "minItems": 1}),
        json!({"$ref": "#/a", "description": "ignored", "type": 5}),
        json!({"$ref": 5, "type": "string"}),
        json!({"type": null, "description": null, "title": "t", "default": null, "example": {"a": 1}, "x-a": null, "x-b": [1]}),
        json!({"externalDocs": {"url": "u", "x-e": 1, "description": null}}),
        json!({}),
        // serde refuses each of these.
        json!({"nullable": null}),
        json!({"type": "string", "minLength": -1}),
        json!({"type": "string", "minLength": 1.0}),
        json!({"type": 5}),
        json!({"externalDocs": {"description": "d"}}),
        json!({"discriminator": {"propertyName": "k", "mapping": null}}),
        json!({"required": ["a", 1]}),
        json!({"properties": {"a": true}}),
        json!({"title": 5}),
        json!({"enum": "a"}),
        json!({"exclusiveMinimum": 3}),
        json!({"items": {"minItems": "a"}}),
        json!(true),
        json!([]),
        json!("x"),
    ]
}

#[test]
fn a_schema_reads_as_serde_reads_it() {
    let mut refused = 0;
    for v in schemas() {
        let plain = oa::ReferenceOr::<oa::Schema>::deserialize(&v).ok();
        refused += usize::from(plain.is_none());
        assert_eq!(schema_or_ref(&v), plain, "{v}");
        // The same nested one level down, where serde's buffering starts.
        let outer = json!({"type": "object", "properties": {"p": v}});
        let plain = oa::ReferenceOr::<oa::Schema>::deserialize(&outer).ok();
        assert_eq!(schema_or_ref(&outer), plain, "{outer}");
    }
    assert_eq!(refused, 15, "the cases serde refuses");
}

#[test]
fn a_path_item_reads_as_serde_reads_it() {
    let good = json!({"type": "string"});
    let bad = json!({"type": "string", "minLength": -1});
    let item = |schema: &Value| {
        json!({
            "summary": "s",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": schema}],
            "get": {
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "array", "items": schema}},
                    {"name": "c", "in": "query", "content": {"application/json": {"schema": schema}}},
                    {"$ref": "#/components/parameters/P"}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": {"X-Rate": {"schema": schema}, "X-Ref": {"$ref": "#/h"}},
                        "content": {"application/json": {"schema": {"$ref": "#/a"}, "example": {"schema": 1}}}
                    },
                    "4XX": {"$ref": "#/components/responses/E"},
                    "default": {"description": "e", "content": {"text/plain": {"schema": schema}}},
                    "x-note": {"content": {"a/b": {"schema": 5}}}
                },
                "callbacks": {"done": {"{$request.body#/url}": {"post": {
                    "requestBody": {"content": {"application/json": {"schema": schema}}},
                    "responses": {"200": {"description": "ok"}}
                }}}}
            },
            "post": {
                "requestBody": {"required": true, "content": {
                    "application/json": {"schema": {"type": "object", "properties": {"a": schema}}},
                    "multipart/form-data": {"schema": schema, "encoding": {"a": {"headers": {"H": {"schema": schema}}}}}
                }},
                "responses": {"201": {"description": "made"}}
            },
            "put": {"requestBody": {"$ref": "#/components/requestBodies/B"}, "responses": {}},
            "x-item": {"schema": {"$ref": 1}}
        })
    };
    for v in [
        item(&good),
        item(&bad),
        json!({"$ref": "#/components/pathItems/P", "get": 5}),
        json!({"get": {"responses": 7}}),
        json!({"get": {"parameters": [{"name": "h", "in": "header", "schema": good, "content": {}}], "responses": {}}}),
        json!({"get": {"parameters": [{"name": "h", "in": "header", "content": {}, "schema": good}], "responses": {}}}),
        json!([]),
    ] {
        let plain = oa::ReferenceOr::<oa::PathItem>::deserialize(&v).ok();
        assert_eq!(path_item(&v), plain, "{v}");
    }
    assert!(path_item(&item(&good)).is_some());
}

#[test]
fn every_project_spec_reads_as_serde_reads_it() {
    let docs = crate::load::fit::tests::project_docs();
    let (mut schemas, mut items) = (0, 0);
    for doc in &docs {
        let name = &doc.files[0].display;
        let v = &doc.normalized;
        let members = |pointer| {
            v.pointer(pointer)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
        };
        for (k, s) in members("/components/schemas") {
            let plain = oa::ReferenceOr::<oa::Schema>::deserialize(s).ok();
            assert_eq!(schema_or_ref(s), plain, "{name}: schema {k}");
            schemas += 1;
        }
        for (k, p) in members("/paths").filter(|(k, _)| k.starts_with('/')) {
            let plain = oa::ReferenceOr::<oa::PathItem>::deserialize(p).ok();
            assert_eq!(path_item(p), plain, "{name}: path {k}");
            items += 1;
        }
    }
    assert!(
        schemas > 150 && items > 80,
        "{schemas} schemas, {items} path items"
    );
}

/// Operation members on each side of what `openapiv3` accepts: styles,
/// status code keys, links, callbacks, encodings, servers, security.
fn operations() -> Vec<Value> {
    let ok = json!({"200": {"description": "ok"}});
    let with = |key: &str, v: Value| {
        let mut op = json!({"responses": ok});
        op[key] = v;
        op
    };
    let param = |extra: Value| {
        let mut p = json!({"name": "p", "in": "query", "schema": {"type": "string"}});
        for (k, v) in extra.as_object().into_iter().flatten() {
            p[k] = v.clone();
        }
        with("parameters", json!([p]))
    };
    vec![
        param(
            json!({"style": "deepObject", "explode": true, "allowReserved": true, "allowEmptyValue": false}),
        ),
        param(json!({"style": "simple"})),
        param(json!({"style": null})),
        param(json!({"in": "path", "style": "label", "required": true, "deprecated": null})),
        param(json!({"in": "path", "style": "form"})),
        param(
            json!({"in": "cookie", "style": "form", "example": null, "examples": {"a": {"value": 1, "externalValue": "u"}, "b": {"$ref": "#/e"}}}),
        ),
        param(json!({"in": "header", "style": "simple", "x-p": 1})),
        param(json!({"in": "body"})),
        param(json!({"in": null})),
        param(json!({"name": 5})),
        param(json!({"required": null})),
        param(json!({"examples": null})),
        with(
            "responses",
            json!({"2XX": {"description": "a"}, "2xx": {"description": "b"}, "099": 5, "+20": 5, "1000": 5, "default": null, "x-r": 1, "note": 3}),
        ),
        with(
            "responses",
            json!({"default": {"description": "d", "links": {"next": {"operationId": "list", "parameters": {"a": "$response.body#/a"}, "requestBody": null, "server": {"url": "u"}}}}}),
        ),
        with(
            "responses",
            json!({"200": {"description": "d", "links": {"next": {"operationRef": "#/p", "operationId": "x"}}}}),
        ),
        with(
            "responses",
            json!({"200": {"description": "d", "links": {"next": {"description": "none"}}}}),
        ),
        with(
            "responses",
            json!({"200": {"description": "d", "headers": {"H": {"content": {"text/plain": {"schema": {"type": "string"}}}, "style": "simple"}}}}),
        ),
        with("responses", json!({"200": {}})),
        with(
            "responses",
            json!({"200": {"description": "d", "content": {"a/b": {"schema": null, "encoding": {"f": {"contentType": "x", "style": "form", "explode": true, "headers": {"H": {"schema": {"type": "integer"}}}}}}}}}),
        ),
        with(
            "responses",
            json!({"200": {"description": "d", "content": {"a/b": {"encoding": {"f": {"style": "matrix"}}}}}}),
        ),
        with(
            "callbacks",
            json!({"cb": {"{$url}": {"post": {"responses": ok}}, "x-c": {}}}),
        ),
        with("callbacks", json!({"cb": {"$ref": "#/c"}})),
        with(
            "security",
            json!([{"key": []}, {"oauth": ["read", "write"]}]),
        ),
        with("security", json!(null)),
        with("security", json!([{"key": null}])),
        with(
            "servers",
            json!([{"url": "https://a/{v}", "variables": {"v": {"default": "1", "enum": ["1", "2"], "x-s": 1}}}]),
        ),
        with(
            "servers",
            json!([{"url": "u", "variables": {"v": {"enum": ["1"]}}}]),
        ),
        with("tags", json!(["a", "b"])),
        with("tags", json!(null)),
        with("deprecated", json!(null)),
        with("externalDocs", json!({"url": "u"})),
        with("requestBody", json!({"$ref": "#/b", "content": 5})),
        with(
            "requestBody",
            json!({"content": {"a/b": {"example": {"k": 1}, "examples": {"e": {"summary": "s"}}}}, "required": true, "x-b": 2}),
        ),
        json!({"summary": "no responses"}),
        json!({"responses": null}),
    ]
}

#[test]
fn operations_read_as_serde_reads_them() {
    let mut refused = 0;
    for op in operations() {
        for item in [
            json!({"get": op.clone()}),
            json!({"parameters": [], "post": op.clone(), "servers": []}),
        ] {
            let plain = oa::ReferenceOr::<oa::PathItem>::deserialize(&item).ok();
            refused += usize::from(plain.is_none());
            assert_eq!(path_item(&item), plain, "{item}");
        }
    }
    assert_eq!(refused, 2 * 18, "the cases serde refuses");
}
