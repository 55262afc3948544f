//! `specsmith rules`, `explain` and `ir`: what the rules are, and what the
//! IR of a spec looks like.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specsmith::compat;
use specsmith::config::Config;
use specsmith::diag::Severity;
use specsmith::findings::Stage;
use specsmith::{findings, lint, pipeline};

use super::print::{render_diagnostics, write_stdout, Format};
use super::{default_spec, exit_code_for};

/// Every lint and compat rule with its level.
pub fn rules() -> Result<ExitCode, String> {
    let mut text = String::from("lint rules:\n");
    for rule in lint::rules::REGISTRY {
        text.push_str(&format!(
            "  {:<34} {:<8} {}\n",
            rule.meta.id,
            rule.meta.severity.as_str(),
            rule.meta.summary
        ));
    }
    let section = |s: Stage| match s {
        Stage::Load => "findings of loading and lowering",
        Stage::Target(_) => "notes and errors of the targets (`generate`)",
        Stage::Run => "what stops a run before it judges the spec (exit 2)",
    };
    // The catalog lists each stage's findings together.
    let mut heading = "";
    for f in findings::CATALOG {
        if section(f.stage) != heading {
            heading = section(f.stage);
            text.push_str(&format!("\n{heading}:\n"));
        }
        let who = match f.stage {
            Stage::Target(who) => format!(" ({who})"),
            _ => String::new(),
        };
        text.push_str(&format!(
            "  {:<34} {:<8} {}{who}\n",
            f.id,
            f.effect.as_str(),
            f.summary
        ));
    }
    text.push_str("\ncompat rules (level under wire / codegen / strict):\n");
    for rule in compat::REGISTRY {
        text.push_str(&format!(
            "  {:<34} {:<26} {}\n",
            rule.meta.id,
            compat_levels(rule.meta),
            rule.meta.summary
        ));
    }
    write_stdout(&text, 0);
    Ok(ExitCode::SUCCESS)
}

/// What a rule checks, why and how to fix it; an unknown rule cannot run (exit 2).
pub fn explain(rule: &str) -> Result<ExitCode, String> {
    if let Some(r) = lint::find(rule) {
        write_stdout(
            &format!(
                "{} ({})\n\n{}\n\n{}\n",
                r.meta.id, r.meta.severity, r.meta.summary, r.meta.explain
            ),
            0,
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(f) = findings::find(rule) {
        write_stdout(
            &format!(
                "{} ({}; {})\n\n{}\n\n{}\n",
                f.id,
                f.origin(),
                f.effect.as_str(),
                f.summary,
                f.describe()
            ),
            0,
        );
        return Ok(ExitCode::SUCCESS);
    }
    match compat::find(rule) {
        Some(r) => {
            write_stdout(
                &format!(
                    "{} (compat; {})\n\n{}\n\n{}\n",
                    r.meta.id,
                    compat_levels(r.meta),
                    r.meta.summary,
                    r.meta.explain
                ),
                0,
            );
            Ok(ExitCode::SUCCESS)
        }
        None => Err(format!(
            "no rule named `{rule}`: `specsmith rules` lists them"
        )),
    }
}

/// The IR of `spec` (default: the configured spec) as JSON.
pub fn ir(
    config: Option<&Config>,
    cwd: Option<&Path>,
    spec: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let spec = match spec {
        Some(s) => s,
        None => default_spec(config)?,
    };
    let opts = pipeline::load_options(config, cwd);
    match pipeline::load_and_lower(&spec, &opts) {
        Ok((_, api, _)) => {
            let json = serde_json::to_string_pretty(&api).map_err(|e| e.to_string())?;
            write_stdout(&format!("{json}\n"), 0);
            Ok(ExitCode::SUCCESS)
        }
        Err(diags) => {
            let code = exit_code_for(&diags);
            write_stdout(&render_diagnostics(&diags, Format::Text, 1), code);
            Ok(ExitCode::from(code))
        }
    }
}

/// A compat rule's level under each profile: `wire / codegen / strict`.
fn compat_levels(m: &compat::RuleMeta) -> String {
    let l = |s: Option<Severity>| s.map(Severity::as_str).unwrap_or("-");
    format!(
        "{} / {} / {}",
        l(m.levels.wire),
        l(m.levels.codegen),
        l(m.levels.strict)
    )
}
