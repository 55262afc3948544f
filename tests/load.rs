//! The loader's contract: multi-file refs bundle into components, hostile or
//! untrusted input is refused with a located error, real-world quirks load.

use std::path::{Path, PathBuf};

use specsmith::load::{load, load_text, LoadOptions};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/load")
        .join(p)
}

fn opts() -> LoadOptions {
    LoadOptions {
        display_base: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
        ..Default::default()
    }
}

fn load_str(text: &str) -> Result<specsmith::load::Document, specsmith::load::LoadFailure> {
    load_text(&fixture("inline.yaml"), text.to_string(), &opts())
}

#[test]
fn file_refs_are_bundled_into_components_with_locations() {
    let doc = load(&fixture("multi/root.yaml"), &opts()).expect("loads");
    let schemas = doc
        .bundled
        .pointer("/components/schemas")
        .unwrap()
        .as_object()
        .unwrap();
    // The root's own Error keeps its name; the external one gets a suffix.
    assert!(schemas.contains_key("Pet") && schemas.contains_key("Owner"));
    assert!(
        schemas.contains_key("Error") && schemas.contains_key("Error_schemas"),
        "{:?}",
        schemas.keys()
    );
    assert_eq!(
        doc.bundled
            .pointer("/components/schemas/Pet/properties/owner/$ref")
            .unwrap(),
        "#/components/schemas/Owner"
    );
    assert_eq!(
        doc.bundled
            .pointer("/components/parameters/PetId/name")
            .unwrap(),
        "petId"
    );
    // Locations point back into the file the node came from.
    let loc = doc.locate("/components/schemas/Pet/properties/name");
    assert_eq!(loc.file, "tests/fixtures/load/multi/common/schemas.yaml");
    assert_eq!(
        (loc.line, loc.pointer.as_str()),
        (7, "/components/schemas/Pet/properties/name")
    );
    // Recursive refs across the files lower without overflowing.
    let ir = specsmith::ir::lower(&doc);
    assert!(ir.api.types.contains_key("Pet"));
    assert!(ir.diagnostics.is_empty(), "{:?}", ir.diagnostics);
}

#[test]
fn refs_leaving_the_tree_and_remote_refs_are_refused() {
    let err = load(&fixture("escape/root.yaml"), &opts()).expect_err("refused");
    let rules: Vec<&str> = err.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert!(rules.contains(&"ref-outside-root"), "{rules:?}");
    assert!(rules.contains(&"remote-ref"), "{rules:?}");
    let d = err
        .diagnostics
        .iter()
        .find(|d| d.rule == "ref-outside-root")
        .unwrap();
    assert_eq!(
        (d.loc.line, d.loc.file.as_str()),
        (7, "tests/fixtures/load/escape/root.yaml")
    );
}

#[test]
fn allowed_roots_let_a_ref_leave_the_tree() {
    let mut o = opts();
    o.allowed_roots.push(fixture("multi"));
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: '../multi/common/schemas.yaml#/components/schemas/Pet'\n";
    let doc = load_text(&fixture("escape/other.yaml"), text.into(), &o).expect("allowed");
    assert!(
        doc.bundled
            .pointer("/components/schemas/Pet_schemas")
            .is_some()
            || doc.bundled.pointer("/components/schemas/Pet").is_some()
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = "a".to_string();
    for i in 0..9 {
        let name = format!("b{i}");
        text.push_str(&format!(
            "x-{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
        prev = name;
    }
    let start = std::time::Instant::now();
    let err = load_str(&text).expect_err("refused");
    assert!(err.diagnostics.iter().any(|d| d.rule == "alias-bomb"));
    assert!(start.elapsed().as_secs() < 5);
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}\n",
        "[".repeat(100_000)
    );
    let err = load_str(&text).expect_err("refused");
    assert!(
        err.diagnostics.iter().any(|d| d.rule == "nesting-too-deep"),
        "{:?}",
        err.diagnostics
    );
}

#[test]
fn quirks_load_bom_crlf_tabs_big_numbers_duplicate_keys() {
    let text = "\u{feff}openapi: 3.1.0\r\ninfo:\r\n  title: t\r\n  version: '1'\r\n  description: |\r\n    a\tb\r\npaths: {}\r\ncomponents:\r\n  schemas:\r\n    N:\r\n      type: integer\r\n      minimum: -9223372036854776000\r\n      maximum: 1.0e3\r\n    N:\r\n      type: integer\r\n      minimum: -9223372036854776000\r\n";
    let doc = load_str(text).expect("loads");
    assert_eq!(doc.api.info.description.as_deref(), Some("a\tb\n"));
    let dup = doc
        .diagnostics
        .iter()
        .find(|d| d.rule == "duplicate-key")
        .expect("duplicate reported");
    assert_eq!(dup.loc.line, 14);
}

#[test]
fn bad_yaml_is_a_located_error() {
    let err = load_str("openapi: 3.1.0\ninfo:\n  title: [unclosed\n").expect_err("fails");
    let d = &err.diagnostics[0];
    assert_eq!(d.rule, "yaml-syntax");
    assert!(d.loc.line >= 3, "{d}");
}

#[test]
fn swagger_2_is_refused_with_advice() {
    let err = load_str("swagger: '2.0'\ninfo: {title: t, version: '1'}\n").expect_err("refused");
    assert!(err.diagnostics[0].message.contains("Swagger 2.0"));
}

#[test]
fn a_schema_openapiv3_cannot_read_is_reported_and_skipped() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Bad:\n      type: object\n      properties: 7\n    Good:\n      type: string\n";
    let doc = load_str(text).expect("loads the rest");
    assert!(doc
        .api
        .components
        .as_ref()
        .unwrap()
        .schemas
        .contains_key("Good"));
}

