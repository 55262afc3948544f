//! `request-property-added-optional`: a request schema gained an optional property.

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-property-added-optional",
    change: "property-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "an optional property was added to a schema that clients send",
    explain:
        "Old clients do not send it and the server must behave as before when it is absent.\n\n\
Nothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    for f in p.added.iter().filter(|f| !f.required && !f.read_only) {
        s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&p.base_type.loc),
            Some(&f.loc),
            format!("`{}.{}` was added (optional)", p.head_type.name, f.name),
        );
    }
}
