//! `--templates DIR` through the binary: an override file that names no
//! built-in template is refused (exit 2) with the valid names, and an
//! override of each target's main template changes that target's output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KITCHEN_SINK: &str = "tests/emit/kitchen-sink.yaml";
const MARK: &str = "Overridden by a --templates folder.";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `generate` of the kitchen sink with an empty config (so the project's
/// specsmith.toml cannot change the result) into `dir/out`.
fn generate(dir: &Path, templates: &Path, targets: &[&str]) -> Output {
    let config = dir.join("specsmith.toml");
    std::fs::write(&config, "").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_specsmith"));
    cmd.current_dir(root())
        .arg("--config")
        .arg(&config)
        .args(["generate", KITCHEN_SINK, "--out"])
        .arg(dir.join("out"))
        .arg("--templates")
        .arg(templates);
    for t in targets {
        cmd.args(["--target", t]);
    }
    cmd.output().expect("specsmith runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Writes `name` into the override folder `dir/templates`.
fn override_file(dir: &Path, name: &str, source: &str) -> PathBuf {
    let templates = dir.join("templates");
    let file = templates.join(name);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, source).unwrap();
    templates
}

fn builtin(name: &str) -> String {
    std::fs::read_to_string(root().join("templates").join(name)).unwrap()
}

/// The generated files (relative to the output root) that contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, needle: &str, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, needle, out);
            } else if std::fs::read_to_string(&p).is_ok_and(|t| t.contains(needle)) {
                let rel = p.strip_prefix(base).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, needle, &mut out);
    out.sort();
    out
}

