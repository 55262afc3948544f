//! The canonical form the normaliser gives 3.1 and 3.0 schemas and documents.

use super::*;
use serde_json::json;

fn norm(v: Value) -> Value {
    let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": v}}});
    normalize(&mut doc, true, &mut Notes::default());
    doc["components"]["schemas"]["S"].take()
}

#[test]
fn type_list_of_primitives_is_kept_for_the_lowering() {
    assert_eq!(
        norm(json!({"type": ["string", "integer", "null"]})),
        json!({"x-specsmith-types": ["string", "integer"], "nullable": true})
    );
    // A list with a structured type stays a kept keyword.
    assert_eq!(
        norm(json!({"type": ["string", "object"]})),
        json!({"x-specsmith-kw-type": ["string", "object"]})
    );
}

#[test]
fn type_array_with_null_becomes_nullable() {
    assert_eq!(
        norm(json!({"type": ["string", "null"]})),
        json!({"type": "string", "nullable": true})
    );
}

#[test]
fn unevaluated_keywords_that_cannot_reject_are_dropped() {
    assert_eq!(
        norm(
            json!({"type": "object", "additionalProperties": true, "unevaluatedProperties": false})
        ),
        json!({"type": "object", "additionalProperties": true})
    );
    assert_eq!(
        norm(json!({"type": "object", "unevaluatedProperties": true})),
        json!({"type": "object"})
    );
    assert_eq!(
        norm(json!({"type": "object", "unevaluatedProperties": false})),
        json!({"type": "object", "x-specsmith-kw-unevaluatedProperties": false})
    );
}

#[test]
fn boolean_schemas_under_schema_keys_are_schemas() {
    let mut doc = json!({"paths": {"/a": {"post": {
        "requestBody": {"content": {"application/json": {"schema": false}}},
        "parameters": [{"name": "q", "in": "query", "schema": true}],
        "responses": {}
    }}}});
    let mut notes = Notes::default();
    normalize(&mut doc, true, &mut notes);
    let op = &doc["paths"]["/a"]["post"];
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"],
        json!({"not": {}})
    );
    assert_eq!(op["parameters"][0]["schema"], json!({}));
}

#[test]
fn extensible_enum_becomes_an_enum() {
    assert_eq!(
        norm(json!({"type": "string", "x-extensible-enum": ["a", "b"]})),
        json!({"type": "string", "x-extensible-enum": ["a", "b"], "enum": ["a", "b"]})
    );
}

#[test]
fn const_becomes_enum() {
    assert_eq!(
        norm(json!({"const": "a"})),
        json!({"enum": ["a"], "x-specsmith-const": true})
    );
}

#[test]
fn ref_siblings_are_kept() {
    let out = norm(json!({"$ref": "#/components/schemas/T", "description": "d"}));
    assert_eq!(
        out,
        json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
    );
}

#[test]
fn annotation_only_all_of_parts_are_siblings_of_the_ref() {
    let out = norm(json!({"allOf": [
        {"$ref": "#/components/schemas/T"},
        {"description": "d", "readOnly": true}
    ]}));
    assert_eq!(
        out,
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d", "readOnly": true})
    );
    // A part that constrains, or an annotation that disagrees, stays a part.
    for kept in [
        json!({"allOf": [{"$ref": "#/x"}, {"description": "d", "maxLength": 3}]}),
        json!({"description": "outer", "allOf": [{"$ref": "#/x"}, {"description": "inner"}]}),
        json!({"allOf": [{"$ref": "#/x"}, {"$ref": "#/y"}, {"description": "d"}]}),
    ] {
        assert_eq!(norm(kept.clone()), kept);
    }
}

#[test]
fn one_of_null_becomes_nullable() {
    let out = norm(json!({"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}));
    assert_eq!(out, json!({"nullable": true, "allOf": [{"$ref": "#/x"}]}));
}

#[test]
fn huge_integer_bounds_are_clamped() {
    let out = norm(json!({"type": "integer", "minimum": -9223372036854776000.0_f64}));
    assert_eq!(out["minimum"], json!(i64::MIN));
}

#[test]
fn exclusive_bounds_become_flags() {
    let out = norm(json!({"type": "number", "exclusiveMinimum": 0}));
    assert_eq!(
        out,
        json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
    );
}

#[test]
fn deep_refs_are_inlined() {
    let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {
        "Tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]},
        "Team": {"$ref": "#/components/schemas/Tag/allOf/0", "description": "d"},
        "Named": {"$ref": "#/components/schemas/Tag"},
    }}});
    normalize(&mut doc, false, &mut Notes::default());
    let team = &doc["components"]["schemas"]["Team"];
    assert_eq!(team["properties"]["id"]["type"], "string");
    assert_eq!(team["description"], "d");
    assert!(team.get("$ref").is_none());
    // A whole component stays a reference.
    assert_eq!(
        doc["components"]["schemas"]["Named"]["$ref"],
        "#/components/schemas/Tag"
    );
}

#[test]
fn self_referencing_deep_refs_stop() {
    let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {
        "A": {"properties": {"b": {"items": {"$ref": "#/components/schemas/A/properties/b"}}}},
    }}});
    normalize(&mut doc, false, &mut Notes::default());
    assert!(doc.to_string().len() < 4000);
}

#[test]
fn operations_without_responses_get_an_empty_map_in_31() {
    let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"summary": "s"}}}});
    normalize(&mut doc, true, &mut Notes::default());
    assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
    let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"summary": "s"}}}});
    normalize(&mut doc, false, &mut Notes::default());
    assert!(doc["paths"]["/a"]["get"].get("responses").is_none());
}

#[test]
fn unknown_keywords_are_kept_as_extensions() {
    let out = norm(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
    assert!(out.get("x-specsmith-kw-prefixItems").is_some());
}
