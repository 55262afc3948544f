//! How much of each target's output its templates write, measured and kept
//! in docs/templates.md ("Template share"): the table there must be what this
//! test measures (`SPECSMITH_WRITE_SHARE=1 cargo test --test template_share`
//! rewrites it).
//!
//! Method: every target renders the project spec and the kitchen sink twice,
//! once as usual and once with [`Templates::measuring`], which puts every
//! value a template prints between two marker characters and starts each
//! rendered file with an empty pair. With the marks removed the two outputs
//! must be identical (so the count is of the real output). A byte is the
//! template's when it is outside every pair of marks in a file that a
//! template rendered; bytes a template prints from a variable (names, types,
//! docs, and any text Rust built) and whole files written without a template
//! count against it.

use std::path::{Path, PathBuf};

use specsmith::emit::templates::{Templates, MEASURE_MARKS};
use specsmith::emit::{self, EmitContext, Header, Shims, TargetOptions};
use specsmith::load::LoadOptions;
use specsmith::output::OutputTree;

const SPECS: [&str; 2] = [
    "specs/sandbox-lifecycle.yml",
    "tests/emit/kitchen-sink.yaml",
];
/// The targets measured; `rust` is left out because its rendered source is
/// parsed and printed again (rust_models.rs), which the marks would not survive.
const TARGETS: [&str; 6] = ["python", "typescript", "go", "kotlin", "csharp", "docs"];
/// The files of each target that do not depend on the spec's schemas (the
/// shared helpers and build files); the second column leaves them out.
const FIXED: [&str; 17] = [
    "_base.py",
    "py.typed",
    "__init__.py",
    "index.ts",
    "go.mod",
    "doc.go",
    "nullable.go",
    "decode.go",
    "wire.go",
    "Optional.kt",
    "Serialization.kt",
    "Optional.cs",
    "Serialization.cs",
    "pyproject.toml",
    "package.json",
    "tsconfig.json",
    "pom.xml",
];
const BEGIN: &str = "<!-- template-share:begin -->";
const END: &str = "<!-- template-share:end -->";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generate(spec: &str, target: &str, templates: &Templates) -> OutputTree {
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (document, api, _) =
        specsmith::pipeline::load_and_lower(&root().join(spec), &opts).expect("loads");
    let options = if spec == SPECS[0] {
        let config =
            specsmith::config::Config::read(&root().join("specsmith.toml")).expect("config");
        specsmith::generate::target_options(Some(&config), target)
    } else {
        TargetOptions::default()
    };
    let shims = Shims::default();
    let cx = EmitContext {
        api: &api,
        options,
        header: Header {
            spec: spec.to_string(),
            command: "specsmith generate".to_string(),
        },
        shims: &shims,
        templates,
        notes: Default::default(),
        document: Some(&document),
        changes: None,
    };
    emit::find(target)
        .expect("registered")
        .emit(&cx)
        .unwrap_or_else(|d| panic!("{target} on {spec}: {d:?}"))
}

/// (bytes the templates wrote, all bytes) of one measured file.
fn count(text: &str) -> (usize, usize) {
    if !text.starts_with(MEASURE_MARKS.0) {
        let plain = text.len();
        return (0, plain);
    }
    let (mut literal, mut total, mut depth) = (0, 0, 0usize);
    for c in text.chars() {
        if c == MEASURE_MARKS.0 {
            depth += 1;
        } else if c == MEASURE_MARKS.1 {
            depth = depth.checked_sub(1).expect("balanced marks");
        } else {
            total += c.len_utf8();
            if depth == 0 {
                literal += c.len_utf8();
            }
        }
    }
    assert_eq!(depth, 0, "unbalanced marks");
    (literal, total)
}

fn strip(text: &str) -> String {
    text.chars()
        .filter(|c| *c != MEASURE_MARKS.0 && *c != MEASURE_MARKS.1)
        .collect()
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2) / whole.max(1)
}

fn table() -> String {
    let plain = Templates::new(None);
    let measuring = Templates::new(None).measuring();
    let mut out = String::from(
        "| target | from templates | bytes | model files only | bytes | files without a template |\n\
         |---|---:|---:|---:|---:|---|\n",
    );
    for target in TARGETS {
        let (mut literal, mut total) = (0, 0);
        let (mut model_literal, mut model_total) = (0, 0);
        let mut untemplated = Vec::new();
        for spec in SPECS {
            let normal = generate(spec, target, &plain);
            let measured = generate(spec, target, &measuring);
            let paths: Vec<_> = normal.iter().map(|(p, _)| p.to_string()).collect();
            let measured_paths: Vec<_> = measured.iter().map(|(p, _)| p.to_string()).collect();
            assert_eq!(paths, measured_paths, "{target} on {spec}");
            for ((path, bytes), (_, marked)) in normal.iter().zip(measured.iter()) {
                let text = std::str::from_utf8(bytes).expect("utf-8");
                let marked = std::str::from_utf8(marked).expect("utf-8");
                assert_eq!(
                    strip(marked),
                    text,
                    "{target} {path} on {spec}: the measured render differs"
                );
                let (l, t) = count(marked);
                let name = Path::new(path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !FIXED.contains(&name.as_str()) && !name.ends_with("proj") {
                    model_literal += l;
                    model_total += t;
                }
                if !marked.starts_with(MEASURE_MARKS.0) && !untemplated.contains(&name) {
                    untemplated.push(name);
                }
                literal += l;
                total += t;
            }
        }
        let share = percent(literal, total);
        let model_share = percent(model_literal, model_total);
        let files = if untemplated.is_empty() {
            "none".to_string()
        } else {
            untemplated
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!(
            "| {target} | {share}% | {total} | {model_share}% | {model_total} | {files} |\n"
        ));
    }
    out
}

#[test]
fn the_documented_template_share_is_measured() {
    let measured = table();
    let page = root().join("docs/templates.md");
    let doc = std::fs::read_to_string(&page).expect("docs/templates.md");
    let (start, end) = (
        doc.find(BEGIN).expect("begin mark") + BEGIN.len(),
        doc.find(END).expect("end mark"),
    );
    let recorded = doc[start..end].trim();
    if std::env::var_os("SPECSMITH_WRITE_SHARE").is_some() {
        let new = format!("{}\n{}\n{}", &doc[..start], measured.trim(), &doc[end..]);
        std::fs::write(&page, new).unwrap();
        return;
    }
    assert_eq!(
        recorded,
        measured.trim(),
        "docs/templates.md is stale; rerun with SPECSMITH_WRITE_SHARE=1"
    );
}
