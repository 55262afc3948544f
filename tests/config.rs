//! `specsmith.toml` through the binary: a key specsmith does not know (a
//! target table that names no target, an option its target does not have,
//! a lint level that is not one) stops every command with exit 2 at its line
//! and column, and so does an option value the target cannot use; every
//! documented option of every target is accepted. The package manifests say
//! a license that is not SPDX as text and never have an empty description.

use std::path::Path;
use std::process::{Command, Output};

const SPEC: &str = "tests/emit/kitchen-sink.yaml";

/// `specsmith --config <dir>/specsmith.toml ARGS…` with `config` as the file.
fn run(dir: &Path, config: &str, args: &[&str]) -> Output {
    let file = dir.join("specsmith.toml");
    std::fs::write(&file, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--config")
        .arg(&file)
        .args(args)
        .output()
        .expect("specsmith runs")
}

/// `generate SPEC --target TARGET --out OUT`.
fn generate<'a>(spec: &'a str, target: &'a str, out: &'a Path) -> Vec<&'a str> {
    let out = out.to_str().expect("a UTF-8 temp path");
    vec!["generate", spec, "--target", target, "--out", out]
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn an_unknown_target_or_option_stops_every_command_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let config = "[generate.target.go]\npackage = \"shop\"\npakage = \"shop\"\n\n[generate.target.pyhton]\npackage = \"shop\"\n";
    for args in [
        vec!["check", SPEC],
        vec!["generate", SPEC, "--target", "go", "--out", out],
        vec!["docs", SPEC, "--out", out],
    ] {
        let o = run(dir.path(), config, &args);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {said}");
        assert!(
            said.contains("specsmith.toml:3:1: [generate.target.go] pakage is not an option of the go target (did you mean `package`?); its options: out, package, module"),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("specsmith.toml:5:18: [generate.target.pyhton] names no target (did you mean `python`?)"),
            "{args:?}: {said}"
        );
        assert!(!Path::new(out).exists(), "{args:?} wrote {out}");
    }
}

#[test]
fn a_lint_level_that_is_not_one_stops_the_run_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        "[lint.rules]\nunused-component = \"off\"\n\"unresolved-ref\" = \"sometimes\"\n",
        &["check", SPEC],
    );
    let said = text(&o);
    assert_eq!(o.status.code(), Some(2), "{said}");
    assert!(
        said.contains("specsmith.toml:3:1: [lint.rules] unresolved-ref = \"sometimes\" is not a level; use `error`, `warning`, `info` or `off`"),
        "{said}"
    );
}

