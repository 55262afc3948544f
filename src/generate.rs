//! `specsmith generate`: load and check the spec, run the chosen emitters,
//! and hand the trees to the writer (or compare them in check mode).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::compat::{self, manifest::Manifest, DiffOptions};
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::docs::{Changes, Step};
use crate::emit::{self, templates::Templates, Header, Shims};
use crate::ir::Api;
use crate::lint::{self, Generation};
use crate::load::{self, Document, LoadOptions};
use crate::output::OutputTree;
use crate::pipeline;

mod inputs;
mod targets;

pub use inputs::{InputDigest, Reads};
pub use targets::target_options;
use targets::{conclude, jobs, run_targets, Shared};

/// What to generate.
pub struct Request<'a> {
    pub spec: PathBuf,
    /// How the spec is named in file headers (relative, `/` separators).
    pub spec_display: String,
    /// Target names; empty means the config's list, or every target.
    pub targets: Vec<String>,
    pub templates: Option<PathBuf>,
    pub config: Option<&'a Config>,
    /// Shims given directly (tests, embedders); merged over the manifest's.
    pub shims: Shims,
    /// The migration manifest whose served renames become shims, resolved
    /// against the spec being generated.
    pub manifest: Option<&'a Manifest>,
    /// The command written into headers.
    pub command: String,
    /// Every error-level finding stops generation (`--strict`), not only
    /// those that would make the code wrong.
    pub strict: bool,
}

impl Request<'_> {
    /// A request with the defaults of a plain `specsmith generate <spec>`:
    /// no config, templates, shims or manifest, not strict, and that command
    /// (naming the spec as displayed) in the headers.
    pub fn new(spec: impl Into<PathBuf>, spec_display: &str, targets: &[&str]) -> Self {
        Request {
            spec: spec.into(),
            spec_display: spec_display.to_string(),
            targets: targets.iter().map(|t| t.to_string()).collect(),
            templates: None,
            config: None,
            shims: Shims::default(),
            manifest: None,
            command: format!("specsmith generate {spec_display}"),
            strict: false,
        }
    }
}

/// The generated trees by target, paths relative to the output root, and the
/// warnings (fidelity notes, spec warnings) that did not stop generation.
pub struct Generated {
    pub trees: BTreeMap<String, OutputTree>,
    pub warnings: Vec<Diagnostic>,
}

/// Where each target's files go as soon as the target is made (the writer
/// stages them), so that no more than the targets in the making are held at
/// once. Its error stops the run.
pub type Sink<'s> = dyn FnMut(&str, OutputTree) -> Result<(), Vec<Diagnostic>> + 's;

/// Runs the pipeline and every requested emitter. Any error-level finding in
/// the spec, or from an emitter, stops generation before anything is written.
pub fn generate(req: &Request) -> Result<Generated, Vec<Diagnostic>> {
    collect(|sink| run(req, true, None, sink, &mut Reads::new()))
}

/// [`generate`], handing each target's tree to `sink` as soon as it is made
/// instead of holding them all: the warnings, or what stopped it (after
/// which what the sink was given must not be kept).
pub fn generate_into(req: &Request, sink: &mut Sink) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    run(req, true, None, sink, &mut Reads::new())
}

/// [`generate_into`], noting in `reads` every spec file it read (the spec,
/// the files it refers to, the configured baseline when it is loaded), for
/// the record that lets `--check` skip generating.
pub fn generate_reading(
    req: &Request,
    sink: &mut Sink,
    reads: &mut Reads,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    run(req, true, None, sink, reads)
}

/// `specsmith docs`: the `docs` target alone, its files at the top of the
/// output folder (the tree is keyed `docs`, its paths are not nested).
pub fn docs(req: &Request) -> Result<Generated, Vec<Diagnostic>> {
    docs_with_history(req, None)
}

