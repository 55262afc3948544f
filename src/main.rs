//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use specsmith::compat::{self, manifest::Manifest, DiffOptions};
use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Severity};
use specsmith::{lint, pipeline};

const EXIT_CODES: &str = "Exit codes:\n  0  clean (warnings allowed unless --deny warnings)\n  1  findings at error level, or drift in --check mode\n  2  specsmith could not run (bad arguments, unreadable input)";

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
        /// Do not check that info.version moved by what the changes require.
        #[arg(long)]
        no_version_check: bool,
    },
    /// List every lint and compat rule with its level.
    Rules,
    /// Explain what a rule checks, why it matters and how to fix it.
    Explain { rule: String },
    /// Print the IR of a spec as JSON.
    Ir { spec: Option<PathBuf> },
}

fn main() -> ExitCode {
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
            for spec in &specs {
                match pipeline::check(spec, &opts, config.as_ref()) {
                    Ok(checked) => all.extend(checked.diagnostics),
                    Err(diags) => all.extend(diags),
                }
            }
            print_diagnostics(&all, format, specs.len());
            let worst = all.iter().map(|d| d.severity).max();
            let fail = match worst {
                Some(Severity::Error) => true,
                Some(Severity::Warning) => deny.is_some(),
                _ => false,
            };
            Ok(if fail {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rules => {
            println!("lint rules:");
            for rule in lint::rules::REGISTRY {
                println!(
                    "  {:<34} {:<8} {}",
                    rule.meta.id,
                    rule.meta.severity.as_str(),
                    rule.meta.summary
                );
            }
            println!("\ncompat rules (level under wire / codegen / strict):");
            for rule in compat::REGISTRY {
                println!(
                    "  {:<34} {:<26} {}",
                    rule.meta.id,
                    compat_levels(rule.meta),
                    rule.meta.summary
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            if let Some(r) = lint::find(&rule) {
                println!(
                    "{} ({})\n\n{}\n\n{}",
                    r.meta.id, r.meta.severity, r.meta.summary, r.meta.explain
                );
                return Ok(ExitCode::SUCCESS);
            }
            match compat::find(&rule) {
                Some(r) => {
                    println!(
                        "{} (compat; {})\n\n{}\n\n{}",
                        r.meta.id,
                        compat_levels(r.meta),
                        r.meta.summary,
                        r.meta.explain
                    );
                    Ok(ExitCode::SUCCESS)
                }
                None => Err(format!(
                    "no rule named `{rule}`: `specsmith rules` lists them"
                )),
            }
        }
        Command::Diff {
            base,
            head,
            migrations,
            profile,
            format,
            fail_on,
            today,
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
                pipeline::load_and_lower_source(s, &opts)
                    .map(|(doc, api, _)| (api, doc.locate("/info/version")))
            };
            let (loaded_base, loaded_head) = std::thread::scope(|scope| {
                let b = scope.spawn(|| load(&base));
                let h = load(&head);
                (b.join().unwrap_or_else(|_| Err(Vec::new())), h)
            });
            let ((base_api, base_version_loc), (head_api, head_version_loc)) =
                match (loaded_base, loaded_head) {
                    (Ok(b), Ok(h)) => (b, h),
                    (b, h) => {
                        let mut diags = Vec::new();
                        diags.extend(b.err().unwrap_or_default());
                        diags.extend(h.err().unwrap_or_default());
                        print_diagnostics(&diags, Format::Text, 2);
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
                    skip_version_check: no_version_check,
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
            print!("{out}");
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
        Command::Ir { spec } => {
            let spec = match spec {
                Some(s) => s,
                None => default_spec(config.as_ref())?,
            };
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
            match pipeline::load_and_lower(&spec, &opts) {
                Ok((_, api, _)) => {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&api).map_err(|e| e.to_string())?
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(diags) => {
                    print_diagnostics(&diags, Format::Text, 1);
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
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

fn print_diagnostics(diags: &[Diagnostic], format: Format, files: usize) {
    match format {
        Format::Text => {
            for d in diags {
                println!("{d}");
            }
            println!("{}", summary(diags, files));
        }
        Format::Json => {
            let out = serde_json::json!({ "diagnostics": diags, "summary": summary(diags, files) });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Github => {
            for d in diags {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "notice",
                };
                let msg = d
                    .message
                    .replace('%', "%25")
                    .replace('\r', "%0D")
                    .replace('\n', "%0A");
                println!(
                    "::{level} file={},line={},col={},title={}::{msg}",
                    d.loc.file, d.loc.line, d.loc.col, d.rule
                );
            }
            println!("{}", summary(diags, files));
        }
    }
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
