//! The compatibility checker: diffs two IRs of the same API, classifies every
//! change by rule under a consumer profile, applies the declared renames of the
//! migration manifest, and checks the `info.version` bump.
//!
//! - [`diff`] is the engine's entry point; it does no I/O.
//! - [`rules`] holds one file per rule (id, level per profile, check, explain
//!   text) and the registry.
//! - [`suggest`] pairs undeclared removals with additions as rename suggestions.
//! - [`manifest`] reads `specs/migrations/*.yaml`; the emitters read it too.
//! - [`report`] renders a [`Report`] as text, JSON, Markdown, GitHub
//!   annotations or SARIF 2.1.0.
//!
//! ```no_run
//! use specsmith::compat::{self, manifest::Manifest, DiffOptions, Profile};
//! use specsmith::load::LoadOptions;
//! use specsmith::pipeline::load_and_lower;
//! let opts = LoadOptions::default();
//! let (_, base, _) = load_and_lower("old.yml".as_ref(), &opts).unwrap();
//! let (_, head, _) = load_and_lower("new.yml".as_ref(), &opts).unwrap();
//! let report = compat::diff(&base, &head, &Manifest::empty(), &DiffOptions { profile: Profile::Codegen, ..DiffOptions::default() });
//! println!("{}", compat::report::text(&report));
//! ```

pub mod constraints;
pub mod deprecation;
pub mod engine;
pub mod manifest;
pub mod report;
pub mod rules;
pub(crate) mod shape;
pub mod shims;
pub mod suggest;
pub mod version;

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::Api;

pub use crate::ir::directions::Direction;
pub use rules::{find, Levels, RuleMeta, REGISTRY};
pub use version::{VersionCheck, VersionPolicy};

/// Who is being protected from a change (like buf's breaking categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A client that speaks JSON on the wire: paths, property names, types,
    /// requiredness, enum values.
    Wire,
    /// `wire` plus generated SDK source: schema names, operationIds,
    /// parameter names.
    #[default]
    Codegen,
    /// `codegen` plus clients that validate responses strictly: new
    /// properties in closed schemas, new response enum values, new statuses.
    Strict,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Wire, Profile::Codegen, Profile::Strict];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Wire => "wire",
            Profile::Codegen => "codegen",
            Profile::Strict => "strict",
        }
    }

    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The semver part a change requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Severity,
    pub direction: Direction,
    /// What changed and what it does to clients, for a reviewer.
    pub message: String,
    /// Where it is in the base spec (for an addition: the enclosing node).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Loc>,
    /// Where it is in the head spec (for a removal: the enclosing node).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<Loc>,
    /// For errors: a minimal JSON payload an old client sends or receives
    /// that the new spec treats differently.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Value>,
    /// A manifest line that would explain the change (never applied silently).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The version part this change requires.
    pub bump: Bump,
}

/// Everything `diff` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub profile: Profile,
    /// Sorted by base location, then head location, then rule.
    pub findings: Vec<Finding>,
    pub version: VersionCheck,
    /// Renames that would explain removals, as manifest entries (one snippet).
    pub suggested: Vec<suggest::Suggestion>,
}

impl Report {
    /// How many findings of a level.
    pub fn count(&self, level: Severity) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The worst level found.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.level).max()
    }

    /// One line: counts by level, the profile and the version verdict.
    pub fn summary(&self) -> String {
        let v = &self.version;
        let required = v.required.map(Bump::as_str).unwrap_or("no");
        format!(
            "{} error(s), {} warning(s), {} info under profile {}; info.version {} -> {} ({} change required): {}",
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info),
            self.profile,
            v.base,
            v.head,
            required,
            v.verdict()
        )
    }
}

/// How to run a diff.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    pub profile: Profile,
    /// Today's date (`YYYY-MM-DD`) for `x-sunset` checks; `None`: sunsets are
    /// treated as not yet passed, which keeps the output independent of the clock.
    pub today: Option<String>,
    /// When `info.version` is judged (default: only when it changed).
    pub version: VersionPolicy,
    /// Where `info.version` is in each spec (the IR does not keep it); used to
    /// locate version findings. `None`: the top of the file.
    pub base_version_loc: Option<Loc>,
    pub head_version_loc: Option<Loc>,
}

/// The diagnostics of loading and lowering one spec that keep it from being
/// judged: every error-level one (a node that did not parse, a `$ref` that did
/// not resolve), since whatever it dropped would compare as missing or as any
/// value. `diff` fails closed: a spec with any of these is not compared.
pub fn unread_parts(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect()
}

/// Compares two versions of an API under a profile with the declared renames.
pub fn diff(base: &Api, head: &Api, manifest: &manifest::Manifest, opts: &DiffOptions) -> Report {
    engine::run(base, head, manifest, opts)
}