/// Runs `produce` with a sink that keeps every tree.
fn collect(
    produce: impl FnOnce(&mut Sink) -> Result<Vec<Diagnostic>, Vec<Diagnostic>>,
) -> Result<Generated, Vec<Diagnostic>> {
    let mut trees = BTreeMap::new();
    let warnings = produce(&mut |name: &str, tree: OutputTree| {
        trees.insert(name.to_string(), tree);
        Ok(())
    })?;
    Ok(Generated { trees, warnings })
}

/// Earlier versions of the spec for the docs release notes, in place of
/// specsmith.toml's `baseline` (`specsmith docs --baseline …`).
pub struct History {
    /// Oldest first: what the loader reads (a file, or `git:REV:path`) and
    /// how the notes name it. The last step goes from the newest of them
    /// to the spec itself.
    pub versions: Vec<(String, String)>,
    /// Migration manifests. With one step, every one applies to it; with
    /// several, each applies to the step between the versions its `from`
    /// and `to` name (`info.version`), and must name exactly one step.
    pub manifests: Vec<Manifest>,
    /// Manifests that match no step are left out rather than refused (the
    /// configured ones, which describe the configured baseline).
    pub lenient: bool,
}

/// `specsmith docs`, with the release notes over `history` when given
/// (else over specsmith.toml's `baseline`).
pub fn docs_with_history(
    req: &Request,
    history: Option<&History>,
) -> Result<Generated, Vec<Diagnostic>> {
    collect(|sink| docs_into(req, history, sink, &mut Reads::new()))
}

/// [`docs_with_history`] through a sink (see [`generate_into`]), noting in
/// `reads` every spec file it read (see [`generate_reading`]); the earlier
/// versions too.
pub fn docs_into(
    req: &Request,
    history: Option<&History>,
    sink: &mut Sink,
    reads: &mut Reads,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let only_docs = Request {
        spec: req.spec.clone(),
        spec_display: req.spec_display.clone(),
        targets: vec!["docs".to_string()],
        templates: req.templates.clone(),
        config: req.config,
        shims: req.shims.clone(),
        manifest: req.manifest,
        command: req.command.clone(),
        strict: req.strict,
    };
    run(&only_docs, false, history, sink, reads)
}

fn run(
    req: &Request,
    nested: bool,
    history: Option<&History>,
    sink: &mut Sink,
    reads: &mut Reads,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let (jobs, templates, opts) = prepare(req)?;
    let (mut doc, api, found, partial) = crate::timings::phase("load and lower", || {
        pipeline::load_lower_and_lint(&req.spec, &opts, req.config)
    })?;
    // Lowering was their only reader (the lint and the emitters read the
    // bundled document and the IR): freed, they leave room for the
    // emitters (at 20,000 schemas, about a sixth of the peak). Each is
    // freed on a thread of its own beside the emitters' first steps (type
    // names and facts, one thread per target, which leave a core free on
    // a run of one target), long before the output that makes the peak is
    // built; the scope waits for them before this step ends.
    let normalized = std::mem::take(&mut doc.normalized);
    let lowered_from = std::mem::take(&mut doc.api);
    let result = std::thread::scope(|scope| {
        // A thread that cannot start drops its value here, as before.
        let _ = std::thread::Builder::new().spawn_scoped(scope, move || drop(normalized));
        let _ = std::thread::Builder::new().spawn_scoped(scope, move || drop(lowered_from));
        reads.document(&doc);
        let loaded = Loaded {
            doc: &doc,
            api: &api,
            found,
            lint: Some(partial),
        };
        run_loaded(
            req, &jobs, &templates, &opts, loaded, nested, history, sink, reads,
        )
    });
    pipeline::drop_later((doc, api));
    result
}

/// What a run needs before it reads the spec: the targets' jobs, the
/// templates and the load options.
type Prepared = (
    Vec<(String, &'static dyn emit::Emitter)>,
    Templates,
    LoadOptions,
);

fn prepare(req: &Request) -> Result<Prepared, Vec<Diagnostic>> {
    // Targets first: an unknown one means nothing can run (exit 2), whatever the spec says.
    let jobs = jobs(req)?;
    // A misspelled override would silently keep the built-in: refuse it.
    let templates = Templates::new(req.templates.as_deref());
    templates.check()?;
    let opts = pipeline::load_options(req.config, std::env::current_dir().ok().as_deref());
    Ok((jobs, templates, opts))
}

/// A spec loaded and lowered for [`run_loaded`]: the load and lowering
/// findings, and the lint still to finish (`None`: the caller lints).
struct Loaded<'a> {
    doc: &'a Document,
    api: &'a Api,
    found: Vec<Diagnostic>,
    lint: Option<lint::Partial>,
}

