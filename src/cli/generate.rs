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
    let manifests = migrations.clone();
    let history = docs_history(config, spec.is_none(), baselines, migrations, &base)?;
    run(
        config,
        spec,
        "docs",
        check,
        write,
        findings,
        out,
        |req, sink, reads| {
            // The manifests of the release notes are inputs too.
            for path in &manifests {
                match std::fs::read(path) {
                    Ok(bytes) => reads.file(path, bytes),
                    Err(_) => reads.file(path, Vec::new()),
                }
            }
            generate::docs_into(req, history.as_ref().map(|(h, _)| h), sink, reads)
        },
        Vec::new(),
        None,
        Vec::new(),
        history.as_ref().map_or("", |(_, args)| args.as_str()),
    )
}

/// `generate` and `docs`: load, run the emitters through `produce`, then
/// write the trees under `root` (or compare them with it in check mode).
/// `generate` leaves a record of what it read and wrote beside the
/// manifest, and every later run (`--check` or writing) first asks that
/// record whether anything changed (docs/output.md).
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
        &mut generate::Reads,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>>,
    targets: Vec<String>,
    templates: Option<PathBuf>,
    migrations: Vec<PathBuf>,
    extra_args: &str,
) -> Result<ExitCode, String> {
    let from_config = spec.is_none();
    let templates = templates.or_else(|| {
        config
            .as_ref()
            .and_then(|c| c.generate.templates.as_ref().map(|t| c.resolve(t)))
    });
    // Taken before anything is read, so a file changed while the run reads
    // it leaves a record that no longer matches (never the other way).
    let mut settings = (verb == "generate" || verb == "docs")
        .then(|| {
            specsmith::timings::phase("digest the settings", || {
                settings(config, &migrations, templates.as_deref())
            })
        })
        .flatten();
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
    let command = command_line(verb, from_config, &spec_display, root, &base, extra_args);
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
    if let Some(d) = &mut settings {
        arguments(d, &req);
    }
    let options = write.options(&command);
    // --verbose asks for every finding, which only a full run has. A run
    // that would write the very bytes the folder holds writes nothing.
    if let Some(d) = settings.as_ref().filter(|_| !findings.verbose) {
        if let Some(code) = unchanged(root, &options, d, &base, check)? {
            return Ok(code);
        }
    }
    let mut reads = generate::Reads::new();
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
        produce(&req, &mut sink, &mut reads)
    };
    if let Some(e) = write_error {
        drop(writer);
        return Err(e);
    }
    let summary = match produced {
        Ok(warnings) => {
            eprint!("{}", summarise(&warnings, findings.verbose));
            summarise(&warnings, false)
        }
        Err(diags) => {
            drop(writer);
            let code = exit_code_for(&diags);
            write_stdout(&render_diagnostics(&diags, Format::Text, 1), code);
            eprintln!("error: nothing was generated");
            return Ok(ExitCode::from(code));
        }
    };
    if check {
        let checker = match checker {
            Some(c) => c,
            None => output::Checker::open(root, &options)?,
        };
        return Ok(compare(root, checker.finish(), &command));
    }
    let inputs = settings
        .filter(|_| reads.repeatable())
        .and_then(|d| record(d, &reads, &base, summary));
    let report = specsmith::timings::phase("write", || {
        let mut w = match writer {
            Some(w) => w,
            None => output::Writer::open(root, &options)?,
        };
        if let Some(inputs) = inputs {
            w.record(inputs);
        }
        w.commit()
    })?;
    Ok(written(&report, root))
}

/// What a write did, for the user.
fn written(report: &output::WriteReport, root: &Path) -> ExitCode {
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
    ExitCode::SUCCESS
}

