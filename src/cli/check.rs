//! `specsmith check`: lint specs, and say what would make `generate` refuse.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use specsmith::config::Config;
use specsmith::diag::Severity;
use specsmith::{generate, pipeline};

use super::print::{render_diagnostics, write_stdout, Format};
use super::{default_spec, exit_code_for};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

/// Lints `specs` (default: the configured spec) and prints every finding:
/// exit 2 when one could not be read, 1 on an error (or a warning under
/// `--deny warnings`), else 0.
pub fn run(
    config: Option<&Config>,
    cwd: Option<&Path>,
    specs: Vec<PathBuf>,
    format: Format,
    deny: Option<Deny>,
) -> Result<ExitCode, String> {
    let specs = if specs.is_empty() {
        vec![default_spec(config)?]
    } else {
        specs
    };
    let opts = pipeline::load_options(config, cwd);
    let mut all = Vec::new();
    let mut unreadable = false;
    let strict_config = config.is_some_and(|c| c.generate.strict);
    for spec in &specs {
        match pipeline::check(spec, &opts, config) {
            Ok(mut checked) => {
                let clean = !checked
                    .diagnostics
                    .iter()
                    .any(|d| generate::blocks(d, strict_config));
                // What only the emitters find (a name two wire names
                // share in one language) would make `generate` refuse:
                // say it here, in the same words.
                let refused = if clean {
                    generate::refusals(spec, &checked, config)
                } else {
                    Vec::new()
                };
                all.extend(std::mem::take(&mut checked.diagnostics));
                pipeline::drop_later(checked);
                for d in refused {
                    if !all.contains(&d) {
                        all.push(d);
                    }
                }
            }
            Err(diags) => {
                unreadable |= exit_code_for(&diags) == 2;
                all.extend(diags);
            }
        }
    }
    let worst = all.iter().map(|d| d.severity).max();
    let fail = match worst {
        Some(Severity::Error) => true,
        Some(Severity::Warning) => deny.is_some(),
        _ => false,
    };
    let code = if unreadable {
        2
    } else if fail {
        1
    } else {
        0
    };
    write_stdout(&render_diagnostics(&all, format, specs.len()), code);
    Ok(ExitCode::from(code))
}
