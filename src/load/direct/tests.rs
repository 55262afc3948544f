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
