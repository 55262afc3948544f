//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// List every lint rule with its default severity.
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
            for rule in lint::rules::REGISTRY {
                println!(
                    "{:<34} {:<8} {}",
                    rule.meta.id,
                    rule.meta.severity.as_str(),
                    rule.meta.summary
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match lint::find(&rule) {
            Some(r) => {
                println!(
                    "{} ({})\n\n{}\n\n{}",
                    r.meta.id, r.meta.severity, r.meta.summary, r.meta.explain
                );
                Ok(ExitCode::SUCCESS)
            }
            None => Err(format!(
                "no rule named `{rule}`: `specsmith rules` lists them"
            )),
        },
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
