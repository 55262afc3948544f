//! Behaviour of the `kotlin`, `csharp`, `rust` and `rust-server` targets that
//! a snapshot does not show: determinism, one read-only/write-only policy in
//! every SDK, Kotlin names that shadow nothing, the same type definitions in
//! both Rust crates, template overrides, migration shims, module splitting,
//! and — when `scripts/install-toolchains.sh` has run — compile checks with
//! the real toolchains plus JSON round trips through the generated Rust and
//! Kotlin models. The snapshots of every target's output for every fixture
//! are in tests/emit.rs.

use std::path::{Path, PathBuf};
use std::process::Command;

use specsmith::compat::manifest::Manifest;
use specsmith::emit::{self, templates::Templates, EmitContext, Header, Shims, TargetOptions};
use specsmith::load::LoadOptions;
use specsmith::output::OutputTree;

const TARGETS: [&str; 3] = ["kotlin", "csharp", "rust"];
const LIFECYCLE: &str = "specs/sandbox-lifecycle.yml";
const KITCHEN_SINK: &str = "tests/emit/kitchen-sink.yaml";
/// Kotlin shapes from real specs: wrapped union cases named like the types
/// they refer to, dates behind named aliases.
const KOTLIN_SHAPES: &str = "tests/emit/kotlin-unions-dates.yaml";
/// Kotlin clients of shapes that failed to compile on real specs: more
/// operations than one object may describe (DigitalOcean), deprecated types
/// the generated code uses (OpenAI), a discriminator mapping to an inline
/// schema by JSON pointer (PagerDuty).
const KOTLIN_CLIENTS: [&str; 3] = [
    "tests/emit/many-operations.yaml",
    "tests/emit/deprecated-types.yaml",
    "tests/emit/discriminator-pointer.yaml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The options specsmith.toml gives the project spec; the kitchen sink uses
/// the defaults derived from its title.
fn options(spec: &str, target: &str) -> TargetOptions {
    let mut o = TargetOptions::default();
    if spec == LIFECYCLE {
        let config =
            specsmith::config::Config::read(&root().join("specsmith.toml")).expect("config");
        o = specsmith::generate::target_options(Some(&config), target);
    }
    o
}

fn generate(spec: &str, target: &str) -> (OutputTree, Vec<String>) {
    generate_with(spec, target, None)
}

/// As `specsmith generate` does it: with the shims of a migration manifest.
fn generate_with(
    spec: &str,
    target: &str,
    manifest: Option<&Manifest>,
) -> (OutputTree, Vec<String>) {
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (_, api, diags) =
        specsmith::pipeline::load_and_lower(&root().join(spec), &opts).expect("loads");
    assert!(
        diags
            .iter()
            .all(|d| d.severity != specsmith::diag::Severity::Error),
        "{diags:?}"
    );
    let templates = Templates::new(None);
    let shims = manifest.map(|m| m.shims(&api)).unwrap_or_default();
    let command = if spec == LIFECYCLE {
        "specsmith generate".to_string()
    } else {
        format!("specsmith generate {spec}")
    };
    let cx = EmitContext {
        api: &api,
        options: options(spec, target),
        header: Header {
            spec: spec.to_string(),
            command,
        },
        shims: &shims,
        templates: &templates,
        notes: Default::default(),
        document: None,
        changes: None,
    };
    let tree = emit::find(target)
        .expect("registered")
        .emit(&cx)
        .unwrap_or_else(|d| panic!("{target} on {spec}: {d:?}"));
    let notes = cx
        .notes
        .take()
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    (tree, notes)
}

/// Inside a sealed interface a nested class hides every type of its name, so
/// no wrapper may be named like a type a case refers to (`String`, another
/// case's type); and a file that uses an alias of a java.time type names the
/// generated serializer for it.
#[test]
fn kotlin_union_wrappers_shadow_nothing_and_aliased_dates_have_serializers() {
    let (tree, _) = generate(KOTLIN_SHAPES, "kotlin");
    let text = |name: &str| {
        let bytes = tree
            .get(&format!("union/shapes/{name}.kt"))
            .unwrap_or_else(|| panic!("no {name}.kt"));
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    let expandable = squash(&text("Expandable"));
    for wrapper in [
        "value class StringValue(val value: String) : Expandable",
        "value class StringListValue(val value: List<String>) : Expandable",
        // `ColorValue` is the type of the next case, so this one takes a number.
        "value class ColorValue2(val value: Color) : Expandable",
        "value class ColorValueValue(val value: ColorValue) : Expandable",
    ] {
        assert!(
            expandable.contains(wrapper),
            "no `{wrapper}` in {expandable}"
        );
    }
    assert!(squash(&text("Nested"))
        .contains("value class ExpandableValue(val value: Expandable) : Nested"));
    let sort = squash(&text("SortMode"));
    assert!(
        sort.contains("value class Variant1Value(val value: SortModeVariant1) : SortMode")
            && sort.contains("value class Variant2Value(val value: SortModeVariant2) : SortMode"),
        "{sort}"
    );
    let visit = text("Visit");
    assert!(
        visit.contains(
            "@file:UseSerializers(LocalDateSerializer::class, OffsetDateTimeSerializer::class)"
        ),
        "{visit}"
    );
    let day = text("Day");
    assert!(day.contains("typealias Day = LocalDate") && !day.contains("UseSerializers"));
    let when = squash(&text("VisitWhen"));
    assert!(
        when.contains("value class DayValue(val value: Day) : VisitWhen")
            && when.contains("decodeOrNull(LocalDateSerializer, element)")
            && when.contains("decodeOrNull(OffsetDateTimeSerializer, element)"),
        "{when}"
    );
}

/// The text of `path` in `target`'s output for the kitchen sink.
fn file(target: &str, path: &str) -> String {
    let (tree, _) = generate(KITCHEN_SINK, target);
    let bytes = tree
        .get(path)
        .unwrap_or_else(|| panic!("{target}: no {path}"));
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `text` with every run of whitespace made one space (so column alignment
/// does not matter).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `text` from `start` up to the next `end` after it.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &text[from + start.len()..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// One read-only/write-only policy in every SDK target. In the kitchen sink,
/// Thing is sent and received: its required read-only `id` and required
/// write-only `secret` are optional. TreeNode is only received: its required
/// read-only `depth` stays required.
#[test]
fn read_only_and_write_only_presence_is_the_same_in_every_target() {
    let python_raw = file("python", "kitchen_sink/models.py");
    let python = squash(&python_raw);
    for decl in [
        "id: UUID | None = None",
        "secret: str | None = None",
        "depth: int \"\"\"",
    ] {
        assert!(python.contains(decl), "python: {decl}\n{python}");
    }
    // Optional and not nullable: null is refused, absent is not.
    let thing = between(&python_raw, "\nclass Thing(", "\nclass ");
    let not_null = between(thing, "__not_null__ = frozenset(", ")");
    assert!(
        not_null.contains("\"id\"") && not_null.contains("\"secret\""),
        "python: {not_null}"
    );
    let tree = between(&python_raw, "\nclass TreeNode(", "\nclass ");
    let not_null = between(tree, "__not_null__ = frozenset(", ")");
    assert!(!not_null.contains("\"depth\""), "python: {not_null}");

    let ts = squash(&file("typescript", "models.ts"));
    for decl in [
        "readonly id?: string;",
        " secret?: string;",
        "readonly depth: number;",
    ] {
        assert!(ts.contains(decl), "typescript: {decl}\n{ts}");
    }

    let go = squash(&file("go", "models.go"));
    for decl in [
        "ID *wire.UUID `json:\"id,omitempty\"`",
        "Secret *string `json:\"secret,omitempty\"`",
        "Depth int32 `json:\"depth\"`",
        // The properties UnmarshalJSON reports missing.
        "obj.requireAll(seen[:], \"name\", \"requiredNullable\", \"kind\", \"shape\")",
        "obj.requireAll(seen[:], \"value\", \"depth\")",
    ] {
        assert!(go.contains(decl), "go: {decl}\n{go}");
    }

    let kotlin_thing = squash(&file("kotlin", "kitchen/sink/Thing.kt"));
    for decl in ["val id: Uuid? = null,", "val secret: String? = null,"] {
        assert!(
            kotlin_thing.contains(decl),
            "kotlin: {decl}\n{kotlin_thing}"
        );
    }
    let kotlin_tree = squash(&file("kotlin", "kitchen/sink/TreeNode.kt"));
    assert!(kotlin_tree.contains("val depth: Int,"), "{kotlin_tree}");

    let csharp_thing = squash(&file("csharp", "Thing.cs"));
    for decl in [
        "public Uuid? Id { get; init; }",
        "public string? Secret { get; init; }",
    ] {
        assert!(
            csharp_thing.contains(decl),
            "csharp: {decl}\n{csharp_thing}"
        );
    }
    let csharp_tree = squash(&file("csharp", "TreeNode.cs"));
    assert!(
        csharp_tree.contains("public required int Depth { get; init; }"),
        "{csharp_tree}"
    );

    let rust = squash(&file("rust", "src/lib.rs"));
    for decl in [
        "pub id: Option<String>,",
        "pub secret: Option<String>,",
        "pub depth: i32,",
    ] {
        assert!(rust.contains(decl), "rust: {decl}\n{rust}");
    }
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    for target in TARGETS {
        for spec in [LIFECYCLE, KITCHEN_SINK] {
            assert_eq!(
                generate(spec, target).0,
                generate(spec, target).0,
                "{target} on {spec}"
            );
        }
    }
}

/// The top-level items of a generated Rust file after its module docs, each
/// with its doc comment and attributes, minus the SDK's `client` module and
/// the encoding of the structs whose encoding is written out by hand: their
/// `Serialize` impls (the server leaves write-only properties out and writes
/// old names of renamed ones; the SDK does neither) and their `Deserialize`
/// impls (the SDK reads a property sent under its new and its old name from
/// the new one; to the server both are one property sent twice).
fn type_items(source: &str) -> Vec<String> {
    let body = source
        .lines()
        .skip_while(|l| l.is_empty() || (l.starts_with("//") && !l.starts_with("///")))
        .collect::<Vec<_>>()
        .join("\n");
    // A blank line inside an item (between an impl's functions) is followed
    // by an indented line or a closing brace.
    let mut items: Vec<String> = Vec::new();
    for piece in body.split("\n\n").filter(|p| !p.trim().is_empty()) {
        match items.last_mut() {
            Some(item) if piece.starts_with([' ', '}']) => {
                item.push_str("\n\n");
                item.push_str(piece);
            }
            _ => items.push(piece.to_string()),
        }
    }
    let head = |item: &str| -> String {
        item.lines()
            .find(|l| !l.starts_with("///"))
            .unwrap_or_default()
            .to_string()
    };
    let hand_written: Vec<String> = items
        .iter()
        .filter(|item| item.contains("serialize_map"))
        .filter_map(|item| {
            let h = head(item);
            Some(
                h.strip_prefix("impl Serialize for ")?
                    .trim_end_matches(" {")
                    .to_string(),
            )
        })
        .collect();
    items
        .into_iter()
        .filter(|item| {
            let h = head(item);
            let decodes = h
                .strip_prefix("impl<'de> Deserialize<'de> for ")
                .map(|n| n.trim_end_matches(" {"));
            let encodes = h.starts_with("impl Serialize for ") && item.contains("serialize_map");
            let decodes = decodes.is_some_and(|n| hand_written.iter().any(|w| w == n));
            !encodes && !decodes && h != "#[cfg(feature = \"client\")]"
        })
        .map(|item| item.trim().to_string())
        .collect()
}

#[test]
fn both_rust_crates_hold_the_same_type_definitions() {
    let config = specsmith::config::Config::read(&root().join("specsmith.toml")).expect("config");
    let migrations: Vec<PathBuf> = config
        .migrations
        .iter()
        .map(|m| config.resolve(m))
        .collect();
    let manifest = Manifest::load_all(&migrations).expect("manifest");
    for (spec, manifest) in [
        (LIFECYCLE, None),
        (LIFECYCLE, Some(&manifest)),
        (KITCHEN_SINK, None),
    ] {
        let file = |target: &str, path: &str| {
            let (tree, _) = generate_with(spec, target, manifest);
            let bytes = tree
                .get(path)
                .unwrap_or_else(|| panic!("{target} has {path}"));
            String::from_utf8(bytes.to_vec()).expect("utf-8")
        };
        let sdk = type_items(&file("rust", "src/lib.rs"));
        let server = type_items(&file("rust-server", "src/models.rs"));
        let declared = |items: &[String]| {
            items
                .iter()
                .filter(|i| i.contains("pub struct ") || i.contains("pub enum "))
                .count()
        };
        assert!(
            declared(&sdk) >= 10,
            "{spec}: too few types found:\n{sdk:#?}"
        );
        let differing: Vec<_> = sdk
            .iter()
            .zip(&server)
            .filter(|(a, b)| a != b)
            .take(3)
            .collect();
        assert!(
            sdk.len() == server.len() && differing.is_empty(),
            "{spec} (migration: {}): {} items in rust, {} in rust-server; first differences: {differing:#?}",
            manifest.is_some(),
            sdk.len(),
            server.len()
        );
    }
}

#[test]
fn a_template_override_replaces_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rust")).unwrap();
    std::fs::write(
        dir.path().join("rust/Cargo.toml.jinja"),
        "# custom {{ crate_name }}\n",
    )
    .unwrap();
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (_, api, _) =
        specsmith::pipeline::load_and_lower(&root().join(KITCHEN_SINK), &opts).unwrap();
    let templates = Templates::new(Some(dir.path()));
    let shims = Shims::default();
    let cx = EmitContext {
        api: &api,
        options: TargetOptions::default(),
        header: Header {
            spec: KITCHEN_SINK.into(),
            command: "specsmith generate".into(),
        },
        shims: &shims,
        templates: &templates,
        notes: Default::default(),
        document: None,
        changes: None,
    };
    let tree = emit::find("rust").unwrap().emit(&cx).unwrap();
    assert_eq!(
        tree.get("Cargo.toml"),
        Some(&b"# custom kitchen-sink-models\n"[..])
    );
}

// ---------------------------------------------------------------- toolchains

/// The verify work folder when `scripts/install-toolchains.sh` installed the
/// toolchain whose stamp is `stamp`; prints why the check is skipped if not.
fn toolchain(stamp: &str, check: &str) -> Option<PathBuf> {
    let work = root().join("verify/.work");
    if work.join("stamps").join(stamp).is_file() {
        Some(work)
    } else {
        println!(
            "skipped {check}: run scripts/install-toolchains.sh (no verify/.work/stamps/{stamp})"
        );
        None
    }
}

fn write_tree(dir: &Path, target: &str, tree: &OutputTree) {
    for (path, bytes) in tree.iter() {
        let file = dir.join(target).join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn generated_code_compiles() {
    let stamps = [("kotlin", "kotlin"), ("csharp", "python"), ("rust", "rust")];
    let targets: Vec<&str> = stamps
        .iter()
        .filter(|(t, s)| toolchain(s, &format!("{t} compile check")).is_some())
        .map(|(t, _)| *t)
        .collect();
    if targets.is_empty() {
        return;
    }
    for spec in [LIFECYCLE, KITCHEN_SINK] {
        let dir = tempfile::tempdir().unwrap();
        for target in &targets {
            write_tree(dir.path(), target, &generate(spec, target).0);
        }
        run(Command::new("bash")
            .arg(root().join("scripts/verify-generated.sh"))
            .arg(dir.path())
            .args(&targets));
    }
    if targets.contains(&"kotlin") {
        let dir = tempfile::tempdir().unwrap();
        write_tree(dir.path(), "kotlin", &generate(KOTLIN_SHAPES, "kotlin").0);
        run(Command::new("bash")
            .arg(root().join("scripts/verify-generated.sh"))
            .arg(dir.path())
            .arg("kotlin"));
        for spec in KOTLIN_CLIENTS {
            let dir = tempfile::tempdir().unwrap();
            let tree = with_client(&root().join(spec), spec, "kotlin");
            for (path, bytes) in tree.iter() {
                let file = dir.path().join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, bytes).unwrap();
            }
            run(Command::new("bash")
                .arg(root().join("scripts/verify-generated.sh"))
                .arg(dir.path())
                .arg("kotlin"));
        }
    }
}

/// What `specsmith generate <spec> --target <target>` writes, the API
/// client included (paths start with the target's folder).
fn with_client(spec: &Path, display: &str, target: &str) -> OutputTree {
    let request = specsmith::generate::Request::new(spec, display, &[target]);
    let generated = specsmith::generate::generate(&request)
        .unwrap_or_else(|d| panic!("{target} on {display}: {d:?}"));
    generated
        .trees
        .into_values()
        .next()
        .expect("the target's files")
}

#[test]
fn rust_models_round_trip() {
    let Some(work) = toolchain("rust", "rust round trip") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), "rust", &generate(KITCHEN_SINK, "rust").0);
    let krate = dir.path().join("rust");
    std::fs::create_dir_all(krate.join("tests")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/models/roundtrip.rs"),
        krate.join("tests/roundtrip.rs"),
    )
    .unwrap();
    run(Command::new("cargo")
        .args(["test", "--quiet"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", work.join("cargo-target"))
        .env("CARGO_TERM_COLOR", "never"));
}

#[test]
fn kotlin_models_round_trip() {
    let Some(work) = toolchain("kotlin", "kotlin round trip") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), "kotlin", &generate(KITCHEN_SINK, "kotlin").0);
    let src = dir.path().join("kotlin");
    std::fs::copy(
        root().join("tests/fixtures/models/RoundTrip.kt"),
        src.join("kitchen/sink/RoundTrip.kt"),
    )
    .unwrap();
    let m2 = std::env::var_os("VERIFY_M2_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| work.join("m2"));
    let classes = dir.path().join("build");
    run(Command::new("mvn")
        .args(["-o", "-q", "-B", "-Dstyle.color=never", "compile"])
        .arg("-f")
        .arg(root().join("verify/kotlin/pom.xml"))
        .arg(format!("-Dmaven.repo.local={}", m2.display()))
        .arg(format!("-Dsrc.dir={}", src.display()))
        .arg(format!("-Dverify.build.dir={}", classes.display()))
        .env("MAVEN_OPTS", "-XX:TieredStopAtLevel=1"));
    // The versions pinned in verify/kotlin/pom.xml.
    let pom = std::fs::read_to_string(root().join("verify/kotlin/pom.xml")).unwrap();
    let pinned = |tag: &str| {
        let open = format!("<{tag}>");
        let start = pom
            .find(&open)
            .unwrap_or_else(|| panic!("{tag} in pom.xml"))
            + open.len();
        pom[start..].split('<').next().unwrap().to_string()
    };
    let (kotlin, serialization) = (
        pinned("kotlin.version"),
        pinned("kotlinx.serialization.version"),
    );
    let jars = [
        format!("org/jetbrains/kotlin/kotlin-stdlib/{kotlin}/kotlin-stdlib-{kotlin}.jar"),
        format!("org/jetbrains/kotlinx/kotlinx-serialization-core-jvm/{serialization}/kotlinx-serialization-core-jvm-{serialization}.jar"),
        format!("org/jetbrains/kotlinx/kotlinx-serialization-json-jvm/{serialization}/kotlinx-serialization-json-jvm-{serialization}.jar"),
    ];
    let mut classpath = vec![classes.join("classes")];
    classpath.extend(jars.iter().map(|j| m2.join(j)));
    let classpath = std::env::join_paths(classpath).unwrap();
    let out = Command::new("java")
        .arg("-cp")
        .arg(classpath)
        .arg("kitchen.sink.RoundTripKt")
        .output()
        .expect("java");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("kotlin round trip: ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn migration_shims_become_decode_aliases() {
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (_, api, _) =
        specsmith::pipeline::load_and_lower(&root().join(KITCHEN_SINK), &opts).unwrap();
    let mut shims = Shims::default();
    shims.type_aliases.insert("OldThing".into(), "Thing".into());
    shims
        .field_aliases
        .insert("Thing".into(), vec![("legacyName".into(), "name".into())]);
    shims
        .enum_aliases
        .insert("Color".into(), vec![("crimson".into(), "red".into())]);
    shims
        .enum_aliases
        .insert("ThingKind".into(), vec![("widget".into(), "gizmo".into())]);
    let templates = Templates::new(None);
    let dir = tempfile::tempdir().unwrap();
    let mut notes_by_target = Vec::new();
    for target in TARGETS {
        let cx = EmitContext {
            api: &api,
            options: TargetOptions::default(),
            header: Header {
                spec: KITCHEN_SINK.into(),
                command: "specsmith generate".into(),
            },
            shims: &shims,
            templates: &templates,
            notes: Default::default(),
            document: None,
            changes: None,
        };
        let tree = emit::find(target).unwrap().emit(&cx).unwrap();
        let text = |path: &str| {
            String::from_utf8(tree.get(path).unwrap_or_else(|| panic!("{path}")).to_vec()).unwrap()
        };
        match target {
            "rust" => {
                let lib = text("src/lib.rs");
                // Read under the old name too, the new one first when both
                // are sent.
                assert!(
                    lib.contains("read_field(&mut map, &mut name_old, \"legacyName\")?"),
                    "{lib}"
                );
                assert!(lib.contains("name: required(name.or(name_old), \"name\")?,"));
                assert!(lib.contains("#[serde(rename = \"red\", alias = \"crimson\")]"));
                // ThingKind is open: its values are matched by hand.
                assert!(lib.contains("\"widget\" => Self::Gizmo,"), "{lib}");
                assert!(
                    lib.contains(
                        "#[deprecated(note = \"renamed to `Thing`\")]\npub type OldThing = Thing;"
                    ),
                    "{lib}"
                );
            }
            "kotlin" => {
                assert!(text("kitchen/sink/Thing.kt")
                    .contains("@JsonNames(\"legacyName\")\n    @SerialName(\"name\")"));
                assert!(text("kitchen/sink/Color.kt").contains("@JsonNames(\"crimson\")"));
                assert!(text("kitchen/sink/OldThing.kt").contains("typealias OldThing = Thing"));
            }
            _ => {}
        }
        write_tree(dir.path(), target, &tree);
        let mut rules: Vec<String> = cx.notes.take().into_iter().map(|d| d.rule).collect();
        rules.sort();
        notes_by_target.push(format!("{target}: {}", rules.join(", ")));
    }
    assert_eq!(
        notes_by_target,
        [
            "kotlin: fidelity-enum-alias",
            "csharp: fidelity-enum-alias, fidelity-enum-alias, fidelity-field-alias, fidelity-type-alias",
            "rust: ",
        ]
    );
    let stamps = [("kotlin", "kotlin"), ("rust", "rust")];
    let targets: Vec<&str> = stamps
        .iter()
        .filter(|(t, s)| toolchain(s, &format!("{t} shim compile check")).is_some())
        .map(|(t, _)| *t)
        .collect();
    if !targets.is_empty() {
        run(Command::new("bash")
            .arg(root().join("scripts/verify-generated.sh"))
            .arg(dir.path())
            .args(&targets));
    }
}

/// Above 800 types the models are a `models` module split by name prefix,
/// the same files in both crates, each module importing exactly the other
/// modules' types it refers to (not a variant that shares a type's name).
#[test]
fn large_models_are_split_into_modules_by_name_prefix() {
    let mut schemas = serde_json::Map::new();
    for i in 0..900 {
        schemas.insert(
            format!("Pet{i}"),
            serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}}),
        );
    }
    schemas.insert(
        "Animal".into(),
        serde_json::json!({"type": "object", "properties": {
            "pet": {"$ref": "#/components/schemas/Pet0"},
            "kind": {"type": "string", "enum": ["pet1", "other"]},
            "litters": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Pet2"}}
        }, "additionalProperties": {
            "type": "object", "additionalProperties": {"$ref": "#/components/schemas/Pet3"}
        }}),
    );
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Split", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    let dir = std::env::temp_dir().join(format!("specsmith-split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("split.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let spec = path.to_str().unwrap();
    let (server, _) = generate(spec, "rust-server");
    let (sdk, _) = generate(spec, "rust");
    std::fs::remove_dir_all(&dir).ok();
    let text = |tree: &OutputTree, p: &str| {
        String::from_utf8(tree.get(p).unwrap_or_else(|| panic!("{p}")).to_vec()).unwrap()
    };
    assert!(server.get("src/models.rs").is_none());
    let root = text(&server, "src/models/mod.rs");
    let modules: Vec<&str> = server
        .paths()
        .filter_map(|p| p.strip_prefix("src/models/")?.strip_suffix(".rs"))
        .filter(|m| *m != "mod")
        .collect();
    assert!(modules.contains(&"a") && modules.len() > 2, "{modules:?}");
    for m in &modules {
        assert!(root.contains(&format!("\nmod {m};\n")), "{m}");
        assert!(root.contains(&format!("\npub use {m}::*;\n")), "{m}");
        let body = text(&server, &format!("src/models/{m}.rs"));
        assert!(body.matches("\npub struct ").count() <= 800, "{m}");
        assert_eq!(body, text(&sdk, &format!("src/models/{m}.rs")));
    }
    let a = text(&server, "src/models/a.rs");
    // Pet2 and Pet3 are only a map's values: generic arguments after a comma.
    assert!(a.contains("BTreeMap<String, Pet2>"), "{a}");
    assert!(
        a.contains("BTreeMap<String, BTreeMap<String, Pet3>>"),
        "{a}"
    );
    assert!(
        a.contains("\nuse super::{Pet0, Pet2, Pet3, read_field};\n"),
        "{a}"
    );
    assert!(a.contains("    Pet1,"), "the enum variant: {a}");
    assert!(text(&sdk, "src/lib.rs").contains("\npub use models::*;\n"));
    assert!(sdk.get("src/models/mod.rs").is_some());
}

/// The Kotlin client describes each operation in a private object whose
/// static initializer builds the descriptions, and the JVM caps a method at
/// 64 KB ("Method too large: <clinit>" with DigitalOcean's 500 operations in
/// one object): however many operations a spec has, each object builds a
/// bounded number of them, and every function names the object of its own.
#[test]
fn kotlin_operation_descriptions_are_spread_over_small_objects() {
    let mut paths = serde_json::Map::new();
    for i in 0..1500 {
        paths.insert(
            format!("/items/{i}"),
            serde_json::json!({"get": {
                "operationId": format!("getItem{i}"),
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}, "404": {"description": "Missing"}},
            }}),
        );
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Many", "version": "1.0.0"},
        "paths": paths,
    });
    let dir = std::env::temp_dir().join(format!("specsmith-many-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("many.json");
    std::fs::write(&path, spec.to_string()).unwrap();
    let tree = with_client(&path, "many.json", "kotlin");
    std::fs::remove_dir_all(&dir).ok();
    let client = String::from_utf8(
        tree.get("kotlin/many/ManyClient.kt")
            .expect("client")
            .to_vec(),
    )
    .unwrap();
    let objects: Vec<&str> = client.split("\n    private object ").skip(1).collect();
    assert!(objects.len() > 1, "one object for 1500 operations");
    let mut described = 0;
    for object in &objects {
        let body = &object[..object.find("\n    }\n").expect("the object ends")];
        let name = &body[..body.find(' ').unwrap()];
        let calls = ["OperationSpec(", "ParamSpec(", "ResponseSpec("]
            .iter()
            .map(|c| body.matches(c).count())
            .sum::<usize>();
        assert!(calls <= 200, "{name} builds {calls} descriptions");
        for line in body.lines().filter_map(|l| l.strip_prefix("        val ")) {
            let var = &line[..line.find(' ').unwrap()];
            assert!(
                client.contains(&format!("\n            {name}.{var},\n")),
                "{name}.{var} is not used"
            );
            described += 1;
        }
    }
    assert_eq!(described, 1500);
}
