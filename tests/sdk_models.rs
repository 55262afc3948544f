//! Behaviour of the python, typescript and go targets that a snapshot does
//! not show: determinism and schema-order independence, naming errors,
//! package options, migration shims, and, when the toolchains are installed
//! (`make verify` installs them), the real compilers and behaviour checks on
//! the project spec, the kitchen sink, the SDK edge fixture, a spec with no
//! schemas and the client argument fixture. The snapshots
//! of every target's output for every fixture are in tests/emit.rs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use specsmith::config::Config;
use specsmith::emit::Shims;
use specsmith::generate::{generate, Request};

const TARGETS: [&str; 3] = ["python", "typescript", "go"];

const SPECS: [(&str, &str); 5] = [
    ("lifecycle", "specs/sandbox-lifecycle.yml"),
    ("kitchen_sink", "tests/emit/kitchen-sink.yaml"),
    ("edges", "tests/emit/sdk-edges.yaml"),
    ("no_schemas", "tests/emit/no-schemas.yaml"),
    ("client_args", "tests/emit/client-args.yaml"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn request<'a>(spec: &Path, display: &str, config: Option<&'a Config>) -> Request<'a> {
    Request {
        config,
        ..Request::new(spec, display, &TARGETS)
    }
}

/// Every generated file, path → text.
fn files(spec: &Path, display: &str) -> BTreeMap<String, String> {
    let trees =
        generate(&request(spec, display, None)).unwrap_or_else(|d| panic!("{display}: {d:#?}"));
    let mut out = BTreeMap::new();
    for tree in trees.trees.values() {
        for (path, bytes) in tree.iter() {
            out.insert(path.to_string(), String::from_utf8(bytes.to_vec()).unwrap());
        }
    }
    out
}

#[test]
fn generation_is_deterministic_and_ignores_schema_order() {
    let rel = "tests/emit/kitchen-sink.yaml";
    let first = files(&root().join(rel), rel);
    assert_eq!(first, files(&root().join(rel), rel), "two runs differ");

    // The same spec with its schemas and paths in reverse order.
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let mut v: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    for pointer in ["/components/schemas", "/paths"] {
        let map = v.pointer_mut(pointer).unwrap().as_object_mut().unwrap();
        let mut entries: Vec<_> = std::mem::take(map).into_iter().collect();
        entries.reverse();
        map.extend(entries);
    }
    let dir = tempfile::tempdir().unwrap();
    let reordered = dir.path().join("kitchen-sink.json");
    std::fs::write(&reordered, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    assert_eq!(
        first,
        files(&reordered, rel),
        "schema order changed the output"
    );
}

fn errors_of(spec_text: &str, config: Option<&Config>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, spec_text).unwrap();
    match generate(&request(&spec, "spec.yaml", config)) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .map(|d| format!("[{}] {}", d.rule, d.message))
            .collect(),
    }
}

const HEADER: &str = "openapi: 3.1.0\ninfo: {title: Names, version: '1'}\npaths: {}\n";

#[test]
fn names_that_collide_after_conversion_are_errors_naming_both() {
    let spec = format!(
        "{HEADER}components:\n  schemas:\n    Box:\n      type: object\n      properties:\n        image_uri: {{type: string}}\n        imageUri: {{type: string}}\n"
    );
    let errors = errors_of(&spec, None);
    for target in ["python", "go"] {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("[identifier-collision]")
                    && e.contains(target)
                    && e.contains("image_uri")
                    && e.contains("imageUri")),
            "{target}: {errors:#?}"
        );
    }
    // TypeScript keeps wire names as property names: nothing collides.
    assert!(
        !errors.iter().any(|e| e.contains("typescript")),
        "{errors:#?}"
    );

    // Two schemas that become one type name are told apart, not refused:
    // the first in byte order keeps the name, the other gets a number.
    let spec = format!(
        "{HEADER}components:\n  schemas:\n    box-template: {{type: string}}\n    BoxTemplate: {{type: integer}}\n    Box:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/box-template'}}\n        b: {{$ref: '#/components/schemas/BoxTemplate'}}\n"
    );
    assert_eq!(errors_of(&spec, None), Vec::<String>::new());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, &spec).unwrap();
    let all = files(&path, "spec.yaml");
    let go = all
        .iter()
        .find(|(p, _)| p.ends_with("models.go"))
        .map(|(_, t)| t.as_str())
        .unwrap();
    assert!(
        go.contains("type BoxTemplate = int64") || go.contains("type BoxTemplate int64"),
        "{go}"
    );
    assert!(go.contains("BoxTemplate2"), "{go}");
}

