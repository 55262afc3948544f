//! Compat checker tests: one fixture pair per rule (`tests/compat/<rule-id>/`),
//! the negative migration fixtures (`tests/compat/migration-*/`), the project's
//! own baseline → spec step, and the real histories in `../shared/corpus`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use specsmith::compat::{self, manifest::Manifest, DiffOptions, Profile, Report};
use specsmith::diag::{Loc, Severity};
use specsmith::ir::Api;
use specsmith::load::LoadOptions;
use specsmith::pipeline::load_and_lower;

/// A fixed date so `x-sunset` verdicts do not depend on the clock.
const TODAY: &str = "2026-01-01";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One loaded spec: its IR and where its `info.version` is.
struct Side {
    api: Api,
    version: Loc,
}

fn lower(path: &Path, display_base: &Path) -> Side {
    let opts = LoadOptions {
        allowed_roots: Vec::new(),
        display_base: Some(display_base.to_path_buf()),
    };
    match load_and_lower(path, &opts) {
        Ok((doc, api, _)) => Side {
            api,
            version: doc.locate("/info/version"),
        },
        Err(d) => panic!("{} does not load: {d:?}", path.display()),
    }
}

fn diff(base: &Side, head: &Side, manifest: &Manifest, profile: Profile) -> Report {
    compat::diff(
        &base.api,
        &head.api,
        manifest,
        &DiffOptions {
            profile,
            today: Some(TODAY.into()),
            base_version_loc: Some(base.version.clone()),
            head_version_loc: Some(head.version.clone()),
            ..DiffOptions::default()
        },
    )
}

fn loc(l: &Option<Loc>) -> String {
    match l {
        Some(l) => format!("{}:{}:{} {}", l.file, l.line, l.col, l.pointer),
        None => "-".into(),
    }
}

/// Findings as snapshot text: rule, level, direction, both locations, message.
fn render(r: &Report) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let _ = writeln!(
            out,
            "{} {} ({})\n  base: {}\n  head: {}\n  {}",
            f.level,
            f.rule,
            f.direction,
            loc(&f.base),
            loc(&f.head),
            f.message
        );
        if let Some(w) = &f.witness {
            let _ = writeln!(out, "  witness: {w}");
        }
        if let Some(s) = &f.suggestion {
            let _ = writeln!(out, "  suggestion: {}", s.replace('\n', " / "));
        }
    }
    let _ = writeln!(out, "{}", r.summary());
    out
}

/// Does a finding carry a witness? (`{}` or `[]` can be one: the empty
/// object an added `minProperties` now rejects; `null` is none.)
fn witnessed(w: &Option<serde_json::Value>) -> bool {
    w.as_ref().is_some_and(|w| !w.is_null())
}

struct Case {
    name: String,
    base: Side,
    head: Side,
    manifest: Manifest,
}

fn load_case(dir: &Path) -> Case {
    let fixtures = dir.parent().unwrap();
    let m = dir.join("migration.yaml");
    let manifest = if m.is_file() {
        // Relative, so locations in snapshots do not depend on the checkout's path.
        let rel = m.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&m);
        Manifest::load(rel).unwrap_or_else(|e| panic!("{e}"))
    } else {
        Manifest::empty()
    };
    Case {
        name: dir.file_name().unwrap().to_string_lossy().into(),
        base: lower(&dir.join("base.yaml"), fixtures),
        head: lower(&dir.join("head.yaml"), fixtures),
        manifest,
    }
}

#[test]
fn fixtures() {
    insta::glob!("compat/*/base.yaml", |path| {
        let case = load_case(path.parent().unwrap());
        let mut out = String::new();
        for p in Profile::ALL {
            let r = diff(&case.base, &case.head, &case.manifest, p);
            let _ = writeln!(out, "## {p}\n{}", render(&r));
        }
        insta::assert_snapshot!(out);
    });
}

