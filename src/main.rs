//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Severity};
use specsmith::{lint, pipeline};

const EXIT_CODES: &str = "Exit codes:\n  0  clean (warnings allowed unless --deny warnings)\n  1  findings at error level, or drift in --check mode\n  2  specsmith could not run (bad arguments, a spec that cannot be read, an unknown rule)";

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
        /// Spec files, YAML or JSON (default: `spec` in specsmith.toml).
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
            let mut unreadable = false;
            for spec in &specs {
                match pipeline::check(spec, &opts, config.as_ref()) {
                    Ok(checked) => all.extend(checked.diagnostics),
                    Err(diags) => {
                        unreadable |= diags.iter().any(|d| d.rule == "unreadable");
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
            out(&render_diagnostics(&all, format, specs.len()), code);
            Ok(ExitCode::from(code))
        }
        Command::Rules => {
            let text: String = lint::rules::REGISTRY
                .iter()
                .map(|rule| {
                    format!(
                        "{:<34} {:<8} {}\n",
                        rule.meta.id,
                        rule.meta.severity.as_str(),
                        rule.meta.summary
                    )
                })
                .collect();
            out(&text, 0);
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match lint::find(&rule) {
            Some(r) => {
                out(
                    &format!(
                        "{} ({})\n\n{}\n\n{}\n",
                        r.meta.id, r.meta.severity, r.meta.summary, r.meta.explain
                    ),
                    0,
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
                    let json = serde_json::to_string_pretty(&api).map_err(|e| e.to_string())?;
                    out(&format!("{json}\n"), 0);
                    Ok(ExitCode::SUCCESS)
                }
                Err(diags) => {
                    let code = if diags.iter().any(|d| d.rule == "unreadable") {
                        2
                    } else {
                        1
                    };
                    out(&render_diagnostics(&diags, Format::Text, 1), code);
                    Ok(ExitCode::from(code))
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

/// Writes to stdout. When the reader has gone away (`specsmith ir spec | head`)
/// the rest of the output has nobody to read it: exit quietly with the code
/// the command would have had, instead of panicking.
fn out(text: &str, code_if_closed: u8) {
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
