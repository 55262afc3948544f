//! `specsmith generate` and `specsmith docs`: load, run the emitters, then
//! write the trees under the output root (or compare them with it).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specsmith::compat::manifest::Manifest;
use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Severity};
use specsmith::{generate, output};

use super::paths::{header_base, relative_display, stable_display};
use super::print::{render_diagnostics, write_stdout, Format};
use super::{default_spec, exit_code_for, WriteArgs};

/// Which findings stop generation, and how they are printed (docs/generating.md).
#[derive(clap::Args, Clone, Copy)]
pub struct FindingsArgs {
    /// Stop on every error-level finding (default: only on those that would make
    /// the generated code wrong; `[generate] strict = true` in specsmith.toml).
    #[arg(long)]
    strict: bool,
    /// List every finding (default: one line per rule with a count and the first location).
    #[arg(long)]
    verbose: bool,
}

/// `specsmith docs`: the docs bundle into `out`, with release notes over
/// `baselines` when given.
#[allow(clippy::too_many_arguments)]
pub fn docs(
    config: Option<&Config>,
    spec: Option<PathBuf>,
    out: &Path,
    check: bool,
    write: WriteArgs,
    findings: FindingsArgs,
    baselines: Vec<String>,
    migrations: Vec<PathBuf>,
) -> Result<ExitCode, String> {
    let base = header_base(config, out);
    let history = docs_history(config, spec.is_none(), baselines, migrations, &base)?;
    run(
        config,
        spec,
        "docs",
        check,
        write,
        findings,
        out,
        |req, sink| generate::docs_into(req, history.as_ref().map(|(h, _)| h), sink),
        Vec::new(),
        None,
        Vec::new(),
        history.as_ref().map_or("", |(_, args)| args.as_str()),
    )
}