#[test]
fn package_options_are_checked() {
    let mut config = Config::default();
    for (target, value) in [("python", "../escape"), ("go", "Not-Go")] {
        let mut table = BTreeMap::new();
        table.insert("package".to_string(), toml::Value::String(value.into()));
        config.generate.target.insert(target.into(), table);
    }
    let spec = format!("{HEADER}components:\n  schemas:\n    A: {{type: string}}\n");
    let errors = errors_of(&spec, Some(&config));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("[generate.target.python] package = \"../escape\" is not valid")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("[generate.target.go] package = \"Not-Go\" is not valid")),
        "{errors:#?}"
    );
}

#[test]
fn hostile_schema_names_stay_inside_the_target_folder() {
    let spec = format!(
        "{HEADER}components:\n  schemas:\n    '../../etc/passwd':\n      type: object\n      properties:\n        '*/ \"\"\" `x`': {{type: string}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, spec).unwrap();
    let trees = generate(&request(&path, "spec.yaml", None)).expect("generates");
    for tree in trees.trees.values() {
        for (p, _) in tree.iter() {
            assert!(!p.contains(".."), "{p}");
        }
    }
}

/// Where the pinned toolchains live: the repository of the verify script
/// (`SPECSMITH_VERIFY_SCRIPT` can point at another checkout's script).
fn verify_script() -> PathBuf {
    std::env::var_os("SPECSMITH_VERIFY_SCRIPT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("scripts/verify-generated.sh"))
}

/// Runs the verify toolchain's Python with `args`; it must succeed.
fn run_python(repo: &Path, what: &str, args: &[&std::ffi::OsStr]) {
    let run = Command::new(repo.join("verify/.work/venv/bin/python"))
        .args(args)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{what}:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn toolchain_missing(target: &str, repo: &Path) -> Option<String> {
    let have_go = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = match target {
        "python" => !repo.join("verify/.work/venv/bin/mypy").exists(),
        "typescript" => !repo
            .join("verify/typescript/node_modules/.bin/tsc")
            .exists(),
        "go" => !have_go,
        _ => true,
    };
    missing.then(|| format!("{target}: toolchain not installed (run `make verify` or scripts/install-toolchains.sh)"))
}

#[test]
fn generated_code_compiles_and_behaves_with_real_toolchains() {
    let script = verify_script();
    let Some(repo) = script
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
    else {
        panic!("bad verify script path {}", script.display());
    };
    let targets: Vec<&str> = TARGETS
        .into_iter()
        .filter(|t| match toolchain_missing(t, &repo) {
            Some(why) => {
                println!("skipped: {why}");
                false
            }
            None => true,
        })
        .collect();
    if targets.is_empty() || !script.exists() {
        println!("skipped: no toolchain to compile with");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, rel) in SPECS {
        let out = dir.path().join(name);
        for (path, text) in files(&root().join(rel), rel) {
            let p = out.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        if name == "kitchen_sink" {
            std::fs::copy(
                root().join("tests/sdk/semantics.ts"),
                out.join("typescript/semantics.ts"),
            )
            .unwrap();
            std::fs::copy(
                root().join("tests/sdk/semantics_test.go"),
                out.join("go/semantics_test.go"),
            )
            .unwrap();
        }
        let run = Command::new("bash")
            .arg(&script)
            .arg(&out)
            .args(&targets)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{rel}: verify-generated.sh failed\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
    // The migration shims compile too, and old names decode as the new ones.
    let shimmed = dir.path().join("shims");
    shimmed_files(&shimmed);
    std::fs::write(shimmed.join("go/shims_test.go"), SHIMS_GO_TEST).unwrap();
    let run = Command::new("bash")
        .arg(&script)
        .arg(&shimmed)
        .args(&targets)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "shims: verify-generated.sh failed\n{}",
        String::from_utf8_lossy(&run.stdout)
    );
    if targets.contains(&"python") {
        let check = r#"
import sys
sys.path.insert(0, sys.argv[1])
import sandbox_lifecycle_api as m
old = '{"id":"t","name":"n","snapshotRef":"oci://x","state":"Ready","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z"}'
t = m.BoxTemplate.from_json(old)
assert t.artifact_ref == "oci://x" and t.state is m.BoxTemplateState.ACTIVE, t
assert '"artifactRef":"oci://x"' in t.to_json() and '"state":"Active"' in t.to_json()
assert m.TemplateSnapshot is m.BoxTemplate
"#;
        let python = shimmed.join("python");
        run_python(
            &repo,
            "python shims",
            &["-c".as_ref(), check.as_ref(), python.as_os_str()],
        );
    }
    if targets.contains(&"go") {
        go_test(&shimmed.join("go"));
    }
    if targets.contains(&"python") {
        // A path and a query parameter named `id`: each reaches its place.
        let check = r#"
import importlib, sys
import httpx
sys.path.insert(0, sys.argv[1])
client = importlib.import_module(sys.argv[2] + ".client")
seen = []
def answer(request):
    seen.append(str(request.url))
    return httpx.Response(204)
http = httpx.Client(transport=httpx.MockTransport(answer))
c = client.ClientArgumentsClient("http://api.test", http_client=http)
c.get_rule("a b", query_id="rev1")
c.get_rule("r2")
assert seen == ["http://api.test/rules/a%20b?id=rev1", "http://api.test/rules/r2"], seen
"#;
        let python = dir.path().join("client_args/python");
        let package = std::fs::read_dir(&python)
            .unwrap()
            .flatten()
            .find(|e| e.path().join("__init__.py").exists())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .expect("a package");
        let args = [
            "-c".as_ref(),
            check.as_ref(),
            python.as_os_str(),
            package.as_ref(),
        ];
        run_python(&repo, "python client arguments", &args);
    }
    let kitchen = dir.path().join("kitchen_sink");
    if targets.contains(&"python") {
        let script = root().join("tests/sdk/roundtrip.py");
        let package = kitchen.join("python");
        run_python(
            &repo,
            "python round trip",
            &[script.as_os_str(), package.as_os_str()],
        );
    }
    if targets.contains(&"go") {
        go_test(&kitchen.join("go"));
    }
}

/// Renames from a migration manifest: the old names keep working for a release.
fn shimmed_files(dir: &Path) -> BTreeMap<String, String> {
    let rel = "specs/sandbox-lifecycle.yml";
    let mut shims = Shims::default();
    shims
        .type_aliases
        .insert("TemplateSnapshot".into(), "BoxTemplate".into());
    shims.field_aliases.insert(
        "BoxTemplate".into(),
        vec![("snapshotRef".into(), "artifactRef".into())],
    );
    shims.enum_aliases.insert(
        "BoxTemplateState".into(),
        vec![("Ready".into(), "Active".into())],
    );
    let mut req = request(&root().join(rel), rel, None);
    req.shims = shims;
    let trees = generate(&req).unwrap_or_else(|d| panic!("{d:#?}"));
    let mut out = BTreeMap::new();
    for tree in trees.trees.values() {
        for (path, bytes) in tree.iter() {
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, &text).unwrap();
            out.insert(path.to_string(), text);
        }
    }
    out
}

#[test]
fn migration_shims_keep_old_names_working() {
    let dir = tempfile::tempdir().unwrap();
    let files = shimmed_files(dir.path());
    let py = &files["python/sandbox_lifecycle_api/models.py"];
    assert!(
        py.contains("TemplateSnapshot: TypeAlias = BoxTemplate"),
        "{py}"
    );
    assert!(py.contains("validation_alias=pydantic.AliasChoices(\"artifactRef\", \"snapshotRef\")"));
    assert!(py.contains("if value == \"Ready\":\n            return cls.ACTIVE"));
    let ts = &files["typescript/models.ts"];
    assert!(
        ts.contains("export type TemplateSnapshot = BoxTemplate;"),
        "{ts}"
    );
    assert!(ts.contains("snapshotRef?: string;"));
    let go = &files["go/models.go"];
    assert!(go.contains("type TemplateSnapshot = BoxTemplate"), "{go}");
    assert!(
        go.contains("case \"snapshotRef\": // the old name of \"artifactRef\""),
        "{go}"
    );
    assert!(
        go.contains("case \"Ready\":\n\t\tvalue = string(BoxTemplateStateActive)"),
        "{go}"
    );
}

fn go_test(dir: &Path) {
    let run = Command::new("go")
        .args(["test", "./..."])
        .current_dir(dir)
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local")
        .env("GOWORK", "off")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "go test in {}:\n{}{}",
        dir.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

const SHIMS_GO_TEST: &str = r#"package sandboxlifecycleapi

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestOldNamesDecode(t *testing.T) {
	old := `{"id":"t","name":"n","snapshotRef":"oci://x","state":"Ready","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z"}`
	var tmpl TemplateSnapshot
	if err := json.Unmarshal([]byte(old), &tmpl); err != nil {
		t.Fatal(err)
	}
	if tmpl.ArtifactRef != "oci://x" || tmpl.State != BoxTemplateStateActive {
		t.Fatalf("%+v", tmpl)
	}
	out, _ := json.Marshal(tmpl)
	if !strings.Contains(string(out), `"artifactRef":"oci://x"`) || strings.Contains(string(out), "snapshotRef") {
		t.Fatalf("%s", out)
	}
}
"#;

/// The Kotlin client shares the models' package: its own types step aside
/// for models of their name, and an operation named like one of its private
/// functions is refused.
#[test]
fn kotlin_client_types_yield_to_models_and_private_names_are_refused() {
    let spec = |op: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: Clash, version: '1'}}\npaths:\n  /things/{{id}}:\n    get:\n      operationId: {op}\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/ApiException'}}}}}}}}\ncomponents:\n  schemas:\n    ApiException: {{type: object, properties: {{id: {{type: string}}}}}}\n    RetryPolicy: {{type: string}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    let kotlin = |text: &str| {
        std::fs::write(&path, text).unwrap();
        let mut req = request(&path, "spec.yaml", None);
        req.targets = vec!["kotlin".into()];
        generate(&req).map(|g| {
            g.trees
                .values()
                .flat_map(|t| t.iter())
                .find(|(p, _)| p.ends_with("ClashClient.kt"))
                .map(|(_, b)| String::from_utf8(b.to_vec()).unwrap())
                .expect("ClashClient.kt")
        })
    };
    let client = kotlin(&spec("getThing")).unwrap_or_else(|d| panic!("{d:#?}"));
    for want in [
        "class ClientApiException(",
        "data class ClientRetryPolicy(",
        "private val retry: ClientRetryPolicy? = null,",
        "suspend fun getThing(\n        id: String,\n    ): ApiException {",
        "@throws ClientApiException",
    ] {
        assert!(client.contains(want), "no {want:?} in\n{client}");
    }
    let errors = kotlin(&spec("send")).expect_err("`send` is the client's own");
    assert!(
        errors
            .iter()
            .any(|d| d.rule == "identifier-collision" && d.message.contains("send")),
        "{errors:#?}"
    );
}

/// The files `generate` makes of the spec `text` for one target, by path.
fn one_target(
    text: &str,
    target: &str,
    config: Option<&Config>,
) -> Result<BTreeMap<String, String>, Vec<specsmith::diag::Diagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, text).unwrap();
    let mut req = request(&path, "spec.yaml", config);
    req.targets = vec![target.into()];
    let g = generate(&req)?;
    Ok(g.trees
        .values()
        .flat_map(|t| t.iter())
        .map(|(p, b)| (p.to_string(), String::from_utf8(b.to_vec()).unwrap()))
        .collect())
}