/// Every registered rule has a fixture named after it that triggers it, and
/// every error carries a witness.
#[test]
fn every_rule_has_a_fixture_that_fires_it() {
    let dir = root().join("tests/compat");
    let mut missing = Vec::new();
    for rule in compat::REGISTRY {
        let case_dir = dir.join(rule.meta.id);
        if !case_dir.is_dir() {
            missing.push(format!("{}: no fixture folder", rule.meta.id));
            continue;
        }
        let case = load_case(&case_dir);
        let mut fired = false;
        for p in Profile::ALL {
            let r = diff(&case.base, &case.head, &case.manifest, p);
            for f in &r.findings {
                assert!(
                    f.level != Severity::Error || witnessed(&f.witness),
                    "{}: error {} has no witness",
                    case.name,
                    f.rule
                );
            }
            fired |= r.findings.iter().any(|f| f.rule == rule.meta.id);
        }
        if !fired {
            missing.push(format!("{}: its fixture does not trigger it", rule.meta.id));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn negative_migration_fixtures_fail_and_the_good_one_passes() {
    let dir = root().join("tests/compat");
    let expect: &[(&str, &str)] = &[
        ("migration-renames-kept-snapshot", "rename-reaches-keep"),
        (
            "migration-imageuri-required-in-request",
            "request-property-added-required",
        ),
        ("migration-type-change-in-rename", "type-changed"),
        ("migration-freed-name-reused", "freed-name-reused"),
        ("migration-undeclared-rename", "schema-removed"),
        ("migration-stale-entry", "stale-manifest-entry"),
    ];
    for (case, rule) in expect {
        let c = load_case(&dir.join(case));
        let r = diff(&c.base, &c.head, &c.manifest, Profile::Codegen);
        assert_eq!(
            r.worst(),
            Some(Severity::Error),
            "{case} must fail:\n{}",
            render(&r)
        );
        assert!(
            r.findings
                .iter()
                .any(|f| f.rule == *rule && f.level == Severity::Error),
            "{case} must report {rule}:\n{}",
            render(&r)
        );
    }
    let undeclared = load_case(&dir.join("migration-undeclared-rename"));
    let r = diff(
        &undeclared.base,
        &undeclared.head,
        &undeclared.manifest,
        Profile::Codegen,
    );
    let suggestions: BTreeSet<String> = r
        .findings
        .iter()
        .filter_map(|f| f.suggestion.clone())
        .collect();
    assert!(
        suggestions.contains("schemas:\n  TemplateSnapshot: BoxTemplate"),
        "{suggestions:#?}"
    );
    assert!(
        suggestions.contains(
            "paths:\n  '/template-snapshots/{templateSnapshotId}': '/box-templates/{templateId}'"
        ),
        "{suggestions:#?}"
    );
    let ok = load_case(&dir.join("migration-box-template-ok"));
    for p in Profile::ALL {
        let r = diff(&ok.base, &ok.head, &ok.manifest, p);
        assert!(r.count(Severity::Error) == 0, "{p}:\n{}", render(&r));
    }
}

/// The project's own step: baseline 1.3.0 → spec 1.4.0 with the box-template manifest.
#[test]
fn project_baseline_to_spec_passes_under_codegen() {
    let root = root();
    let base = lower(&root.join("specs/baseline/sandbox-lifecycle.yml"), &root);
    let head = lower(&root.join("specs/sandbox-lifecycle.yml"), &root);
    let manifest = Manifest::load(&root.join("specs/migrations/box-template.yaml")).unwrap();
    let r = diff(&base, &head, &manifest, Profile::Codegen);
    assert_eq!(r.count(Severity::Error), 0, "{}", render(&r));
    assert_eq!(r.count(Severity::Warning), 0, "{}", render(&r));
    assert!(r.version.ok, "{}", r.summary());
    let image_uri = r
        .findings
        .iter()
        .find(|f| f.message.contains("Snapshot.imageUri"))
        .expect("imageUri is reported");
    assert_eq!(
        (image_uri.level, image_uri.bump),
        (Severity::Info, compat::Bump::Minor)
    );
    insta::assert_snapshot!("project_baseline_to_spec", render(&r));
    // Without the manifest the renames are breaking, and suggested.
    let bare = diff(&base, &head, &Manifest::empty(), Profile::Codegen);
    assert!(bare.count(Severity::Error) > 0);
    assert!(
        bare.findings
            .iter()
            .any(|f| f.suggestion.as_deref() == Some("schemas:\n  TemplateSnapshot: BoxTemplate")),
        "{}",
        render(&bare)
    );
    // Under strict, the property added to the closed Snapshot schema warns.
    let strict = diff(&base, &head, &manifest, Profile::Strict);
    assert!(strict
        .findings
        .iter()
        .any(|f| f.rule == "closed-schema-property-added" && f.level == Severity::Warning));
}

/// `../shared/corpus` beside the checkout, or `SPECSMITH_CORPUS` (for a
/// checkout elsewhere, such as a git worktree).
fn corpus() -> Option<PathBuf> {
    let c = std::env::var_os("SPECSMITH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    if c.is_dir() {
        Some(c)
    } else {
        eprintln!("skipped: ../shared/corpus is absent");
        None
    }
}

fn history(dir: &Path, extra: Option<&str>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with(|c: char| c.is_ascii_digit())
            }) && p.extension().is_some_and(|e| e == "yml" || e == "yaml")
        })
        .collect();
    files.sort();
    if let Some(x) = extra {
        files.push(dir.join(x));
    }
    files
}