/// [`run`] once the spec is loaded and lowered.
#[allow(clippy::too_many_arguments)]
fn run_loaded(
    req: &Request,
    jobs: &[(String, &'static dyn emit::Emitter)],
    templates: &Templates,
    opts: &LoadOptions,
    loaded: Loaded,
    nested: bool,
    history: Option<&History>,
    sink: &mut Sink,
    reads: &mut Reads,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let Loaded {
        doc,
        api,
        found,
        lint: partial,
    } = loaded;
    let strict = req.strict || req.config.is_some_and(|c| c.generate.strict);
    // The lint runs beside the emitters (its findings decide whether their
    // output is kept), unless loading already found an error that blocks.
    if found.iter().any(|d| blocks(d, strict)) {
        let linted = partial
            .map(|p| lint::run_rest(doc, api, req.config, p))
            .unwrap_or_default();
        return Err(blocking(
            &pipeline::merge(found, linted),
            req.config,
            strict,
        ));
    }
    let docs = jobs.iter().any(|(n, _)| n == "docs");
    // The configured baseline, loaded once: the manifest's old names are
    // checked against it, and the docs changelog diffs it with this spec.
    let baseline = configured_baseline(&req.spec, req.config);
    let base_api = match &baseline {
        Some(b) if req.manifest.is_some() || (docs && history.is_none()) => {
            let (base_doc, base_api, _) = pipeline::load_and_lower(b, opts)?;
            reads.document(&base_doc);
            Some(base_api)
        }
        _ => None,
    };
    let (shims, shim_notes) = match req.manifest {
        Some(m) => m.shims_checked_against(base_api.as_ref(), api),
        None => Default::default(),
    };
    let shims = merge_shims(shims, &req.shims);
    let changes = match (history, &baseline, &base_api, req.config) {
        _ if !docs => None,
        (Some(h), ..) => Some(history_changes(api, &req.spec_display, h, opts, reads)?),
        (None, Some(path), Some(base), Some(c)) => Some(changes(&req.spec, path, base, api, c)?),
        _ => None,
    };
    let shared = Shared {
        api,
        doc,
        header: Header {
            spec: req.spec_display.clone(),
            command: req.command.clone(),
        },
        shims: &shims,
        templates,
        changes: changes.as_ref(),
    };
    let (linted, reports) = run_targets(req, jobs, &shared, partial, nested, sink)?;
    let found = pipeline::merge(found, linted);
    let stop = blocking(&found, req.config, strict);
    if !stop.is_empty() {
        return Err(stop);
    }
    let found = pipeline::with_levels(found, req.config);
    // Errors that do not make the code wrong are reported with the warnings.
    let mut warnings: Vec<Diagnostic> = found
        .into_iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    warnings.extend(shim_notes);
    conclude(warnings, reports)
}

/// What `generate` would refuse beyond the lint's own errors: the errors of
/// the configured targets' emitters (two names that one language spells the
/// same, an invalid target option …), in generate's own words. `check` adds
/// them, so a spec that `check` passes is a spec that generates. Nothing is
/// written.
pub fn refusals(
    spec: &Path,
    checked: &pipeline::Checked,
    config: Option<&Config>,
) -> Vec<Diagnostic> {
    let req = Request {
        spec: spec.to_path_buf(),
        spec_display: spec.to_string_lossy().replace('\\', "/"),
        targets: Vec::new(),
        templates: config.and_then(|c| c.generate.templates.as_ref().map(|t| c.resolve(t))),
        config,
        shims: Default::default(),
        manifest: None,
        command: String::new(),
        strict: false,
    };
    let refused = |found: Vec<Diagnostic>| -> Vec<Diagnostic> {
        found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect()
    };
    let (jobs, templates, opts) = match prepare(&req) {
        Ok(prepared) => prepared,
        Err(found) => return refused(found),
    };
    // The spec as `check` read, lowered and linted it: its findings are
    // already `check`'s own, so only the emitters' are new here.
    let loaded = Loaded {
        doc: &checked.doc,
        api: &checked.api,
        found: Vec::new(),
        lint: None,
    };
    // Nothing is kept: each tree is dropped as soon as it is made.
    let sink = &mut |_: &str, _: OutputTree| Ok(());
    match run_loaded(
        &req,
        &jobs,
        &templates,
        &opts,
        loaded,
        true,
        None,
        sink,
        &mut Reads::new(),
    ) {
        Ok(_) => Vec::new(),
        Err(found) => refused(found),
    }
}

/// Whether a finding stops generation: every error under `strict`; else an
/// error of a lint rule classified [`Generation::Blocks`], or any error that
/// is not a lint rule's (loading, lowering, an emitter: the model itself is
/// in doubt, so fail closed).
pub fn blocks(d: &Diagnostic, strict: bool) -> bool {
    if d.severity != Severity::Error {
        return false;
    }
    if strict {
        return true;
    }
    lint::find(&d.rule).is_none_or(|r| r.meta.generate == Generation::Blocks)
}

/// The findings that stop generation (the others are reported by a run
/// that gets past these): those that stop it at their rules' own levels
/// (`[lint.rules]` cannot switch off or lower a finding that makes the code
/// wrong, so the run says what stopped it), and those that stop it at the
/// levels the config raised them to.
fn blocking(found: &[Diagnostic], config: Option<&Config>, strict: bool) -> Vec<Diagnostic> {
    found
        .iter()
        .filter_map(|d| {
            if blocks(d, strict) {
                return Some(d.clone());
            }
            let severity = pipeline::level_of(d, config).filter(|&s| s > d.severity)?;
            let raised = Diagnostic {
                severity,
                ..d.clone()
            };
            blocks(&raised, strict).then_some(raised)
        })
        .collect()
}

/// What the docs changelog is made from: specsmith.toml's `baseline` diffed
/// against the spec under the default profile, with its `migrations`.
/// `None` when there is no config or no baseline, or when the spec is not
/// the config's `spec` (the baseline and migrations describe that one).
/// Locations are shown relative to the config's folder, and `x-sunset`
/// dates are not compared with the clock, so the page is reproducible.
/// specsmith.toml's `baseline` (canonical path), when `spec` is its configured `spec`.
fn configured_baseline(spec: &Path, config: Option<&Config>) -> Option<PathBuf> {
    let c = config?;
    let (baseline, configured) = (c.baseline.as_ref()?, c.spec.as_ref()?);
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    (canon(spec) == canon(&c.resolve(configured))).then(|| canon(&c.resolve(baseline)))
}

/// The docs changelog's one step: the configured baseline (`base_path`,
/// already loaded as `base_api`) against this spec (`head_api`), with the
/// configured migration manifests.
fn changes(
    spec: &Path,
    base_path: &Path,
    base_api: &crate::ir::Api,
    head_api: &crate::ir::Api,
    c: &Config,
) -> Result<Changes, Vec<Diagnostic>> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let spec = canon(spec);
    let root = canon(if c.root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &c.root
    });
    let shown = |p: &Path| load::display_path(p, Some(&root));
    let mut manifest = Manifest::empty();
    let mut manifests = Vec::new();
    for m in &c.migrations {
        let path = canon(&c.resolve(m));
        let display = shown(&path);
        manifest.merge(Manifest::load_as(&path, &display).map_err(|e| e.diagnostics)?);
        manifests.push(display);
    }
    let report = compat::diff(base_api, head_api, &manifest, &DiffOptions::default());
    Ok(Changes {
        steps: vec![Step {
            baseline: shown(base_path),
            spec: shown(&spec),
            manifests,
            report,
            renames: manifest.renames().to_vec(),
        }],
    })
}

