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