fn table(files: &[PathBuf], base_dir: &Path) -> String {
    let apis: Vec<Side> = files.iter().map(|f| lower(f, base_dir)).collect();
    let mut out = String::from("pair | wire E/W/I | codegen E/W/I | strict E/W/I\n");
    for (i, pair) in apis.windows(2).enumerate() {
        let name = |p: &PathBuf| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .split(['-', '.'])
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let _ = write!(out, "{} -> {}", name(&files[i]), name(&files[i + 1]));
        for p in Profile::ALL {
            let r = diff(&pair[0], &pair[1], &Manifest::empty(), p);
            let _ = write!(
                out,
                " | {}/{}/{}",
                r.count(Severity::Error),
                r.count(Severity::Warning),
                r.count(Severity::Info)
            );
        }
        out.push('\n');
    }
    out
}

#[test]
fn history_opensandbox_lifecycle() {
    let Some(c) = corpus() else { return };
    let dir = c.join("opensandbox-lifecycle");
    let files = history(&dir, Some("imageuri-pr.yml"));
    assert_eq!(files.len(), 42);
    insta::assert_snapshot!("history_opensandbox_lifecycle", table(&files, &dir));
}

#[test]
fn history_boxlite() {
    let Some(c) = corpus() else { return };
    let dir = c.join("boxlite/history");
    let files = history(&dir, None);
    assert_eq!(files.len(), 16);
    insta::assert_snapshot!("history_boxlite", table(&files, &dir));
}

/// BoxLite's real renames: with the manifests under tests/compat/history/
/// they pass under `wire` (aliases served); without, the renames are suggested.
#[test]
fn boxlite_renames_pass_with_manifests_and_are_suggested_without() {
    let Some(c) = corpus() else { return };
    let dir = c.join("boxlite/history");
    let manifests = root().join("tests/compat/history");
    let pairs = [
        (
            "001-2b043f2.yaml",
            "002-490d093.yaml",
            "boxlite-sandbox-to-box.yaml",
        ),
        (
            "010-7f5dcce.yaml",
            "011-48b4997.yaml",
            "boxlite-autopause-to-autostop.yaml",
        ),
    ];
    for (b, h, m) in pairs {
        let base = lower(&dir.join(b), &dir);
        let head = lower(&dir.join(h), &dir);
        let manifest = Manifest::load(&manifests.join(m)).unwrap();
        // BoxLite never bumped info.version; the version rule is judged elsewhere.
        let opts = DiffOptions {
            profile: Profile::Wire,
            today: Some(TODAY.into()),
            version: compat::VersionPolicy::Off,
            ..DiffOptions::default()
        };
        let r = compat::diff(&base.api, &head.api, &manifest, &opts);
        assert_eq!(
            r.count(Severity::Error),
            0,
            "{b} -> {h} with {m}:\n{}",
            render(&r)
        );
        insta::assert_snapshot!(
            format!("boxlite_{}", m.trim_end_matches(".yaml")),
            render(&r)
        );
        let bare = compat::diff(&base.api, &head.api, &Manifest::empty(), &opts);
        assert!(
            !bare.suggested.is_empty(),
            "{b} -> {h}: no rename suggested:\n{}",
            render(&bare)
        );
        insta::assert_snapshot!(
            format!("boxlite_{}_suggestions", m.trim_end_matches(".yaml")),
            compat::suggest::snippet(&bare.suggested)
        );
    }
}

