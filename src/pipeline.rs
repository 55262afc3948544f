//! The stages wired together for the CLI and tests: load, lower, lint.

use std::collections::HashSet;
use std::path::Path;

use crate::config::{Config, Level};
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

/// Frees `value` on a thread of its own. A loaded Stripe-sized document and
/// its IR are hundreds of thousands of small allocations, about 20 ms to free:
/// work that nothing waits for, so it leaves the path to the output. At the
/// end of a run the process may exit before the thread is done, which frees
/// the memory all the same.
pub fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    // When no thread can start, `spawn` drops the closure, and the value
    // with it, here: freed as it would have been anyway.
    drop(spawned);
}

/// Loads and lowers a spec without linting, its path items read on a second
/// core while this one lowers the component schemas (as in
/// [`load_lower_and_lint`]).
pub fn load_and_lower(
    path: &Path,
    opts: &LoadOptions,
) -> Result<(Document, Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let pending = load::load_but_paths(path, opts).map_err(|f| f.diagnostics)?;
    let (doc, (api, diags), ()) = lower_beside(pending, |_, _| ());
    Ok((doc, api, diags))
}

/// The IR of a loaded document, with the loading and lowering findings.
fn lower(doc: &Document) -> (Api, Vec<Diagnostic>) {
    with_load_findings(doc, crate::timings::phase("  lower", || ir::lower(doc)))
}

/// The IR `lowered` from `doc`, with the loading findings and then the lowering's.
fn with_load_findings(doc: &Document, lowered: ir::LowerOutput) -> (Api, Vec<Diagnostic>) {
    let mut diags = doc.diagnostics.clone();
    diags.extend(lowered.diagnostics);
    (lowered.api, diags)
}

/// Loads and lowers a spec like [`load_and_lower`], running the lint rules
/// that read only the document beside the lowering (one core's work); the
/// [`lint::Partial`] holds their findings, for [`lint::run_rest`].
pub fn load_lower_and_lint(
    path: &Path,
    opts: &LoadOptions,
    config: Option<&Config>,
) -> Result<(Document, Api, Vec<Diagnostic>, lint::Partial), Vec<Diagnostic>> {
    let pending = load::load_but_paths(path, opts).map_err(|f| f.diagnostics)?;
    let (doc, (api, diags), partial) = lower_beside(pending, |doc, stop| {
        crate::timings::phase("  lint beside", || lint::run_document(doc, config, stop))
    });
    Ok((doc, api, diags, partial))
}

/// Lowers the document `pending` holds, with `beside` run on a second core
/// until the lowering is done (then `stop` is set; what `beside` gives back
/// is returned with the IR).
///
/// The path items are read on the second core while the first lowers the
/// component schemas, which need none of them, and then reads what is left
/// of them; `beside` follows them on the second core. When a path item does
/// not fit, the document is read the slow way (each misfit reported) and
/// then lowered with `beside` run again.
fn lower_beside<T: Send>(
    pending: load::PathsPending,
    beside: impl Fn(&Document, &std::sync::atomic::AtomicBool) -> T + Sync,
) -> (Document, (Api, Vec<Diagnostic>), T) {
    if !pending.is_pending() {
        return lower_beside_whole(pending.finish(), &beside);
    }
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (lowered, found) = std::thread::scope(|scope| {
        let (read_tx, read_rx) = std::sync::mpsc::sync_channel(1);
        let (pending, stop, beside) = (&pending, &stop, &beside);
        let side = scope.spawn(move || {
            crate::timings::phase("  read path items", || pending.read_share());
            let _ = read_tx.send(());
            beside(pending.doc(), stop)
        });
        let lowered = crate::timings::phase("  lower", || {
            ir::lower_paths_later(pending.doc(), || {
                // The component schemas are done: read what is left, then
                // wait for the other reader's last one.
                pending.read_share();
                read_rx.recv().ok()?;
                pending.read()
            })
        });
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let found = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (lowered, found)
    });
    let doc = pending.finish();
    match lowered {
        Some(lowered) => {
            let lowered = with_load_findings(&doc, lowered);
            (doc, lowered, found)
        }
        None => lower_beside_whole(doc, &beside),
    }
}

/// [`lower`] with `beside` run on a second core, as in [`lower_beside`].
fn lower_beside_whole<T: Send>(
    doc: Document,
    beside: &(impl Fn(&Document, &std::sync::atomic::AtomicBool) -> T + Sync),
) -> (Document, (Api, Vec<Diagnostic>), T) {
    let stop = std::sync::atomic::AtomicBool::new(false);
    let (lowered, found) = std::thread::scope(|scope| {
        let side = scope.spawn(|| beside(&doc, &stop));
        let lowered = lower(&doc);
        // What `beside` is running finishes; the rest waits for its caller.
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let found = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (lowered, found)
    });
    (doc, lowered, found)
}

/// Loads, lowers and lints a spec. `Err` holds the diagnostics that kept it from loading.
pub fn check(
    path: &Path,
    opts: &LoadOptions,
    config: Option<&Config>,
) -> Result<Checked, Vec<Diagnostic>> {
    let (doc, api, diagnostics, partial) =
        crate::timings::phase("load and lower", || load_lower_and_lint(path, opts, config))?;
    let linted = crate::timings::phase("lint", || lint::run_rest(&doc, &api, config, partial));
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
    diagnostics: Vec<Diagnostic>,
    linted: Vec<Diagnostic>,
    config: Option<&Config>,
) -> Vec<Diagnostic> {
    with_levels(merge(diagnostics, linted), config)
}

