//! The generated rust-server crate for real: `cargo build` and `cargo clippy
//! -D warnings` on the project spec and the kitchen sink, and an end-to-end
//! run of the project spec's server (generated with the box-template rename
//! shims) behind the hand-written in-memory service in `tests/e2e-server/`,
//! driven over loopback HTTP.
//!
//! Cargo builds into `target/e2e` (shared, so the dependencies compile once;
//! the first run takes a few minutes). Skipped with a message when cargo
//! cannot fetch the dependencies, or when `SPECSMITH_SKIP_CARGO_TESTS` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

use specsmith::config::Config;
use specsmith::emit::Shims;
use specsmith::generate::{self, Request};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shims a migration manifest for the box-template rename would declare.
fn rename_shims() -> Shims {
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    Shims {
        type_aliases: [
            ("TemplateSnapshot", "BoxTemplate"),
            ("TemplateSnapshotState", "BoxTemplateState"),
            ("CreateTemplateSnapshotRequest", "CreateBoxTemplateRequest"),
            ("ListTemplateSnapshotsResponse", "ListBoxTemplatesResponse"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect(),
        field_aliases: [
            ("BoxTemplate", pairs(&[("snapshotRef", "artifactRef")])),
            (
                "CreateBoxTemplateRequest",
                pairs(&[("snapshotRef", "artifactRef")]),
            ),
            (
                "CreateSandboxRequest",
                pairs(&[("templateSnapshotId", "boxTemplateId")]),
            ),
            (
                "SandboxSource",
                pairs(&[("templateSnapshotId", "boxTemplateId")]),
            ),
        ]
        .into_iter()
        .map(|(t, v)| (t.to_string(), v))
        .collect(),
        enum_aliases: [(
            "SandboxSourceKind".to_string(),
            pairs(&[("template_snapshot", "box_template")]),
        )]
        .into_iter()
        .collect(),
        path_aliases: [
            ("/template-snapshots", "/box-templates"),
            (
                "/template-snapshots/{templateSnapshotId}",
                "/box-templates/{templateId}",
            ),
            (
                "/template-snapshots/{templateSnapshotId}/activate",
                "/box-templates/{templateId}/activate",
            ),
            (
                "/template-snapshots/{templateSnapshotId}/deactivate",
                "/box-templates/{templateId}/deactivate",
            ),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect(),
        ..Default::default()
    }
}

/// Generates the rust-server crate of `spec` into `out/rust-server`.
fn generate_into(spec: &str, shims: Shims, out: &Path) {
    let config = Config::read(&repo().join("specsmith.toml")).expect("specsmith.toml");
    let req = Request {
        config: Some(&config),
        shims,
        command: "specsmith generate".into(),
        ..Request::new(repo().join(spec), spec, &["rust-server"])
    };
    let trees = generate::generate(&req).unwrap_or_else(|d| panic!("generate {spec}: {d:#?}"));
    specsmith::output::write(out, &trees.trees).expect("write the crate");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &dest);
            }
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

enum Run {
    /// Cargo's standard output.
    Ok(String),
    /// Cargo could not fetch dependencies (offline machine).
    Offline(String),
}

/// Runs cargo in `dir`; panics with its output when it fails for a reason
/// other than the network.
fn cargo(dir: &Path, args: &[&str]) -> Run {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo().join("target/e2e"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    if out.status.success() {
        return Run::Ok(String::from_utf8_lossy(&out.stdout).to_string());
    }
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let network = [
        "failed to download",
        "Unable to update registry",
        "failed to get `",
        "Couldn't resolve host",
        "failed to query replaced source registry",
        "network failure",
        "failed to load source for dependency",
    ];
    if network.iter().any(|n| stderr.contains(n)) {
        return Run::Offline(stderr);
    }
    panic!(
        "cargo {} in {} failed:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        stderr
    );
}

fn skipped() -> bool {
    if std::env::var_os("SPECSMITH_SKIP_CARGO_TESTS").is_some() {
        eprintln!("skipped: SPECSMITH_SKIP_CARGO_TESTS is set");
        return true;
    }
    false
}

/// Build and clippy one crate; false (with a message) when offline.
fn build_and_clippy(dir: &Path) -> bool {
    for args in [
        &["build", "--quiet"][..],
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"][..],
    ] {
        if let Run::Offline(e) = cargo(dir, args) {
            eprintln!("skipped: cargo could not fetch the generated crate's dependencies:\n{e}");
            return false;
        }
    }
    true
}

#[test]
fn generated_servers_build_and_pass_clippy() {
    if skipped() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for (name, spec) in [
        ("lifecycle", "specs/sandbox-lifecycle.yml"),
        ("kitchen-sink", "tests/emit/kitchen-sink.yaml"),
    ] {
        let root = tmp.path().join(name);
        generate_into(spec, Shims::default(), &root);
        if !build_and_clippy(&root.join("rust-server")) {
            return;
        }
    }
}

#[test]
fn generated_server_serves_the_lifecycle_api_end_to_end() {
    if skipped() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    generate_into("specs/sandbox-lifecycle.yml", rename_shims(), tmp.path());
    // The shimmed crate must be as clean as the plain one.
    if !build_and_clippy(&tmp.path().join("rust-server")) {
        return;
    }
    let e2e = tmp.path().join("e2e-server");
    copy_dir(&repo().join("tests/e2e-server"), &e2e);
    match cargo(&e2e, &["test"]) {
        Run::Ok(out) => {
            // The in-memory service's own tests: both must have run.
            assert!(
                out.contains("test sandbox_lifecycle_over_http ... ok")
                    && out.contains("test renamed_paths_and_fields_still_work ... ok"),
                "{out}"
            );
        }
        Run::Offline(e) => {
            eprintln!("skipped: cargo could not fetch the test crate's dependencies:\n{e}")
        }
    }
}