/// Rename suggestions on every consecutive pair of both real histories,
/// against the renames read from the diffs (tests/compat/history/renames.tsv):
/// at least 90% of them suggested, and no suggestion pairing two things of
/// different shapes. Prints recall and precision per history.
#[test]
fn rename_suggestions_recall_and_precision_on_real_histories() {
    let Some(c) = corpus() else { return };
    let truth_text =
        std::fs::read_to_string(root().join("tests/compat/history/renames.tsv")).unwrap();
    let mut truth: BTreeSet<(String, String, String, String, String)> = BTreeSet::new();
    for line in truth_text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "{line}");
        truth.insert((
            f[0].into(),
            f[1].into(),
            f[2].into(),
            f[3].into(),
            f[4].into(),
        ));
    }
    let opts = DiffOptions {
        today: Some(TODAY.into()),
        version: compat::VersionPolicy::Off,
        ..DiffOptions::default()
    };
    let mut mismatched = Vec::new();
    let (mut all_hit, mut all_truth, mut all_suggested) = (0, 0, 0);
    for (hist, dir) in [
        ("opensandbox-lifecycle", c.join("opensandbox-lifecycle")),
        ("boxlite", c.join("boxlite/history")),
    ] {
        let files = history(&dir, None);
        let apis: Vec<Side> = files.iter().map(|f| lower(f, &dir)).collect();
        let mut suggested = BTreeSet::new();
        for (i, w) in apis.windows(2).enumerate() {
            let num = |p: &PathBuf| p.file_name().unwrap().to_string_lossy()[..3].to_string();
            let pair = format!("{}-{}", num(&files[i]), num(&files[i + 1]));
            let r = compat::diff(&w[0].api, &w[1].api, &Manifest::empty(), &opts);
            for s in &r.suggested {
                if !compat::suggest::shapes_agree(&w[0].api, &w[1].api, &r.suggested, s) {
                    mismatched.push(format!("{hist} {pair}: {}", s.line()));
                }
                // Parameters are listed by name, whatever operation scopes them.
                let from = match s.kind {
                    compat::manifest::RenameKind::Parameter => s.from.clone(),
                    _ => s.key(),
                };
                let kind = serde_json::to_value(s.kind).unwrap();
                suggested.insert((
                    hist.to_string(),
                    pair.clone(),
                    kind.as_str().unwrap().to_string(),
                    from,
                    s.to.clone(),
                ));
            }
        }
        let expected: BTreeSet<_> = truth.iter().filter(|t| t.0 == hist).cloned().collect();
        let hit = expected.intersection(&suggested).count();
        eprintln!(
            "{hist}: recall {hit}/{} ({:.1}%), precision {hit}/{} ({:.1}%)",
            expected.len(),
            100.0 * hit as f64 / expected.len().max(1) as f64,
            suggested.len(),
            100.0 * hit as f64 / suggested.len().max(1) as f64
        );
        for m in expected.difference(&suggested) {
            eprintln!("  missed: {m:?}");
        }
        for w in suggested.difference(&expected) {
            eprintln!("  not a rename: {w:?}");
        }
        all_hit += hit;
        all_truth += expected.len();
        all_suggested += suggested.len();
    }
    eprintln!("both: recall {all_hit}/{all_truth}, precision {all_hit}/{all_suggested}");
    assert!(
        mismatched.is_empty(),
        "shape-mismatched suggestions: {mismatched:#?}"
    );
    assert!(
        all_hit as f64 >= 0.9 * all_truth as f64,
        "recall {all_hit}/{all_truth} is below 90%"
    );
}

