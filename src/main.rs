//! The `specsmith` command line: parses arguments, calls the library, prints,
//! and picks the exit code (0 clean, 1 findings or drift, 2 could not run).
//! Each command lives in its own module under `cli/`.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cli::check::Deny;
use cli::diff::{DiffFormat, FailOn, ProfileArg, VersionCheckArg};
use cli::generate::FindingsArgs;
use cli::print::Format;
use cli::WriteArgs;

// mimalloc: load and lower allocate many small nodes; measured faster than
// the system allocator on the large corpus specs (see benches/load.rs).
// Built without transparent huge pages (Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes (every command; docs/exit-codes.md):\n  0  clean (warnings allowed unless --deny warnings)\n  1  findings at error level, drift in --check mode, or a breaking change in diff\n  2  specsmith could not run (bad arguments, a spec that cannot be read, an unknown\n     target or rule, a template that fails, the output folder locked by another\n     run, a file there that specsmith did not generate, a failed write or delete)";

#[derive(Parser)]
#[command(name = "specsmith", version, about = "Lint, compatibility-check and generate code from OpenAPI descriptions", after_help = EXIT_CODES)]
struct Cli {
    /// Path to specsmith.toml (default: found in the current directory or a parent).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
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

fn main() -> ExitCode {
    specsmith::timings::init();
    let cli = Cli::parse();
    let code = match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    };
    // Every exit code specsmith gives; any other would go the usual way.
    for n in 0..=2 {
        if code == ExitCode::from(n) {
            exit_without_teardown(n);
        }
    }
    code
}

/// Ends the process at once, its output flushed. Returning from `main`
/// would run the allocator's teardown at exit, which walks and returns to
/// the system every page the run used: on Stripe's spec about 20 ms of a
/// 250 ms `generate --target typescript` (docs/benchmarks.md), for memory
/// the system reclaims anyway. Everything specsmith writes is complete by
/// now: its files are renamed into place and its lock is released, and
/// what is left on other threads only frees memory.
fn exit_without_teardown(code: u8) -> ! {
    use std::io::Write;
    // Errors here have nowhere to go; stderr is unbuffered.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` takes no pointers and ends the process; it skips only
    // the exit handlers, whose one job here would be freeing memory.
    unsafe { libc::_exit(code.into()) }
}

/// Runs the command with specsmith.toml (given or found) and the current folder.
fn run(cli: Cli) -> Result<ExitCode, String> {
    let config = cli::load_config(cli.config.as_deref())?;
    let config = config.as_ref();
    let cwd = std::env::current_dir().ok();
    let cwd = cwd.as_deref();
    match cli.command {
        Command::Check {
            specs,
            format,
            deny,
        } => cli::check::run(config, cwd, specs, format, deny),
        Command::Rules => cli::info::rules(),
        Command::Explain { rule } => cli::info::explain(&rule),
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
            let root = specsmith::generate::output_root(out.as_deref(), config);
            cli::generate::run(
                config,
                spec,
                "generate",
                check,
                write,
                findings,
                &root,
                specsmith::generate::generate_reading,
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
        } => cli::generate::docs(
            config, spec, &out, check, write, findings, baselines, migrations,
        ),
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
        } => cli::diff::run(
            config,
            cwd,
            cli::diff::Request {
                base,
                head,
                migrations,
                profile,
                format,
                fail_on,
                today,
                version_check,
                no_version_check,
            },
        ),
        Command::Vectors {
            spec,
            out,
            migrations,
            write,
        } => cli::vectors::run(config, cwd, spec, &out, migrations, write),
        Command::Ir { spec } => cli::info::ir(config, cwd, spec),
    }
}
