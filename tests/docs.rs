//! The docs target: `spec-inline.js` byte for byte against a file the
//! reference Node pipeline produced (from the shared corpus, skipped when
//! absent) and against Node's own `JSON.stringify` (when `node` is
//! installed); bundles of multi-file specs that lint clean and lower to the
//! same IR as their sources; the changelog with and without a baseline;
//! `specsmith docs` and its `--check`; the lifecycle bundle's files and
//! release notes (its bytes are `generated/docs/`, which `generate --check`
//! guards; every fixture's docs are snapshots in tests/emit.rs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use specsmith::config::Config;
use specsmith::diag::Severity;
use specsmith::emit::docs::{spec_inline, spec_inline_text};
use specsmith::generate::{docs, Request};
use specsmith::load::LoadOptions;
use specsmith::pipeline;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> Option<PathBuf> {
    // SPECSMITH_CORPUS points elsewhere (a worktree beside the checkout).
    let dir = std::env::var_os("SPECSMITH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn request<'a>(spec: &Path, display: &str, config: Option<&'a Config>) -> Request<'a> {
    Request {
        config,
        command: "specsmith docs --out site".into(),
        ..Request::new(spec, display, &[])
    }
}

/// The docs files for a spec, path → text.
fn docs_files(spec: &Path, display: &str, config: Option<&Config>) -> BTreeMap<String, String> {
    let generated =
        docs(&request(spec, display, config)).unwrap_or_else(|d| panic!("{display}: {d:#?}"));
    assert_eq!(generated.trees.len(), 1);
    let tree = &generated.trees["docs"];
    tree.iter()
        .map(|(p, b)| (p.to_string(), String::from_utf8(b.to_vec()).unwrap()))
        .collect()
}

fn lifecycle_config() -> Config {
    Config::read(&root().join("specsmith.toml")).unwrap()
}

#[test]
fn spec_inline_matches_the_reference_pipeline_byte_for_byte() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    // opensandbox-docs/SOURCES.md: this spec-inline.js embeds 035-73ab862.yml.
    let spec = corpus.join("opensandbox-lifecycle/035-73ab862.yml");
    let expected = std::fs::read(corpus.join("opensandbox-docs/spec-inline.js")).unwrap();
    let doc = specsmith::load::load(&spec, &LoadOptions::default()).unwrap();
    let ours = spec_inline(&doc);
    assert_eq!(ours.len(), expected.len(), "lengths differ");
    assert!(ours.as_bytes() == expected.as_slice(), "bytes differ");

    // And through the target, as `specsmith docs` writes it.
    let files = docs_files(&spec, "035-73ab862.yml", None);
    assert!(files["spec-inline.js"].as_bytes() == expected.as_slice());
}

/// What Node writes for a file: `readFileSync(path, "utf8")` keeps a byte
/// order mark as U+FEFF.
fn node_spec_inline(path: &Path) -> Option<Vec<u8>> {
    let script = "const fs=require('fs');process.stdout.write('const OPENAPI_SPEC_YAML = '+JSON.stringify(fs.readFileSync(process.argv[1],'utf8'))+';')";
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(path)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(out.stdout)
}

#[test]
fn spec_inline_matches_node_on_awkward_text() {
    let dir = tempfile::tempdir().unwrap();
    // A valid spec with a byte order mark, CRLF line ends, a tab, quotes,
    // backslashes, U+2028/U+2029, non-ASCII and an astral character.
    let spec = "\u{feff}openapi: 3.0.3\r\ninfo:\r\n  title: \"Awk\\\\ward \\\"t\\u0001\"\r\n  version: '1'\r\n  description: \"tab\\there \u{2028} \u{2029} café 沙箱 🚀 </script> \\\\\"\r\npaths: {}\r\n";
    let path = dir.path().join("awkward.yaml");
    std::fs::write(&path, spec).unwrap();
    let doc = specsmith::load::load(&path, &LoadOptions::default()).unwrap();
    assert!(doc.root_file().bom, "the byte order mark is remembered");
    let ours = spec_inline(&doc);
    assert!(ours.starts_with("const OPENAPI_SPEC_YAML = \"\u{feff}openapi: 3.0.3\\r\\n"));
    assert!(ours.contains("\u{2028} \u{2029} café 沙箱 🚀 </script>"));

    // Every control character, which no YAML file can hold raw.
    let controls: String = (0u8..0x20).map(char::from).collect();
    let control_text = format!("{controls}\u{7f}\"\\/");
    let control_path = dir.path().join("controls.txt");
    std::fs::write(&control_path, &control_text).unwrap();
    let ours_controls = spec_inline_text(&control_text);
    assert_eq!(
        ours_controls,
        "const OPENAPI_SPEC_YAML = \"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\u{7f}\\\"\\\\/\";"
    );

    let (Some(node), Some(node_controls)) =
        (node_spec_inline(&path), node_spec_inline(&control_path))
    else {
        eprintln!("skipped the Node comparison: `node` is not installed");
        return;
    };
    assert_eq!(String::from_utf8(node).unwrap(), ours);
    assert_eq!(String::from_utf8(node_controls).unwrap(), ours_controls);
}

