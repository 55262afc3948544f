//! Rename shims across languages: the project spec's models, generated with
//! the shims of specs/migrations/box-template.yaml, decode payloads that use
//! the old wire names (old property names, old enum values, old type names)
//! and re-encode them with the new ones, in every SDK language.
//!
//! The models are generated as `specsmith generate` does with the manifest
//! (`Manifest::shims`), then tests/conformance/driver.py runs over the rename
//! vectors.
//! It builds the Go, Kotlin and Rust harnesses (about a minute and a half),
//! so it is ignored by `cargo test`; `make conformance` runs it with
//! `--ignored`. Needs the toolchains of scripts/install-toolchains.sh.

use std::path::{Path, PathBuf};
use std::process::Command;

use specsmith::compat::manifest::Manifest;
use specsmith::config::Config;
use specsmith::generate::{self, Request};
use specsmith::ir::Api;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shims_from_the_project_manifest() {
    let (api, manifest) = load();
    let shims = manifest.shims(&api);
    assert_eq!(
        shims
            .type_aliases
            .get("TemplateSnapshot")
            .map(String::as_str),
        Some("BoxTemplate")
    );
    assert_eq!(
        shims.field_aliases["CreateSandboxRequest"],
        vec![(
            "templateSnapshotId".to_string(),
            "boxTemplateId".to_string()
        )]
    );
    assert_eq!(
        shims.enum_aliases["SandboxSourceKind"],
        vec![("template_snapshot".to_string(), "box_template".to_string())]
    );
}

fn load() -> (Api, Manifest) {
    let spec = repo().join("specs/sandbox-lifecycle.yml");
    let (_, api, _) =
        specsmith::pipeline::load_and_lower(&spec, &Default::default()).expect("project spec");
    let manifest =
        Manifest::load(&repo().join("specs/migrations/box-template.yaml")).expect("manifest");
    (api, manifest)
}

#[test]
#[ignore = "builds every harness; run by `make conformance`"]
fn old_wire_names_decode_into_the_new_models_in_every_language() {
    let (api, manifest) = load();
    let tmp = tempfile::tempdir().unwrap();
    let sdk = tmp.path().join("sdk");
    let config = Config::read(&repo().join("specsmith.toml")).expect("specsmith.toml");
    let req = Request {
        config: Some(&config),
        manifest: Some(&manifest),
        command: "specsmith generate".into(),
        ..Request::new(
            repo().join("specs/sandbox-lifecycle.yml"),
            "specs/sandbox-lifecycle.yml",
            &["python", "typescript", "go", "kotlin", "rust"],
        )
    };
    let generated = generate::generate(&req).unwrap_or_else(|d| panic!("generate: {d:#?}"));
    specsmith::output::write(&sdk, &generated.trees).expect("write the SDKs");

    let vectors = specsmith::vectors::renames(&api, &manifest);
    assert!(
        vectors.len() >= 10,
        "the manifest's renames give vectors: {vectors:#?}"
    );
    let path = tmp.path().join("renames.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&serde_json::json!({
            "api": api.title, "version": api.version, "vectors": vectors,
        }))
        .unwrap(),
    )
    .unwrap();
    let out = driver(&sdk, &path);
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.status.success(),
        "some language does not decode the old names"
    );
    // Every language ran every vector (nothing unsupported, no build failure).
    for lang in ["python", "typescript", "go", "kotlin", "rust"] {
        let row = text
            .lines()
            .find(|l| l.starts_with(&format!("| {lang} |")))
            .unwrap_or_else(|| panic!("no row for {lang}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let passed: usize = cells[2].parse().unwrap();
        let excused: usize = cells[3].parse().unwrap();
        assert_eq!(passed + excused, vectors.len(), "{row}");
    }
}

fn driver(sdk: &Path, vectors: &Path) -> std::process::Output {
    Command::new("python3")
        .arg(repo().join("tests/conformance/driver.py"))
        .arg("--sdk")
        .arg(sdk)
        .arg("--vectors")
        .arg(vectors)
        .args(["--lang", "python", "--lang", "typescript", "--lang", "go"])
        .args(["--lang", "kotlin", "--lang", "rust"])
        .output()
        .expect("run python3 tests/conformance/driver.py")
}

/// The README's exceptions table is the driver's list, word for word.
#[test]
fn readme_lists_the_drivers_exceptions() {
    let out = Command::new("python3")
        .arg(repo().join("tests/conformance/driver.py"))
        .arg("--exceptions")
        .output()
        .expect("run python3 tests/conformance/driver.py --exceptions");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().count() > 5, "{table}");
    for doc in ["tests/conformance/README.md", "docs/conformance.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        assert!(
            text.contains(table.trim()),
            "{doc}: the exceptions table differs from `driver.py --exceptions`"
        );
    }
}
