//! `specsmith generate`: load and check the spec, run the chosen emitters,
//! and hand the trees to the writer (or compare them in check mode).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::emit::{self, templates::Templates, EmitContext, Header, Shims, TargetOptions};
use crate::output::OutputTree;
use crate::pipeline;

/// What to generate.
pub struct Request<'a> {
    pub spec: PathBuf,
    /// How the spec is named in file headers (relative, `/` separators).
    pub spec_display: String,
    /// Target names; empty means the config's list, or every target.
    pub targets: Vec<String>,
    pub templates: Option<PathBuf>,
    pub config: Option<&'a Config>,
    pub shims: Shims,
    /// The command written into headers.
    pub command: String,
}

/// The generated trees by target, paths relative to the output root, and the
/// warnings (fidelity notes, spec warnings) that did not stop generation.
pub struct Generated {
    pub trees: BTreeMap<String, OutputTree>,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the pipeline and every requested emitter. Any error-level finding in
/// the spec, or from an emitter, stops generation before anything is written.
pub fn generate(req: &Request) -> Result<Generated, Vec<Diagnostic>> {
    let opts = pipeline::load_options(req.config, std::env::current_dir().ok().as_deref());
    let checked = pipeline::check(&req.spec, &opts, req.config)?;
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
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
    let templates = Templates::new(req.templates.as_deref());
    let header = Header {
        spec: req.spec_display.clone(),
        command: req.command.clone(),
    };
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    let mut warnings: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    for name in &names {
        let Some(emitter) = emit::find(name) else {
            let known: Vec<&str> = emit::targets().iter().map(|t| t.name()).collect();
            problems.push(Diagnostic::new(
                "unknown-target",
                Severity::Error,
                Default::default(),
                format!("no target named `{name}`; targets: {}", known.join(", ")),
            ));
            continue;
        };
        let options = target_options(req.config, name);
        let folder = options
            .get("out")
            .map(str::to_string)
            .unwrap_or_else(|| name.clone());
        let cx = EmitContext {
            api: &checked.api,
            options,
            header: header.clone(),
            shims: &req.shims,
            templates: &templates,
            notes: Default::default(),
            document: Some(&checked.doc),
        };
        let result = emitter.emit_with_warnings(&cx);
        warnings.extend(cx.notes.take());
        match result {
            Ok((tree, returned)) => {
                warnings.extend(returned);
                let mut rooted = OutputTree::new();
                if let Err(e) = rooted.extend_under(&folder, tree) {
                    problems.push(Diagnostic::new(
                        "output-path",
                        Severity::Error,
                        Default::default(),
                        format!("target {name}: {e}"),
                    ));
                    continue;
                }
                out.insert(name.clone(), rooted);
            }
            Err(d) => problems.extend(d),
        }
    }
    if problems.iter().any(|d| d.severity == Severity::Error) {
        return Err(problems);
    }
    warnings.sort();
    warnings.dedup();
    Ok(Generated {
        trees: out,
        warnings,
    })
}

/// `[generate.target.<name>]` as strings.
pub fn target_options(config: Option<&Config>, name: &str) -> TargetOptions {
    let mut values = BTreeMap::new();
    if let Some(table) = config.and_then(|c| c.generate.target.get(name)) {
        for (k, v) in table {
            let s = match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            values.insert(k.clone(), s);
        }
    }
    TargetOptions { values }
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
