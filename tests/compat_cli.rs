//! `specsmith diff` and `specsmith explain` as a user runs them: output
//! snapshots and exit codes.

use std::process::Command;

fn specsmith(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("specsmith runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// With no arguments, `diff` reads specsmith.toml: baseline → spec with the
/// box-template manifest, which must pass under the default profile.
#[test]
fn diff_with_no_arguments_uses_the_config_and_passes() {
    let (code, out, err) = specsmith(&["diff", "--today", "2026-01-01"]);
    assert_eq!(code, 0, "{out}{err}");
    insta::assert_snapshot!("diff_project_text", out);
}

#[test]
fn diff_github_annotations_and_exit_code() {
    let (code, out, _) = specsmith(&[
        "diff",
        "tests/compat/response-property-removed/base.yaml",
        "tests/compat/response-property-removed/head.yaml",
        "--format",
        "github",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("::error file=tests/compat/response-property-removed/head.yaml,line="),
        "{out}"
    );
    insta::assert_snapshot!("diff_fixture_github", out);
    let (code, _, _) = specsmith(&[
        "diff",
        "tests/compat/response-property-removed/base.yaml",
        "tests/compat/response-property-removed/head.yaml",
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn diff_markdown_lists_suggestions() {
    let (code, out, _) = specsmith(&[
        "diff",
        "tests/compat/migration-undeclared-rename/base.yaml",
        "tests/compat/migration-undeclared-rename/head.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("diff_undeclared_markdown", out);
}

#[test]
fn diff_sarif_is_2_1_0() {
    let (_, out, _) = specsmith(&[
        "diff",
        "tests/compat/type-changed/base.yaml",
        "tests/compat/type-changed/head.yaml",
        "--format",
        "sarif",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "specsmith");
    let results = run["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "type-changed")
        .expect("type-changed result");
    assert_eq!(r["level"], "error");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/compat/type-changed/head.yaml"
    );
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 1
    );
    let index = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "type-changed");
}

#[test]
fn diff_reads_git_revisions() {
    let (code, out, err) = specsmith(&[
        "diff",
        "git:HEAD:specs/baseline/sandbox-lifecycle.yml",
        "specs/sandbox-lifecycle.yml",
        "--migration",
        "specs/migrations/box-template.yaml",
        "--format",
        "json",
    ]);
    if err.contains("not inside a git repository") {
        eprintln!("skipped: not a git checkout");
        return;
    }
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("\"file\": \"HEAD:specs/baseline/sandbox-lifecycle.yml\""),
        "{out}"
    ); // Every base location, the version check's included, names the revision.
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["base"]["file"].as_str())
        .collect();
    assert!(!files.is_empty());
    assert!(
        files
            .iter()
            .all(|f| *f == "HEAD:specs/baseline/sandbox-lifecycle.yml"),
        "{files:?}"
    ); // So does the version check's, which the IR does not locate.
    let (code, out, err) = specsmith(&[
        "diff",
        "git:HEAD:tests/compat/version-bump-insufficient/base.yaml",
        "tests/compat/version-bump-insufficient/head.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let version = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "version-bump-insufficient")
        .expect("version finding");
    assert_eq!(
        version["base"]["file"],
        "HEAD:tests/compat/version-bump-insufficient/base.yaml"
    );
    assert_eq!(version["base"]["pointer"], "/info/version");
}

#[test]
fn diff_refuses_a_broken_manifest_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.yaml");
    std::fs::write(&m, "properties:\n  nodot: x\n").unwrap();
    let (code, _, err) = specsmith(&[
        "diff",
        "tests/compat/type-changed/base.yaml",
        "tests/compat/type-changed/head.yaml",
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("Schema.property"), "{err}");
}

/// A spec that did not load whole is never judged: an OpenAPI 3.0 operation
/// without `responses` (or a response without `description`) costs the loader
/// the node around it, and comparing what is left would call the other side's
/// removals fine. `diff` exits 2 and names every error with file:line:col,
/// whichever side is broken and under every output format.
#[test]
fn diff_fails_closed_on_a_spec_that_did_not_load_whole() {
    let dir = "tests/fixtures/diff-unread";
    let cases = [
        // HEAD broken (an operation without `responses`).
        (
            format!("{dir}/base.yaml"),
            format!("{dir}/head.yaml"),
            "tests/fixtures/diff-unread/head.yaml:",
            "`responses`",
        ),
        // BASE broken (a response without `description`) while HEAD is whole.
        (
            format!("{dir}/head-no-description.yaml"),
            format!("{dir}/base.yaml"),
            "tests/fixtures/diff-unread/head-no-description.yaml:",
            "`description`",
        ),
    ];
    for (base, head, file, what) in &cases {
        for format in ["text", "json", "github", "markdown", "sarif"] {
            let (code, out, err) = specsmith(&["diff", base, head, "--format", format]);
            assert_eq!(code, 2, "{base} -> {head} ({format}): {out}{err}");
            assert!(out.contains("error[invalid-document]"), "{out}");
            let line = out
                .lines()
                .find(|l| l.contains("error[invalid-document]") && l.contains(what))
                .unwrap_or_else(|| panic!("no error naming {what}:\n{out}"));
            // file:line:col, the position parsed back out of the line.
            let pos = line.strip_prefix(file).unwrap_or_else(|| panic!("{line}"));
            let mut parts = pos.splitn(3, ':');
            assert!(parts.next().unwrap().parse::<u32>().unwrap() > 0, "{line}");
            assert!(parts.next().unwrap().parse::<u32>().unwrap() > 0, "{line}");
            assert!(out.contains("not compared"), "{out}");
            assert!(
                !out.contains("under profile"),
                "a verdict was printed:\n{out}"
            );
        }
    }
    // The whole spec is judged: exit 2 above is the fail-closed path alone.
    let whole = format!("{dir}/base.yaml");
    let (code, out, _) = specsmith(&["diff", &whole, &whole]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s)"), "{out}");
}

/// The version policy: by default an unchanged `info.version` is a note that
/// says what the release needs; `always` (flag or `[compat] version`) makes it
/// an error; `off` and `--no-version-check` drop the version rules.
#[test]
fn diff_version_policy_from_flag_and_config() {
    let unchanged = [
        "tests/compat/version-unchanged/base.yaml",
        "tests/compat/version-unchanged/head.yaml",
    ];
    let run = |extra: &[&str]| {
        let mut args = vec!["diff", unchanged[0], unchanged[1]];
        args.extend_from_slice(extra);
        specsmith(&args)
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("info[version-unchanged]")
            && out.contains("needs a minor bump (to 1.1.0 or later)"),
        "{out}"
    );
    assert!(
        out.contains("unchanged; the release needs a minor bump (1.1.0)"),
        "{out}"
    );
    let (code, out, _) = run(&["--version-check", "changed"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = run(&["--version-check", "always"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[version-bump-insufficient]"), "{out}");
    for off in [&["--version-check", "off"][..], &["--no-version-check"][..]] {
        let (code, out, _) = run(off);
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("[version-"), "{off:?}: {out}");
        assert!(out.contains("not checked"), "{out}");
    }
    let (code, _, err) = run(&["--no-version-check", "--version-check", "always"]);
    assert_eq!(code, 2, "{err}");

    // A changed version is judged under the default: 1.0.0 -> 1.0.1 is too
    // small for an added operation.
    let (code, out, _) = specsmith(&[
        "diff",
        "tests/compat/version-bump-insufficient/base.yaml",
        "tests/compat/version-bump-insufficient/head.yaml",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1.0.0 -> 1.0.1 (a patch bump) but the changes need a minor bump"),
        "{out}"
    );

    // specsmith.toml's `[compat] version`, and the flag over it.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("specsmith.toml");
    let config = config.to_str().unwrap();
    std::fs::write(config, "[compat]\nversion = \"always\"\n").unwrap();
    let (code, out, _) = run(&["--config", config]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[version-bump-insufficient]"), "{out}");
    let (code, out, _) = run(&["--config", config, "--version-check", "changed"]);
    assert_eq!(code, 0, "{out}");
    std::fs::write(config, "[compat]\nversion = \"sometimes\"\n").unwrap();
    let (code, out, err) = run(&["--config", config]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("sometimes") && err.contains("always"), "{err}");
}

#[test]
fn explain_finds_compat_rules() {
    let (code, out, _) = specsmith(&["explain", "closed-schema-property-added"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("closed-schema-property-added (compat; info / info / warning)"),
        "{out}"
    );
    let (code, _, _) = specsmith(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
}

fn read(dir: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `generate` with no SPEC reads specsmith.toml's migrations: the served
/// renames of the box-template manifest reach the SDKs and the server.
#[test]
fn generate_uses_the_configured_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, stdout, err) = specsmith(&[
        "generate",
        "--out",
        out,
        "--target",
        "python",
        "--target",
        "rust",
        "--target",
        "rust-server",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(!err.contains("migration-shim-unresolved"), "{err}");
    let py = read(dir.path(), "python/sandbox_lifecycle/models.py");
    assert!(
        py.contains(r#"validation_alias=pydantic.AliasChoices("artifactRef", "snapshotRef")"#),
        "{py}"
    );
    assert!(
        py.contains("TemplateSnapshot: TypeAlias = BoxTemplate"),
        "{py}"
    );
    assert!(py.contains(r#"if value == "template_snapshot":"#), "{py}");
    let rs = read(dir.path(), "rust/src/lib.rs");
    // The SDK reads the old name too, and the new one first when a server
    // sends both.
    assert!(
        rs.contains(r#"read_field(&mut map, &mut artifact_ref_old, "snapshotRef")?"#),
        "{rs}"
    );
    assert!(rs.contains("artifact_ref.or(artifact_ref_old),"), "{rs}");
    assert!(
        rs.contains(r#"#[serde(rename = "box_template", alias = "template_snapshot")]"#),
        "{rs}"
    );
    let router = read(dir.path(), "rust-server/src/router.rs");
    for old in [
        "\"/template-snapshots\"",
        "\"/template-snapshots/{p0}\"",
        "\"/template-snapshots/{p0}/activate\"",
        "\"/template-snapshots/{p0}/deactivate\"",
    ] {
        assert!(router.contains(old), "{old} is not routed:\n{router}");
    }
}

/// An explicit SPEC takes manifests from `--migration` only.
#[test]
fn generate_takes_migration_flags_for_an_explicit_spec() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, stdout, err) = specsmith(&[
        "generate",
        "specs/sandbox-lifecycle.yml",
        "--out",
        out,
        "--target",
        "go",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let plain = read(dir.path(), "go/models.go");
    assert!(
        !plain.contains("snapshotRef"),
        "no manifest, no alias:\n{plain}"
    );
    let (code, stdout, err) = specsmith(&[
        "generate",
        "specs/sandbox-lifecycle.yml",
        "--out",
        out,
        "--target",
        "go",
        "--migration",
        "specs/migrations/box-template.yaml",
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let go = read(dir.path(), "go/models.go");
    assert!(
        go.contains(r#"case "snapshotRef": // the old name of "artifactRef""#),
        "{go}"
    );
    assert!(go.contains("type TemplateSnapshot = BoxTemplate"), "{go}");
    assert!(go.contains(r#"case "template_snapshot":"#), "{go}");
}

/// A served rename the spec does not carry out is a warning, not a broken shim.
#[test]
fn generate_warns_about_an_unresolvable_manifest_entry() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.yaml");
    std::fs::write(
        &m,
        "aliases: { serve: true }\nproperties:\n  Sandbox.statusMessage: label\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = specsmith(&[
        "generate",
        "specs/sandbox-lifecycle.yml",
        "--out",
        out.to_str().unwrap(),
        "--target",
        "typescript",
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(
        err.contains("warning[migration-shim-unresolved]")
            && err.contains("`Sandbox` has no property `label`"),
        "{err}"
    );
}

/// A served rename whose old name is misspelled (not in the baseline) is
/// dropped with a warning at its manifest line saying which name was meant:
/// it must not become a type alias in any SDK. `diff` reports it as stale,
/// with the same hint.
#[test]
fn a_misspelled_manifest_entry_is_no_alias_and_says_what_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.yaml");
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/migrations/box-template.yaml"),
    )
    .unwrap()
    .replace(
        "  TemplateSnapshot: BoxTemplate",
        "  TemplateSnapshto: BoxTemplate",
    );
    let line = manifest
        .lines()
        .position(|l| l.contains("TemplateSnapshto"))
        .unwrap()
        + 1;
    std::fs::write(&m, &manifest).unwrap();
    let out = dir.path().join("out");
    let (code, stdout, err) = specsmith(&[
        "generate",
        "specs/sandbox-lifecycle.yml",
        "--out",
        out.to_str().unwrap(),
        "--target",
        "python",
        "--target",
        "go",
        "--target",
        "typescript",
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(
        err.contains(&format!("m.yaml:{line}:3: schema `TemplateSnapshto` → `BoxTemplate` is served as an alias, but `TemplateSnapshto` is not in the base spec (did you mean `TemplateSnapshot`?)")),
        "{err}"
    );
    for f in [
        "python/sandbox_lifecycle/models.py",
        "go/models.go",
        "typescript/models.ts",
    ] {
        let text = read(&out, f);
        assert!(!text.contains("TemplateSnapshto"), "{f}:\n{text}");
    }
    // `generate --check` says the same, and finds the output up to date.
    let (code, stdout, err) = specsmith(&[
        "generate",
        "specs/sandbox-lifecycle.yml",
        "--check",
        "--out",
        out.to_str().unwrap(),
        "--target",
        "python",
        "--target",
        "go",
        "--target",
        "typescript",
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(err.contains("(did you mean `TemplateSnapshot`?)"), "{err}");
    let (code, out, _) = specsmith(&[
        "diff",
        "specs/baseline/sandbox-lifecycle.yml",
        "specs/sandbox-lifecycle.yml",
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("error[stale-manifest-entry] (both): stale manifest entry `TemplateSnapshto: BoxTemplate` under `schemas`: `TemplateSnapshto` is not in the base spec (did you mean `TemplateSnapshot`?)"),
        "{out}"
    );
}

/// The text report ends (before the summary line) with one manifest snippet
/// holding every suggested rename; JSON carries it as `suggested_manifest`.
#[test]
fn diff_ends_with_one_manifest_snippet_and_json_carries_it() {
    let args = [
        "diff",
        "tests/compat/migration-undeclared-rename/base.yaml",
        "tests/compat/migration-undeclared-rename/head.yaml",
    ];
    let (code, out, _) = specsmith(&args);
    assert_eq!(code, 1);
    let snippet = out
        .split(
            "If these were renames, declare them in the migration manifest (every suggestion):\n\n",
        )
        .nth(1)
        .unwrap_or_else(|| panic!("no snippet:\n{out}"));
    let lines: Vec<&str> = snippet.lines().collect();
    assert!(
        lines.last().unwrap().contains("under profile codegen"),
        "{out}"
    );
    let yaml: String = lines[..lines.len() - 1]
        .iter()
        .map(|l| format!("{}\n", l.strip_prefix("    ").unwrap_or(l)))
        .collect();
    // It parses as a manifest, and with it the diff finds the renames declared.
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("suggested.yaml");
    std::fs::write(&m, &yaml).unwrap();
    assert!(
        yaml.contains("schemas:\n  TemplateSnapshot: BoxTemplate\n"),
        "{yaml}"
    );
    let (_, with, err) = specsmith(&[
        args[0],
        args[1],
        args[2],
        "--migration",
        m.to_str().unwrap(),
    ]);
    assert!(!with.contains("error[schema-removed]"), "{with}{err}");
    assert!(with.contains("rename-declared"), "{with}{err}");
    let (_, json, _) = specsmith(&[args[0], args[1], args[2], "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["suggested_manifest"]["schemas"]["TemplateSnapshot"], "BoxTemplate",
        "{json}"
    );
    assert_eq!(
        v["suggested_manifest"]["paths"]["/template-snapshots/{templateSnapshotId}"],
        "/box-templates/{templateId}",
        "{json}"
    );
}

/// A multi-file spec at a revision is read whole at that revision (its
/// `$ref`ed files too), from a repository of its own; a revision that does
/// not exist is "could not run" (exit 2), never a verdict.
#[test]
fn diff_reads_multi_file_specs_at_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .map(|o| o.status.success());
        ok.unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let root = r#"openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "schemas/pet.yaml"}
"#;
    std::fs::create_dir_all(dir.path().join("api/schemas")).unwrap();
    std::fs::write(dir.path().join("api/root.yaml"), root).unwrap();
    let pet =
        "type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n  name: {type: string}\n";
    std::fs::write(dir.path().join("api/schemas/pet.yaml"), pet).unwrap();
    assert!(git(&["add", "-A"]) && git(&["commit", "-qm", "v1"]));
    // The working tree drops `name` from the response: breaking for clients.
    let pet2 = "type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n";
    std::fs::write(dir.path().join("api/schemas/pet.yaml"), pet2).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .args(args)
            .current_dir(dir.path().join("api"))
            .output()
            .expect("specsmith runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, text) = run(&["diff", "git:HEAD:api/root.yaml", "root.yaml"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("response-property-removed"), "{text}");
    // The same revision against itself is clean.
    let (code, text) = run(&["diff", "git:HEAD:api/root.yaml", "git:HEAD:api/root.yaml"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(&["diff", "git:no-such-branch:api/root.yaml", "root.yaml"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("unknown revision no-such-branch"), "{text}");
    let (code, text) = run(&["diff", "git:HEAD:api/missing.yaml", "root.yaml"]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("does not exist at HEAD"), "{text}");
}
