//! `response-enum-value-added-open`: an open enum that clients receive gained a value.

use crate::compat::engine::{Cx, EnumPair, Sink};
use crate::compat::rules::helpers::enum_changes;
use crate::compat::rules::{Levels, RuleMeta, I, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "enum-value-added-open",
    change: "enum-value-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: W,
    },
    bump: Bump::Minor,
    summary: "a value was added to an open enum that clients receive",
    explain:
        "Open enums tell clients to expect unknown values (generated SDKs keep an 'unknown' case), \
so lenient clients are fine; strict response validators of the old schema reject the value, which \
is why `strict` warns.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, p: &EnumPair, s: &mut Sink) {
    if !p.direction.has_response() || !p.base.open {
        return;
    }
    let (_, added) = enum_changes(p);
    for v in added {
        s.report(
            &META,
            Direction::Response,
            format!("{}.{}", p.head_type.name, v.as_text()),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "open enum `{}` gained the value `{}`",
                p.head_type.name,
                v.as_text()
            ),
        );
    }
}
