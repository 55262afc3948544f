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
    let (doc, api, diagnostics) =
        crate::timings::phase("load and lower", || load_and_lower(path, opts))?;
    let linted = crate::timings::phase("lint", || lint::run(&doc, &api, config));
    let diagnostics = merge_findings(diagnostics, linted, config);
    Ok(Checked {
        doc,
        api,
        diagnostics,
    })
}

/// Load and lowering findings merged with the lint's, with the config's rule
/// severities applied, sorted by location.
pub fn merge_findings(
    mut diagnostics: Vec<Diagnostic>,
    linted: Vec<Diagnostic>,
    config: Option<&Config>,
) -> Vec<Diagnostic> {
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
    diagnostics
}

/// Where `git:REV:path` specs are read from: `git show REV:path` in `repo`.
fn git_show(repo: &Path, rev: &str, path: &str) -> Result<String, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git show {rev}:{path} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|_| format!("{rev}:{path} is not UTF-8 text"))
}

/// Loads and lowers a spec named by a file path or by `git:REV:path` (read
/// through `git show`, `path` relative to the repository root). A multi-file
/// spec at a revision is extracted with `git archive` into a temporary folder
/// that mirrors its path, so its relative `$ref`s are read at that revision too.
pub fn load_and_lower_source(
    source: &str,
    opts: &LoadOptions,
) -> Result<(Document, Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Some(rest) = source.strip_prefix("git:") else {
        return load_and_lower(Path::new(source), opts);
    };
    let fail = |msg: String| {
        vec![Diagnostic::new(
            "unreadable",
            Severity::Error,
            crate::diag::Loc {
                file: source.to_string(),
                line: 1,
                col: 1,
                pointer: String::new(),
            },
            msg,
        )]
    };
    let Some((rev, path)) = rest.split_once(':') else {
        return Err(fail(
            "write `git:REV:path`, for example `git:origin/main:specs/api.yml`".into(),
        ));
    };
    let cwd = std::env::current_dir().map_err(|e| fail(e.to_string()))?;
    let top = std::process::Command::new("git")
        .arg("rev-parse")
        .arg("--show-toplevel")
        .output()
        .map_err(|e| fail(format!("cannot run git: {e}")))?;
    if !top.status.success() {
        return Err(fail("not inside a git repository".into()));
    }
    let repo = std::path::PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let text = git_show(&repo, rev, path).map_err(fail)?;
    let display = format!("{rev}:{path}");
    let shown = |mut diags: Vec<Diagnostic>| {
        for d in &mut diags {
            if d.loc.file.ends_with(path) {
                d.loc.file = display.clone();
            }
        }
        diags
    };
    let in_repo = repo.join(path);
    let mut o = opts.clone();
    o.display_base = Some(repo.clone());
    let doc = load::load_text(&in_repo, text.clone(), &o).map_err(|f| shown(f.diagnostics))?;
    if doc.files.len() == 1 {
        let lowered = ir::lower(&doc);
        let mut diags = doc.diagnostics.clone();
        diags.extend(lowered.diagnostics);
        let mut api = lowered.api;
        relabel(&mut api, path, &display);
        let _ = cwd;
        return Ok((doc, api, shown(diags)));
    }
    // Multi-file: extract the revision's tree under a temporary folder.
    let tmp = std::env::temp_dir().join(format!(
        "specsmith-git-{}-{}",
        std::process::id(),
        rev.replace(['/', '~', '^'], "_")
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| fail(e.to_string()))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("git -C \"$1\" archive \"$2\" | tar -x -C \"$3\"")
        .arg("sh")
        .arg(&repo)
        .arg(rev)
        .arg(&tmp)
        .status()
        .map_err(|e| fail(e.to_string()))?;
    if !status.success() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(format!("git archive {rev} failed")));
    }
    let mut o = opts.clone();
    o.display_base = Some(tmp.clone());
    let result = load_and_lower(&tmp.join(path), &o);
    let _ = std::fs::remove_dir_all(&tmp);
    result.map(|(d, mut api, diags)| {
        relabel(&mut api, path, &display);
        (d, api, shown(diags))
    })
}

/// Renames the root file in every IR location (for `git:` sources).
fn relabel(api: &mut Api, from: &str, to: &str) {
    let fix = |l: &mut crate::diag::Loc| {
        if l.file == from {
            l.file = to.to_string();
        }
    };
    for t in api.types.values_mut() {
        fix(&mut t.loc);
        if let ir::TypeKind::Object(o) = &mut t.kind {
            for f in &mut o.fields {
                fix(&mut f.loc);
            }
        }
    }
    for op in api.operations.iter_mut().chain(api.outbound.iter_mut()) {
        fix(&mut op.loc);
        for p in &mut op.parameters {
            fix(&mut p.loc);
        }
        if let Some(b) = &mut op.request_body {
            fix(&mut b.loc);
        }
        for r in &mut op.responses {
            fix(&mut r.loc);
        }
    }
}
