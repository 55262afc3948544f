//! `type-relaxed`: a type changed in the direction clients tolerate.

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::shape::{describe, resolve, Relation};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "type-relaxed",
    change: "type",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "a type was widened where clients send it, or narrowed where they receive it",
    explain:
        "Requests accept more than before, or responses promise less variety than before: both \
are safe for old clients.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    let dir = match v.relation(cx, &b.kind, &h.kind) {
        Relation::Widened if v.direction.has_request() => Direction::Request,
        Relation::Narrowed if v.direction.has_response() => Direction::Response,
        _ => return,
    };
    s.report(
        &META,
        dir,
        v.subject.clone(),
        Some(v.base_loc),
        Some(v.head_loc),
        format!(
            "`{}` changed from {} to {}",
            v.subject,
            describe(&b.kind),
            describe(&h.kind)
        ),
    );
}
