//! `version-unchanged`: the changes need a version bump that this diff does not make.

use crate::compat::engine::{Cx, Sink, VersionPair};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction, VersionPolicy};

pub static META: RuleMeta = RuleMeta {
    id: "version-unchanged",
    change: "version",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Patch,
    summary: "`info.version` is unchanged; says what bump releasing the changes will need",
    explain: "Under the default version policy (`[compat] version = \"changed\"` in \
specsmith.toml, `--version-check changed`) the bump is judged only when a diff changes \
`info.version`, because many teams bump it when they release rather than in every pull request. \
When the version is unchanged and the changes need a bump, this note says which one (and the \
smallest version that makes it), so the release can carry it. It never fails a diff.\n\nFix: \
bump `info.version` to the version the note names when you release. To require the bump in \
every diff, set `version = \"always\"` (an unchanged version then fails with \
`version-bump-insufficient`); to drop the note, `version = \"off\"`.",
};

pub fn check(_cx: &Cx, v: &VersionPair, s: &mut Sink) {
    let c = v.check;
    let Some(required) = c.required else { return };
    if c.policy != VersionPolicy::Changed || c.changed {
        return;
    }
    let next = c
        .next
        .as_ref()
        .map(|n| format!(" (to {n} or later)"))
        .unwrap_or_default();
    s.report(
        &META,
        Direction::Both,
        "info.version",
        Some(&v.base_loc),
        Some(&v.head_loc),
        format!(
            "info.version is still {}: releasing these changes needs a {} bump{next}",
            c.head,
            required.as_str()
        ),
    );
}