#[test]
fn an_option_value_the_target_cannot_use_is_located_and_means_exit_2() {
    let cases = [
        ("go", "package", "\"Shop-API\""),
        ("python", "package", "\"class\""),
        ("kotlin", "package", "\"com.fun.shop\""),
        ("csharp", "namespace", "\"Acme.class\""),
        ("rust", "crate", "\"9lives\""),
        ("rust-server", "crate", "\"my crate\""),
        ("docs", "layout", "\"wide\""),
        ("docs", "sdk-samples", "\"maybe\""),
    ];
    let mut failures = Vec::new();
    for (target, key, value) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let config = format!("# {target}\n[generate.target.{target}]\n{key} = {value}\n");
        let o = run(dir.path(), &config, &generate(SPEC, target, &out));
        let said = text(&o);
        let want = format!(
            "specsmith.toml:3:1: error[invalid-option]: [generate.target.{target}] {key} = {value} is not valid: "
        );
        if o.status.code() != Some(2) || !said.contains(&want) || out.exists() {
            failures.push(format!(
                "{target} {key}: exit {:?}\n{said}",
                o.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

#[test]
fn every_documented_option_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let config = r#"
[package]
version = "1.2.3"

[generate.target.python]
out = "py"
package = "shop"
name = "acme-shop"
version = "2.0.0"
license = "MIT"
description = "The shop."
repository = "https://example.com/shop"

[generate.target.typescript]
name = "@acme/shop"

[generate.target.go]
package = "shop"
module = "example.com/shop"

[generate.target.kotlin]
package = "com.acme.shop"
group = "com.acme"
name = "shop-client"

[generate.target.csharp]
namespace = "Acme.Shop"
name = "Acme.Shop.Client"
client = "ShopClient"

[generate.target.rust]
crate = "acme-shop"

[generate.target.rust-server]
crate = "acme-shop-server"
version = "0.2.0"

[generate.target.docs]
title = "Shop"
layout = "single"
sdk-samples = false
"#;
    let o = run(
        dir.path(),
        config,
        &["generate", SPEC, "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(out.join("py/shop/models.py").is_file(), "{}", text(&o));
}

#[test]
fn a_rule_that_blocks_generate_cannot_be_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = "tests/lint/unresolved-ref/positive.yaml";
    for level in ["off", "warning", "info"] {
        let config =
            format!("[lint.rules]\nunused-component = \"off\"\nunresolved-ref = \"{level}\"\n");
        for args in [vec!["check", spec], generate(spec, "python", &out)] {
            let o = run(dir.path(), &config, &args);
            let said = text(&o);
            assert_eq!(o.status.code(), Some(2), "{level} {args:?}: {said}");
            assert!(
                said.contains(&format!("specsmith.toml:3:1: [lint.rules] unresolved-ref = \"{level}\": `unresolved-ref` blocks generate")),
                "{level} {args:?}: {said}"
            );
            assert!(!out.exists(), "{level} {args:?}: {said}");
        }
    }
    // A rule that does not block generate can be switched off, and raised.
    let o = run(
        dir.path(),
        "[lint.rules]\nunused-component = \"off\"\nunresolved-ref = \"error\"\n",
        &["check", "tests/lint/unresolved-ref/negative.yaml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn a_raised_level_stops_generate_only_where_its_rule_would() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "tests/lint/unused-component/positive.yaml";
    let config = "[lint.rules]\nunused-component = \"error\"\n";
    for (strict, want) in [(false, 0), (true, 1)] {
        let out = dir.path().join(format!("out-{strict}"));
        let mut args = generate(spec, "python", &out);
        if strict {
            args.push("--strict");
        }
        let o = run(dir.path(), config, &args);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(want), "strict {strict}: {said}");
        assert!(
            said.contains("error[unused-component]"),
            "strict {strict}: {said}"
        );
        // A run that stops may leave its lock file, nothing else.
        let written = std::fs::read_dir(&out)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        assert_eq!(written, !strict, "strict {strict}: {said}");
    }
}

#[test]
fn a_lint_rules_name_that_is_no_rule_is_refused_with_the_closest() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[lint.rules]\nunused-componnt = \"off\"\nenum-value-removed = \"off\"\nhoisted-name-collision = \"off\"\njson-syntax = \"off\"\nfidelity-tuple = \"off\"\ntemplate-error = \"warning\"\n";
    let o = run(dir.path(), config, &["check", SPEC]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(2), "{said}");
    let lines: Vec<&str> = said.lines().collect();
    let expect = [
        ":2:1: [lint.rules] unused-componnt names no lint rule or finding of loading and lowering (did you mean `unused-component`?)",
        ":3:1: [lint.rules] enum-value-removed names no lint rule or finding of loading and lowering (a compat rule",
        ":5:1: [lint.rules] json-syntax = \"off\": `json-syntax` means the spec could not be read, so it stays an error",
        ":6:1: [lint.rules] fidelity-tuple names no lint rule or finding of loading and lowering (a note `generate` prints for go, python, typescript; [lint.rules] does not set the targets' notes)",
        ":7:1: [lint.rules] template-error names no lint rule or finding of loading and lowering (not a finding about the spec",
    ];
    assert_eq!(lines.len(), expect.len(), "{said}");
    for (line, want) in lines.iter().zip(expect) {
        assert!(line.contains(want), "{line}\nwant {want}");
    }
    // A finding of lowering that is a warning can be switched off.
    let o = run(
        dir.path(),
        "[lint.rules]\nhoisted-name-collision = \"off\"\n",
        &["check", SPEC],
    );
    assert_ne!(o.status.code(), Some(2), "{}", text(&o));
}

/// Every finding `check` reports on the test specs is one that `specsmith
/// rules` lists and `[lint.rules]` accepts: a lint rule, or a finding of
/// loading and lowering.
#[test]
fn every_reported_finding_is_listed() {
    let mut specs = Vec::new();
    for dir in ["tests/lint", "tests/fixtures", "tests/emit", "tests/compat"] {
        collect(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut specs);
    }
    let listed = Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .arg("rules")
        .output()
        .expect("specsmith runs");
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    let compat_at = listed.find("compat rules").expect("a compat section");
    let listed = &listed[..compat_at];
    let mut missing = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    for chunk in specs.chunks(50) {
        let o = Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .args(["check", "--format", "json"])
            .args(chunk)
            .output()
            .expect("specsmith runs");
        let out: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("check --format json is not JSON ({e}) for {chunk:?}"));
        let mut rules = Vec::new();
        find_rules(&out, &mut rules);
        seen.extend(rules.iter().cloned());
        for r in rules {
            if !listed
                .lines()
                .any(|l| l.split_whitespace().next() == Some(r.as_str()))
            {
                missing.insert(r);
            }
        }
    }
    assert!(missing.is_empty(), "reported but not listed: {missing:?}");
    // The specs do exercise the loader's and the lowering's own findings.
    for id in [
        "duplicate-key",
        "invalid-document",
        "allof-not-merged",
        "remote-ref",
    ] {
        assert!(seen.contains(id), "no test spec reports {id}: {seen:?}");
    }
}

fn collect(dir: std::path::PathBuf, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            out.push(p);
        }
    }
}

fn find_rules(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(r)) = m.get("rule") {
                out.push(r.clone());
            }
            m.values().for_each(|x| find_rules(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| find_rules(x, out)),
        _ => {}
    }
}