/// The IR as JSON with every source location removed.
fn ir_without_locations(spec: &Path) -> Value {
    let (_, api, diags) = pipeline::load_and_lower(spec, &LoadOptions::default())
        .unwrap_or_else(|d| panic!("{}: {d:#?}", spec.display()));
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{}: {diags:#?}",
        spec.display()
    );
    let mut v = serde_json::to_value(&api).unwrap();
    strip_locations(&mut v);
    v
}

fn strip_locations(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.shift_remove("loc");
            m.values_mut().for_each(strip_locations);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_locations),
        _ => {}
    }
}

fn external_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", Value::String(r)) if !r.starts_with('#') => out.push(r.clone()),
                    _ => external_refs(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| external_refs(x, out)),
        _ => {}
    }
}

/// Bundles a multi-file spec through the docs target, writes both bundles,
/// and checks each: no file refs left, lints with no errors, same IR.
fn check_bundle(rel: &str) -> BTreeMap<String, String> {
    let spec = root().join(rel);
    let files = docs_files(&spec, rel, None);
    let source_ir = ir_without_locations(&spec);
    let dir = tempfile::tempdir().unwrap();
    for name in ["openapi.yaml", "openapi.json"] {
        let path = dir.path().join(name);
        std::fs::write(&path, &files[name]).unwrap();
        let checked = pipeline::check(&path, &LoadOptions::default(), None)
            .unwrap_or_else(|d| panic!("{rel} {name}: {d:#?}"));
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{rel} {name} does not lint clean: {errors:#?}"
        );
        assert_eq!(checked.doc.files.len(), 1, "{rel} {name} reads other files");
        let mut refs = Vec::new();
        external_refs(&checked.doc.bundled, &mut refs);
        assert!(refs.is_empty(), "{rel} {name} keeps file refs: {refs:?}");
        assert_eq!(
            ir_without_locations(&path),
            source_ir,
            "{rel} {name} lowers to another IR"
        );
    }
    let yaml: Value = serde_yaml::from_str(&files["openapi.yaml"]).unwrap();
    let json: Value = serde_json::from_str(&files["openapi.json"]).unwrap();
    assert_eq!(yaml, json, "{rel}: the YAML and JSON bundles differ");
    files
}

#[test]
fn bundles_of_multi_file_specs_lint_clean_and_lower_to_the_same_ir() {
    let files = check_bundle("tests/fixtures/load/nested/root.yaml");
    let bundle: Value = serde_json::from_str(&files["openapi.json"]).unwrap();
    let schemas = bundle["components"]["schemas"].as_object().unwrap();
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    // The root's own Error keeps its name; the other file's gets its stem.
    assert_eq!(
        names,
        [
            "Error",
            "Order",
            "customer",
            "Address",
            "Item",
            "Money",
            "Error_errors"
        ]
    );
    assert_eq!(
        bundle["components"]["schemas"]["Item"]["properties"]["problem"]["$ref"],
        "#/components/schemas/Error",
        "a ref back into the root file stays internal"
    );
    assert_eq!(
        bundle["components"]["schemas"]["Order"]["properties"]["lastFailure"]["$ref"],
        "#/components/schemas/Error_errors"
    );
    insta::assert_snapshot!("nested_openapi_yaml", files["openapi.yaml"]);

    check_bundle("tests/fixtures/load/multi/root.yaml");
}

