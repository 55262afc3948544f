//! `enum-value-removed`: an enum that clients send lost a value.

use crate::compat::engine::{Cx, EnumPair, Sink};
use crate::compat::rules::helpers::enum_changes;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "enum-value-removed",
    change: "enum-value-removed",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a value was removed from an enum that clients send",
    explain: "Old clients may send the value; the server now rejects it. (Declared renames under \
`enum_values:` are not removals.)\n\nFix: keep accepting the value (deprecated), or declare the \
rename with `alias: true` so the old value is still accepted on decode.",
};

pub fn check(_cx: &Cx, p: &EnumPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    let (removed, _) = enum_changes(p);
    for v in removed {
        s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.base_type.name, v.as_text()),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "enum `{}` no longer has the value `{}`: old clients may send it",
                p.base_type.name,
                v.as_text()
            ),
        )
        .witness(v.value.clone());
    }
}
