//! `response-property-added`: a response schema that allows extra properties gained one.

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};
use crate::ir::Additional;

pub static META: RuleMeta = RuleMeta {
    id: "response-property-added",
    change: "property-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "a property was added to a schema that clients receive",
    explain: "Clients must ignore properties they do not know (the schema does not forbid extra \
properties), so this breaks nobody.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_response() || matches!(p.base.additional, Additional::Forbidden) {
        return;
    }
    for f in p.added.iter().filter(|f| !f.write_only) {
        s.report(
            &META,
            Direction::Response,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&p.base_type.loc),
            Some(&f.loc),
            format!("`{}.{}` was added", p.head_type.name, f.name),
        );
    }
}
