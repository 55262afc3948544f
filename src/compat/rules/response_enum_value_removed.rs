//! `response-enum-value-removed`: an enum that clients receive lost a value.

use crate::compat::engine::{Cx, EnumPair, Sink};
use crate::compat::rules::helpers::enum_changes;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-enum-value-removed",
    change: "enum-value-removed",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Patch,
    summary: "a value was removed from an enum that clients only receive",
    explain:
        "The server stops returning the value; old clients keep a branch that no longer runs. \
Nothing breaks.\n\nNothing to do.",
};

pub fn check(_cx: &Cx, p: &EnumPair, s: &mut Sink) {
    if !p.direction.has_response() {
        return;
    }
    let (removed, _) = enum_changes(p);
    for v in removed {
        s.report(
            &META,
            Direction::Response,
            format!("{}.{}", p.base_type.name, v.as_text()),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "enum `{}` no longer has the value `{}`",
                p.base_type.name,
                v.as_text()
            ),
        );
    }
}