#[test]
fn manifests_say_a_license_name_as_text_and_never_leave_the_description_empty() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bare.yaml");
    // An empty title, no description, and a license name shaped like an
    // SPDX id that is not on the SPDX list.
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo:\n  title: ''\n  version: 1.0.0\n  license:\n    name: open-licence\n    url: https://example.com/licence\npaths: {}\n",
    )
    .unwrap();
    let spec = spec.to_str().unwrap();
    let read = |out: &Path, file: &str| std::fs::read_to_string(out.join(file)).unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["generate", spec, "--out", out.to_str().unwrap()];
    for target in ["python", "csharp", "rust", "kotlin"] {
        args.extend(["--target", target]);
    }
    let o = run(dir.path(), "", &args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("warning[package-description]"),
        "{}",
        text(&o)
    );
    let pyproject = read(&out, "python/pyproject.toml");
    assert!(
        pyproject.contains("license = { text = \"open-licence\" }"),
        "{pyproject}"
    );
    assert!(
        pyproject.contains("description = \"Types and client"),
        "{pyproject}"
    );
    let csproj = std::fs::read_dir(out.join("csharp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "csproj"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .unwrap();
    assert!(csproj.contains("<Description>Types and client"), "{csproj}");
    assert!(!csproj.contains("<PackageLicenseExpression>"), "{csproj}");
    let cargo = read(&out, "rust/Cargo.toml");
    assert!(!cargo.contains("license ="), "{cargo}");
    assert!(
        cargo.contains("description = \"Types and client"),
        "{cargo}"
    );
    let pom = read(&out, "kotlin/pom.xml");
    assert!(
        pom.contains("<url>https://example.com/licence</url>"),
        "{pom}"
    );

    // A configured deprecated id is not SPDX either; a current one is, and
    // is written on one line.
    for (i, (license, python)) in [
        ("GPL-2.0", "license = { text = \"GPL-2.0\" }"),
        ("GPL-2.0-only", "license = \"GPL-2.0-only\""),
        ("  MIT   OR  Apache-2.0 ", "license = \"MIT OR Apache-2.0\""),
    ]
    .into_iter()
    .enumerate()
    {
        let out = dir.path().join(format!("configured-{i}"));
        let config = format!("[package]\nlicense = \"{license}\"\ndescription = \"Set.\"\n");
        let o = run(dir.path(), &config, &generate(spec, "python", &out));
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        assert!(!text(&o).contains("package-description"), "{}", text(&o));
        let pyproject = read(&out, "python/pyproject.toml");
        assert!(pyproject.contains(python), "{license}: {pyproject}");
    }
}
