//! The `info.version` policy of `diff`: when the version is judged, what kind
//! of semver step base → head is, and what the next release needs.
//!
//! Many teams bump `info.version` only when they release, not in every pull
//! request. The default policy, [`VersionPolicy::Changed`], judges the bump
//! only when a diff changes the version; an unchanged version gets one note
//! saying what the release will need.

use serde::{Deserialize, Serialize};

use super::{Bump, Finding};

/// When `diff` judges `info.version` (`[compat] version` in specsmith.toml,
/// `--version-check` on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionPolicy {
    /// Never: no version finding at all.
    Off,
    /// Only when base and head differ; an unchanged version is a note.
    #[default]
    Changed,
    /// In every diff: an unchanged version with changes that need a bump is an error.
    Always,
}

impl VersionPolicy {
    pub const ALL: [VersionPolicy; 3] = [
        VersionPolicy::Off,
        VersionPolicy::Changed,
        VersionPolicy::Always,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VersionPolicy::Off => "off",
            VersionPolicy::Changed => "changed",
            VersionPolicy::Always => "always",
        }
    }

    pub fn parse(s: &str) -> Option<VersionPolicy> {
        VersionPolicy::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// The `info.version` verdict of one diff.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionCheck {
    pub base: String,
    pub head: String,
    pub policy: VersionPolicy,
    /// Base and head differ (as semver when both are, else as text).
    pub changed: bool,
    /// The policy asked for a verdict on this pair: `always`, or `changed`
    /// with a changed version.
    pub judged: bool,
    /// The bump the findings require; `None` when nothing was found.
    pub required: Option<Bump>,
    /// The bump base → head is; `None` when it did not increase.
    pub actual: Option<Bump>,
    /// Both versions parse as semver.
    pub semver: bool,
    /// The smallest version after `base` that makes the required bump, when
    /// `base` is semver and something is required (`1.4.0` → `2.0.0` for a
    /// major change; under 1.0.0 a breaking change needs the next minor).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Nothing to object to: not judged, or judged and the bump is enough.
    pub ok: bool,
}

impl VersionCheck {
    /// The verdict for a pair of versions and the findings of their diff.
    pub fn new(base: &str, head: &str, policy: VersionPolicy, findings: &[Finding]) -> Self {
        let required = findings.iter().map(|f| f.bump).max();
        let (semver, actual) = match version_bump(base, head) {
            None => (false, None),
            Some(b) => (true, b),
        };
        let changed = match (parse_semver(base), parse_semver(head)) {
            (Some(b), Some(h)) => b != h,
            _ => base.trim() != head.trim(),
        };
        let judged = match policy {
            VersionPolicy::Off => false,
            VersionPolicy::Changed => changed,
            VersionPolicy::Always => true,
        };
        let enough = semver && required.is_none_or(|r| actual.is_some_and(|a| a >= r));
        VersionCheck {
            base: base.to_string(),
            head: head.to_string(),
            policy,
            changed,
            judged,
            required,
            actual,
            semver,
            next: required.and_then(|r| next_version(base, r)),
            ok: !judged || enough,
        }
    }

    /// The verdict in a few words, for the summary line.
    pub fn verdict(&self) -> String {
        let required = self.required.map(Bump::as_str).unwrap_or("no");
        if self.policy == VersionPolicy::Off {
            "not checked".into()
        } else if !self.judged {
            match (self.required, &self.next) {
                (None, _) => "unchanged".into(),
                (Some(_), Some(next)) => {
                    format!("unchanged; the release needs a {required} bump ({next})")
                }
                (Some(_), None) => format!("unchanged; the release needs a {required} bump"),
            }
        } else if !self.semver {
            "not semver".into()
        } else if self.ok {
            "ok".into()
        } else {
            format!("needs a {required} bump")
        }
    }
}

/// `MAJOR.MINOR.PATCH`, tolerating a leading `v`, missing parts and a
/// pre-release or build suffix. A date (`2023-08-16`) is not a version.
pub fn parse_semver(v: &str) -> Option<(u64, u64, u64)> {
    let v = v.trim().trim_start_matches('v');
    let core = v.split(['-', '+']).next()?;
    if !core.contains('.') {
        return None;
    }
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

/// What kind of bump `base → head` is; `None` if either is not semver, the
/// inner `None` if the version went down or stayed.
///
/// ```
/// use specsmith::compat::{version::version_bump, Bump};
/// assert_eq!(version_bump("1.3.0", "1.4.0"), Some(Some(Bump::Minor)));
/// // Under 1.0.0 a minor step is the breaking one (Cargo's convention).
/// assert_eq!(version_bump("0.1.0", "0.2.0"), Some(Some(Bump::Major)));
/// assert_eq!(version_bump("1.3.0", "1.3.0"), Some(None));
/// ```
pub fn version_bump(base: &str, head: &str) -> Option<Option<Bump>> {
    let (b, h) = (parse_semver(base)?, parse_semver(head)?);
    Some(if h <= b {
        None
    } else if h.0 > b.0 {
        Some(Bump::Major)
    } else if h.1 > b.1 {
        Some(if b.0 == 0 { Bump::Major } else { Bump::Minor })
    } else {
        Some(if b.0 == 0 && b.1 == 0 {
            Bump::Major
        } else {
            Bump::Patch
        })
    })
}

/// The smallest version after `base` whose step is at least `required`.
///
/// ```
/// use specsmith::compat::{version::next_version, Bump};
/// assert_eq!(next_version("1.4.2", Bump::Minor).as_deref(), Some("1.5.0"));
/// assert_eq!(next_version("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
/// assert_eq!(next_version("0.1.0", Bump::Patch).as_deref(), Some("0.1.1"));
/// ```
pub fn next_version(base: &str, required: Bump) -> Option<String> {
    let (major, minor, patch) = parse_semver(base)?;
    [
        (major, minor, patch + 1),
        (major, minor + 1, 0),
        (major + 1, 0, 0),
    ]
    .into_iter()
    .map(|(a, b, c)| format!("{a}.{b}.{c}"))
    .find(|v| {
        version_bump(base, v)
            .flatten()
            .is_some_and(|a| a >= required)
    })
}
