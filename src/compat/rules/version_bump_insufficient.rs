//! `version-bump-insufficient`: `info.version` did not move by what the changes require.

use serde_json::json;

use crate::compat::engine::{Cx, Sink, VersionPair};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "version-bump-insufficient",
    change: "version",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Patch,
    summary: "`info.version` changed, but by less than the worst change requires",
    explain:
        "The version must move by a major step for any error under the chosen profile, a minor \
step for an addition (new operation, property, enum value, declared rename), and a patch step for \
anything else reported. Under 1.0.0 a minor step counts as major (Cargo's rule).\n\nBy default \
(`[compat] version = \"changed\"`) the bump is judged only when the diff changes `info.version`, \
since many teams bump at release time: an unchanged version gets a `version-unchanged` note instead. \
With `version = \"always\"` (or `--version-check always`) an unchanged version is judged too, and \
`off` (or `--no-version-check`) leaves the version alone.\n\nFix: bump `info.version` in the head \
spec as the message says.",
};

pub fn check(_cx: &Cx, v: &VersionPair, s: &mut Sink) {
    let c = v.check;
    if !c.judged || !c.semver || c.ok {
        return;
    }
    let need = c.required.map(|b| b.as_str()).unwrap_or("patch");
    let got = c
        .actual
        .map(|b| format!("a {} bump", b.as_str()))
        .unwrap_or_else(|| "no increase".into());
    s.report(
        &META,
        Direction::Both,
        "info.version",
        Some(&v.base_loc),
        Some(&v.head_loc),
        format!(
            "info.version went {} -> {} ({got}) but the changes need a {need} bump",
            c.base, c.head
        ),
    )
    .witness(json!({ "info": { "version": c.head } }));
}