#[test]
fn bundles_are_deterministic() {
    let rel = "tests/fixtures/load/nested/root.yaml";
    let spec = root().join(rel);
    assert_eq!(docs_files(&spec, rel, None), docs_files(&spec, rel, None));
}

#[test]
fn lifecycle_docs_hold_every_file_and_the_release_notes() {
    let config = lifecycle_config();
    let spec = root().join("specs/sandbox-lifecycle.yml");
    let files = docs_files(&spec, "specs/sandbox-lifecycle.yml", Some(&config));
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "CHANGELOG.md",
            "changelog.html",
            "index.html",
            "openapi.json",
            "openapi.yaml",
            "spec-inline.js"
        ]
    );
    let text = std::fs::read_to_string(&spec).unwrap();
    assert_eq!(files["spec-inline.js"], spec_inline_text(&text));
    let changelog = &files["changelog.html"];
    assert!(changelog.contains("<h3>Renamed</h3>"));
    assert!(changelog.contains("<h3>Deprecated</h3>"));
    assert!(changelog.contains("The old name keeps working until 2.0.0."));
    assert!(changelog.contains("<code>specs/baseline/sandbox-lifecycle.yml</code>"));
    assert!(changelog.contains("href=\"index.html#op-createBoxTemplate\""));
    assert!(!changelog.contains("There is no baseline"));
    assert!(!changelog.contains("rename-declared"));
}

#[test]
fn changelog_says_when_there_is_no_baseline() {
    // No config at all.
    let rel = "specs/sandbox-lifecycle.yml";
    let files = docs_files(&root().join(rel), rel, None);
    assert!(files["changelog.html"].contains("There is no baseline to compare with"));

    // A config whose baseline belongs to another spec.
    let config = lifecycle_config();
    let rel = "tests/fixtures/load/nested/root.yaml";
    let files = docs_files(&root().join(rel), rel, Some(&config));
    assert!(files["changelog.html"].contains("There is no baseline to compare with"));
}

#[test]
fn changelog_is_release_notes_linked_to_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let base = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        name: {type: string}\n        size: {type: integer}\n";
    let head = base
        .replace("        size: {type: integer}\n", "")
        .replace("version: 1.0.0", "version: 2.0.0");
    std::fs::write(dir.path().join("base.yaml"), base).unwrap();
    std::fs::write(dir.path().join("api.yaml"), head).unwrap();
    std::fs::write(
        dir.path().join("specsmith.toml"),
        "spec = \"api.yaml\"\nbaseline = \"base.yaml\"\n[generate.target.docs]\ntitle = \"Shop <API>\"\n",
    )
    .unwrap();
    let config = Config::read(&dir.path().join("specsmith.toml")).unwrap();
    let files = docs_files(&dir.path().join("api.yaml"), "api.yaml", Some(&config));
    let page = &files["changelog.html"];
    assert!(
        page.contains("<title>Shop &lt;API&gt; — changelog</title>"),
        "{page}"
    );
    assert!(page.contains("<h2>What's new in 2.0.0</h2>"), "{page}");
    assert!(
        page.contains("<strong>1 breaking change</strong>"),
        "{page}"
    );
    assert!(page.contains("<h3>Removed</h3>"), "{page}");
    assert!(
        page.contains("<strong class=\"breaking\">Breaking:</strong>"),
        "{page}"
    );
    // Linked to the schema in the reference; no rule ids or file:line.
    assert!(
        page.contains("<a href=\"index.html#schema-A\">Reference</a>"),
        "{page}"
    );
    assert!(!page.contains("base.yaml:"), "{page}");
    assert!(!page.contains("response-property-removed"), "{page}");
    assert!(
        !page.contains(&dir.path().display().to_string()),
        "absolute path in {page}"
    );
    let md = &files["CHANGELOG.md"];
    assert!(md.contains("## 2.0.0\n"), "{md}");
    assert!(md.contains("### Removed\n\n- **Breaking:** "), "{md}");
    assert!(md.contains("([reference](index.html#schema-A))"), "{md}");
}

