//! The Rust crates' source is written directly in prettyplease's layout
//! (`emit::rust_types::text`) instead of being printed by it: for every
//! `tests/emit` fixture, each generated `.rs` file must be a fixpoint of
//! prettyplease (parsed with `syn` and printed again, it gives the same
//! code), so that the written layout cannot drift from the printed one.
//! prettyplease prints items back to back and drops plain comments, so the
//! file is compared without its blank lines and `//` comment lines (the
//! header); doc comments are compared.

use std::path::PathBuf;

use specsmith::generate::{self, Request};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The code as prettyplease leaves it: no blank lines, no plain comments.
fn code_lines(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            let doc = t.starts_with("///") || t.starts_with("//!");
            let plain_comment = t.starts_with("//") && !doc;
            !t.is_empty() && !plain_comment
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn rust_sources_are_a_fixpoint_of_prettyplease() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/emit"))
        .expect("tests/emit")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());
    let mut checked = 0;
    for spec in fixtures {
        let display = spec
            .strip_prefix(repo())
            .unwrap_or(&spec)
            .display()
            .to_string();
        let req = Request {
            command: "specsmith generate".into(),
            ..Request::new(spec.clone(), &display, &["rust", "rust-server"])
        };
        let generated =
            generate::generate(&req).unwrap_or_else(|d| panic!("generate {display}: {d:#?}"));
        for (target, tree) in &generated.trees {
            for (path, bytes) in tree.iter() {
                if !path.ends_with(".rs") {
                    continue;
                }
                let text = std::str::from_utf8(bytes).expect("utf-8");
                let file = syn::parse_file(text)
                    .unwrap_or_else(|e| panic!("{display} {target}/{path}: {e}"));
                let printed = prettyplease::unparse(&file);
                assert_eq!(
                    code_lines(text),
                    printed,
                    "{display} {target}/{path} is not as prettyplease prints it"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0);
}