/// The command written into headers: the verb, the spec unless it is the
/// configured one, `docs`' folder, and `extra` (flags that change the output).
fn command_line(
    verb: &str,
    from_config: bool,
    spec_display: &str,
    root: &Path,
    base: &Path,
    extra: &str,
) -> String {
    let mut command = format!("specsmith {verb}");
    if !from_config {
        command.push(' ');
        command.push_str(spec_display);
    }
    if verb == "docs" {
        command.push_str(" --out ");
        command.push_str(&stable_display(root, base));
    }
    command.push_str(extra);
    command
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

/// What a recorded `generate` depends on besides the spec's files: the
/// executable, the working folder (findings name files relative to it),
/// specsmith.toml as read, the migration manifests and the template
/// overrides; the caller adds the arguments. `None`: no record is made.
fn settings(
    config: Option<&Config>,
    migrations: &[PathBuf],
    templates: Option<&Path>,
) -> Option<generate::InputDigest> {
    let mut d = generate::InputDigest::new();
    d.text("cwd", &std::env::current_dir().ok()?.to_string_lossy());
    d.text("config", &format!("{config:?}"));
    let configured = config.map_or(Vec::new(), |c| {
        c.migrations.iter().map(|m| c.resolve(m)).collect()
    });
    for m in migrations.iter().chain(&configured) {
        d.file(&m.to_string_lossy(), std::fs::read(m).ok().as_deref());
    }
    if let Some(t) = templates {
        d.folder(&t.to_string_lossy(), t).ok()?;
    }
    Some(d)
}

/// The arguments of the run, for its input digest.
fn arguments(d: &mut generate::InputDigest, req: &generate::Request) {
    d.text("spec", &req.spec_display);
    d.text("command", &req.command);
    d.text("targets", &req.targets.join("\n"));
    d.text("strict", if req.strict { "yes" } else { "no" });
}

/// The record of a writing run: `settings` and every spec file it read,
/// named relative to `base` as headers name the spec; `None` when the
/// specsmith executable could not be read for the digest.
fn record(
    mut settings: generate::InputDigest,
    reads: &generate::Reads,
    base: &Path,
    summary: String,
) -> Option<output::Inputs> {
    let mut files = Vec::new();
    for (path, bytes) in reads.files() {
        let name = stable_display(path, base);
        settings.file(&name, Some(bytes));
        files.push(name);
    }
    Some(output::Inputs {
        digest: settings.finish()?,
        files,
        summary,
    })
}

/// The record alone, when the inputs are the recorded ones and the folder
/// holds what the recorded run wrote: the recorded findings are printed,
/// then "up to date" (`--check`) or that nothing was written; `None` when
/// that is not shown (the full run then decides).
fn unchanged(
    root: &Path,
    options: &output::WriteOptions,
    settings: &generate::InputDigest,
    base: &Path,
    check: bool,
) -> Result<Option<ExitCode>, String> {
    let Ok(base) = std::fs::canonicalize(base) else {
        return Ok(None);
    };
    let found = specsmith::timings::phase("check the record", || {
        output::up_to_date(root, options, |inputs| {
            let mut d = settings.clone();
            for name in &inputs.files {
                d.file(name, std::fs::read(base.join(name)).ok().as_deref());
            }
            d.finish()
        })
    })?;
    Ok(found.map(|(files, record)| {
        eprint!("{}", record.inputs.summary);
        if check {
            up_to_date(files)
        } else {
            nothing_to_write(files, root)
        }
    }))
}

/// A writing run whose folder already holds what it would write: the line
/// a write prints, with every file unchanged.
fn nothing_to_write(files: usize, root: &Path) -> ExitCode {
    println!(
        "0 written, {files} unchanged, 0 deleted under {}",
        relative_display(root, None)
    );
    ExitCode::SUCCESS
}

fn up_to_date(files: usize) -> ExitCode {
    println!("generated files are up to date ({files} files)");
    ExitCode::SUCCESS
}

/// `--check`: what the comparison with `root` found; exit 1 with a diff
/// when anything would change.
fn compare(root: &Path, report: output::CheckReport, command: &str) -> ExitCode {
    let drift = &report.drift;
    if drift.is_empty() {
        return up_to_date(report.files);
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
