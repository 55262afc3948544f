//! `additional-properties-widened`: a closed response schema now allows extra properties.

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I, W};
use crate::compat::{Bump, Direction};
use crate::ir::Additional;

pub static META: RuleMeta = RuleMeta {
    id: "additional-properties-widened",
    change: "additional-properties",
    levels: Levels { wire: I, codegen: I, strict: W },
    bump: Bump::Minor,
    summary: "a closed schema that clients receive (`additionalProperties: false`) now allows extra properties",
    explain: "Responses may now carry properties the old schema forbade; strict validators of the old \
schema reject them.\n\nFix: nothing for lenient clients; warn strict consumers before the server \
sends extra properties.",
};

pub fn check(_cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if p.direction.has_response()
        && matches!(p.base.additional, Additional::Forbidden)
        && !matches!(p.head.additional, Additional::Forbidden)
    {
        s.report(
            &META,
            Direction::Response,
            p.base_type.name.clone(),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "`{}` no longer forbids additional properties",
                p.head_type.name
            ),
        );
    }
}
