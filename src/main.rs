//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Severity};
use specsmith::{generate, lint, output, pipeline, vectors};

// mimalloc: load and lower allocate many small nodes; measured faster than
// the system allocator on the large corpus specs (see benches/load.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Write JSON conformance test vectors for every schema of a spec.
    Vectors {
        spec: Option<PathBuf>,
        /// The folder to write `vectors.json` into.
        #[arg(long)]
        out: PathBuf,
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
        /// A folder whose files override built-in templates by name.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// Write nothing; print a diff and exit 1 if any file would change.
        #[arg(long)]
        check: bool,
    },
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
        Command::Generate {
            spec,
            targets,
            out,
            templates,
            check,
        } => {
            let from_config = spec.is_none();
            let spec = match spec {
                Some(s) => s,
                None => default_spec(config.as_ref())?,
            };
            let spec_display = relative_display(
                &spec,
                config
                    .as_ref()
                    .map(|c| c.root.as_path())
                    .filter(|_| from_config),
            );
            let command = if from_config {
                "specsmith generate".to_string()
            } else {
                format!("specsmith generate {spec_display}")
            };
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
                config: config.as_ref(),
                shims: Default::default(),
                command: command.clone(),
            };
            let trees = match generate::generate(&req) {
                Ok(g) => {
                    for w in &g.warnings {
                        eprintln!("{w}");
                    }
                    g.trees
                }
                Err(diags) => {
                    print_diagnostics(&diags, Format::Text, 1);
                    eprintln!("error: nothing was generated");
                    return Ok(ExitCode::from(1));
                }
            };
            let root = generate::output_root(out.as_deref(), config.as_ref());
            if check {
                let drift = output::check(&root, &trees);
                if drift.is_empty() {
                    println!(
                        "generated files are up to date ({} files)",
                        trees.values().map(|t| t.len()).sum::<usize>()
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                for d in &drift {
                    print!("{}", output::diff_text(&root, &trees, d));
                }
                let listed: Vec<String> = drift.iter().map(|d| format!("  {:?}", d)).collect();
                eprintln!("{} generated file(s) are out of date:\n{}\nRun `{command}` and commit the result.", drift.len(), listed.join("\n"));
                return Ok(ExitCode::from(1));
            }
            let report = output::write(&root, &trees)?;
            println!(
                "{} written, {} unchanged, {} deleted under {}",
                report.written.len(),
                report.unchanged,
                report.deleted.len(),
                relative_display(&root, None)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Vectors { spec, out } => {
            let spec = match spec {
                Some(s) => s,
                None => default_spec(config.as_ref())?,
            };
            let opts = pipeline::load_options(config.as_ref(), cwd.as_deref());
            let (_, api, diags) = match pipeline::load_and_lower(&spec, &opts) {
                Ok(x) => x,
                Err(diags) => {
                    print_diagnostics(&diags, Format::Text, 1);
                    return Ok(ExitCode::from(1));
                }
            };
            if diags.iter().any(|d| d.severity == Severity::Error) {
                print_diagnostics(&diags, Format::Text, 1);
                return Ok(ExitCode::from(1));
            }
            let set = vectors::build(&api);
            let mut text = serde_json::to_string_pretty(&set).map_err(|e| e.to_string())?;
            text.push('\n');
            let mut tree = output::OutputTree::new();
            tree.insert("vectors.json", text)
                .map_err(|e| e.to_string())?;
            output::write(
                &out,
                &std::collections::BTreeMap::from([("vectors".to_string(), tree)]),
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

/// A path as shown to users and in headers: relative to `base` (or the
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
