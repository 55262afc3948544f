//! `request-property-added-required`: a request schema gained a required property.

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::helpers::base_sample;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-property-added-required",
    change: "property-added",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a required property was added to a schema that clients send",
    explain:
        "Old clients do not know the property and never send it; the server now rejects their \
requests as invalid.\n\nFix: add the property as optional and apply a default on the server.",
};

pub fn check(cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    for f in p.added.iter().filter(|f| f.required && !f.read_only) {
        s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&p.base_type.loc),
            Some(&f.loc),
            format!(
                "`{}.{}` was added as required: old clients do not send it",
                p.head_type.name, f.name
            ),
        )
        .witness(base_sample(cx, p.base_type));
    }
}
