//! The naming layer end to end: for every code target, the identifiers that
//! `specsmith check` predicts (its `reserved-word` findings) and the ones the
//! naming layer gives each type, property and enum member, naming hints
//! included, are the identifiers `specsmith generate` writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use specsmith::ir::{Api, TypeKind};
use specsmith::load::LoadOptions;
use specsmith::naming::{self, IdentKind, Lang};

const FIXTURES: [&str; 2] = ["tests/emit/kitchen-sink.yaml", "tests/emit/naming.yaml"];
const TARGETS: [&str; 7] = [
    "python",
    "typescript",
    "go",
    "kotlin",
    "csharp",
    "rust",
    "rust-server",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn specsmith(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("specsmith runs")
}

/// The source text of every code file `generate` writes for `spec`, per target.
fn generated(spec: &str) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().to_str().expect("utf-8 path");
    let run = specsmith(&["generate", spec, "--out", out]);
    assert!(
        run.status.success(),
        "generate {spec}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    TARGETS
        .iter()
        .map(|t| {
            let mut text = String::new();
            read_code(&dir.path().join(t), &mut text);
            assert!(!text.is_empty(), "{t} wrote no code for {spec}");
            (t.to_string(), text)
        })
        .collect()
}

fn read_code(dir: &Path, out: &mut String) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_code(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["py", "ts", "go", "kt", "cs", "rs"].contains(&e))
        {
            out.push_str(&std::fs::read_to_string(&path).expect("readable"));
            out.push('\n');
        }
    }
}

/// Whether `ident` occurs in `text` as a whole identifier.
fn has_ident(text: &str, ident: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(ident).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + ident.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

fn targets_of(lang: Lang) -> Vec<&'static str> {
    TARGETS
        .iter()
        .copied()
        .filter(|t| Lang::of_target(t) == Some(lang))
        .collect()
}

/// The `(language, identifier)` pairs of the `reserved-word` findings.
fn predictions(spec: &str) -> Vec<(Lang, String, String)> {
    let run = specsmith(&["check", spec, "--format", "json"]);
    let report: Value = serde_json::from_slice(&run.stdout).expect("JSON report");
    let mut out = Vec::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        if d["rule"] != "reserved-word" {
            continue;
        }
        let message = d["message"].as_str().expect("message");
        let names = message
            .split_once("generated names: ")
            .map(|(_, rest)| rest)
            .and_then(|rest| rest.split(" (unchanged").next())
            .and_then(|rest| rest.split(". The wire name").next())
            .expect("the message lists generated names");
        for entry in names.split(", ") {
            let (lang, ident) = entry.split_once(' ').expect("`lang ident`");
            let ident = ident
                .strip_prefix("`` ")
                .and_then(|s| s.strip_suffix(" ``"))
                .or_else(|| ident.strip_prefix('`').and_then(|s| s.strip_suffix('`')))
                .expect("a quoted identifier");
            let lang = Lang::ALL
                .into_iter()
                .find(|l| l.as_str() == lang)
                .expect("a language");
            out.push((lang, ident.to_string(), message.to_string()));
        }
    }
    out
}

fn lowered(spec: &str) -> Api {
    let opts = LoadOptions {
        display_base: Some(root()),
        ..Default::default()
    };
    let (_, api, _) =
        specsmith::pipeline::load_and_lower(&root().join(spec), &opts).expect("loads");
    api
}