#[test]
fn docs_command_writes_the_bundle_and_checks_drift() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .current_dir(root())
            .args(["docs", "specs/sandbox-lifecycle.yml", "--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let first = run(&[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".specsmith-fingerprint",
            ".specsmith-lock",
            ".specsmith-manifest",
            "CHANGELOG.md",
            "changelog.html",
            "index.html",
            "openapi.json",
            "openapi.yaml",
            "spec-inline.js"
        ]
    );
    assert_eq!(run(&["--check"]).status.code(), Some(0));
    std::fs::write(out.join("spec-inline.js"), "stale").unwrap();
    let drift = run(&["--check"]);
    assert_eq!(drift.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&drift.stderr).contains("spec-inline.js"));
}

#[test]
fn release_notes_of_consecutive_corpus_versions() {
    use specsmith::compat::manifest::Manifest;
    use specsmith::emit::docs::html::Anchors;
    use specsmith::emit::docs::release_notes::{self, Release};
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let dir = corpus.join("opensandbox-lifecycle");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    let files = &files[files.len().saturating_sub(6)..];
    let apis: Vec<_> = files
        .iter()
        .map(|f| {
            specsmith::pipeline::load_and_lower(f, &Default::default())
                .unwrap()
                .1
        })
        .collect();
    let newest = apis.last().unwrap();
    let anchors = Anchors::new(newest, false);
    let releases: Vec<Release> = apis
        .windows(2)
        .rev()
        .map(|w| {
            let report =
                specsmith::compat::diff(&w[0], &w[1], &Manifest::empty(), &Default::default());
            Release::new(&report, &[], &|p| anchors.href(p))
        })
        .collect();
    assert!(
        releases.iter().any(|r| !r.entries.is_empty()),
        "no changes between the last versions"
    );
    let html = release_notes::html(&releases);
    let md = release_notes::markdown(&releases, "");
    assert_eq!(
        html.matches("<section class=\"release\"").count(),
        releases.len()
    );
    for r in &releases {
        assert!(md.contains(&format!("## {}\n", r.to)), "{md}");
        // Breaking entries come first in each group.
        for g in release_notes::Group::ALL {
            let flags: Vec<bool> = r
                .entries
                .iter()
                .filter(|e| e.group == g)
                .map(|e| e.breaking)
                .collect();
            assert!(flags.windows(2).all(|w| w[0] >= w[1]), "{flags:?}");
        }
    }
    assert!(!html.contains(".yml:"), "{html}");
}

/// `specsmith docs` over three versions of a spec: `--baseline` twice (oldest
/// first), a manifest for the last step.
fn docs_history_command(out: &Path, manifest: &Path) -> std::process::Output {
    let dir = "tests/fixtures/docs-history";
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .current_dir(root())
        .args(["docs", &format!("{dir}/v3.yaml"), "--out"])
        .arg(out)
        .args(["--baseline", &format!("{dir}/v1.yaml")])
        .args(["--baseline", &format!("{dir}/v2.yaml")])
        .arg("--migration")
        .arg(manifest)
        .output()
        .unwrap()
}

