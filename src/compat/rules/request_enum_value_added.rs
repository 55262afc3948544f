//! `request-enum-value-added`: an enum that clients send gained a value.

use crate::compat::engine::{Cx, EnumPair, Sink};
use crate::compat::rules::helpers::enum_changes;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-enum-value-added",
    change: "enum-value-added",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Minor,
    summary: "a value was added to an enum that clients send",
    explain: "Requests accept one more value; old clients never send it.\n\nNothing to do beyond a minor \
version bump.",
};

pub fn check(_cx: &Cx, p: &EnumPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    let (_, added) = enum_changes(p);
    for v in added {
        s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.head_type.name, v.as_text()),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "enum `{}` gained the value `{}`",
                p.head_type.name,
                v.as_text()
            ),
        );
    }
}
