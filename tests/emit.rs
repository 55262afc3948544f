//! Every emitter fixture through every target: each `tests/emit/<fixture>.yaml`
//! is generated for each target `generate` knows, as `specsmith generate
//! <fixture>` would with no specsmith.toml, and the files plus the warnings
//! are one insta snapshot per (fixture, target),
//! `tests/snapshots/emit__<target>@<fixture>.yaml.snap`. Adding a fixture file
//! is all it takes to cover it in every target (`cargo insta test --review` accepts
//! the new snapshots). The project spec is not here: `generated/` holds its
//! output and `generate --check` in `make test` guards those bytes.

use std::path::Path;

use specsmith::generate::{generate, Request};

/// What `target` writes for `spec`, each file after a `=== path` line, then
/// the warnings that did not stop generation (fidelity notes among them).
fn render(spec: &Path, target: &str) -> String {
    let display = spec
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(spec)
        .to_string_lossy()
        .replace('\\', "/");
    let request = Request::new(spec, &display, &[target]);
    let generated = generate(&request).unwrap_or_else(|d| {
        let errors: Vec<String> = d.iter().map(ToString::to_string).collect();
        panic!("{target} on {display}:\n{}", errors.join("\n"))
    });
    let mut out = String::new();
    for tree in generated.trees.values() {
        for (path, bytes) in tree.iter() {
            out.push_str("=== ");
            out.push_str(path);
            out.push('\n');
            out.push_str(&String::from_utf8_lossy(bytes));
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out.push_str("=== warnings\n");
    for warning in &generated.warnings {
        out.push_str(&warning.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn every_fixture_in_every_target() {
    let targets: Vec<&str> = specsmith::emit::targets()
        .iter()
        .map(|t| t.name())
        .collect();
    insta::glob!("emit/*.yaml", |spec| {
        // The targets run side by side; the snapshots are compared in order
        // on this thread, where the glob's settings name them.
        let rendered: Vec<(&str, String)> = std::thread::scope(|s| {
            let jobs: Vec<_> = targets
                .iter()
                .map(|&target| s.spawn(move || (target, render(spec, target))))
                .collect();
            jobs.into_iter()
                .map(|j| j.join().expect("the emitter thread panicked"))
                .collect()
        });
        for (target, text) in rendered {
            insta::assert_snapshot!(target, text);
        }
    });
}
