//! `specsmith diff`: compare two versions of a spec for client compatibility.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use specsmith::compat::{self, manifest::Manifest, DiffOptions};
use specsmith::config::Config;
use specsmith::diag::{Diagnostic, Loc, Severity};
use specsmith::ir::Api;
use specsmith::pipeline;

use super::default_spec;
use super::paths::display;
use super::print::{render_diagnostics, write_stdout, Format};

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    Github,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProfileArg {
    /// What breaks a client speaking JSON on the wire.
    Wire,
    /// `wire` plus what breaks generated SDK code (the default).
    Codegen,
    /// `codegen` plus what breaks strict response validators.
    Strict,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum VersionCheckArg {
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
pub enum FailOn {
    Error,
    Warning,
    Never,
}

/// The arguments of `specsmith diff`, as given.
pub struct Request {
    pub base: Option<String>,
    pub head: Option<String>,
    pub migrations: Vec<PathBuf>,
    pub profile: ProfileArg,
    pub format: DiffFormat,
    pub fail_on: FailOn,
    pub today: Option<String>,
    pub version_check: Option<VersionCheckArg>,
    pub no_version_check: bool,
}

/// A loaded side of the diff: its IR, where its `info.version` is, and
/// what of it could not be read.
type Side = (Api, Loc, Vec<Diagnostic>);

/// Compares BASE and HEAD (default: the configured baseline and spec, with
/// the configured migrations): exit 1 on a change at the `--fail-on` level,
/// 2 when either spec could not be read whole.
pub fn run(config: Option<&Config>, cwd: Option<&Path>, req: Request) -> Result<ExitCode, String> {
    let from_config = req.base.is_none();
    let (base, head) = pair(config, cwd, req.base, req.head)?;
    // The configured migrations describe the configured baseline → spec step only.
    let migrations = if req.migrations.is_empty() && from_config {
        config
            .map(|c| {
                c.migrations
                    .iter()
                    .map(|m| PathBuf::from(display(&c.resolve(m), cwd)))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        req.migrations
    };
    let manifest = Manifest::load_all(&migrations)
        .map_err(|e| format!("cannot read the migration manifest:\n{e}"))?;
    let opts = pipeline::load_options(config, cwd);
    // Both specs load at once: reading is most of a diff's time.
    let load = |s: &str| -> Result<Side, Vec<Diagnostic>> {
        pipeline::load_and_lower_source(s, &opts).map(|(doc, api, diags)| {
            let mut version = doc.locate("/info/version");
            // A `git:REV:path` spec is named `REV:path`, as in its other locations.
            if let Some((rev, path)) = s.strip_prefix("git:").and_then(|r| r.split_once(':')) {
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
    let ((base_api, base_version_loc, _), (head_api, head_version_loc, _)) =
        match (loaded_base, loaded_head) {
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
    let profile = match req.profile {
        ProfileArg::Wire => compat::Profile::Wire,
        ProfileArg::Codegen => compat::Profile::Codegen,
        ProfileArg::Strict => compat::Profile::Strict,
    };
    let today = Some(req.today.unwrap_or_else(today_utc));
    let report = compat::diff(
        &base_api,
        &head_api,
        &manifest,
        &DiffOptions {
            profile,
            today,
            version: match (req.no_version_check, req.version_check) {
                (true, _) => compat::VersionPolicy::Off,
                (false, Some(v)) => v.into(),
                (false, None) => config.and_then(|c| c.compat.version).unwrap_or_default(),
            },
            base_version_loc: Some(base_version_loc),
            head_version_loc: Some(head_version_loc),
        },
    );
    let out = match req.format {
        DiffFormat::Text => compat::report::text(&report),
        DiffFormat::Json => compat::report::json(&report),
        DiffFormat::Markdown => compat::report::markdown(&report),
        DiffFormat::Github => compat::report::github(&report),
        DiffFormat::Sarif => compat::report::sarif(&report),
    };
    write_stdout(&out, 0);
    let fail = match (req.fail_on, report.worst()) {
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

/// BASE and HEAD as given, or with neither the configured baseline and spec.
fn pair(
    config: Option<&Config>,
    cwd: Option<&Path>,
    base: Option<String>,
    head: Option<String>,
) -> Result<(String, String), String> {
    match (base, head) {
        (Some(b), Some(h)) => Ok((b, h)),
        (None, None) => {
            let c = config.ok_or("no BASE and HEAD given and no specsmith.toml found")?;
            let b = c
                .baseline
                .as_ref()
                .ok_or("no BASE given and no `baseline` in specsmith.toml")?;
            Ok((
                display(&c.resolve(b), cwd),
                display(&default_spec(Some(c))?, cwd),
            ))
        }
        _ => Err("give both BASE and HEAD, or neither (to use specsmith.toml)".into()),
    }
}

/// Today's date in UTC, `YYYY-MM-DD` (for `x-sunset` checks).
fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days to civil date (Howard Hinnant's algorithm).
    let z = i64::try_from(secs / 86_400).unwrap_or(0) + 719_468;
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
