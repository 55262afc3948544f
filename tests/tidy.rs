//! House rules checked over the source tree: every module says what it is for,
//! and every documentation link in the Markdown pages resolves.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// Every Rust module under `src/` starts with a `//!` line saying what it is
/// for: a sentence, not an empty `//!`.
#[test]
fn every_module_starts_with_a_doc_line() {
    let mut all = Vec::new();
    files(&root().join("src"), "rs", &mut all);
    assert!(all.len() > 20, "found only {} modules", all.len());
    let missing: Vec<_> = all
        .iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let first = text.lines().next().unwrap_or_default();
            first
                .strip_prefix("//! ")
                .is_none_or(|doc| doc.split_whitespace().count() < 3)
        })
        .map(|p| p.strip_prefix(root()).unwrap_or(p).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules whose first line is not a `//!` sentence: {missing:?}"
    );
}

/// Relative links in README.md and docs/**.md point at files that exist.
#[test]
fn documentation_links_resolve() {
    let mut pages = vec![root().join("README.md")];
    files(&root().join("docs"), "md", &mut pages);
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap_or_default();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if in_code {
                continue;
            }
            let mut rest = line;
            while let Some(i) = rest.find("](") {
                rest = &rest[i + 2..];
                let Some(end) = rest.find(')') else { break };
                let target = &rest[..end];
                rest = &rest[end..];
                if target.contains("://")
                    || target.starts_with('#')
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                let file = target.split('#').next().unwrap_or(target);
                let dir = page.parent().unwrap_or(root());
                if !dir.join(file).exists() {
                    broken.push(format!(
                        "{}: {target}",
                        page.strip_prefix(root()).unwrap_or(page).display()
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:?}");
}

/// Longest module, in lines, before it should be split along its seams.
const MAX_MODULE_LINES: usize = 600;
/// Longest function, in lines, before it should be split.
const MAX_FN_LINES: usize = 150;

/// Modules and functions still over the limits, as `path` or `path::fn`. The
/// list only shrinks: an entry that is back under its limit must be removed,
/// so a split cannot silently grow again.
const OVER_LIMIT: &[&str] = &[];

/// Functions of a rustfmt-formatted module with their length in lines: a
/// function starts at its `fn` line and ends at the first line that closes a
/// brace at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let mut rest = trimmed;
        for prefix in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            rest = rest.strip_prefix(prefix).unwrap_or(rest);
        }
        let Some(sig) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if line.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.starts_with(&close))
            .map_or(lines.len(), |p| i + 1 + p);
        out.push((name, end - i + 1));
    }
    out
}

/// No module over 600 lines and no function over 150, except the ones listed
/// in `OVER_LIMIT`, which must really still be over.
#[test]
fn modules_and_functions_stay_small() {
    let mut all = Vec::new();
    files(&root().join("src"), "rs", &mut all);
    all.sort();
    let mut over = Vec::new();
    for path in &all {
        let rel = path
            .strip_prefix(root())
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let lines = text.lines().count();
        if lines > MAX_MODULE_LINES {
            over.push((rel.clone(), lines));
        }
        for (name, len) in function_lengths(&text) {
            if len > MAX_FN_LINES {
                over.push((format!("{rel}::{name}"), len));
            }
        }
    }
    let new: Vec<_> = over
        .iter()
        .filter(|(name, _)| !OVER_LIMIT.contains(&name.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "over {MAX_MODULE_LINES} lines per module or {MAX_FN_LINES} per function: {new:?}"
    );
    let fixed: Vec<_> = OVER_LIMIT
        .iter()
        .filter(|name| !over.iter().any(|(n, _)| n == *name))
        .collect();
    assert!(
        fixed.is_empty(),
        "now within the limits, remove from OVER_LIMIT in tests/tidy.rs: {fixed:?}"
    );
}

#[test]
fn function_lengths_are_measured_to_the_closing_brace() {
    let text = "fn a() {\n    let x = 1;\n}\n\nimpl B {\n    pub fn c(&self) {\n        if x {\n        }\n    }\n    fn d();\n}\n";
    assert_eq!(
        function_lengths(text),
        vec![("a".to_string(), 3), ("c".to_string(), 4)]
    );
}

/// Every rule id the source hands to a finding (`Diagnostic::new("id", …)`,
/// the helpers that wrap it, a target's fidelity note) is one `specsmith
/// explain` describes and `specsmith rules` lists: a user can look up any id
/// specsmith prints.
#[test]
fn every_rule_id_in_the_source_is_explained() {
    let call = regex::Regex::new(
        r#"(?:Diagnostic::new|fidelity|warn|diag|fatal|fail|err)\(\s*(?:[^(),"]+,\s*){0,2}"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)""#,
    )
    .expect("the pattern compiles");
    let arm = regex::Regex::new(r#"=> "(fidelity-[a-z0-9-]+)""#).expect("the pattern compiles");
    let constant = regex::Regex::new(r#"pub const [A-Z_]+: &str = "([a-z]+(?:-[a-z]+)+)";"#)
        .expect("the pattern compiles");
    let mut sources = Vec::new();
    files(&root().join("src"), "rs", &mut sources);
    let mut ids = std::collections::BTreeSet::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        // The conformance vectors' tags are not findings, nor are the `x-`
        // extension names some constants hold.
        let constants = !path.ends_with("vectors/mod.rs");
        for c in call.captures_iter(&text).chain(arm.captures_iter(&text)) {
            ids.insert(c[1].to_string());
        }
        if constants {
            let named = constant.captures_iter(&text).map(|c| c[1].to_string());
            ids.extend(named.filter(|id| !id.starts_with("x-")));
        }
    }
    // The scan finds the loading, lowering, target and run findings alike.
    for id in [
        "json-syntax",
        "hoisted-name-collision",
        "fidelity-tuple",
        "server-route-conflict",
        "invalid-option",
        "unknown-template",
    ] {
        assert!(ids.contains(id), "the scan missed {id}: {ids:?}");
    }
    let listed = std::process::Command::new(env!("CARGO_BIN_EXE_specsmith"))
        .arg("rules")
        .output()
        .expect("specsmith runs");
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    let mut unknown = Vec::new();
    for id in &ids {
        let explained = std::process::Command::new(env!("CARGO_BIN_EXE_specsmith"))
            .args(["explain", id])
            .output()
            .expect("specsmith runs");
        let is_listed = listed
            .lines()
            .any(|l| l.split_whitespace().next() == Some(id.as_str()));
        if !explained.status.success() || !is_listed {
            unknown.push(id.clone());
        }
    }
    assert!(
        unknown.is_empty(),
        "ids specsmith prints but does not explain or list: {unknown:?}"
    );
}