#[test]
fn docs_command_writes_release_notes_over_several_versions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let manifest = root().join("tests/fixtures/docs-history/rename-name.yaml");
    let run = docs_history_command(&out, &manifest);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    let (page, md, index) = (
        read("changelog.html"),
        read("CHANGELOG.md"),
        read("index.html"),
    );

    // One page, every release, newest first.
    let newest = page.find("<h2>What's new in 2.0.0</h2>").expect(&page);
    let older = page.find("<h2>What's new in 1.1.0</h2>").expect(&page);
    assert!(newest < older, "{page}");
    assert_eq!(page.matches("<section class=\"release\"").count(), 2);
    assert!(page.contains("<p class=\"source\">From <code>tests/fixtures/docs-history/v1.yaml</code> through <code>tests/fixtures/docs-history/v2.yaml</code> to <code>tests/fixtures/docs-history/v3.yaml</code>, with the renames of <code>tests/fixtures/docs-history/rename-name.yaml</code>.</p>"), "{page}");
    let (md_newest, md_older) = (
        md.find("## 2.0.0\n").unwrap(),
        md.find("## 1.1.0\n").unwrap(),
    );
    assert!(md_newest < md_older, "{md}");

    // The manifest belongs to the 1.1.0 -> 2.0.0 step only.
    let (new_part, old_part) = page.split_at(older);
    assert!(new_part.contains("The property <code>Pet.name</code> is now <code>title</code>. The old name keeps working until 3.0.0."), "{page}");
    assert!(!old_part.contains("<code>title</code>"), "{page}");
    // Breaking entries first and marked.
    assert!(new_part.contains("<h3>Removed</h3>\n<ul>\n<li><strong class=\"breaking\">Breaking:</strong> Schema <code>LegacyPet</code> was removed"), "{page}");
    assert!(
        new_part.contains("<strong>1 breaking change</strong>"),
        "{page}"
    );
    // Newly deprecated operations, properties and schemas in the older release.
    let deprecated = &old_part[old_part.find("<h3>Deprecated</h3>").expect(old_part)..];
    for what in [
        "GET /legacy/pets (<code>listLegacyPets</code>) was deprecated.",
        "Property <code>Pet.tag</code> was deprecated. <a href=\"index.html#schema-Pet\">Reference</a>",
        "Schema <code>LegacyPet</code> was deprecated.",
    ] {
        assert!(deprecated.contains(what), "{what} in {deprecated}");
    }
    assert!(
        md.contains("- Property `Pet.tag` was deprecated. ([reference](index.html#schema-Pet))"),
        "{md}"
    );
    // What the newest reference no longer has is not linked.
    assert!(
        !deprecated.contains("LegacyPet</code> was deprecated. <a"),
        "{deprecated}"
    );
    assert!(
        !deprecated.contains("listLegacyPets</code>) was deprecated. <a"),
        "{deprecated}"
    );
    assert!(
        old_part.contains("<a href=\"index.html#op-createPet\">Reference</a>"),
        "{page}"
    );

    // Every link lands on an id of the reference.
    let ids: Vec<&str> = index
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let links: Vec<&str> = page
        .split("href=\"index.html#")
        .skip(1)
        .chain(md.split("](index.html#").skip(1))
        .filter_map(|s| s.split(['"', ')']).next())
        .collect();
    assert!(links.len() >= 5, "{links:?}");
    for l in &links {
        assert!(ids.contains(l), "#{l} is not in index.html");
    }

    // The same command checks clean; the header names it for a rerun.
    assert!(md.contains("--baseline tests/fixtures/docs-history/v1.yaml --baseline tests/fixtures/docs-history/v2.yaml --migration tests/fixtures/docs-history/rename-name.yaml"), "{md}");
    let mut check = Command::new(env!("CARGO_BIN_EXE_specsmith"));
    check
        .current_dir(root())
        .args([
            "docs",
            "tests/fixtures/docs-history/v3.yaml",
            "--check",
            "--out",
        ])
        .arg(&out)
        .args(["--baseline", "tests/fixtures/docs-history/v1.yaml"])
        .args(["--baseline", "tests/fixtures/docs-history/v2.yaml"])
        .args([
            "--migration",
            "tests/fixtures/docs-history/rename-name.yaml",
        ]);
    assert_eq!(check.output().unwrap().status.code(), Some(0));
}

#[test]
fn a_manifest_must_name_one_step_of_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("m.yaml");
    std::fs::write(
        &manifest,
        "from: 1.0.0\nto: 9.0.0\nproperties:\n  Pet.name: title\n",
    )
    .unwrap();
    let run = docs_history_command(&dir.path().join("site"), &manifest);
    assert_eq!(run.status.code(), Some(2));
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(
        said.contains("belongs to none of the steps (1.0.0 → 1.1.0, 1.1.0 → 2.0.0)"),
        "{said}"
    );
    assert!(!dir.path().join("site/changelog.html").exists());
}

