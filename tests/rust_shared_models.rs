//! A run that generates both Rust crates makes their models once and shares
//! them: each crate must get the same files and findings as when it is
//! generated alone, renamed and write-only properties (the part that
//! differs between the two) included.

use std::path::PathBuf;

use specsmith::compat::manifest::Manifest;
use specsmith::generate::{self, Generated, Request};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate(spec: &str, manifest: Option<&Manifest>, targets: &[&str]) -> Generated {
    let req = Request {
        manifest,
        command: "specsmith generate".into(),
        ..Request::new(repo().join(spec), spec, targets)
    };
    generate::generate(&req).unwrap_or_else(|d| panic!("generate {spec}: {d:#?}"))
}

fn same_as_alone(spec: &str, manifest: Option<&Manifest>) {
    let both = generate(spec, manifest, &["rust", "rust-server"]);
    let server = generate(spec, manifest, &["rust-server"]);
    let sdk = generate(spec, manifest, &["rust"]);
    assert_eq!(
        both.trees.get("rust"),
        sdk.trees.get("rust"),
        "{spec}: rust"
    );
    assert_eq!(
        both.trees.get("rust-server"),
        server.trees.get("rust-server"),
        "{spec}: rust-server"
    );
    let mut alone: Vec<String> = server
        .warnings
        .iter()
        .chain(&sdk.warnings)
        .map(|d| d.to_string())
        .collect();
    alone.sort();
    alone.dedup();
    let mut together: Vec<String> = both.warnings.iter().map(|d| d.to_string()).collect();
    together.sort();
    assert_eq!(together, alone, "{spec}: findings");
}

#[test]
fn both_crates_get_the_models_they_get_alone() {
    // Write-only properties: the server never writes them, the SDK does.
    same_as_alone("tests/emit/kitchen-sink.yaml", None);
    // Served renames: the server writes both names, the SDK the new one.
    let manifest = Manifest::load(&repo().join("specs/migrations/box-template.yaml"))
        .expect("the migration manifest");
    same_as_alone("specs/sandbox-lifecycle.yml", Some(&manifest));
}
