//! Which findings stop `generate`: each lint rule says whether its errors
//! would make the generated code wrong (`Generation::Blocks`) or not
//! (`Generation::Proceeds`), and `generate` holds to it on the rule's own
//! positive fixture; `--strict` stops on every error. docs/generating.md
//! lists the classification and must agree with the registry.

use std::path::{Path, PathBuf};

use specsmith::diag::Severity;
use specsmith::generate::{self, Request};
use specsmith::lint::rules::REGISTRY;
use specsmith::lint::Generation;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn request(spec: PathBuf, strict: bool) -> Request<'static> {
    Request {
        command: "specsmith generate".into(),
        strict,
        ..Request::new(spec, "spec.yaml", &["typescript", "go"])
    }
}

#[test]
fn each_rule_blocks_generate_as_it_is_classified() {
    let mut checked = 0;
    for rule in REGISTRY {
        let meta = rule.meta;
        if meta.severity != Severity::Error {
            continue;
        }
        let spec = repo().join(format!("tests/lint/{}/positive.yaml", meta.id));
        let blocked_by_it = |r: &Result<generate::Generated, Vec<specsmith::diag::Diagnostic>>| {
            r.as_ref().err().is_some_and(|d| {
                d.iter()
                    .any(|d| d.rule == meta.id && generate::blocks(d, false))
            })
        };
        let default = generate::generate(&request(spec.clone(), false));
        match meta.generate {
            Generation::Blocks => assert!(
                blocked_by_it(&default),
                "{}: classified Blocks, but generate was not stopped by it",
                meta.id
            ),
            Generation::Proceeds => {
                assert!(
                    !default.as_ref().err().is_some_and(|d| d
                        .iter()
                        .any(|d| d.rule == meta.id && generate::blocks(d, false))),
                    "{}: classified Proceeds, but it stopped generate",
                    meta.id
                );
                // When nothing else blocks, the code is written and the finding reported.
                if let Ok(g) = &default {
                    assert!(
                        g.warnings.iter().any(|d| d.rule == meta.id),
                        "{}: not reported",
                        meta.id
                    );
                    assert!(!g.trees.is_empty());
                }
            }
        }
        let strict = generate::generate(&request(spec, true));
        assert!(
            strict
                .as_ref()
                .err()
                .is_some_and(|d| d.iter().any(|d| d.rule == meta.id)),
            "{}: --strict must stop on every error",
            meta.id
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} error-level rules checked");
}

#[test]
fn findings_that_do_not_change_the_code_leave_it_written() {
    // example-type-mismatch and required-property-missing in one spec: both
    // reported, the code written, and the same as for the spec without them.
    for id in [
        "example-type-mismatch",
        "required-property-missing",
        "default-type-mismatch",
    ] {
        let spec = repo().join(format!("tests/lint/{id}/positive.yaml"));
        let g = generate::generate(&request(spec, false))
            .unwrap_or_else(|d| panic!("{id}: generate refused: {d:#?}"));
        assert!(g
            .warnings
            .iter()
            .any(|d| d.rule == id && d.severity == Severity::Error));
        assert!(g.trees.values().all(|t| !t.is_empty()), "{id}");
    }
}

#[test]
fn a_repeated_enum_value_is_one_member() {
    // `Running` twice: the code gets the first, so no two members share a
    // name. (`2` and `2.0` of the fixture's `number` enum become a plain
    // number in the code; EnumValue::identity's unit test covers them.)
    let spec = repo().join("tests/lint/enum-duplicate-value/positive.yaml");
    let g = generate::generate(&request(spec, false))
        .unwrap_or_else(|d| panic!("generate refused: {d:#?}"));
    assert!(g.warnings.iter().any(|d| d.rule == "enum-duplicate-value"));
    let ts = g.trees.get("typescript").expect("typescript tree");
    let models =
        String::from_utf8_lossy(ts.get("typescript/models.ts").expect("models.ts")).into_owned();
    assert_eq!(models.matches("\"Running\"").count(), 2, "{models}");
    let go = g.trees.get("go").expect("go tree");
    let go_models =
        String::from_utf8_lossy(go.get("go/models.go").expect("models.go")).into_owned();
    assert_eq!(go_models.matches("= \"Running\"").count(), 1, "{go_models}");
}

#[test]
fn the_docs_list_every_rule_as_classified() {
    let doc = std::fs::read_to_string(repo().join("docs/generating.md")).expect("docs");
    for rule in REGISTRY {
        let want = format!("| `{}` | {} |", rule.meta.id, rule.meta.generate.as_str());
        assert!(doc.contains(&want), "docs/generating.md lacks `{want}`");
    }
}

fn cli(config: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cfg = dir.path().join("specsmith.toml");
    std::fs::write(&cfg, config).expect("config");
    let out = dir.path().join("out");
    std::process::Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(repo())
        .arg("--config")
        .arg(&cfg)
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("specsmith runs")
}

#[test]
fn findings_are_summarised_per_rule_unless_verbose_and_strict_is_configurable() {
    let spec = "tests/lint/example-type-mismatch/positive.yaml";
    let lines = |o: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .filter(|l| l.contains("[example-type-mismatch]"))
            .map(str::to_string)
            .collect()
    };
    let o = cli("", &["generate", spec, "--target", "typescript"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let summary = lines(&o);
    assert_eq!(summary.len(), 1, "{summary:?}");
    assert!(
        summary[0].starts_with("error[example-type-mismatch]: 4 findings; the first at tests/lint/example-type-mismatch/positive.yaml:"),
        "{summary:?}"
    );
    let o = cli(
        "",
        &["generate", spec, "--target", "typescript", "--verbose"],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(lines(&o).len(), 4, "{:?}", lines(&o));
    let o = cli(
        "",
        &["generate", spec, "--target", "typescript", "--strict"],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let o = cli(
        "[generate]\nstrict = true\n",
        &["generate", spec, "--target", "typescript"],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
}

#[test]
fn a_property_named_ref_is_not_a_reference() {
    // SCIM schemas (GitHub's) have a property called `$ref`.
    let dir = tempfile::tempdir().expect("a temp dir");
    let spec = dir.path().join("scim.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Member:\n      type: object\n      properties:\n        value: {type: string}\n        $ref: {type: string}\n",
    )
    .expect("spec");
    let checked = specsmith::pipeline::check(&spec, &Default::default(), None).expect("loads");
    assert!(
        !checked
            .diagnostics
            .iter()
            .any(|d| d.rule == "unresolved-ref"),
        "{:#?}",
        checked.diagnostics
    );
}
