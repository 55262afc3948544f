//! Unit tests of `$id` resolution.

use super::*;

#[test]
fn schema_ids_and_anchors_resolve_to_local_pointers() {
    let mut doc = serde_json::json!({
        "openapi": "3.1.0",
        "components": {"schemas": {
            "Pet": {"properties": {
                "details": {"$ref": "/api/schemas/petdetails"},
                "detailsId": {"$ref": "/api/schemas/petdetails#details_id"},
                "detailsName": {"$ref": "/api/schemas/petdetails#/properties/name"},
                "other": {"$ref": "other.yaml#/components/schemas/X"}
            }},
            "PetDetails": {
                "$id": "/api/schemas/petdetails",
                "properties": {
                    "id": {"$anchor": "details_id", "type": "integer"},
                    "name": {"type": "string"},
                    "tag": {"$ref": "tag"}
                }
            },
            "Tag": {"$id": "/api/schemas/tag", "type": "string"}
        }}
    });
    resolve_schema_ids(&mut doc);
    let at = |p: &str| {
        doc.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let props = "/components/schemas/Pet/properties";
    assert_eq!(
        at(&format!("{props}/details/$ref")),
        "#/components/schemas/PetDetails"
    );
    assert_eq!(
        at(&format!("{props}/detailsId/$ref")),
        "#/components/schemas/PetDetails/properties/id"
    );
    assert_eq!(
        at(&format!("{props}/detailsName/$ref")),
        "#/components/schemas/PetDetails/properties/name"
    );
    assert_eq!(
        at(&format!("{props}/other/$ref")),
        "other.yaml#/components/schemas/X"
    );
    assert_eq!(
        at("/components/schemas/PetDetails/properties/tag/$ref"),
        "#/components/schemas/Tag",
        "relative to the enclosing $id"
    );
    assert_eq!(
        resolve_uri("https://x.test/a/b", "../c"),
        "https://x.test/c"
    );
    // 3.0 has no `$id`: left alone.
    let mut old = serde_json::json!({"openapi": "3.0.3", "a": {"$id": "/x"}, "b": {"$ref": "/x"}});
    resolve_schema_ids(&mut old);
    assert_eq!(old.pointer("/b/$ref").and_then(Value::as_str), Some("/x"));
}
