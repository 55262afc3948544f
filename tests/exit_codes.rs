//! The exit-code contract in every command, from one table: 0 clean,
//! 1 findings / drift / breaking, 2 could not run.

use std::process::Command;

const CLEAN: &str = "tests/lint/unresolved-ref/negative.yaml";
/// An unresolved `$ref`: an error in `check`, and it blocks `generate`, `docs`, `vectors`.
const FINDINGS: &str = "tests/lint/unresolved-ref/positive.yaml";
const MISSING: &str = "tests/lint/no-such-spec.yaml";
const BREAKING_BASE: &str = "tests/compat/enum-value-removed/base.yaml";
const BREAKING_HEAD: &str = "tests/compat/enum-value-removed/head.yaml";

/// `{out}` is a fresh empty folder, `{unreadable}` a file that is not UTF-8
/// text, `{broken}` a templates folder whose TypeScript client calls a
/// function that does not exist.
const TABLE: &[(&str, &str, i32)] = &[
    // command, arguments, exit code
    ("clean", "check {clean}", 0),
    ("clean", "diff {clean} {clean}", 0),
    ("clean", "rules", 0),
    ("clean", "explain unresolved-ref", 0),
    ("clean", "ir {clean}", 0),
    ("clean", "vectors {clean} --out {out}", 0),
    ("clean", "generate {clean} --target python --out {out}", 0),
    ("clean", "docs {clean} --out {out}", 0),
    ("missing spec", "check {missing}", 2),
    ("missing spec", "diff {missing} {clean}", 2),
    ("missing spec", "diff {clean} {missing}", 2),
    ("missing spec", "ir {missing}", 2),
    ("missing spec", "vectors {missing} --out {out}", 2),
    ("missing spec", "generate {missing} --out {out}", 2),
    ("missing spec", "generate {missing} --check --out {out}", 2),
    ("missing spec", "docs {missing} --out {out}", 2),
    ("unreadable file", "check {unreadable}", 2),
    ("unreadable file", "diff {unreadable} {clean}", 2),
    ("unreadable file", "ir {unreadable}", 2),
    ("unreadable file", "vectors {unreadable} --out {out}", 2),
    ("unreadable file", "generate {unreadable} --out {out}", 2),
    ("unreadable file", "docs {unreadable} --out {out}", 2),
    (
        "unreadable file",
        "diff {clean} {clean} --migration {unreadable}",
        2,
    ),
    (
        "unknown --target",
        "generate {clean} --target nope --out {out}",
        2,
    ),
    (
        "unknown --target",
        "generate {findings} --target nope --out {out}",
        2,
    ),
    (
        "unknown --target",
        "generate {clean} --target nope --check --out {out}",
        2,
    ),
    (
        "broken template",
        "generate {clean} --target typescript --templates {broken} --out {out}",
        2,
    ),
    (
        "broken template",
        "generate {clean} --target typescript --templates {broken} --check --out {out}",
        2,
    ),
    ("unknown rule", "explain no-such-rule", 2),
    ("bad flag", "check --no-such-flag {clean}", 2),
    ("bad flag", "diff --no-such-flag {clean} {clean}", 2),
    ("bad flag", "rules --no-such-flag", 2),
    ("bad flag", "explain --no-such-flag x", 2),
    ("bad flag", "ir --no-such-flag {clean}", 2),
    ("bad flag", "vectors --no-such-flag {clean} --out {out}", 2),
    ("bad flag", "generate --no-such-flag {clean} --out {out}", 2),
    ("bad flag", "docs --no-such-flag {clean} --out {out}", 2),
    ("bad flag", "check --format yaml {clean}", 2),
    ("bad flag", "vectors {clean}", 2),
    ("findings", "check {findings}", 1),
    ("findings", "vectors {findings} --out {out}", 1),
    ("findings", "generate {findings} --out {out}", 1),
    ("findings", "docs {findings} --out {out}", 1),
    ("breaking", "diff {breaking_base} {breaking_head}", 1),
    (
        "drift",
        "generate {clean} --target python --check --out {out}",
        1,
    ),
    ("drift", "docs {clean} --check --out {out}", 1),
];

#[test]
fn every_command_keeps_the_exit_code_contract() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let config = dir.path().join("specsmith.toml");
    std::fs::write(&config, "").expect("an empty config");
    let unreadable = dir.path().join("latin1.yaml");
    std::fs::write(&unreadable, b"openapi: 3.0.3\ninfo: {title: caf\xe9}\n").expect("written");
    let broken = dir.path().join("templates");
    std::fs::create_dir_all(broken.join("typescript")).expect("a templates folder");
    std::fs::write(
        broken.join("typescript/client.ts.jinja"),
        "{{ no_such_function() }}\n",
    )
    .expect("written");
    let mut failures = Vec::new();
    for (i, (kind, args, want)) in TABLE.iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        let args: Vec<String> = args
            .split(' ')
            .map(|a| {
                a.replace("{clean}", CLEAN)
                    .replace("{findings}", FINDINGS)
                    .replace("{missing}", MISSING)
                    .replace("{breaking_base}", BREAKING_BASE)
                    .replace("{breaking_head}", BREAKING_HEAD)
                    .replace("{unreadable}", &unreadable.to_string_lossy())
                    .replace("{broken}", &broken.to_string_lossy())
                    .replace("{out}", &out.to_string_lossy())
            })
            .collect();
        let o = Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg("--config")
            .arg(&config)
            .args(&args)
            .output()
            .expect("specsmith runs");
        let got = o.status.code().expect("exited, not killed");
        if got != *want {
            failures.push(format!(
                "{kind}: `specsmith {}` exited {got}, want {want}\n{}{}",
                args.join(" "),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn every_command_help_states_the_contract() {
    for cmd in [
        "check", "diff", "generate", "docs", "vectors", "ir", "rules", "explain",
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .args([cmd, "--help"])
            .output()
            .expect("specsmith runs");
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            help.contains("2  specsmith could not run"),
            "`{cmd} --help` does not state the exit codes:\n{help}"
        );
    }
}