/// The rule table in docs/compat.md is the registry's: ids,
/// levels per profile and summaries. `SPECSMITH_UPDATE_DOCS=1 cargo test
/// --test compat docs` rewrites them.
#[test]
fn docs_rule_table_is_the_registry() {
    let table = specsmith::compat::rules::markdown_table();
    assert_eq!(
        table.lines().count(),
        specsmith::compat::rules::REGISTRY.len() + 2
    );
    for doc in ["docs/compat.md"] {
        let path = root().join(doc);
        let text = std::fs::read_to_string(&path).expect(doc);
        let (begin, end) = ("<!-- compat-rules:begin -->\n", "<!-- compat-rules:end -->");
        let start = text.find(begin).expect("begin marker") + begin.len();
        let stop = text.find(end).expect("end marker");
        if std::env::var_os("SPECSMITH_UPDATE_DOCS").is_some() {
            let updated = format!("{}{table}{}", &text[..start], &text[stop..]);
            std::fs::write(&path, updated).unwrap();
            continue;
        }
        assert!(
            text[start..stop] == table,
            "{doc}'s rule table is out of date: run `SPECSMITH_UPDATE_DOCS=1 cargo test --test compat docs`"
        );
    }
}

/// Schemas that reach themselves (directly and through another schema) are
/// compared once per pair: the diff ends, and a change inside the cycle is
/// reported once.
#[test]
fn recursive_schemas_are_compared_once() {
    let case = load_case(&root().join("tests/compat/recursive-schemas"));
    let r = diff(&case.base, &case.head, &case.manifest, Profile::Codegen);
    let changed: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.rule == "type-changed")
        .map(|f| {
            f.head
                .as_ref()
                .map(|l| l.pointer.clone())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        changed,
        vec!["/components/schemas/Node/properties/weight".to_string()]
    );
    assert_eq!(r.count(Severity::Error), 1, "{}", render(&r));
}

/// Applies one case's `remove` and `set` (JSON pointers, with the shorthands
/// cases.yaml defines) to a copy of the base document.
fn apply_case(base: &serde_json::Value, case: &serde_json::Value) -> serde_json::Value {
    fn expand(p: &str) -> String {
        for (short, long) in [
            ("NP/", "/components/schemas/NewPet/properties/"),
            ("PET/", "/components/schemas/Pet/properties/"),
            ("LIST/", "/paths/~1pets/get/"),
        ] {
            if let Some(rest) = p.strip_prefix(short) {
                return format!("{long}{rest}");
            }
        }
        p.to_string()
    }
    fn split(p: &str) -> (String, String) {
        let (parent, last) = p.rsplit_once('/').expect("a pointer");
        (
            parent.to_string(),
            last.replace("~1", "/").replace("~0", "~"),
        )
    }
    let mut doc = base.clone();
    let name = case["name"].as_str().unwrap_or("?");
    for p in case["remove"].as_array().into_iter().flatten() {
        let (parent, last) = split(&expand(p.as_str().unwrap()));
        let removed = match doc.pointer_mut(&parent) {
            Some(serde_json::Value::Object(m)) => m.shift_remove(&last).is_some(),
            Some(serde_json::Value::Array(a)) => {
                let i: usize = last.parse().unwrap();
                i < a.len() && {
                    a.remove(i);
                    true
                }
            }
            _ => false,
        };
        assert!(removed, "{name}: nothing to remove at {p}");
    }
    for (p, v) in case["set"].as_object().into_iter().flatten() {
        let (parent, last) = split(&expand(p));
        match doc.pointer_mut(&parent) {
            Some(serde_json::Value::Object(m)) => {
                m.insert(last, v.clone());
            }
            Some(serde_json::Value::Array(a)) => {
                let i: usize = last.parse().unwrap();
                if i == a.len() {
                    a.push(v.clone());
                } else {
                    a[i] = v.clone();
                }
            }
            _ => panic!("{name}: no place to set {p}"),
        }
    }
    assert_ne!(&doc, base, "{name}: the case changes nothing");
    doc
}

