//! The `specsmith` binary as users meet it: help, the rule list, `explain`,
//! `check` in every output format, the exit-code contract, and a closed pipe.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Two errors and a warning (security-scheme-undefined, unused-component).
const WITH_ERROR: &str = "tests/lint/security-scheme-undefined/positive.yaml";
/// Only a warning (missing-operation-id).
const WITH_WARNING: &str = "tests/lint/missing-operation-id/positive.yaml";
const CLEAN: &str = "tests/lint/missing-operation-id/negative.yaml";

/// Runs the binary from the repo root with an empty config, so a
/// `specsmith.toml` added to the repo later cannot change these results.
fn specsmith(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("a temp dir");
    let config = dir.path().join("specsmith.toml");
    std::fs::write(&config, "").expect("an empty config");
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .output()
        .expect("specsmith runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

#[test]
fn help() {
    let o = specsmith(&["--help"]);
    assert_eq!(code(&o), 0);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn check_help_documents_exit_codes() {
    let o = specsmith(&["check", "--help"]);
    assert_eq!(code(&o), 0);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn rules() {
    let o = specsmith(&["rules"]);
    assert_eq!(code(&o), 0);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn explain() {
    let o = specsmith(&["explain", "unresolved-ref"]);
    assert_eq!(code(&o), 0);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn check_text() {
    let o = specsmith(&["check", WITH_ERROR]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn check_json() {
    let o = specsmith(&["check", "--format", "json", WITH_ERROR]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let parsed: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("check --format json prints JSON");
    assert!(parsed["diagnostics"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn check_github() {
    let o = specsmith(&["check", "--format", "github", WITH_ERROR]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stdout(&o).starts_with("::error file="));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn exit_codes() {
    assert_eq!(code(&specsmith(&["check", CLEAN])), 0, "a clean spec");
    assert_eq!(
        code(&specsmith(&["check", WITH_WARNING])),
        0,
        "warnings alone pass"
    );
    assert_eq!(
        code(&specsmith(&["check", "--deny", "warnings", WITH_WARNING])),
        1,
        "--deny warnings"
    );
    assert_eq!(
        code(&specsmith(&["check", "--deny", "warnings", CLEAN])),
        0,
        "--deny warnings, clean"
    );
    assert_eq!(
        code(&specsmith(&["check", WITH_ERROR])),
        1,
        "error findings"
    );
    assert_eq!(
        code(&specsmith(&["check", CLEAN, WITH_ERROR])),
        1,
        "one bad spec of two"
    );

    let missing = specsmith(&["check", "tests/lint/no-such-spec.yaml"]);
    assert_eq!(code(&missing), 2, "an unreadable spec");
    assert!(
        stdout(&missing).contains("error[unreadable]"),
        "{}",
        stdout(&missing)
    );

    let unknown = specsmith(&["explain", "no-such-rule"]);
    assert_eq!(code(&unknown), 2, "explain of an unknown rule");
    assert!(
        stderr(&unknown).contains("specsmith rules"),
        "{}",
        stderr(&unknown)
    );

    assert_eq!(
        code(&specsmith(&["check", "--format", "yaml", CLEAN])),
        2,
        "a bad argument"
    );
}

#[test]
fn project_specs_lint_clean() {
    let o = specsmith(&[
        "check",
        "--deny",
        "warnings",
        "specs/sandbox-lifecycle.yml",
        "specs/baseline/sandbox-lifecycle.yml",
    ]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("0 error(s), 0 warning(s)"),
        "{}",
        stdout(&o)
    );
}

/// Runs specsmith with its stdout already closed at the other end.
fn with_closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("specsmith runs")
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    assert!(Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("specs/sandbox-lifecycle.yml")
        .is_file());
    let ir = with_closed_stdout(&["ir", "specs/sandbox-lifecycle.yml"]);
    assert_eq!(code(&ir), 0, "{}", stderr(&ir));
    assert!(stderr(&ir).is_empty(), "{}", stderr(&ir));

    // `check` keeps the exit code it would have had.
    let check = with_closed_stdout(&["check", WITH_ERROR]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(stderr(&check).is_empty(), "{}", stderr(&check));
}

#[test]
fn vectors_reports_the_examples_it_leaves_out() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    let o = specsmith(&[
        "vectors",
        "tests/fixtures/vector-examples.yaml",
        "--out",
        out,
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with("2 of the spec's examples left out: they do not match their own schema"),
        "{err}"
    );
    assert!(
        err.contains("tests/fixtures/vector-examples.yaml:46:7: Config/spec-example: at `/telemetry`: expected object, found string `\"\"` (and 1 more)"),
        "{err}"
    );
    assert!(err.contains("Config/example-putConfig-request: expected object, found an array"));
    let text = std::fs::read_to_string(dir.path().join("vectors.json")).expect("written");
    assert!(!text.contains("\"Config/spec-example\""));
    assert!(text.contains("\"Telemetry/spec-example\""));
}
