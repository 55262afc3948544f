//! The commands of the `specsmith` binary, one module each, and what they
//! share: the config, the exit code for findings, and writing to stdout.

pub mod check;
pub mod diff;
pub mod generate;
pub mod info;
pub mod paths;
pub mod print;
pub mod vectors;

use std::path::{Path, PathBuf};

use specsmith::config::Config;
use specsmith::diag::Diagnostic;
use specsmith::output;

/// How the output folder is written (see docs/output.md).
#[derive(clap::Args, Clone, Copy)]
pub struct WriteArgs {
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
    pub fn options(self, holder: &str) -> output::WriteOptions {
        output::WriteOptions {
            force: self.force,
            lock_wait: std::time::Duration::from_secs(self.lock_timeout),
            holder: holder.to_string(),
        }
    }
}

/// specsmith.toml: the one given with `--config`, else the one found in the
/// current directory or a parent, else none. A `[generate.target.<name>]`
/// table that names no target, a key there that is no option of its
/// target, or a `[lint.rules]` entry that names no rule or would lower one
/// that stays an error, means the file cannot be read as meant (exit 2),
/// like any other unknown key.
pub fn load_config(explicit: Option<&Path>) -> Result<Option<Config>, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    let Some(config) = path.map(|p| Config::read(&p)).transpose()? else {
        return Ok(None);
    };
    let mut unknown = specsmith::emit::unknown_options(&config);
    unknown.extend(specsmith::findings::level_problems(&config));
    if !unknown.is_empty() {
        unknown.sort_by(|a, b| a.loc.cmp(&b.loc));
        let lines: Vec<String> = unknown
            .iter()
            .map(|d| format!("{}: {}", d.loc, d.message))
            .collect();
        return Err(lines.join("\n"));
    }
    Ok(Some(config))
}

/// The spec named by specsmith.toml, for commands given no SPEC.
pub fn default_spec(config: Option<&Config>) -> Result<PathBuf, String> {
    config
        .and_then(|c| c.spec.as_ref().map(|s| c.resolve(s)))
        .ok_or_else(|| "no SPEC given and no `spec` in specsmith.toml".to_string())
}

/// The exit code for findings that stopped a command: 2 when one of them
/// means specsmith could not run at all (the findings catalog's
/// `Effect::CannotRun`: a spec file it cannot open, a target, option or
/// template it cannot use, a migration manifest it cannot read), else 1.
pub fn exit_code_for(diags: &[Diagnostic]) -> u8 {
    if diags
        .iter()
        .any(|d| specsmith::findings::cannot_run(&d.rule))
    {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use specsmith::diag::{Diagnostic, Severity};
    use specsmith::findings::{Effect, CATALOG};

    fn code(rule: &str) -> u8 {
        super::exit_code_for(&[Diagnostic::new(
            rule,
            Severity::Error,
            Default::default(),
            "x",
        )])
    }

    #[test]
    fn exit_codes_follow_the_findings_catalog() {
        // Every finding that means specsmith could not run exits 2, every
        // other one 1: the catalog is the one list.
        let mut both = (0, 0);
        for f in CATALOG {
            let want = if f.effect == Effect::CannotRun { 2 } else { 1 };
            assert_eq!(code(f.id), want, "{}", f.id);
            if want == 2 {
                both.0 += 1
            } else {
                both.1 += 1
            }
        }
        assert!(both.0 >= 10 && both.1 >= 10, "{both:?}");
        for id in [
            "unreadable",
            "unknown-target",
            "template-error",
            "invalid-option",
            "manifest-syntax",
        ] {
            assert_eq!(code(id), 2, "{id}");
        }
        // A broken spec is a finding about it; a lint rule's error too.
        for id in [
            "yaml-syntax",
            "json-syntax",
            "unresolved-ref",
            "duplicate-operation-id",
        ] {
            assert_eq!(code(id), 1, "{id}");
        }
    }
}
