//! Running the chosen emitters: which ones, on how many threads, and what
//! their reports add up to.

use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeMap;

use crate::config::Config;
use crate::emit::{
    self, docs::Changes, templates::Templates, EmitContext, Header, Shims, TargetOptions,
};
use crate::ir::Api;
use crate::lint;
use crate::load::Document;
use crate::output::OutputTree;

use super::{Request, Sink};

/// The emitters to run, by the name they were asked for: the request's
/// targets, else the config's, else every one. An unknown name means nothing
/// can run (exit 2), whatever the spec says.
pub(super) fn jobs(
    req: &Request,
) -> Result<Vec<(String, &'static dyn emit::Emitter)>, Vec<Diagnostic>> {
    let mut names: Vec<String> = if !req.targets.is_empty() {
        req.targets.clone()
    } else if let Some(c) = req.config.filter(|c| !c.generate.targets.is_empty()) {
        c.generate.targets.clone()
    } else {
        emit::targets()
            .iter()
            .map(|t| t.name().to_string())
            .collect()
    };
    names.dedup();
    let mut jobs = Vec::new();
    let mut unknown = Vec::new();
    for name in &names {
        let Some(emitter) = emit::find(name) else {
            let known = emit::target_names();
            unknown.push(Diagnostic::new(
                "unknown-target",
                Severity::Error,
                Default::default(),
                format!("no target named `{name}`; targets: {}", known.join(", ")),
            ));
            continue;
        };
        jobs.push((name.clone(), emitter));
    }
    if unknown.is_empty() {
        Ok(jobs)
    } else {
        Err(unknown)
    }
}

/// Per target, by index into the jobs: its notes and warnings, and its errors.
pub(super) type Reports = Vec<(usize, Vec<Diagnostic>, Vec<Diagnostic>)>;

/// What every target's context shares.
pub(super) struct Shared<'a> {
    pub api: &'a Api,
    pub doc: &'a Document,
    pub header: Header,
    pub shims: &'a Shims,
    pub templates: &'a Templates,
    pub changes: Option<&'a Changes>,
}