#[test]
fn a_misspelled_override_is_refused_with_the_valid_names() {
    let dir = tempfile::tempdir().unwrap();
    // `model`, not `models`: once the example the source itself gave.
    let templates = override_file(dir.path(), "python/model.py.jinja", "# nothing\n");
    let o = generate(dir.path(), &templates, &["python"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(
        out.contains("`python/model.py.jinja` names no built-in template"),
        "{out}"
    );
    assert!(
        out.contains("did you mean `python/models.py.jinja`?"),
        "{out}"
    );
    for valid in [
        "python/__init__.py.jinja",
        "python/_base.py.jinja",
        "python/models.py.jinja",
        "python/py.typed.jinja",
    ] {
        assert!(out.contains(valid), "{valid} is not listed:\n{out}");
    }
    assert!(!dir.path().join("out").exists(), "something was written");
}

#[test]
fn a_misspelled_override_of_a_target_not_generated_is_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let templates = override_file(dir.path(), "go/model.go.jinja", "// nothing\n");
    let o = generate(dir.path(), &templates, &["python"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("did you mean `go/models.go.jinja`?"), "{out}");
}

#[test]
fn a_flat_override_is_refused_with_the_folder_it_belongs_in() {
    let dir = tempfile::tempdir().unwrap();
    let templates = override_file(dir.path(), "models.go.jinja", "// nothing\n");
    let o = generate(dir.path(), &templates, &["go"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("did you mean `go/models.go.jinja`?"), "{out}");
    assert!(out.contains("named `<target>/<file>`"), "{out}");
}

#[test]
fn targets_without_templates_take_no_overrides() {
    let (target, file) = ("rust-server", "rust-server/lib.rs.jinja");
    {
        let dir = tempfile::tempdir().unwrap();
        let templates = override_file(dir.path(), file, "x\n");
        let o = generate(dir.path(), &templates, &[target]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{out}");
        assert!(
            out.contains(&format!(
                "the `{target}` target has no templates to override"
            )),
            "{out}"
        );
    }
}

#[test]
fn a_missing_templates_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = generate(dir.path(), &dir.path().join("no-such-folder"), &["python"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("cannot read the templates folder"), "{out}");
}

#[test]
fn hidden_files_in_the_templates_folder_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let templates = override_file(dir.path(), ".git/HEAD", "ref: x\n");
    let o = generate(dir.path(), &templates, &["typescript"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// Per target: the template, the text after which the override adds a line,
/// and the comment marker that keeps the line valid in the target's language.
const OVERRIDES: &[(&str, &str, &str, &str)] = &[
    ("python", "python/models.py.jinja", "{{ header }}\n", "# "),
    (
        "typescript",
        "typescript/models.ts.jinja",
        "{{ header }}\n",
        "// ",
    ),
    ("go", "go/models.go.jinja", "{{ header }}\n", "// "),
    ("kotlin", "kotlin/model.kt.jinja", "{{ header }}\n", "// "),
    (
        "csharp",
        "csharp/model.cs.jinja",
        "// {{ line }}\n{% endfor %}\n",
        "// ",
    ),
    // lib.rs.jinja writes the crate docs above the models.
    ("rust", "rust/lib.rs.jinja", "{% endmacro %}\n", "//! "),
];

#[test]
fn an_override_changes_each_targets_output() {
    let mut failures = Vec::new();
    for (target, name, after, comment) in OVERRIDES {
        let dir = tempfile::tempdir().unwrap();
        let source = builtin(name);
        let at = source
            .find(after)
            .unwrap_or_else(|| panic!("{name} has no `{after}`"));
        let (head, tail) = source.split_at(at + after.len());
        let changed = format!("{head}{comment}{MARK}\n{tail}");
        let templates = override_file(dir.path(), name, &changed);
        let o = generate(dir.path(), &templates, &[target]);
        if o.status.code() != Some(0) {
            failures.push(format!(
                "{target}: exit {:?}\n{}",
                o.status.code(),
                text(&o)
            ));
            continue;
        }
        let hits = files_containing(&dir.path().join("out"), MARK);
        if hits.is_empty() {
            failures.push(format!("{target}: no generated file carries the change"));
        }
        if let Some(other) = hits.iter().find(|h| !h.starts_with(&format!("{target}/"))) {
            failures.push(format!("{target}: the change reached {other}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// The models templates write each declaration through a macro
/// (`declaration`; Python's `enum_declaration`, `class_declaration`,
/// `alias_declaration`), rendered on every core. An override written as one
/// loop over the lists, without those macros, still renders, with the
/// lists filled; and a change inside the macro reaches every declaration.
#[test]
fn a_models_override_without_the_part_macros_gets_the_lists() {
    let cases = [
        (
            "typescript",
            "typescript/models.ts.jinja",
            "{{ header }}\n{% for t in types %}// declared {{ t.name }}\n{% endfor %}",
            "typescript/models.ts",
        ),
        (
            "go",
            "go/models.go.jinja",
            "{{ header }}\npackage {{ package }}\n{% for d in decls %}// declared {{ d.name }}\n{% endfor %}",
            "go/models.go",
        ),
        (
            "python",
            "python/models.py.jinja",
            "{{ header }}\n{% for x in enums + classes + aliases %}# declared {{ x.name }}\n{% endfor %}",
            "python/",
        ),
    ];
    for (target, name, source, file) in cases {
        let dir = tempfile::tempdir().unwrap();
        let templates = override_file(dir.path(), name, source);
        let o = generate(dir.path(), &templates, &[target]);
        assert_eq!(o.status.code(), Some(0), "{target}: {}", text(&o));
        let hits = files_containing(&dir.path().join("out"), "declared Thing");
        assert!(
            hits.iter().any(|h| h.starts_with(file)),
            "{target}: {hits:?}"
        );
    }
    // The built-in with its macro changed: every declaration carries it.
    let dir = tempfile::tempdir().unwrap();
    let source = builtin("typescript/models.ts.jinja").replacen(
        "{% macro declaration(t) %}\n",
        "{% macro declaration(t) %}\n// part {{ t.name }}\n",
        1,
    );
    let templates = override_file(dir.path(), "typescript/models.ts.jinja", &source);
    let o = generate(dir.path(), &templates, &["typescript"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let models = std::fs::read_to_string(dir.path().join("out/typescript/models.ts")).unwrap();
    let parts = models.matches("// part ").count();
    let declared =
        models.matches("\nexport interface ").count() + models.matches("\nexport type ").count();
    assert!(
        parts > 5 && parts == declared,
        "{parts} parts, {declared} declarations"
    );
}

/// A target's client is made beside its models, on a thread of its own: a
/// failing client template still stops the run (exit 2) with the template
/// named, whether the models succeed or fail too, and nothing is written.
#[test]
fn a_failing_client_template_stops_the_run() {
    let broken = "{{ header }}{{ undefined_function() }}\n";
    for models_too in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut templates = override_file(dir.path(), "typescript/client.ts.jinja", broken);
        if models_too {
            templates = override_file(dir.path(), "typescript/models.ts.jinja", broken);
        }
        let o = generate(dir.path(), &templates, &["typescript"]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(2), "{out}");
        let failed = if models_too {
            "models.ts.jinja"
        } else {
            "client.ts.jinja"
        };
        assert!(out.contains("template-error"), "{out}");
        assert!(out.contains(failed), "{out}");
        assert!(!dir.path().join("out").exists(), "{out}");
    }
}

// ------------------------------------------- overrides that still compile

/// Why the toolchain that compiles `target` is missing, if it is
/// (scripts/install-toolchains.sh installs them; `make verify` runs it first).
fn toolchain_missing(target: &str) -> Option<String> {
    let work = root().join("verify/.work");
    let have = |cmd: &str| {
        Command::new(cmd)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let ok = match target {
        "python" | "csharp" => work.join("stamps/python").is_file(),
        "typescript" => work.join("stamps/node").is_file(),
        "kotlin" => work.join("stamps/kotlin").is_file(),
        "rust" => work.join("stamps/rust").is_file(),
        "go" => have("go"),
        _ => false,
    };
    (!ok).then(|| format!("{target}: toolchain not installed (run scripts/install-toolchains.sh)"))
}

/// Renders the kitchen sink for `target` with `name` overridden by the
/// built-in text edited by `edit`, checks that `expect` is in the output,
/// then compiles the output with scripts/verify-generated.sh (skipped, and
/// said so, when the toolchain is absent).
fn override_compiles(target: &str, name: &str, expect: &str, edit: impl Fn(&str) -> String) {
    let dir = tempfile::tempdir().unwrap();
    let source = builtin(name);
    let changed = edit(&source);
    assert_ne!(changed, source, "{name}: the edit changed nothing");
    let templates = override_file(dir.path(), name, &changed);
    let o = generate(dir.path(), &templates, &[target]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = dir.path().join("out");
    assert!(
        !files_containing(&out.join(target), expect).is_empty(),
        "{target}: the override's `{expect}` is not in the output"
    );
    if let Some(why) = toolchain_missing(target) {
        println!("skipped compiling: {why}");
        return;
    }
    let v = Command::new("bash")
        .arg(root().join("scripts/verify-generated.sh"))
        .arg(&out)
        .arg(target)
        .output()
        .expect("bash runs");
    assert!(
        v.status.success(),
        "{target} does not compile:\n{}",
        text(&v)
    );
}

/// Inserts `text` after the first `after` of `source`.
fn insert_after(source: &str, after: &str, text: &str) -> String {
    let at = source
        .find(after)
        .unwrap_or_else(|| panic!("no `{after}` in the template"))
        + after.len();
    format!("{}{text}{}", &source[..at], &source[at..])
}

/// The defect this guards: Rust used to decide models.go's import block, so
/// an override that called into another package did not compile.
#[test]
fn a_go_override_that_imports_a_package_compiles() {
    override_compiles("go", "go/models.go.jinja", "strings.ToUpper", |s| {
        let s = s.replace(
            r#"(["time"] if uses.time else [])"#,
            r#"(["time"] if uses.time else []) + ["strings"]"#,
        );
        format!(
            "{s}\n// Shout is added by a --templates override.\nfunc Shout(s string) string {{\n\treturn strings.ToUpper(s)\n}}\n"
        )
    });
}

#[test]
fn a_python_override_that_imports_a_module_compiles() {
    override_compiles("python", "python/models.py.jinja", "textwrap.dedent", |s| {
        let s = insert_after(
            s,
            "from __future__ import annotations\n\n",
            "import textwrap\n",
        );
        format!(
            "{s}\n\ndef shout(text: str) -> str:\n    \"\"\"Added by a --templates override.\"\"\"\n    return textwrap.dedent(text).upper()\n"
        )
    });
}

#[test]
fn a_typescript_override_that_adds_code_compiles() {
    override_compiles(
        "typescript",
        "typescript/models.ts.jinja",
        "export function shout",
        |s| {
            format!("{s}\n/** Added by a --templates override. */\nexport function shout(text: string): string {{\n  return text.toUpperCase();\n}}\n")
        },
    );
}

#[test]
fn a_kotlin_override_compiles() {
    override_compiles("kotlin", "kotlin/model.kt.jinja", MARK, |s| {
        insert_after(s, "{{ header }}\n", &format!("// {MARK}\n"))
    });
}

#[test]
fn a_csharp_override_compiles() {
    override_compiles("csharp", "csharp/model.cs.jinja", MARK, |s| {
        insert_after(s, "// {{ line }}\n{% endfor %}\n", &format!("// {MARK}\n"))
    });
}

#[test]
fn a_rust_override_compiles() {
    override_compiles("rust", "rust/lib.rs.jinja", MARK, |s| {
        insert_after(s, "{% endmacro %}\n", &format!("//! {MARK}\n"))
    });
}

/// The HTML reference's page, styles and script are templates too: an
/// override of its CSS reaches every page.
#[test]
fn a_docs_override_restyles_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let rule = ".topbar{outline:2px solid red}";
    let source = builtin("docs/reference.css.jinja");
    let templates = override_file(
        dir.path(),
        "docs/reference.css.jinja",
        &format!("{source}{rule}\n"),
    );
    let o = generate(dir.path(), &templates, &["docs"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        files_containing(&dir.path().join("out"), rule),
        vec!["docs/index.html".to_string()]
    );
}
