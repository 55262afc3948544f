//! Hostile and broken specs: every command runs on each fixture of
//! `tests/fixtures/robust/` as a subprocess (so a stack overflow or an abort
//! fails one test instead of killing the runner) and must end on its own,
//! with the exit code of the contract and no panic.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs specsmith with an empty config; kills it if it has not ended after a
/// minute (a hang is a failure, reported as `code: None`).
fn specsmith(args: &[&str], dir: &Path) -> Run {
    let config = dir.join("specsmith.toml");
    if !config.exists() {
        std::fs::write(&config, "").expect("an empty config");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(repo())
        .arg("--config")
        .arg(&config)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("specsmith starts");
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let ereader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.and_then(|s| s.code()),
        stdout: reader.join().unwrap_or_default(),
        stderr: ereader.join().unwrap_or_default(),
    }
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/robust/{name}")
}

/// Asserts the run ended by itself, without a panic or an overflow, with one
/// of `codes`.
fn assert_ends(run: &Run, what: &str, codes: &[i32]) {
    let text = format!("{}{}", run.stdout, run.stderr);
    assert!(
        !text.contains("panicked") && !text.contains("overflow"),
        "{what}: crashed:\n{text}"
    );
    match run.code {
        Some(c) if codes.contains(&c) => {}
        other => panic!("{what}: exit {other:?}, expected one of {codes:?}:\n{text}"),
    }
}

/// One row per shape that used to crash or mislead: the fixture, the exit
/// code of `check`, a rule check must report, the exit code of `generate`
/// and `docs` (1 where a finding blocks them), and of `diff X X` and
/// `vectors` (2 and 1 where the spec did not load whole; otherwise a spec
/// compared with itself breaks nothing).
struct Row {
    name: &'static str,
    check: i32,
    rule: Option<&'static str>,
    generate: i32,
    diff: i32,
    vectors: i32,
}

const fn row(
    name: &'static str,
    check: i32,
    rule: Option<&'static str>,
    generate: i32,
    diff: i32,
    vectors: i32,
) -> Row {
    Row {
        name,
        check,
        rule,
        generate,
        diff,
        vectors,
    }
}

const TABLE: &[Row] = &[
    row("ref-cycle-pair.yaml", 1, Some("ref-cycle"), 1, 0, 0),
    row("ref-cycle-self.yaml", 1, Some("ref-cycle"), 1, 0, 0),
    row("allof-self.yaml", 0, None, 0, 0, 0),
    row("array-of-self.yaml", 0, None, 0, 0, 0),
    row("anyof-allof-cycle.yaml", 0, None, 0, 0, 0),
    row("required-self.yaml", 1, Some("no-finite-instance"), 0, 0, 0),
    row("oneof-no-base.yaml", 1, Some("no-finite-instance"), 0, 0, 0),
    row(
        "discriminator-non-object.yaml",
        1,
        Some("discriminator-property-missing"),
        0,
        0,
        0,
    ),
    row(
        "missing-responses.yaml",
        1,
        Some("invalid-document"),
        1,
        2,
        1,
    ),
    row("alias-of-self-in-union.yaml", 0, None, 0, 0, 0),
    row(
        "no-finite-instance-inside.yaml",
        1,
        Some("no-finite-instance"),
        0,
        0,
        0,
    ),
    row(
        "bad-component-names.yaml",
        1,
        Some("invalid-component-name"),
        0,
        0,
        0,
    ),
    // More misfits than the loader replaces one by one, and an info whose
    // title is a number: its last resort panicked.
    row(
        "too-many-misfits.yaml",
        1,
        Some("invalid-document"),
        1,
        2,
        1,
    ),
    // Two schemas 30 levels deep, one ending in `items: 5`: reading it whole
    // took time exponential in the depth of the misfit.
    row(
        "deep-nesting-scalar-items.json",
        1,
        Some("invalid-document"),
        1,
        2,
        1,
    ),
];

#[test]
fn every_command_survives_every_fixture() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    for r in TABLE {
        let name = r.name;
        let spec = fixture(name);
        let check = specsmith(&["check", &spec], dir.path());
        assert_ends(&check, &format!("check {name}"), &[r.check]);
        if let Some(rule) = r.rule {
            assert!(
                check.stdout.contains(&format!("error[{rule}]")),
                "check {name} does not report {rule}:\n{}",
                check.stdout
            );
        }
        // `check` predicts `generate`: a spec it passes generates.
        assert!(r.check == 1 || r.generate == 0, "{name}: table disagrees");
        let generate = specsmith(&["generate", &spec, "--out", &out("gen")], dir.path());
        assert_ends(&generate, &format!("generate {name}"), &[r.generate]);
        let docs = specsmith(&["docs", &spec, "--out", &out("docs")], dir.path());
        assert_ends(&docs, &format!("docs {name}"), &[r.generate]);
        let diff = specsmith(&["diff", &spec, &spec], dir.path());
        assert_ends(&diff, &format!("diff {name} {name}"), &[r.diff]);
        let vectors = specsmith(&["vectors", &spec, "--out", &out("vectors")], dir.path());
        assert_ends(&vectors, &format!("vectors {name}"), &[r.vectors]);
    }
}