/// Runs the rest of the lint (what `linted` did not run; none without it) and every job's
/// emitter over `base` (each target with its own options and context),
/// handing each finished tree to `sink`: the lint's findings and each
/// target's report, or what the sink refused.
///
/// Targets are independent: they run on as many threads as there are cores,
/// longest first so the slow ones don't finish alone at the end. Each
/// finished tree goes to the sink at once (and is dropped), so memory is
/// bounded by the targets in the making, not their sum; what a target
/// reports is kept by its index, so the outcome does not depend on
/// scheduling.
pub(super) fn run_targets(
    req: &Request,
    jobs: &[(String, &'static dyn emit::Emitter)],
    base: &Shared,
    linted: Option<lint::Partial>,
    nested: bool,
    sink: &mut Sink,
) -> Result<(Vec<Diagnostic>, Reports), Vec<Diagnostic>> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(jobs.get(i).map_or(0, |(name, _)| expected_cost(name)))
    });
    let run = |name: &str, emitter: &dyn emit::Emitter| {
        let options = target_options(req.config, name);
        let folder = options
            .get("out")
            .map(str::to_string)
            .unwrap_or_else(|| name.to_string());
        let cx = EmitContext {
            api: base.api,
            options,
            header: base.header.clone(),
            shims: base.shims,
            templates: base.templates,
            notes: Default::default(),
            document: Some(base.doc),
            changes: base.changes,
        };
        (folder, emit::run(emitter, &cx))
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    // The two Rust crates hold the same models: made once when both run.
    let has = |target: &str| jobs.iter().any(|(_, e)| e.name() == target);
    let shared = (has("rust") && has("rust-server"))
        .then(|| emit::rust_types::shared::SharedModels::new(base.api, base.shims));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut reports: Reports = Vec::new();
    let mut sink_failed: Option<Vec<Diagnostic>> = None;
    let linted: Vec<Diagnostic> = std::thread::scope(|scope| {
        let lint = scope.spawn(|| {
            linted
                .map(|p| {
                    crate::timings::phase("lint", || {
                        lint::run_rest(base.doc, base.api, req.config, p)
                    })
                })
                .unwrap_or_default()
        });
        // A finished target waits for the sink to take it (a rendezvous,
        // not a queue): when writing is slower than making, the finished
        // trees would otherwise pile up in memory, a whole target each.
        let (done_tx, done_rx) = std::sync::mpsc::sync_channel(0);
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let done_tx = done_tx.clone();
                let (next, order, run, shared) = (&next, &order, &run, &shared);
                scope.spawn(move || {
                    emit::rust_types::shared::enter(shared.as_ref(), || loop {
                        let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((i, (name, emitter))) =
                            order.get(n).and_then(|&i| Some((i, jobs.get(i)?)))
                        else {
                            break;
                        };
                        if done_tx.send((i, name, run(name, *emitter))).is_err() {
                            break;
                        }
                    })
                })
            })
            .collect();
        drop(done_tx);
        for (i, name, (folder, result)) in done_rx {
            match result {
                Ok((tree, warnings)) => {
                    let mut errors = Vec::new();
                    let mut rooted = OutputTree::new();
                    let prefix = if nested { folder.as_str() } else { "" };
                    if let Err(e) = rooted.extend_under(prefix, tree) {
                        errors.push(Diagnostic::new(
                            "output-path",
                            Severity::Error,
                            Default::default(),
                            format!("target {name}: {e}"),
                        ));
                    } else if sink_failed.is_none() {
                        if let Err(e) =
                            crate::timings::phase(&format!("stage {name}"), || sink(name, rooted))
                        {
                            sink_failed = Some(e);
                        }
                    }
                    reports.push((i, warnings, errors));
                }
                Err(d) => reports.push((i, Vec::new(), d)),
            }
        }
        for h in handles {
            if let Err(panic) = h.join() {
                std::panic::resume_unwind(panic);
            }
        }
        match lint.join() {
            Ok(l) => l,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    match sink_failed {
        Some(e) => Err(e),
        None => Ok((linted, reports)),
    }
}

/// The targets' reports after the spec's `warnings`: what stopped the run
/// (an emitter's errors), else every warning, sorted and once each.
pub(super) fn conclude(
    mut warnings: Vec<Diagnostic>,
    mut reports: Reports,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    reports.sort_by_key(|(i, _, _)| *i);
    let mut problems = Vec::new();
    for (_, notes, errors) in reports {
        warnings.extend(notes);
        problems.extend(errors);
    }
    if problems.iter().any(|d| d.severity == Severity::Error) {
        // What stopped it; an emitter's warnings come with a run that gets through.
        problems.retain(|d| d.severity == Severity::Error);
        return Err(problems);
    }
    warnings.sort();
    warnings.dedup();
    Ok(warnings)
}

/// A rough relative cost per target (Stripe-sized specs), for scheduling only.
fn expected_cost(target: &str) -> u8 {
    match target {
        "rust" => 9,
        "rust-server" => 8,
        "docs" => 7,
        "go" => 6,
        "kotlin" | "csharp" => 5,
        "python" => 4,
        _ => 2,
    }
}

/// `[generate.target.<name>]` as strings.
pub fn target_options(config: Option<&Config>, name: &str) -> TargetOptions {
    let mut values = BTreeMap::new();
    let mut locs = BTreeMap::new();
    if let Some(c) = config {
        for (k, v) in c.generate.target.get(name).into_iter().flatten() {
            let s = match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            values.insert(k.clone(), s);
            if let Some(loc) = c.keys.loc(name, k) {
                locs.insert(k.clone(), loc.clone());
            }
        }
        for (k, v) in c.package.options() {
            values.entry(k.to_string()).or_insert_with(|| v.to_string());
        }
    }
    let sdks = if name == "docs" {
        emit::client::snippets::LANGUAGES
            .iter()
            .map(|(t, _)| (t.to_string(), target_options(config, t)))
            .collect()
    } else {
        BTreeMap::new()
    };
    TargetOptions { values, locs, sdks }
}