/// A broad set of small breaking changes, one per case (tests/compat-cases/):
/// each must be reported by the rule it names, at its level, under the default
/// profile; the compatible ones must raise no error. Prints the figures
/// docs/compat.md records.
#[test]
fn small_breaking_change_cases() {
    let dir = root().join("tests/compat-cases");
    let read = |f: &str| -> serde_json::Value {
        serde_yaml::from_str(&std::fs::read_to_string(dir.join(f)).unwrap()).unwrap()
    };
    let (base_doc, cases) = (read("base.yaml"), read("cases.yaml"));
    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, doc: &serde_json::Value| {
        let p = tmp.path().join(name);
        std::fs::write(&p, serde_yaml::to_string(doc).unwrap()).unwrap();
        lower(&p, tmp.path())
    };
    let base = write("base.yaml", &base_doc);
    assert!(
        diff(&base, &base, &Manifest::empty(), Profile::Codegen)
            .findings
            .is_empty(),
        "the base differs from itself"
    );
    let mut wrong = Vec::new();
    let (mut breaking, mut reported, mut errors) = (0, 0, 0);
    for case in cases["breaking"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (rule, level) = (
            case["rule"].as_str().unwrap(),
            case["level"].as_str().unwrap(),
        );
        let head = write("head.yaml", &apply_case(&base_doc, case));
        let r = diff(&base, &head, &Manifest::empty(), Profile::Codegen);
        breaking += 1;
        let hit = r
            .findings
            .iter()
            .any(|f| f.rule == rule && f.level.to_string() == level);
        if hit {
            reported += 1;
        }
        if r.findings.iter().any(|f| f.level == Severity::Error) {
            errors += 1;
        }
        for f in r.findings.iter().filter(|f| f.level == Severity::Error) {
            if !witnessed(&f.witness) {
                wrong.push(format!("{name}: error {} has no witness", f.rule));
            }
        }
        if !hit {
            let got: Vec<String> = r
                .findings
                .iter()
                .map(|f| format!("{} {}: {}", f.level, f.rule, f.message))
                .collect();
            wrong.push(format!("{name}: expected {level} {rule}, got {got:#?}"));
        }
    }
    let mut compatible = 0;
    let mut false_alarms = 0;
    for case in cases["compatible"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let head = write("head.yaml", &apply_case(&base_doc, case));
        let r = diff(&base, &head, &Manifest::empty(), Profile::Codegen);
        compatible += 1;
        let errs: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.level == Severity::Error)
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        if !errs.is_empty() {
            false_alarms += 1;
            wrong.push(format!("{name}: breaks no client, yet {errs:#?}"));
        }
    }
    eprintln!(
        "small breaking-change cases: {reported}/{breaking} reported by their rule at their level, \
         {errors}/{breaking} fail the default profile; {false_alarms}/{compatible} compatible cases raise an error"
    );
    assert!(
        wrong.is_empty(),
        "{} case(s) wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every rule id src/compat can emit (a rule's `id`, the rule of a
/// diagnostic it builds, a `*_RULE` constant) is documented in docs/compat.md.
#[test]
fn every_rule_id_emitted_in_src_compat_is_documented() {
    fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    /// The string literal that starts `rest` (after blanks), if any.
    fn literal(rest: &str) -> Option<&str> {
        let rest = rest.trim_start().strip_prefix('"')?;
        Some(&rest[..rest.find('"')?])
    }
    let mut files = Vec::new();
    sources(&root().join("src/compat"), &mut files);
    let mut ids = BTreeSet::new();
    for (path, text) in &files {
        for marker in ["id: ", "Diagnostic::new(", "_RULE: &str = "] {
            for (at, _) in text.match_indices(marker) {
                if let Some(id) = literal(&text[at + marker.len()..]) {
                    ids.insert((id.to_string(), path.clone()));
                }
            }
        }
    }
    // The registry is read too: an id built any other way still has a META.
    for r in compat::REGISTRY {
        ids.insert((r.meta.id.to_string(), root().join("src/compat/rules")));
    }
    assert!(ids.len() > compat::REGISTRY.len(), "{ids:?}");
    let doc = std::fs::read_to_string(root().join("docs/compat.md")).unwrap();
    let missing: Vec<String> = ids
        .iter()
        .filter(|(id, _)| !doc.contains(&format!("`{id}`")))
        .map(|(id, p)| format!("{id} ({})", p.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "rule ids emitted in src/compat but not in docs/compat.md: {missing:#?}"
    );
}
