//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use specsmith::compat::{self, manifest::Manifest, DiffOptions};
use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Severity};
use specsmith::{generate, lint, output, pipeline, vectors};

// mimalloc: load and lower allocate many small nodes; measured faster than
// the system allocator on the large corpus specs (see benches/load.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes (every command; docs/exit-codes.md):\n  0  clean (warnings allowed unless --deny warnings)\n  1  findings at error level, drift in --check mode, or a breaking change in diff\n  2  specsmith could not run (bad arguments, a spec that cannot be read, an unknown\n     target or rule, the output folder locked by another run, a file there that\n     specsmith did not generate, a failed write or delete)";

#[derive(Parser)]
#[command(name = "specsmith", version, about = "Lint, compatibility-check and generate code from OpenAPI descriptions", after_help = EXIT_CODES)]
struct Cli {
    /// Path to specsmith.toml (default: found in the current directory or a parent).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFormat {
    Text,
    Json,
    Markdown,
    Github,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ProfileArg {
    /// What breaks a client speaking JSON on the wire.
    Wire,
    /// `wire` plus what breaks generated SDK code (the default).
    Codegen,
    /// `codegen` plus what breaks strict response validators.
    Strict,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum VersionCheckArg {
    /// Never judge info.version.
    Off,
    /// Judge the bump only when info.version changed (the default).
    Changed,
    /// Judge it in every diff: an unchanged version fails when the changes need a bump.
    Always,
}

impl From<VersionCheckArg> for compat::VersionPolicy {
    fn from(v: VersionCheckArg) -> Self {
        match v {
            VersionCheckArg::Off => compat::VersionPolicy::Off,
            VersionCheckArg::Changed => compat::VersionPolicy::Changed,
            VersionCheckArg::Always => compat::VersionPolicy::Always,
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Deny {
    Warnings,
}

#[derive(Subcommand)]
enum Command {
    /// Lint one or more specs (default: the spec in specsmith.toml).
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Spec files, YAML or JSON (default: `spec` in specsmith.toml).
        specs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Treat warnings as errors for the exit code.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Compare two versions of a spec: breaking changes, declared renames, version bump.
    ///
    /// BASE and HEAD are files or `git:REV:path`. With neither, specsmith.toml's
    /// `baseline` and `spec` are compared with its `migrations`.
    #[command(after_help = EXIT_CODES)]
    Diff {
        base: Option<String>,
        head: Option<String>,
        /// A migration manifest declaring renames (repeatable; default: specsmith.toml's `migrations`).
        #[arg(long = "migration", value_name = "FILE")]
        migrations: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "codegen")]
        profile: ProfileArg,
        #[arg(long, value_enum, default_value = "text")]
        format: DiffFormat,
        /// The lowest level that makes the exit code 1.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// The date `x-sunset` dates are compared with (YYYY-MM-DD; default: today, UTC).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// When info.version is judged: only when it changed (default; an unchanged
        /// version gets a note saying what bump the release needs), always, or off
        /// (default: `[compat] version` in specsmith.toml, else `changed`).
        #[arg(long, value_enum, value_name = "WHEN")]
        version_check: Option<VersionCheckArg>,
        /// The same as `--version-check off`.
        #[arg(long, conflicts_with = "version_check")]
        no_version_check: bool,
    },
    /// List every lint and compat rule with its level.
    #[command(after_help = EXIT_CODES)]
    Rules,
    /// Explain what a rule checks, why it matters and how to fix it.
    #[command(after_help = EXIT_CODES)]
    Explain { rule: String },
    /// Print the IR of a spec as JSON.
    #[command(after_help = EXIT_CODES)]
    Ir { spec: Option<PathBuf> },
    /// Write JSON conformance test vectors for every schema of a spec.
    #[command(after_help = EXIT_CODES)]
    Vectors {
        spec: Option<PathBuf>,
        /// The folder to write `vectors.json` into.
        #[arg(long)]
        out: PathBuf,
        /// A migration manifest whose renames get vectors of their own: payloads with
        /// the old names that must decode into the new types (repeatable; default:
        /// specsmith.toml's `migrations` when no SPEC is given).
        #[arg(long = "migration", value_name = "FILE")]
        migrations: Vec<PathBuf>,
        #[command(flatten)]
        write: WriteArgs,
    },
    /// Generate code for every target (default: as specsmith.toml says).
    #[command(after_help = EXIT_CODES)]
    Generate {
        spec: Option<PathBuf>,
        /// A target to generate (repeatable; default: all, or the config's list).
        #[arg(long = "target")]
        targets: Vec<String>,
        /// The output root (default: generate.out in specsmith.toml, else `generated`).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A folder of template overrides laid out like the built-ins
        /// (`go/models.go.jinja`); a file that names no built-in template is
        /// an error (exit 2). Every template: docs/templates.md.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write nothing; print a diff and exit 1 if any file would change.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        write: WriteArgs,
        #[command(flatten)]
        findings: FindingsArgs,
        /// A migration manifest whose served renames the SDKs and server keep
        /// accepting (repeatable; default: specsmith.toml's `migrations` when
        /// SPEC is the configured spec).
        #[arg(long = "migration", value_name = "FILE")]
        migrations: Vec<PathBuf>,
    },
    /// Write the docs bundle (the `docs` target) into a folder.
    ///
    /// spec-inline.js, the spec bundled into one file (openapi.yaml,
    /// openapi.json), the reference page (index.html) and the release notes
    /// since specsmith.toml's baseline, or over the versions given with
    /// --baseline (changelog.html, CHANGELOG.md).
    #[command(after_help = EXIT_CODES)]
    Docs {
        /// The spec (default: `spec` in specsmith.toml).
        spec: Option<PathBuf>,
        /// The folder to write into (its own, apart from `generate`'s output).
        #[arg(long)]
        out: PathBuf,
        /// An earlier released version, a file or `git:REV:path` (repeatable,
        /// oldest first): the release notes get one release per step, the
        /// last from the newest of them to SPEC (default: specsmith.toml's
        /// `baseline`, for the configured spec).
        #[arg(long = "baseline", value_name = "SPEC")]
        baselines: Vec<String>,
        /// A migration manifest declaring renames for the release notes
        /// (repeatable; with several --baseline, each applies to the step its
        /// `from` and `to` versions name; default: specsmith.toml's
        /// `migrations`, for the configured spec).
        #[arg(long = "migration", value_name = "FILE", requires = "baselines")]
        migrations: Vec<PathBuf>,
        /// Write nothing; print a diff and exit 1 if any file would change.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        write: WriteArgs,
        #[command(flatten)]
        findings: FindingsArgs,
    },
}

/// Which findings stop generation, and how they are printed (docs/generating.md).
#[derive(clap::Args, Clone, Copy)]
struct FindingsArgs {
    /// Stop on every error-level finding (default: only on those that would make
    /// the generated code wrong; `[generate] strict = true` in specsmith.toml).
    #[arg(long)]
    strict: bool,
    /// List every finding (default: one line per rule with a count and the first location).
    #[arg(long)]
    verbose: bool,
}

/// How the output folder is written (see docs/output.md).
#[derive(clap::Args, Clone, Copy)]
struct WriteArgs {
    /// Replace files at generated paths that the output folder's manifest does
    /// not list (without it, specsmith refuses and lists them, exit 2).
    #[arg(long)]
    force: bool,
    /// Seconds to wait while another specsmith run writes the same folder
    /// before giving up (exit 2).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    lock_timeout: u64,
}

impl WriteArgs {
    fn options(self, holder: &str) -> output::WriteOptions {
        output::WriteOptions {
            force: self.force,
            lock_wait: std::time::Duration::from_secs(self.lock_timeout),
            holder: holder.to_string(),
        }
    }
}

fn main() -> ExitCode {
    specsmith::timings::init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn load_config(explicit: Option<&Path>) -> Result<Option<Config>, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    path.map(|p| Config::read(&p)).transpose()
}

fn default_spec(config: Option<&Config>) -> Result<PathBuf, String> {
    config
        .and_then(|c| c.spec.as_ref().map(|s| c.resolve(s)))
        .ok_or_else(|| "no SPEC given and no `spec` in specsmith.toml".to_string())
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let config = load_config(cli.config.as_deref())?;
    let cwd = std::env::current_dir().ok();
    match cli.command {
        Command::Check {
            specs,
            format,
            deny,
        } => {
            let specs = if specs.is_empty() {
                vec![default_spec(config.as_ref())?]
            } else {
                specs
            };
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
            let mut all = Vec::new();
            let mut unreadable = false;
            let strict_config = config.as_ref().is_some_and(|c| c.generate.strict);
            for spec in &specs {
                match pipeline::check(spec, &opts, config.as_ref()) {
                    Ok(checked) => {
                        let clean = !checked
                            .diagnostics
                            .iter()
                            .any(|d| generate::blocks(d, strict_config));
                        all.extend(checked.diagnostics);
                        // What only the emitters find (a name two wire names
                        // share in one language) would make `generate` refuse:
                        // say it here, in the same words.
                        if clean {
                            for d in generate::refusals(spec, config.as_ref()) {
                                if !all.contains(&d) {
                                    all.push(d);
                                }
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
        Command::Rules => {
            let mut text = String::from("lint rules:\n");
            for rule in lint::rules::REGISTRY {
                text.push_str(&format!(
                    "  {:<34} {:<8} {}\n",
                    rule.meta.id,
                    rule.meta.severity.as_str(),
                    rule.meta.summary
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
        Command::Explain { rule } => {
            if let Some(r) = lint::find(&rule) {
                write_stdout(
                    &format!(
                        "{} ({})\n\n{}\n\n{}\n",
                        r.meta.id, r.meta.severity, r.meta.summary, r.meta.explain
                    ),
                    0,
                );
                return Ok(ExitCode::SUCCESS);
            }
            match compat::find(&rule) {
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
        Command::Generate {
            spec,
            targets,
            out,
            templates,
            check,
            write,
            findings,
            migrations,
        } => {
            let root = generate::output_root(out.as_deref(), config.as_ref());
            run_generate(
                config.as_ref(),
                spec,
                "generate",
                check,
                write,
                findings,
                &root,
                generate::generate_into,
                targets,
                templates,
                migrations,
                "",
            )
        }
        Command::Docs {
            spec,
            out,
            check,
            write,
            findings,
            baselines,
            migrations,
        } => {
            let base = header_base(config.as_ref(), &out);
            let history = docs_history(
                config.as_ref(),
                spec.is_none(),
                baselines,
                migrations,
                &base,
            )?;
            run_generate(
                config.as_ref(),
                spec,
                "docs",
                check,
                write,
                findings,
                &out,
                |req, sink| generate::docs_into(req, history.as_ref().map(|(h, _)| h), sink),
                Vec::new(),
                None,
                Vec::new(),
                history.as_ref().map_or("", |(_, args)| args.as_str()),
            )
        }
        Command::Diff {
            base,
            head,
            migrations,
            profile,
            format,
            fail_on,
            today,
            version_check,
            no_version_check,
        } => {
            let from_config = base.is_none();
            let (base, head) = match (base, head) {
                (Some(b), Some(h)) => (b, h),
                (None, None) => {
                    let c = config
                        .as_ref()
                        .ok_or("no BASE and HEAD given and no specsmith.toml found")?;
                    let b = c
                        .baseline
                        .as_ref()
                        .ok_or("no BASE given and no `baseline` in specsmith.toml")?;
                    (
                        display(&c.resolve(b), cwd.as_deref()),
                        display(&default_spec(Some(c))?, cwd.as_deref()),
                    )
                }
                _ => {
                    return Err(
                        "give both BASE and HEAD, or neither (to use specsmith.toml)".into(),
                    )
                }
            };
            // The configured migrations describe the configured baseline → spec step only.
            let migrations = if migrations.is_empty() && from_config {
                config
                    .as_ref()
                    .map(|c| {
                        c.migrations
                            .iter()
                            .map(|m| PathBuf::from(display(&c.resolve(m), cwd.as_deref())))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                migrations
            };
            let manifest = Manifest::load_all(&migrations)
                .map_err(|e| format!("cannot read the migration manifest:\n{e}"))?;
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
            // Both specs load at once: reading is most of a diff's time.
            let load = |s: &str| {
                pipeline::load_and_lower_source(s, &opts).map(|(doc, api, diags)| {
                    let mut version = doc.locate("/info/version");
                    // A `git:REV:path` spec is named `REV:path`, as in its other locations.
                    if let Some((rev, path)) =
                        s.strip_prefix("git:").and_then(|r| r.split_once(':'))
                    {
                        if version.file == path {
                            version.file = format!("{rev}:{path}");
                        }
                    }
                    (api, version, compat::unread_parts(&diags))
                })
            };
            let (loaded_base, loaded_head) = std::thread::scope(|scope| {
                let b = scope.spawn(|| load(&base));
                let h = load(&head);
                (b.join().unwrap_or_else(|_| Err(Vec::new())), h)
            });
            // Fail closed: a spec that did not load whole is not judged, since
            // whatever was dropped from it would compare as removed or as any value.
            let unread: Vec<Diagnostic> = [&loaded_base, &loaded_head]
                .into_iter()
                .flat_map(|r| match r {
                    Ok((_, _, unread)) => unread.clone(),
                    Err(diags) => diags.clone(),
                })
                .collect();
            let ((base_api, base_version_loc, _), (head_api, head_version_loc, _)) = match (
                loaded_base,
                loaded_head,
            ) {
                (Ok(b), Ok(h)) if unread.is_empty() => (b, h),
                _ => {
                    let mut out = render_diagnostics(&unread, Format::Text, 2);
                    out.push_str(
                            "not compared: specsmith diff judges only specs it read whole; \
                             fix the errors above (`specsmith check SPEC` lists them with the rest)\n",
                        );
                    write_stdout(&out, 2);
                    return Ok(ExitCode::from(2));
                }
            };
            let profile = match profile {
                ProfileArg::Wire => compat::Profile::Wire,
                ProfileArg::Codegen => compat::Profile::Codegen,
                ProfileArg::Strict => compat::Profile::Strict,
            };
            let today = Some(today.unwrap_or_else(today_utc));
            let report = compat::diff(
                &base_api,
                &head_api,
                &manifest,
                &DiffOptions {
                    profile,
                    today,
                    version: match (no_version_check, version_check) {
                        (true, _) => compat::VersionPolicy::Off,
                        (false, Some(v)) => v.into(),
                        (false, None) => config
                            .as_ref()
                            .and_then(|c| c.compat.version)
                            .unwrap_or_default(),
                    },
                    base_version_loc: Some(base_version_loc),
                    head_version_loc: Some(head_version_loc),
                },
            );
            let out = match format {
                DiffFormat::Text => compat::report::text(&report),
                DiffFormat::Json => compat::report::json(&report),
                DiffFormat::Markdown => compat::report::markdown(&report),
                DiffFormat::Github => compat::report::github(&report),
                DiffFormat::Sarif => compat::report::sarif(&report),
            };
            write_stdout(&out, 0);
            let fail = match (fail_on, report.worst()) {
                (FailOn::Never, _) | (_, None) => false,
                (FailOn::Error, Some(w)) => w == Severity::Error,
                (FailOn::Warning, Some(w)) => w >= Severity::Warning,
            };
            Ok(if fail {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Vectors {
            spec,
            out,
            migrations,
            write,
        } => {
            let from_config = spec.is_none();
            let spec = match spec {
                Some(s) => s,
                None => default_spec(config.as_ref())?,
            };
            // The configured migrations belong to the configured spec only.
            let migrations = match (&config, migrations.is_empty() && from_config) {
                (Some(c), true) => c.migrations.iter().map(|m| c.resolve(m)).collect(),
                _ => migrations,
            };
            let manifest = if migrations.is_empty() {
                None
            } else {
                Some(
                    specsmith::compat::manifest::Manifest::load_all(&migrations)
                        .map_err(|e| format!("cannot read the migration manifest:\n{e}"))?,
                )
            };
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
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
                &out,
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
        Command::Ir { spec } => {
            let spec = match spec {
                Some(s) => s,
                None => default_spec(config.as_ref())?,
            };
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
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
    }
}

/// `generate` and `docs`: load, run the emitters through `produce`, then
/// write the trees under `root` (or compare them with it in check mode).
#[allow(clippy::too_many_arguments)]
fn run_generate(
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
    // The configured migrations lead to the configured spec only.
    let migrations = match config {
        Some(c) if migrations.is_empty() && from_config => c
            .migrations
            .iter()
            .map(|m| PathBuf::from(relative_display(&c.resolve(m), None)))
            .collect(),
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
        let report = match checker {
            Some(c) => c,
            None => output::Checker::open(root, &options)?,
        }
        .finish();
        let drift = &report.drift;
        if drift.is_empty() {
            println!("generated files are up to date ({} files)", report.files);
            return Ok(ExitCode::SUCCESS);
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
        return Ok(ExitCode::from(1));
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
        let first = all[0];
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

/// The exit code for findings that stopped a command: 2 when specsmith could
/// not run at all (a spec it cannot read, a target it does not know), else 1.
fn exit_code_for(diags: &[Diagnostic]) -> u8 {
    const COULD_NOT_RUN: &[&str] = &[
        "unreadable",
        "unknown-target",
        "unknown-template",
        "bad-argument",
    ];
    if diags
        .iter()
        .any(|d| COULD_NOT_RUN.contains(&d.rule.as_str()))
    {
        2
    } else {
        1
    }
}

/// The folder generated headers name paths from: the config file's, else the output root.
fn header_base(config: Option<&Config>, root: &Path) -> PathBuf {
    match config {
        Some(c) if c.root.as_os_str().is_empty() => PathBuf::from("."),
        Some(c) => c.root.clone(),
        None => root.to_path_buf(),
    }
}

/// An absolute, normalised form of `p` (which may not exist yet): its
/// longest existing ancestor resolved (links followed), the rest appended.
fn resolved(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut abs = PathBuf::new();
    for c in cwd.join(p).components() {
        match c {
            std::path::Component::ParentDir => {
                abs.pop();
            }
            std::path::Component::CurDir => {}
            other => abs.push(other),
        }
    }
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |acc, r| acc.join(r));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// `path` relative to `base` (with `..` where needed), `/` separators; the
/// same whatever the working folder and however either path was typed.
fn stable_display(path: &Path, base: &Path) -> String {
    let (target, base) = (resolved(path), resolved(base));
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        // Nothing in common (another drive): the file name alone.
        return path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// A path as shown to users: relative to `base` (or the
/// current directory), `/` separators, never absolute.
fn relative_display(path: &Path, base: Option<&Path>) -> String {
    let cwd = std::env::current_dir().ok();
    let abs = |p: &Path| -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.clone().unwrap_or_default().join(p)
        };
        std::fs::canonicalize(&joined).unwrap_or(joined)
    };
    let target = abs(path);
    let base = base.map(abs).or_else(|| cwd.as_deref().map(abs));
    let shown = base
        .as_deref()
        .and_then(|b| target.strip_prefix(b).ok())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            if path.is_absolute() {
                PathBuf::from(path.file_name().unwrap_or_default())
            } else {
                path.to_path_buf()
            }
        });
    shown.to_string_lossy().replace('\\', "/")
}

fn summary(diags: &[Diagnostic], files: usize) -> String {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    format!(
        "{} error(s), {} warning(s), {} info in {} spec(s)",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        files
    )
}

/// Writes to stdout. When the reader has gone away (`specsmith ir spec | head`)
/// the rest of the output has nobody to read it: exit quietly with the code
/// the command would have had, instead of panicking.
fn write_stdout(text: &str, code_if_closed: u8) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(code_if_closed));
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(2);
    }
}

/// Escapes a GitHub workflow command's data (`%0A` for a newline …).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a GitHub workflow command's property value (also `:` and `,`).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn render_diagnostics(diags: &[Diagnostic], format: Format, files: usize) -> String {
    let mut text = String::new();
    match format {
        Format::Text => {
            for d in diags {
                text.push_str(&format!("{d}\n"));
            }
            text.push_str(&summary(diags, files));
            text.push('\n');
        }
        Format::Json => {
            let doc = serde_json::json!({ "diagnostics": diags, "summary": summary(diags, files) });
            text.push_str(&serde_json::to_string_pretty(&doc).unwrap_or_default());
            text.push('\n');
        }
        Format::Github => {
            for d in diags {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                text.push_str(&format!(
                    "::{level} file={},line={},col={},title={}::{}\n",
                    gh_property(&d.loc.file),
                    d.loc.line,
                    d.loc.col,
                    gh_property(&d.rule),
                    gh_data(&d.message)
                ));
            }
            text.push_str(&summary(diags, files));
            text.push('\n');
        }
    }
    text
}

fn compat_levels(m: &compat::RuleMeta) -> String {
    let l = |s: Option<Severity>| s.map(Severity::as_str).unwrap_or("-");
    format!(
        "{} / {} / {}",
        l(m.levels.wire),
        l(m.levels.codegen),
        l(m.levels.strict)
    )
}

/// A path as shown: relative to the current directory when inside it.
fn display(p: &Path, cwd: Option<&Path>) -> String {
    specsmith::load::display_path(p, cwd)
}

/// Today's date in UTC, `YYYY-MM-DD` (for `x-sunset` checks).
fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days to civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