/// `generate` and `docs`: load, run the emitters through `produce`, then
/// write the trees under `root` (or compare them with it in check mode).
#[allow(clippy::too_many_arguments)]
pub fn run(
    config: Option<&Config>,
    spec: Option<PathBuf>,
    verb: &str,
    check: bool,
    write: WriteArgs,
    findings: FindingsArgs,
    root: &Path,
    produce: impl Fn(
        &generate::Request,
        &mut generate::Sink,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>>,
    targets: Vec<String>,
    templates: Option<PathBuf>,
    migrations: Vec<PathBuf>,
    extra_args: &str,
) -> Result<ExitCode, String> {
    let from_config = spec.is_none();
    let manifest = manifest(config, from_config, migrations)?;
    let spec = match spec {
        Some(s) => s,
        None => default_spec(config)?,
    };
    // Headers name the spec (and `docs` its folder) relative to the config's
    // folder, else to the output root: the same bytes from any working
    // folder, however the path was typed.
    let base = header_base(config, root);
    let spec_display = stable_display(&spec, &base);
    let mut command = format!("specsmith {verb}");
    if !from_config {
        command.push(' ');
        command.push_str(&spec_display);
    }
    if verb == "docs" {
        command.push_str(" --out ");
        command.push_str(&stable_display(root, &base));
    }
    command.push_str(extra_args);
    let templates = templates.or_else(|| {
        config
            .as_ref()
            .and_then(|c| c.generate.templates.as_ref().map(|t| c.resolve(t)))
    });
    let req = generate::Request {
        spec,
        spec_display,
        targets,
        templates,
        config,
        shims: Default::default(),
        manifest: manifest.as_ref(),
        command: command.clone(),
        strict: findings.strict,
    };
    let options = write.options(&command);
    // Writing: each target's files are staged as soon as the target is made
    // and dropped, so memory holds the targets in the making, not all of
    // them; nothing replaces a file until every target is made and nothing
    // stopped the run (an uncommitted writer undoes its staging).
    // Checking: each target is compared with the disk as it is made, the
    // same way, keeping only the files that differ.
    let mut checker: Option<output::Checker> = None;
    let mut writer: Option<output::Writer> = None;
    let mut write_error: Option<String> = None;
    let produced = {
        let mut sink = |name: &str, tree: output::OutputTree| -> Result<(), Vec<Diagnostic>> {
            if check {
                if checker.is_none() {
                    match output::Checker::open(root, &options) {
                        Ok(c) => checker = Some(c),
                        Err(e) => {
                            write_error = Some(e);
                            return Err(Vec::new());
                        }
                    }
                }
                if let Some(c) = &mut checker {
                    specsmith::timings::phase("compare with disk", || c.add(name, &tree));
                }
                return Ok(());
            }
            let added = match &mut writer {
                Some(w) => w.add(name, &tree),
                None => output::Writer::open(root, &options).and_then(|mut w| {
                    let added = w.add(name, &tree);
                    writer = Some(w);
                    added
                }),
            };
            added.map_err(|e| {
                write_error = Some(e);
                Vec::new()
            })
        };
        produce(&req, &mut sink)
    };
    if let Some(e) = write_error {
        drop(writer);
        return Err(e);
    }
    match produced {
        Ok(warnings) => eprint!("{}", summarise(&warnings, findings.verbose)),
        Err(diags) => {
            drop(writer);
            let code = exit_code_for(&diags);
            write_stdout(&render_diagnostics(&diags, Format::Text, 1), code);
            eprintln!("error: nothing was generated");
            return Ok(ExitCode::from(code));
        }
    }
    if check {
        let checker = match checker {
            Some(c) => c,
            None => output::Checker::open(root, &options)?,
        };
        return Ok(compare(root, checker.finish(), &command));
    }
    let report = specsmith::timings::phase("write", || {
        match writer {
            Some(w) => Ok(w),
            None => output::Writer::open(root, &options),
        }
        .and_then(output::Writer::commit)
    })?;
    for note in &report.repaired {
        eprintln!("note: {note}");
    }
    println!(
        "{} written, {} unchanged, {} deleted under {}",
        report.written.len(),
        report.unchanged,
        report.deleted.len(),
        relative_display(root, None)
    );
    Ok(ExitCode::SUCCESS)
}

/// The migration manifest of a `generate` or `docs` run: the given
/// `migrations`, else (for the configured spec only) the configured ones.
fn manifest(
    config: Option<&Config>,
    from_config: bool,
    migrations: Vec<PathBuf>,
) -> Result<Option<Manifest>, String> {
    // The configured migrations lead to the configured spec only.
    let migrations = match config {
        Some(c) if migrations.is_empty() && from_config => c
            .migrations
            .iter()
            .map(|m| PathBuf::from(relative_display(&c.resolve(m), None)))
            .collect(),
        _ => migrations,
    };
    if migrations.is_empty() {
        return Ok(None);
    }
    Manifest::load_all(&migrations)
        .map(Some)
        .map_err(|e| format!("cannot read the migration manifest:\n{e}"))
}

/// `--check`: what the comparison with `root` found; exit 1 with a diff
/// when anything would change.
fn compare(root: &Path, report: output::CheckReport, command: &str) -> ExitCode {
    let drift = &report.drift;
    if drift.is_empty() {
        println!("generated files are up to date ({} files)", report.files);
        return ExitCode::SUCCESS;
    }
    for d in drift {
        print!("{}", report.diff(root, d));
    }
    let listed: Vec<String> = drift.iter().map(|d| format!("  {:?}", d)).collect();
    eprintln!(
        "{} generated file(s) are out of date:\n{}\nRun `{command}` and commit the result.",
        drift.len(),
        listed.join("\n")
    );
    ExitCode::from(1)
}

/// `specsmith docs --baseline …`: the versions and manifests of the release
/// notes, named relative to `base` as in headers, and the flags as the
/// header's command repeats them; `None` without `--baseline` (the notes
/// then follow specsmith.toml). The configured migrations apply to the
/// configured spec when no `--migration` is given, each to the step it
/// names.
fn docs_history(
    config: Option<&Config>,
    from_config: bool,
    baselines: Vec<String>,
    migrations: Vec<PathBuf>,
    base: &Path,
) -> Result<Option<(generate::History, String)>, String> {
    if baselines.is_empty() {
        return Ok(None);
    }
    let mut args = String::new();
    let mut versions = Vec::new();
    for b in &baselines {
        // A `git:REV:path` version is named `REV:path`, as `diff` names it.
        let shown = match b.strip_prefix("git:") {
            Some(rest) => rest.to_string(),
            None => stable_display(Path::new(b), base),
        };
        args.push_str(&format!(
            " --baseline {}",
            if b.starts_with("git:") { b } else { &shown }
        ));
        versions.push((b.clone(), shown));
    }
    let lenient = migrations.is_empty();
    let migrations = match config {
        Some(c) if lenient && from_config => c.migrations.iter().map(|m| c.resolve(m)).collect(),
        _ => migrations,
    };
    let mut manifests = Vec::new();
    for m in &migrations {
        let shown = stable_display(m, base);
        if !lenient {
            args.push_str(&format!(" --migration {shown}"));
        }
        manifests.push(
            Manifest::load_as(m, &shown)
                .map_err(|e| format!("cannot read the migration manifest:\n{e}"))?,
        );
    }
    Ok(Some((
        generate::History {
            versions,
            manifests,
            lenient,
        },
        args,
    )))
}

/// The findings that did not stop generation: every one with `verbose`, else
/// one line per rule (its count and first finding) for rules found more than once.
fn summarise(found: &[Diagnostic], verbose: bool) -> String {
    let mut text = String::new();
    let mut by_rule: std::collections::BTreeMap<
        (std::cmp::Reverse<Severity>, &str),
        Vec<&Diagnostic>,
    > = Default::default();
    for d in found {
        if verbose {
            text.push_str(&format!("{d}\n"));
        }
        by_rule
            .entry((std::cmp::Reverse(d.severity), d.rule.as_str()))
            .or_default()
            .push(d);
    }
    if verbose || found.is_empty() {
        return text;
    }
    for ((_, rule), all) in &by_rule {
        let Some(&first) = all.first() else {
            continue;
        };
        if all.len() == 1 {
            text.push_str(&format!("{first}\n"));
        } else {
            let at = if first.loc.file.is_empty() {
                String::new()
            } else {
                format!(" at {}", first.loc)
            };
            text.push_str(&format!(
                "{}[{rule}]: {} findings; the first{at}: {}\n",
                first.severity,
                all.len(),
                first.message
            ));
        }
    }
    if by_rule.values().any(|v| v.len() > 1) {
        text.push_str("(--verbose lists every finding)\n");
    }
    text
}