/// Every identifier the naming layer gives a component type, a property or an
/// enum member of `spec`, per target: `(target, identifier, what)`.
fn expected(spec: &str) -> Vec<(&'static str, String, String)> {
    let api = lowered(spec);
    let mut out = Vec::new();
    for t in api.types.values() {
        if !matches!(t.origin, specsmith::ir::TypeOrigin::Component { .. }) {
            continue;
        }
        for target in TARGETS {
            let lang = Lang::of_target(target).expect("a code target");
            let type_ident = naming::ident(lang, IdentKind::Type, t.naming_source());
            out.push((target, type_ident.clone(), format!("type {}", t.name)));
            match &t.kind {
                TypeKind::Object(o) => {
                    for f in &o.fields {
                        let id = if lang == Lang::TypeScript {
                            // A property key is the wire name.
                            f.name.clone()
                        } else {
                            naming::ident(lang, IdentKind::Field, f.naming_source())
                        };
                        out.push((target, id, format!("property {}.{}", t.name, f.name)));
                    }
                }
                // TypeScript enums are literal unions: no member names.
                TypeKind::Enum(e) if lang != Lang::TypeScript => {
                    for v in &e.values {
                        let source = v.name.clone().unwrap_or_else(|| v.as_text());
                        let member = naming::ident(lang, IdentKind::EnumVariant, &source);
                        // A Go constant starts with its type's name.
                        let id = if lang == Lang::Go {
                            format!("{type_ident}{member}")
                        } else {
                            member
                        };
                        out.push((target, id, format!("value {} of {}", v.as_text(), t.name)));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn what_check_predicts_is_what_generate_writes() {
    for spec in FIXTURES {
        let code = generated(spec);
        let predicted = predictions(spec);
        assert!(!predicted.is_empty(), "{spec}: no reserved-word findings");
        for (lang, ident, message) in &predicted {
            for target in targets_of(*lang) {
                assert!(
                    has_ident(&code[target], ident),
                    "{spec}: check predicts `{ident}` in {target} ({message}), generate does not write it"
                );
            }
        }
        for (target, ident, what) in expected(spec) {
            assert!(
                has_ident(&code[target], &ident),
                "{spec}: {what} should be `{ident}` in {target}"
            );
        }
    }
}

#[test]
fn naming_hints_are_honoured_by_every_target() {
    let spec = "tests/emit/naming.yaml";
    let code = generated(spec);
    for target in TARGETS {
        let text = &code[target];
        // x-specsmith-name on a schema: `wire_gadget` is `Gizmo`.
        assert!(has_ident(text, "Gizmo"), "{target}: schema hint");
        assert!(!has_ident(text, "WireGadget"), "{target}: schema hint");
        let lang = Lang::of_target(target).expect("a code target");
        if lang == Lang::TypeScript {
            continue;
        }
        // x-specsmith-name on a property: `legacy_flag` is spelled from `enabled`.
        let hinted = naming::ident(lang, IdentKind::Field, "enabled");
        let plain = naming::ident(lang, IdentKind::Field, "legacy_flag");
        assert!(has_ident(text, &hinted), "{target}: property hint");
        if plain != "legacy_flag" {
            assert!(!has_ident(text, &plain), "{target}: property hint");
        }
        // x-enum-varnames: `lo` is `Low`, not `Lo`.
        let member = naming::ident(lang, IdentKind::EnumVariant, "Low");
        let unnamed = naming::ident(lang, IdentKind::EnumVariant, "lo");
        let (member, unnamed) = if lang == Lang::Go {
            (format!("Level{member}"), format!("Level{unnamed}"))
        } else {
            (member, unnamed)
        };
        assert!(has_ident(text, &member), "{target}: x-enum-varnames");
        assert!(!has_ident(text, &unnamed), "{target}: x-enum-varnames");
    }
    // On operations and parameters: the server's method and input field.
    let server = &code["rust-server"];
    assert!(has_ident(server, "fetch_widget") && !has_ident(server, "get_widget_by_id"));
    assert!(has_ident(server, "limit") && !has_ident(server, "page_size"));
}

#[test]
fn a_digit_leading_enum_value_is_one_name_in_both_rust_targets() {
    let code = generated("tests/emit/naming.yaml");
    for target in ["rust", "rust-server"] {
        assert!(has_ident(&code[target], "Value3d"), "{target}");
        assert!(!has_ident(&code[target], "V3d"), "{target}");
    }
}