#[test]
fn json_and_yaml_of_the_same_spec_lower_to_the_same_ir() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/large");
    let (y, j) = (
        corpus.join("oai-petstore-3.0.yaml"),
        corpus.join("oai-petstore-3.0.json"),
    );
    if !y.is_file() {
        eprintln!("skipped: corpus not found");
        return;
    }
    let a = specsmith::ir::lower(&load(&y, &opts()).unwrap()).api;
    let b = specsmith::ir::lower(&load(&j, &opts()).unwrap()).api;
    assert_eq!(
        a.types.keys().collect::<Vec<_>>(),
        b.types.keys().collect::<Vec<_>>()
    );
    assert_eq!(a.operations.len(), b.operations.len());
}

/// A JSON root is scanned for `$ref`, `$id` and `$anchor` beside its parse,
/// and the loader skips the walks that would find none; YAML is walked
/// every time. Each spec here, written both ways, must load the same.
#[test]
fn a_json_root_loads_as_its_yaml_twin() {
    let specs = [
        // File refs, bundled into components.
        std::fs::read_to_string(fixture("multi/root.yaml")).unwrap(),
        // A ref into the middle of a component, inlined.
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {type: string, maxLength: 3}\n    C:\n      type: object\n      properties:\n        d: {$ref: '#/components/schemas/A/properties/b'}\n".to_string(),
        // An `$id` that a ref names, resolved to the schema's pointer.
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $id: https://example.com/a\n      type: object\n      properties:\n        b: {type: string}\n    C:\n      type: object\n      properties:\n        d: {$ref: 'https://example.com/a'}\n".to_string(),
        // None of them.
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    C: {$ref: '#/components/schemas/A'}\n".to_string(),
    ];
    for yaml in specs {
        let value: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
        let json = serde_json::to_string_pretty(&value).unwrap();
        let a = load_text(&fixture("multi/twin.yaml"), yaml.clone(), &opts()).expect("yaml");
        let b = load_text(&fixture("multi/twin.json"), json, &opts()).expect("json");
        assert!(a.files[0].ref_hints.is_none() && b.files[0].ref_hints.is_some());
        assert_eq!(a.bundled, b.bundled, "{yaml}");
        assert_eq!(a.normalized, b.normalized, "{yaml}");
        assert_eq!(a.files.len(), b.files.len(), "{yaml}");
        // The types alike but for where they are (line and column).
        let kinds = |doc| {
            let api = specsmith::ir::lower(&doc).api;
            let kinds: Vec<String> = api.types.values().map(|t| format!("{t:?}")).collect();
            kinds
                .iter()
                .map(|k| k.split("loc: ").next().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(a), kinds(b), "{yaml}");
    }
}

#[test]
fn a_large_file_loads_once() {
    // 50 MB of schemas: read and parsed without blowing up.
    let mut text = String::from("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"big\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{");
    let mut i = 0;
    while text.len() < 50_000_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("\"S{i}\":{{\"type\":\"object\",\"description\":\"{}\",\"properties\":{{\"a\":{{\"type\":\"string\"}}}}}}", "x".repeat(400)));
        i += 1;
    }
    text.push_str("}}}");
    let doc = load_str(&text).expect("loads");
    assert_eq!(doc.api.components.as_ref().unwrap().schemas.len(), i);
}

#[test]
fn refs_inside_example_values_and_extensions_are_data() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-topics:\n  - content:\n      $ref: ./docs/missing.md\ncomponents:\n  examples:\n    Scim:\n      value:\n        $ref: https://example.com/scim/User\n";
    let doc = load_str(text).expect("example payloads and extensions are not followed");
    assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
}

#[test]
fn a_missing_file_inside_the_tree_is_unresolved_not_outside() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: './nope/missing.yaml#/A'\n";
    let doc = load_str(text).expect("not fatal");
    let rules: Vec<&str> = doc.diagnostics.iter().map(|d| d.rule.as_str()).collect();
    assert!(rules.contains(&"unresolved-ref"), "{rules:?}");
    assert!(!rules.contains(&"ref-outside-root"), "{rules:?}");
}

/// `check` and `generate` lower the component schemas while the path items
/// are read beside (and fall back to the slow read when one does not fit):
/// the document, the IR and every finding must be what loading first and
/// lowering after gives, for every spec of the project's own.
#[test]
fn lowering_beside_the_path_read_is_lowering_after_it() {
    use specsmith::pipeline::{load_and_lower, load_lower_and_lint};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    let mut dirs: Vec<PathBuf> = ["specs", "tests/emit", "tests/fixtures", "tests/conformance"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "json") {
                specs.push(p);
            }
        }
    }
    specs.sort();
    let (mut compared, mut misfits) = (0, 0);
    for spec in &specs {
        let Ok((doc, api, diags)) = load_and_lower(spec, &opts()) else {
            assert!(
                load_lower_and_lint(spec, &opts(), None).is_err(),
                "{spec:?}"
            );
            continue;
        };
        let (doc2, api2, diags2, partial) = load_lower_and_lint(spec, &opts(), None).unwrap();
        assert_eq!(doc2.api, doc.api, "{spec:?}");
        assert_eq!(doc2.normalized, doc.normalized, "{spec:?}");
        assert_eq!(format!("{api2:?}"), format!("{api:?}"), "{spec:?}");
        assert_eq!(diags2, diags, "{spec:?}");
        let linted = specsmith::lint::run(&doc, &api, None);
        assert_eq!(
            specsmith::lint::run_rest(&doc2, &api2, None, partial),
            linted
        );
        compared += 1;
        misfits += usize::from(diags.iter().any(|d| d.rule == "invalid-document"));
    }
    assert!(compared > 30, "only {compared} specs compared");
    assert!(misfits >= 2, "only {misfits} specs with misfits");
}
