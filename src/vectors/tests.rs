//! The vectors built for the kitchen-sink, the project spec and its migration
//! manifest, and the spec examples left out of them.

use super::*;
use serde_json::json;

#[test]
fn vectors_cover_the_kitchen_sink() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emit/kitchen-sink.yaml");
    let (_, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
    let set = build(&api);
    let ids: BTreeSet<&str> = set.vectors.iter().map(|v| v.id.as_str()).collect();
    for id in [
        "Thing/minimal",
        "Thing/nulls",
        "Thing/unknown-property",
        "Thing/missing-name",
        "ThingKind/unknown-value",
        "Color/unknown-value",
        "Shape/unknown-variant",
        "TreeNode/deepest",
        "Thing/count64-int64-max",
    ] {
        assert!(ids.contains(id), "{id} missing");
    }
    let closed = set
        .vectors
        .iter()
        .find(|v| v.id == "Color/unknown-value")
        .unwrap();
    assert!(!closed.accept);
    let nulls = set.vectors.iter().find(|v| v.id == "Thing/nulls").unwrap();
    assert_eq!(nulls.value["requiredNullable"], Value::Null);
    assert!(nulls.value.get("optionalPlain").is_none());
    // Thing is sent and received: its required read-only `id` and
    // write-only `secret` are optional in the models. TreeNode is only
    // received: its required read-only `depth` is not.
    let minimal = set
        .vectors
        .iter()
        .find(|v| v.id == "Thing/minimal")
        .unwrap();
    assert!(minimal.value.get("id").is_none() && minimal.value.get("secret").is_none());
    assert!(!ids.contains("Thing/missing-id") && !ids.contains("Thing/missing-secret"));
    assert!(ids.contains("TreeNode/missing-depth"));
    let big = set
        .vectors
        .iter()
        .find(|v| v.id == "Thing/count64-int64-max")
        .unwrap();
    assert_eq!(big.tags, vec![TAG_INT64.to_string()]);
    assert_eq!(big.value["count64"], json!(i64::MAX));
}

#[test]
fn examples_that_break_their_schema_are_left_out_and_reported() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/vector-examples.yaml");
    let (doc, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
    let (set, skipped) = build_checked(&doc, &api, None);
    let ids: BTreeSet<&str> = set.vectors.iter().map(|v| v.id.as_str()).collect();
    // Valid examples stay, schema and media-type ones alike.
    for id in [
        "Telemetry/spec-example",
        "Config/example-putConfig-200",
        "Thread/spec-example",
    ] {
        assert!(ids.contains(id), "{id} missing");
    }
    // A string where an object belongs; an array for an object.
    let left: Vec<&str> = skipped.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        left,
        vec!["Config/spec-example", "Config/example-putConfig-request"]
    );
    assert!(!ids.contains("Config/spec-example"));
    assert!(!ids.contains("Config/example-putConfig-request"));
    let config = &skipped[0];
    assert_eq!(config.problems.len(), 2, "{:?}", config.problems);
    assert_eq!(config.problems[0].at, "/telemetry");
    assert!(config
        .describe()
        .contains("Config/spec-example: at `/telemetry`: expected object"));
    assert_eq!(config.loc.line, 46, "points at the example");
    // The XML example of the same response, a string, is not reported
    // beside the JSON one that gave the vector.
    let ok = set
        .vectors
        .iter()
        .find(|v| v.id == "Config/example-putConfig-200")
        .unwrap();
    assert!(ok.value.is_object());
    // A tag the discriminator does not map is an unknown variant.
    let thread = set
        .vectors
        .iter()
        .find(|v| v.id == "Thread/spec-example")
        .unwrap();
    assert_eq!(thread.tags, vec![TAG_UNKNOWN_VARIANT.to_string()]);
    // Without the document, examples are taken as they are.
    let unchecked = build(&api);
    assert!(unchecked
        .vectors
        .iter()
        .any(|v| v.id == "Config/spec-example"));
}

#[test]
fn project_vectors_cover_the_listed_edge_cases() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/sandbox-lifecycle.yml");
    let (_, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
    let set = build(&api);
    let get = |id: &str| {
        set.vectors
            .iter()
            .find(|v| v.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    // A required write-only property: tagged, since the targets differ.
    let missing = get("ImageAuth/missing-password");
    assert!(!missing.accept);
    assert_eq!(missing.tags, vec![TAG_DIRECTIONAL_REQUIRED.to_string()]);
    // additionalProperties: false binds the sender: a reader keeps the
    // property (a vector of its own, tagged).
    let forbidden = get("Snapshot/forbidden-property");
    assert!(forbidden.accept);
    assert_eq!(forbidden.tags, vec![TAG_FORBIDDEN_PROPERTY.to_string()]);
    assert!(forbidden.value.get(UNKNOWN_PROPERTY).is_some());
    let dt = get("Sandbox/createdAt-negative-offset");
    assert_eq!(dt.value["createdAt"], json!("1999-12-31T16:00:00.5-08:00"));
}

#[test]
fn rename_vectors_use_the_old_names_and_expect_the_new() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, api, _) = crate::pipeline::load_and_lower(
        &root.join("specs/sandbox-lifecycle.yml"),
        &Default::default(),
    )
    .unwrap();
    let manifest = Manifest::load(&root.join("specs/migrations/box-template.yaml")).unwrap();
    let set = build_with(&api, Some(&manifest));
    let get = |id: &str| {
        set.vectors
            .iter()
            .find(|v| v.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    let prop = get("CreateSandboxRequest/renamed-property-templateSnapshotId");
    assert_eq!(prop.value, json!({"templateSnapshotId": "text"}));
    assert_eq!(prop.expect, Some(json!({"boxTemplateId": "text"})));
    let value = get("SandboxSourceKind/renamed-value-template_snapshot");
    assert_eq!(value.value, json!("template_snapshot"));
    assert_eq!(value.expect, Some(json!("box_template")));
    let nested = get("SandboxSource/kind-renamed-value-template_snapshot");
    assert_eq!(nested.value["kind"], json!("template_snapshot"));
    let ty = get("BoxTemplate/renamed-type-TemplateSnapshot");
    assert_eq!(ty.type_name, "TemplateSnapshot");
    assert!(ty.value.get("artifactRef").is_some());
    // The old names never appear in the vectors without the manifest.
    assert!(build(&api)
        .vectors
        .iter()
        .all(|v| !v.tags.contains(&TAG_RENAME.to_string())));
}

#[test]
fn a_const_and_a_one_value_enum_are_read_tolerantly() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emit/sdk-edges.yaml");
    let (_, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
    let set = build(&api);
    let find = |id: &str| {
        set.vectors
            .iter()
            .find(|v| v.id == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    // `const: circle` and an integer const: another value is kept, and the
    // vector says the const is typed as its literal.
    for id in ["CircleKind/unknown-value", "CircleRevision/unknown-value"] {
        assert!(find(id).accept, "{id}");
        assert!(
            find(id).tags.contains(&TAG_CONST_LITERAL.to_string()),
            "{id}"
        );
    }
    // `enum: [dark]`: an open enum like any other.
    let shade = find("CircleShade/unknown-value");
    assert!(shade.accept);
    assert!(shade.tags.is_empty());
    // A const marked closed refuses another value.
    assert!(!find("SquareUnit/unknown-value").accept);
}