/// The SDK calls a reference page shows beside `curl`, per language, as a
/// reader copies them (the element text unescaped).
fn sdk_snippets(page: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rest = page;
    while let Some(i) = rest.find("<div class=\"sample\" data-lang=\"") {
        rest = &rest[i + 31..];
        let lang = &rest[..rest.find('"').unwrap()];
        let start = rest.find("<pre><code>").unwrap() + 11;
        let end = rest.find("</code></pre>").unwrap();
        let code = rest[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
        out.entry(lang.to_string()).or_default().push(code);
        rest = &rest[end..];
    }
    out
}

/// Runs a checker; `Err` with its output when it fails.
fn run_checker(c: &mut Command, what: &str) -> Result<String, String> {
    let o = c
        .output()
        .unwrap_or_else(|e| panic!("{what} did not start: {e}"));
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    if o.status.success() {
        Ok(text)
    } else {
        Err(format!("{what} failed:\n{text}"))
    }
}

fn checked(c: &mut Command, what: &str) {
    if let Err(e) = run_checker(c, what) {
        panic!("{e}");
    }
}

/// Where the checks keep what outlives one run: cargo's target folder for
/// the Rust calls.
fn verify_work() -> PathBuf {
    root().join("verify/.work")
}

/// Compiles every SDK call in `snippets` against the packages under `sdk`
/// (`typescript/`, `python/`, `go/`, `kotlin/`, `rust/`, `csharp/`) with each
/// language's checker: tsc (strict), pyright (strict), `go vet`, Maven's
/// kotlinc, `cargo check` and tree-sitter-c-sharp (a parse: there is no .NET
/// SDK here). A language whose toolchain is absent is skipped, and said so.
/// `what` names the spec in messages; the result lists what was checked.
fn check_snippets(what: &str, snippets: &BTreeMap<String, Vec<String>>, sdk: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut done = Vec::new();
    for (lang, checker) in CHECKERS {
        let Some(calls) = snippets.get(*lang) else {
            panic!("{what}: no {lang} calls in the reference");
        };
        let work = dir.path().join(lang);
        std::fs::create_dir_all(&work).unwrap();
        let started = std::time::Instant::now();
        if checker(what, calls, &sdk.join(lang), &work).is_some() {
            done.push(format!(
                "{lang}: {} calls in {:.1}s",
                calls.len(),
                started.elapsed().as_secs_f64()
            ));
        }
    }
    done
}

/// Checks the calls of one language: (spec, calls, the package, a work
/// folder); `None` when its toolchain is absent (said so), a panic when a
/// call does not compile.
type Checker = fn(&str, &[String], &Path, &Path) -> Option<()>;

const CHECKERS: &[(&str, Checker)] = &[
    ("typescript", check_typescript),
    ("python", check_python),
    ("go", check_go),
    ("kotlin", check_kotlin),
    ("rust", check_rust),
    ("csharp", check_csharp),
];

fn check_typescript(what: &str, calls: &[String], sdk: &Path, work: &Path) -> Option<()> {
    let tsc = root().join("verify/typescript/node_modules/.bin/tsc");
    if !tsc.exists() {
        println!("skipped TypeScript: tsc not installed (run scripts/install-toolchains.sh)");
        return None;
    }
    std::fs::create_dir_all(work.join("sdk")).unwrap();
    for f in std::fs::read_dir(sdk).unwrap() {
        let f = f.unwrap();
        if f.path().extension().is_some_and(|e| e == "ts") {
            std::fs::copy(f.path(), work.join("sdk").join(f.file_name())).unwrap();
        }
    }
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(sdk.join("package.json")).unwrap()).unwrap();
    let name = package["name"].as_str().unwrap();
    std::fs::write(
        work.join("tsconfig.json"),
        format!(
            r#"{{"compilerOptions":{{"target":"ES2022","module":"ESNext","moduleResolution":"bundler","strict":true,"noEmit":true,"types":[],"lib":["ES2022","DOM"],"skipLibCheck":true,"paths":{{"{name}/*":["./sdk/*"]}}}},"include":["*.ts"]}}"#
        ),
    )
    .unwrap();
    // What Node declares that the calls use: the environment and readFile.
    std::fs::write(
        work.join("node.d.ts"),
        "declare const process: { env: Record<string, string | undefined> };\n\
         declare module \"node:fs/promises\" {\n  export function readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;\n}\n",
    )
    .unwrap();
    for (i, code) in calls.iter().enumerate() {
        std::fs::write(work.join(format!("call{i}.ts")), code).unwrap();
    }
    checked(
        Command::new(&tsc)
            .args(["--project", "tsconfig.json", "--pretty", "false"])
            .current_dir(work),
        &format!("tsc of the TypeScript calls of {what}"),
    );
    Some(())
}