/// Load and lowering findings merged with the lint's, at the levels their
/// rules give them: what decides whether `generate` may write, since a
/// finding that makes the code wrong does so whatever the config says.
pub fn merge(mut diagnostics: Vec<Diagnostic>, linted: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // A lint rule that reports what loading or lowering already noticed (an
    // unresolved `$ref`) says it with a fix: keep only the lint finding.
    let seen: HashSet<(&str, &Loc)> = linted.iter().map(|d| (d.rule.as_str(), &d.loc)).collect();
    diagnostics.retain(|d| !seen.contains(&(d.rule.as_str(), &d.loc)));
    diagnostics.extend(linted);
    diagnostics.sort();
    diagnostics.dedup();
    diagnostics
}

/// The level `[lint.rules]` gives a finding: its own unless the config
/// sets its rule's; `None` when switched off.
pub fn level_of(d: &Diagnostic, config: Option<&Config>) -> Option<Severity> {
    match config.and_then(|c| c.level(&d.rule)) {
        Some(Level::Off) => None,
        Some(Level::At(s)) => Some(s),
        None => Some(d.severity),
    }
}

/// Findings at the levels `[lint.rules]` sets (switched off: dropped).
pub fn with_levels(diagnostics: Vec<Diagnostic>, config: Option<&Config>) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter_map(|mut d| {
            d.severity = level_of(&d, config)?;
            Some(d)
        })
        .collect();
    diagnostics.sort();
    diagnostics.dedup();
    diagnostics
}

/// A file's text at a revision (`path` relative to the repository root).
fn blob_text(tree: &gix::Tree<'_>, rev: &str, path: &str) -> Result<String, String> {
    let entry = tree
        .lookup_entry_by_path(path)
        .map_err(|e| format!("cannot read {rev}:{path}: {e}"))?
        .ok_or_else(|| format!("{path} does not exist at {rev}"))?;
    if !entry.mode().is_blob() {
        return Err(format!("{rev}:{path} is not a file"));
    }
    let blob = entry
        .object()
        .map_err(|e| format!("cannot read {rev}:{path}: {e}"))?;
    String::from_utf8(blob.data.clone()).map_err(|_| format!("{rev}:{path} is not UTF-8 text"))
}

/// Writes every file of `tree` under `dir`, as `git archive` would (symbolic
/// links and submodules are left out, so nothing points outside `dir`).
fn extract_tree(repo: &gix::Repository, tree: &gix::Tree<'_>, dir: &Path) -> Result<(), String> {
    let mut files = gix::traverse::tree::Recorder::default();
    tree.traverse()
        .breadthfirst(&mut files)
        .map_err(|e| format!("cannot list the revision's files: {e}"))?;
    for e in files.records.iter().filter(|e| e.mode.is_blob()) {
        let Ok(rel) = std::str::from_utf8(&e.filepath) else {
            continue;
        };
        let rel = Path::new(rel);
        if !rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let data = repo
            .find_object(e.oid)
            .map_err(|err| format!("cannot read {}: {err}", rel.display()))?
            .detach()
            .data;
        let dest = dir.join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|err| err.to_string())?;
        }
        std::fs::write(&dest, data).map_err(|err| err.to_string())?;
    }
    Ok(())
}

/// Loads and lowers a spec named by a file path or by `git:REV:path` (read
/// from the repository around the working directory with `gix`, `path`
/// relative to the repository root). A multi-file spec at a revision is
/// extracted into a temporary folder that mirrors the revision's tree, so its
/// relative `$ref`s are read at that revision too.
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
    let repo = gix::discover(&cwd).map_err(|_| fail("not inside a git repository".into()))?;
    let Some(workdir) = repo.workdir() else {
        return Err(fail("the git repository has no working tree".into()));
    };
    let workdir = std::fs::canonicalize(workdir).map_err(|e| fail(e.to_string()))?;
    let tree = repo
        .rev_parse_single(rev)
        .map_err(|e| fail(format!("unknown revision {rev}: {e}")))?
        .object()
        .map_err(|e| fail(format!("cannot read {rev}: {e}")))?
        .peel_to_tree()
        .map_err(|e| fail(format!("{rev} names no tree: {e}")))?;
    let text = blob_text(&tree, rev, path).map_err(fail)?;
    let display = format!("{rev}:{path}");
    let shown = |mut diags: Vec<Diagnostic>| {
        for d in &mut diags {
            if d.loc.file.ends_with(path) {
                d.loc.file = display.clone();
            }
        }
        diags
    };
    let in_repo = workdir.join(path);
    let mut o = opts.clone();
    o.display_base = Some(workdir.clone());
    let doc = load::load_text(&in_repo, text, &o).map_err(|f| shown(f.diagnostics))?;
    if doc.files.len() == 1 {
        let (mut api, diags) = lower(&doc);
        relabel(&mut api, path, &display);
        return Ok((doc, api, shown(diags)));
    }
    // Multi-file: extract the revision's tree under a temporary folder.
    // One folder per load: `diff` may read two revisions at once.
    static LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let tmp = std::env::temp_dir().join(format!(
        "specsmith-git-{}-{}-{}",
        std::process::id(),
        LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        rev.replace(['/', '~', '^', ':', '@'], "_")
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| fail(e.to_string()))?;
    if let Err(e) = extract_tree(&repo, &tree, &tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(format!("cannot extract {rev}: {e}")));
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