/// The release notes' steps over `history` up to `head` (the spec, shown
/// as `head_display`), newest first, each diffed under the default profile
/// with the manifests that belong to it.
fn history_changes(
    head: &crate::ir::Api,
    head_display: &str,
    history: &History,
    opts: &load::LoadOptions,
    reads: &mut Reads,
) -> Result<Changes, Vec<Diagnostic>> {
    let mut older = Vec::new();
    for (source, _) in &history.versions {
        // As for `diff`: a version that did not load whole is not compared.
        let (doc, api, diags) = pipeline::load_and_lower_source(source, opts)?;
        reads.version(source, &doc);
        let unread = compat::unread_parts(&diags);
        if !unread.is_empty() {
            return Err(unread);
        }
        older.push(api);
    }
    let apis: Vec<&crate::ir::Api> = older.iter().chain([head]).collect();
    let mut names: Vec<&str> = history.versions.iter().map(|(_, d)| d.as_str()).collect();
    names.push(head_display);
    let steps = apis.len() - 1;
    let fits = |m: &Manifest, i: usize| {
        steps == 1
            || (m.from.as_deref().is_none_or(|v| v == apis[i].version)
                && m.to.as_deref().is_none_or(|v| v == apis[i + 1].version))
    };
    let mut bad = Vec::new();
    let mut per_step: Vec<Vec<&Manifest>> = vec![Vec::new(); steps];
    for m in &history.manifests {
        let at: Vec<usize> = (0..steps).filter(|&i| fits(m, i)).collect();
        match at.as_slice() {
            [i] => per_step[*i].push(m),
            [] if history.lenient => {}
            _ => {
                let listed: Vec<String> = (0..steps)
                    .map(|i| format!("{} → {}", apis[i].version, apis[i + 1].version))
                    .collect();
                bad.push(Diagnostic::new(
                    "bad-argument",
                    Severity::Error,
                    Default::default(),
                    format!(
                        "the migration manifest {} (from {} to {}) belongs to {} of the steps ({}): \
                         give it the `from` and `to` versions of exactly one",
                        m.files.join(", "),
                        m.from.as_deref().unwrap_or("any version"),
                        m.to.as_deref().unwrap_or("any version"),
                        if at.is_empty() { "none" } else { "several" },
                        listed.join(", ")
                    ),
                ));
            }
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut out = Vec::new();
    for i in (0..steps).rev() {
        let mut manifest = Manifest::empty();
        for m in &per_step[i] {
            manifest.merge((*m).clone());
        }
        let report = compat::diff(apis[i], apis[i + 1], &manifest, &DiffOptions::default());
        out.push(Step {
            baseline: names[i].to_string(),
            spec: names[i + 1].to_string(),
            manifests: manifest.files.clone(),
            renames: manifest.renames().to_vec(),
            report,
        });
    }
    Ok(Changes { steps: out })
}

/// The output root: `--out`, else the config's `generate.out`, else `generated`.
pub fn output_root(explicit: Option<&Path>, config: Option<&Config>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match config {
        Some(c) => c.resolve(c.generate.out.as_deref().unwrap_or(Path::new("generated"))),
        None => PathBuf::from("generated"),
    }
}

/// `extra`'s entries added to `base` (an explicit entry wins over the
/// manifest's for the same old name).
fn merge_shims(mut base: Shims, extra: &Shims) -> Shims {
    base.type_aliases.extend(extra.type_aliases.clone());
    base.path_aliases.extend(extra.path_aliases.clone());
    base.operation_aliases
        .extend(extra.operation_aliases.clone());
    for (into, from) in [
        (&mut base.field_aliases, &extra.field_aliases),
        (&mut base.enum_aliases, &extra.enum_aliases),
    ] {
        for (ty, pairs) in from {
            let have = into.entry(ty.clone()).or_default();
            for p in pairs {
                have.retain(|(old, _)| *old != p.0);
                have.push(p.clone());
            }
        }
    }
    base
}
