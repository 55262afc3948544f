//! The stages wired together for the CLI and tests: load, lower, lint.

use std::collections::HashSet;
use std::path::Path;

use crate::config::Config;
use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::{self, Api};
use crate::lint;
use crate::load::{self, Document, LoadOptions};

/// A spec loaded, lowered and linted.
pub struct Checked {
    pub doc: Document,
    pub api: Api,
    /// Load, lowering and lint findings, sorted by location.
    pub diagnostics: Vec<Diagnostic>,
}

/// Load options from a config (allowed roots, display base).
pub fn load_options(config: Option<&Config>, display_base: Option<&Path>) -> LoadOptions {
    LoadOptions {
        allowed_roots: config
            .map(|c| c.allowed_roots.iter().map(|r| c.resolve(r)).collect())
            .unwrap_or_default(),
        display_base: display_base.map(Path::to_path_buf),
    }
}

/// Loads and lowers a spec without linting.
pub fn load_and_lower(
    path: &Path,
    opts: &LoadOptions,
) -> Result<(Document, Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let doc = load::load(path, opts).map_err(|f| f.diagnostics)?;
    let lowered = ir::lower(&doc);
    let mut diags = doc.diagnostics.clone();
    diags.extend(lowered.diagnostics);
    Ok((doc, lowered.api, diags))
}

/// Loads, lowers and lints a spec. `Err` holds the diagnostics that kept it from loading.
pub fn check(
    path: &Path,
    opts: &LoadOptions,
    config: Option<&Config>,
) -> Result<Checked, Vec<Diagnostic>> {
    let (doc, api, mut diagnostics) = load_and_lower(path, opts)?;
    let linted = lint::run(&doc, &api, config);
    // A lint rule that reports what loading or lowering already noticed (an
    // unresolved `$ref`) says it with a fix: keep only the lint finding.
    let seen: HashSet<(&str, &Loc)> = linted.iter().map(|d| (d.rule.as_str(), &d.loc)).collect();
    diagnostics.retain(|d| !seen.contains(&(d.rule.as_str(), &d.loc)));
    diagnostics.extend(linted);
    let overrides = config.map(|c| c.lint.rules.clone()).unwrap_or_default();
    let mut diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| match overrides.get(&d.rule).map(String::as_str) {
            Some("off") => None,
            Some(s) => {
                if let Some(sev) = Severity::parse(s) {
                    d.severity = sev;
                }
                Some(d)
            }
            None => Some(d),
        })
        .collect();
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Checked {
        doc,
        api,
        diagnostics,
    })
}