/// Each target alone, on every fixture: a target that `generate` as a whole
/// never reaches (an earlier one failing first) must not crash either.
#[test]
fn every_target_survives_every_fixture() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let targets: Vec<&str> = specsmith::emit::targets()
        .iter()
        .map(|t| t.name())
        .collect();
    assert!(targets.contains(&"kotlin") && targets.contains(&"csharp"));
    for r in TABLE {
        let spec = fixture(r.name);
        for target in &targets {
            let out = dir.path().join(format!("{}-{target}", r.name));
            let run = specsmith(
                &[
                    "generate",
                    &spec,
                    "--target",
                    target,
                    "--out",
                    &out.to_string_lossy(),
                ],
                dir.path(),
            );
            assert_ends(
                &run,
                &format!("generate --target {target} {}", r.name),
                &[0, 1, 2],
            );
        }
    }
}

/// A type without a finite value, held in an array, a map and an optional
/// field of a type that has one: the holder's vectors leave it out (an empty
/// array, an empty map, no field) instead of nesting it as deep as they may.
#[test]
fn vectors_leave_out_values_that_cannot_end() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("v");
    let run = specsmith(
        &[
            "vectors",
            &fixture("no-finite-instance-inside.yaml"),
            "--out",
            &out.to_string_lossy(),
        ],
        dir.path(),
    );
    assert_ends(&run, "vectors no-finite-instance-inside.yaml", &[0]);
    assert!(
        run.stderr.contains("no vectors for `Chain`"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(out.join("vectors.json")).expect("vectors.json");
    assert!(text.contains("\"Holder/"), "{text}");
    assert!(!text.contains("\"link\""), "{text}");
}

#[test]
fn a_ref_cycle_is_spelled_out_at_its_first_member() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let run = specsmith(&["check", &fixture("ref-cycle-pair.yaml")], dir.path());
    assert!(
        run.stdout.contains("`A` → `B` → `A`")
            && run.stdout.contains("(/components/schemas/A/$ref)"),
        "{}",
        run.stdout
    );
}

#[test]
fn vectors_skip_a_type_with_no_finite_value_and_say_so() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let out = dir.path().join("v");
    let run = specsmith(
        &[
            "vectors",
            &fixture("required-self.yaml"),
            "--out",
            &out.to_string_lossy(),
        ],
        dir.path(),
    );
    assert_ends(&run, "vectors required-self.yaml", &[0]);
    assert!(
        run.stderr.contains("no vectors for `Root`"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(out.join("vectors.json")).expect("vectors.json");
    assert!(!text.contains("\"Root/"), "{text}");
}

#[test]
fn a_broken_operation_costs_only_itself() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let run = specsmith(&["ir", &fixture("missing-responses.yaml")], dir.path());
    assert_ends(&run, "ir missing-responses.yaml", &[0]);
    let ir: serde_json::Value = serde_json::from_str(&run.stdout).expect("IR JSON");
    let paths: Vec<&str> = ir["operations"]
        .as_array()
        .expect("operations")
        .iter()
        .filter_map(|o| o["path"].as_str())
        .collect();
    assert_eq!(paths, ["/a", "/b", "/c"]);
    assert!(ir["security_schemes"].get("oauth").is_some(), "{ir}");
    let check = specsmith(&["check", &fixture("missing-responses.yaml")], dir.path());
    for (line, what) in [
        ("5:5", "no `responses`"),
        ("11:9", "no `description`"),
        ("34:9", "no `scopes`"),
    ] {
        assert!(
            check
                .stdout
                .lines()
                .any(|l| l.contains(line) && l.contains(what)),
            "no {what} at {line}:\n{}",
            check.stdout
        );
    }
    // Nothing was skipped: each gap was filled where it is.
    assert!(!check.stdout.contains("does not fit"), "{}", check.stdout);
}

/// A document nested far deeper than any spec is refused while reading, in
/// JSON and in YAML flow style, before the parsers pay for the depth.
#[test]
fn over_deep_documents_are_refused() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let depth = 20_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let json = format!(
        "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"x-deep\":{deep}}}"
    );
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: \"1\"}}\npaths: {{}}\nx-deep: {deep}\n"
    );
    for (name, text) in [("deep.json", json), ("deep.yaml", yaml)] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let run = specsmith(&["check", &path.to_string_lossy()], dir.path());
        assert_ends(&run, name, &[1, 2]);
        assert!(
            run.stdout.contains("nesting-too-deep"),
            "{name}: {}",
            run.stdout
        );
    }
}

/// Every fixture of the table is also an IR that every walk survives in-process.
#[test]
fn fixtures_lower_and_lint_in_process() {
    for r in TABLE {
        let path: PathBuf = repo().join(fixture(r.name));
        let checked = specsmith::pipeline::check(&path, &Default::default(), None);
        assert!(checked.is_ok(), "{} did not load", r.name);
    }
}

/// More misfits than the loader replaces one by one: it says that it read
/// only the title and version, and keeps those only when they are text.
#[test]
fn too_many_misfits_are_said_and_do_not_panic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let check = specsmith(&["check", &fixture("too-many-misfits.yaml")], dir.path());
    assert_ends(&check, "check too-many-misfits.yaml", &[1]);
    assert!(
        check
            .stdout
            .contains("more than 200 parts do not fit the OpenAPI schema"),
        "{}",
        check.stdout
    );
}