/// The text of the one file whose path ends in `name`.
fn ending_in(files: &BTreeMap<String, String>, name: &str) -> String {
    files
        .iter()
        .find(|(p, _)| p.ends_with(name))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}

/// An inline schema whose made-up name is spelled like a component's
/// (`1_abc` and the hoisted `T1Abc` are both `T1Abc`) yields to it with an
/// `Inline` suffix in every SDK target, since all of them name types through
/// the shared identifiers; models and client use the one name.
#[test]
fn an_inline_schema_named_like_a_component_yields_in_every_sdk() {
    let text = "openapi: 3.1.0\ninfo: {title: Clash, version: '1.0.0'}\npaths:\n  /t1:\n    get:\n      operationId: getT1\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/T1'}}}}\ncomponents:\n  schemas:\n    1_abc: {type: string}\n    T1:\n      type: object\n      properties:\n        abc: {type: object, properties: {n: {type: integer}}}\n        x: {$ref: '#/components/schemas/1_abc'}\n";
    // Per target: the file that declares the types, and what it must say.
    let wanted: [(&str, &str, &[&str]); 6] = [
        (
            "typescript",
            "models.ts",
            &[
                "export type T1Abc = string;",
                "export interface T1AbcInline {",
                "abc?: T1AbcInline;",
            ],
        ),
        (
            "python",
            "models.py",
            &[
                "T1Abc: TypeAlias = str",
                "class T1AbcInline(",
                "abc: T1AbcInline | None = None",
            ],
        ),
        (
            "go",
            "models.go",
            &[
                "type T1Abc string",
                "type T1AbcInline struct {",
                "Abc *T1AbcInline `json:\"abc,omitempty\"`",
            ],
        ),
        ("kotlin", "T1.kt", &["val abc: T1AbcInline? = null,"]),
        (
            "csharp",
            "T1.cs",
            &["public T1AbcInline? Abc { get; init; }"],
        ),
        (
            "rust",
            "lib.rs",
            &[
                "pub type T1Abc = String;",
                "pub struct T1AbcInline {",
                "pub abc: Option<T1AbcInline>,",
            ],
        ),
    ];
    for (target, file, lines) in wanted {
        let files = one_target(text, target, None).unwrap_or_else(|d| panic!("{target}: {d:#?}"));
        let text = ending_in(&files, file);
        for line in lines {
            assert!(text.contains(line), "{target}: no {line:?} in\n{text}");
        }
    }
}

