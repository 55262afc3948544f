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

/// `normalized_copy` and `normalize` on a clone: the same value, the same
/// notes in the same order.
fn assert_copy_is_plain(doc: &Value, is_31: bool, what: &str) {
    let mut plain = doc.clone();
    let mut plain_notes = Notes::default();
    normalize(&mut plain, is_31, &mut plain_notes);
    let mut notes = Notes::default();
    let copy = normalized_copy(doc, is_31, true, &mut notes);
    assert_eq!(copy, plain, "{what}");
    // Same keys in the same order too.
    assert_eq!(
        serde_json::to_string(&copy).unwrap(),
        serde_json::to_string(&plain).unwrap(),
        "{what}"
    );
    assert_eq!(notes.changes, plain_notes.changes, "{what}");
    assert_eq!(notes.deep_schemas, plain_notes.deep_schemas, "{what}");
}

#[test]
fn the_copy_made_member_by_member_is_the_plain_one() {
    let docs = crate::load::fit::tests::project_docs();
    assert!(docs.len() > 30, "only {} specs found", docs.len());
    let mut changed = 0;
    for doc in &docs {
        for is_31 in [false, true] {
            assert_copy_is_plain(&doc.bundled, is_31, &doc.files[0].display);
        }
        changed += usize::from(doc.bundled != doc.normalized);
    }
    assert!(changed > 10, "only {changed} specs changed by normalising");
}

#[test]
fn the_copy_keeps_the_odd_shapes_as_the_plain_walk_does() {
    let op = json!({"parameters": [{"in": "query", "name": "q"}], "summary": "s"});
    let shapes = [
        // Path items under paths, webhooks and components, an extension
        // that looks like one, a 3.1 type list, an unsupported security
        // scheme, a section that is not a map.
        json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": op}, "x-like": {"get": {}}, "schema": {"type": ["string", "null"]}},
            "webhooks": {"w": {"post": {}}},
            "components": {
                "schemas": {"S": {"type": ["integer", "null"], "const": 1}},
                "pathItems": {"P": {"put": {}}},
                "securitySchemes": {"k": {"type": "mutualTLS"}, "b": {"type": "http", "scheme": "bearer"}},
                "examples": 7
            },
            "x-top": {"schema": {"type": ["string", "null"]}}
        }),
        // No paths and no info; paths that look like a parameter; components not a map.
        json!({"openapi": "3.1.0", "components": 1}),
        json!({"openapi": "3.0.3", "paths": {"in": {}, "name": {}}, "info": {}}),
        json!({"openapi": "3.1.0", "paths": 5, "webhooks": [1]}),
        // A reference into the middle of a component: the plain way.
        json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {"properties": {"b": {"type": ["string", "null"]}}},
            "C": {"$ref": "#/components/schemas/A/properties/b"}
        }}}),
        json!([1, 2]),
    ];
    for (i, doc) in shapes.iter().enumerate() {
        for is_31 in [false, true] {
            assert_copy_is_plain(doc, is_31, &format!("shape {i}"));
        }
    }
}
