//! `version-not-semver`: `info.version` cannot be checked because it is not semver.

use crate::compat::engine::{Cx, Sink, VersionPair};
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "version-not-semver",
    change: "version",
    levels: Levels { wire: W, codegen: W, strict: W },
    bump: Bump::Patch,
    summary: "`info.version` of the base or head is not a semantic version",
    explain: "The version check compares `MAJOR.MINOR.PATCH` (a leading `v`, missing parts and \
pre-release suffixes are tolerated). A date or free text cannot be checked, so the bump the changes \
require goes unenforced. Under the default policy this is reported only when the diff changes \
`info.version`.\n\nFix: use semantic versions in `info.version`.",
};

pub fn check(_cx: &Cx, v: &VersionPair, s: &mut Sink) {
    if v.check.judged && !v.check.semver {
        s.report(
            &META,
            Direction::Both,
            "info.version",
            Some(&v.base_loc),
            Some(&v.head_loc),
            format!(
                "info.version `{}` -> `{}` is not semver; the required {} bump cannot be checked",
                v.check.base,
                v.check.head,
                v.check.required.map(|b| b.as_str()).unwrap_or("no")
            ),
        );
    }
}