#[test]
fn go_client_names_yield_to_models_and_the_snippets_follow() {
    // An OAuth API's `Client` schema, and others named like the Go client's own.
    let text = "openapi: 3.1.0\ninfo: {title: Clash, version: '1'}\npaths:\n  /clients/{id}:\n    get:\n      operationId: getClient\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Client'}}}}\ncomponents:\n  schemas:\n    Client: {type: object, properties: {id: {type: string}}}\n    Option: {type: object, properties: {name: {type: string}}}\n    APIError: {type: string}\n";
    let files = one_target(text, "go", None).unwrap_or_else(|d| panic!("{d:#?}"));
    let file = |name: &str| ending_in(&files, name);
    let client = file("client.go");
    for want in [
        "type APIClient struct {",
        "type ClientOption func(*APIClient)",
        "func NewAPIClient(opts ...ClientOption) *APIClient {",
        "func WithBaseURL(baseURL string) ClientOption {",
        "type ClientAPIError struct {",
        "func (c *APIClient) GetClient(ctx context.Context, id string) (*Client, error) {",
    ] {
        assert!(client.contains(want), "no {want:?} in\n{client}");
    }
    let models = file("models.go");
    assert!(models.contains("type Client struct {"), "{models}");
    assert!(models.contains("type Option struct {"), "{models}");
    // The README's example calls the constructor the client declares.
    let readme = file("README.md");
    assert!(readme.contains("clash.NewAPIClient("), "{readme}");
    assert!(!readme.contains("NewClient("), "{readme}");
}

#[test]
fn the_csharp_client_class_yields_to_a_model_unless_the_option_names_it() {
    let text = "openapi: 3.1.0\ninfo: {title: Clash, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/ClashClient'}}}}\ncomponents:\n  schemas:\n    ClashClient: {type: object, properties: {id: {type: string}}}\n";
    let files = one_target(text, "csharp", None).unwrap_or_else(|d| panic!("{d:#?}"));
    let file = |name: &str| ending_in(&files, name);
    let client = file("ClashApiClient.cs");
    assert!(
        client.contains("public sealed class ClashApiClient : global::System.IDisposable"),
        "{client}"
    );
    assert!(file("ClashClient.cs").contains("ClashClient"));
    assert!(file("README.md").contains("new ClashApiClient("));
    // A class the option names is taken as given: the clash is an error.
    let mut config = Config::default();
    let option = (
        "client".to_string(),
        toml::Value::String("ClashClient".into()),
    );
    config
        .generate
        .target
        .insert("csharp".into(), BTreeMap::from([option]));
    let errors = one_target(text, "csharp", Some(&config)).expect_err("the option's class clashes");
    assert!(
        errors.iter().any(|d| d.rule == "identifier-collision"),
        "{errors:#?}"
    );
}
