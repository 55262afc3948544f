//! `request-property-became-required`: an optional property of a request schema is now required.

use serde_json::json;

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample_without;
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "property-became-required",
    change: "required",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "an optional property of a schema that clients send became required",
    explain:
        "Old clients that leave the property out are now rejected. (In a schema that clients only \
receive, becoming required is harmless and not reported.)\n\nFix: keep it optional and apply a \
default on the server.",
};

pub fn check(cx: &Cx, p: &FieldPair, s: &mut Sink) {
    if p.direction.has_request() && !p.base.required && p.head.required && !p.head.read_only {
        s.report(
            &META,
            Direction::Request,
            p.subject(),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "`{}` became required: old clients may leave it out",
                p.subject()
            ),
        )
        .witness(json!({ "request": sample_without(cx.base, p.base_owner, &p.base.name) }));
    }
}
