//! `specsmith vectors`: write JSON conformance test vectors for every schema.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specsmith::compat::manifest::Manifest;
use specsmith::config::Config;
use specsmith::diag::Severity;
use specsmith::{output, pipeline, vectors};

use super::print::{render_diagnostics, write_stdout, Format};
use super::{default_spec, exit_code_for, WriteArgs};

/// Writes `vectors.json` for `spec` (default: the configured spec, with the
/// configured migrations) into `out`.
pub fn run(
    config: Option<&Config>,
    cwd: Option<&Path>,
    spec: Option<PathBuf>,
    out: &Path,
    migrations: Vec<PathBuf>,
    write: WriteArgs,
) -> Result<ExitCode, String> {
    let from_config = spec.is_none();
    let spec = match spec {
        Some(s) => s,
        None => default_spec(config)?,
    };
    // The configured migrations belong to the configured spec only.
    let migrations = match (config, migrations.is_empty() && from_config) {
        (Some(c), true) => c.migrations.iter().map(|m| c.resolve(m)).collect(),
        _ => migrations,
    };
    let manifest = if migrations.is_empty() {
        None
    } else {
        Some(
            Manifest::load_all(&migrations)
                .map_err(|e| format!("cannot read the migration manifest:\n{e}"))?,
        )
    };
    let opts = pipeline::load_options(config, cwd);
    let (doc, api, diags) = match pipeline::load_and_lower(&spec, &opts) {
        Ok(x) => x,
        Err(diags) => {
            let code = exit_code_for(&diags);
            write_stdout(&render_diagnostics(&diags, Format::Text, 1), code);
            return Ok(ExitCode::from(code));
        }
    };
    if diags.iter().any(|d| d.severity == Severity::Error) {
        write_stdout(&render_diagnostics(&diags, Format::Text, 1), 1);
        return Ok(ExitCode::from(1));
    }
    let (set, skipped) = vectors::build_checked(&doc, &api, manifest.as_ref());
    for t in vectors::skipped_types(&api) {
        eprintln!(
            "{}: no vectors for `{}`: no finite value satisfies it (see `specsmith explain no-finite-instance`)",
            t.loc, t.name
        );
    }
    if !skipped.is_empty() {
        eprintln!(
            "{} of the spec's examples left out: they do not match their own schema (see `specsmith explain example-type-mismatch`):",
            skipped.len()
        );
        for s in &skipped {
            eprintln!("  {}", s.describe());
        }
    }
    let mut text = serde_json::to_string_pretty(&set).map_err(|e| e.to_string())?;
    text.push('\n');
    let mut tree = output::OutputTree::new();
    tree.insert("vectors.json", text)
        .map_err(|e| e.to_string())?;
    output::write_with(
        out,
        &std::collections::BTreeMap::from([("vectors".to_string(), tree)]),
        &write.options("specsmith vectors"),
    )?;
    let rejected = set.vectors.iter().filter(|v| !v.accept).count();
    println!(
        "{} vectors ({} to accept, {} to reject) written to {}",
        set.vectors.len(),
        set.vectors.len() - rejected,
        rejected,
        out.join("vectors.json").display()
    );
    Ok(ExitCode::SUCCESS)
}