fn check_python(what: &str, calls: &[String], sdk: &Path, work: &Path) -> Option<()> {
    let pyright = root().join("verify/pyright/node_modules/.bin/pyright");
    let python = verify_work().join("venv/bin/python");
    if !(pyright.exists() && python.exists()) {
        println!("skipped Python: pyright not installed (run scripts/install-toolchains.sh)");
        return None;
    }
    for (i, code) in calls.iter().enumerate() {
        std::fs::write(work.join(format!("call{i}.py")), code).unwrap();
    }
    std::fs::write(
        work.join("pyrightconfig.json"),
        format!(
            // The reference shows deprecated operations too: calling one is
            // what pyright's strict mode reports, as a warning here.
            r#"{{"typeCheckingMode":"strict","reportDeprecated":"warning","pythonVersion":"3.10","extraPaths":[{}]}}"#,
            serde_json::to_string(&sdk.display().to_string()).unwrap()
        ),
    )
    .unwrap();
    checked(
        Command::new(&pyright)
            .arg("--pythonpath")
            .arg(&python)
            .args(["--project", "pyrightconfig.json"])
            .current_dir(work),
        &format!("pyright of the Python calls of {what}"),
    );
    Some(())
}

fn check_go(what: &str, calls: &[String], sdk: &Path, work: &Path) -> Option<()> {
    if Command::new("go").arg("version").output().is_err() {
        println!("skipped Go: go not installed");
        return None;
    }
    let module = std::fs::read_to_string(sdk.join("go.mod")).unwrap();
    let path = module
        .lines()
        .find_map(|l| l.strip_prefix("module "))
        .unwrap()
        .trim();
    std::fs::write(
        work.join("go.mod"),
        format!(
            "module calls\n\ngo 1.24\n\nrequire {path} v0.0.0\n\nreplace {path} => {}\n",
            sdk.display()
        ),
    )
    .unwrap();
    for (i, code) in calls.iter().enumerate() {
        let d = work.join(format!("call{i}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("main.go"), code).unwrap();
    }
    checked(
        Command::new("go")
            .args(["vet", "./..."])
            .current_dir(work)
            .env("GOFLAGS", "-mod=mod")
            .env("GOTOOLCHAIN", "local")
            .env("GOWORK", "off"),
        &format!("go vet of the Go calls of {what}"),
    );
    Some(())
}

/// The calls are compiled with the package by its own pom.xml (offline, the
/// Maven repository `scripts/install-toolchains.sh` fills), each in a
/// package of its own so that their `main` functions do not clash.
fn check_kotlin(what: &str, calls: &[String], sdk: &Path, work: &Path) -> Option<()> {
    let m2 = verify_work().join("m2");
    if Command::new("mvn").arg("--version").output().is_err() || !m2.is_dir() {
        println!("skipped Kotlin: mvn or its offline repository is missing (run scripts/install-toolchains.sh)");
        return None;
    }
    copy_tree(sdk, work);
    let calls_dir = work.join("calls");
    std::fs::create_dir_all(&calls_dir).unwrap();
    for (i, code) in calls.iter().enumerate() {
        std::fs::write(
            calls_dir.join(format!("Call{i}.kt")),
            format!("package calls.call{i}\n\n{code}\n"),
        )
        .unwrap();
    }
    checked(
        Command::new("mvn")
            .args(["-o", "-B", "-q", "-Dstyle.color=never", "-f"])
            .arg(work.join("pom.xml"))
            .arg(format!("-Dmaven.repo.local={}", m2.display()))
            .args([
                "-Dkotlin.compiler.incremental=false",
                "-Dkotlin.compiler.daemon=false",
                "compile",
            ])
            .env("MAVEN_OPTS", "-XX:TieredStopAtLevel=1"),
        &format!("Maven's kotlinc of the Kotlin calls of {what}"),
    );
    Some(())
}

/// The calls are binaries of one crate that depends on the generated one,
/// checked offline in a target folder kept between runs, so a second run
/// compiles only the calls and the generated crate.
fn check_rust(what: &str, calls: &[String], sdk: &Path, work: &Path) -> Option<()> {
    let manifest = std::fs::read_to_string(sdk.join("Cargo.toml")).unwrap();
    let name = manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .unwrap()
        .trim_matches('"');
    let multipart = manifest.contains("\"multipart\"");
    std::fs::create_dir_all(work.join("src/bin")).unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        format!(
            "[package]\nname = \"calls\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{name} = {{ path = {} }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n{}",
            serde_json::to_string(&sdk.display().to_string()).unwrap(),
            if multipart {
                "reqwest = { version = \"0.12\", default-features = false, features = [\"multipart\"] }\n"
            } else {
                ""
            }
        ),
    )
    .unwrap();
    for (i, code) in calls.iter().enumerate() {
        std::fs::write(work.join(format!("src/bin/call{i}.rs")), code).unwrap();
    }
    let result = run_checker(
        Command::new("cargo")
            .args(["check", "--offline", "--quiet", "--bins"])
            .current_dir(work)
            .env("CARGO_TARGET_DIR", verify_work().join("cargo-target-calls"))
            .env("CARGO_TERM_COLOR", "never"),
        &format!("cargo check of the Rust calls of {what}"),
    );
    match result {
        Ok(_) => Some(()),
        // The crates the generated one depends on are not in cargo's cache:
        // the toolchain is there, its inputs are not.
        Err(e) if e.contains("--offline") && !e.contains("error[") => {
            println!("skipped Rust: the generated crate's dependencies are not in cargo's cache (run `cargo fetch` in generated/rust once)\n{e}");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

fn check_csharp(what: &str, calls: &[String], _: &Path, work: &Path) -> Option<()> {
    let python = verify_work().join("venv/bin/python");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import tree_sitter, tree_sitter_c_sharp"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        println!(
            "skipped C#: tree-sitter-c-sharp not installed (run scripts/install-toolchains.sh)"
        );
        return None;
    }
    for (i, code) in calls.iter().enumerate() {
        std::fs::write(work.join(format!("Call{i}.cs")), code).unwrap();
    }
    checked(
        Command::new(&python)
            .arg(root().join("scripts/parse_csharp.py"))
            .arg(work),
        &format!("tree-sitter-c-sharp parse of the C# calls of {what}"),
    );
    Some(())
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every SDK call in the project spec's reference is a whole program or
/// script that compiles against the generated packages as they are
/// (`check_snippets`), read from `generated/docs/index.html`.
#[test]
fn sdk_snippets_of_the_project_spec_compile() {
    let page = std::fs::read_to_string(root().join("generated/docs/index.html")).unwrap();
    let snippets = sdk_snippets(&page);
    for lang in ["typescript", "python", "go", "kotlin", "rust", "csharp"] {
        assert!(
            snippets.get(lang).is_some_and(|s| s.len() >= 10),
            "{lang}: no calls in the reference"
        );
    }
    let done = check_snippets(
        "specs/sandbox-lifecycle.yml",
        &snippets,
        &root().join("generated"),
    );
    println!("checked: {done:#?}");
}

/// The same for fixtures whose required parameters are enums, dates,
/// arrays and objects and whose bodies are forms, multipart parts, bytes
/// and text, generated with every SDK target and the docs into a temporary
/// folder.
#[test]
fn sdk_snippets_of_the_fixtures_compile() {
    for rel in ["tests/emit/sdk-calls.yaml", "tests/emit/kitchen-sink.yaml"] {
        let dir = tempfile::tempdir().unwrap();
        let spec = root().join(rel);
        let mut request = request(&spec, rel, None);
        request.command = format!("specsmith generate {rel}");
        request.targets = [
            "typescript",
            "python",
            "go",
            "kotlin",
            "rust",
            "csharp",
            "docs",
        ]
        .map(String::from)
        .to_vec();
        let generated =
            specsmith::generate::generate(&request).unwrap_or_else(|d| panic!("{rel}: {d:#?}"));
        // Each tree's paths start with its target's folder.
        for tree in generated.trees.values() {
            for (path, bytes) in tree.iter() {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, bytes).unwrap();
            }
        }
        let page = std::fs::read_to_string(dir.path().join("docs/index.html")).unwrap();
        let snippets = sdk_snippets(&page);
        let done = check_snippets(rel, &snippets, dir.path());
        println!("{rel}: {done:#?}");
    }
}
