//! `request-type-narrowed`: a value that clients send accepts fewer values than before.

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{describe, distinguishing, resolve, Relation};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-type-narrowed",
    change: "type",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a value that clients send was narrowed (a format added, int64 to int32, number to integer)",
    explain: "The new type accepts only part of what the old one did, so some values old clients send \
are now rejected. Widening the same value would be fine.\n\nFix: keep accepting the old range on the \
server; validate the narrower form only for new clients.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    if !v.direction.has_request() {
        return;
    }
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    if v.relation(cx, &b.kind, &h.kind) == Relation::Narrowed {
        s.report(
            &META,
            Direction::Request,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` was narrowed from {} to {}: some values old clients send are rejected",
                v.subject,
                describe(&b.kind),
                describe(&h.kind)
            ),
        )
        .witness(value_witness(
            &v.subject,
            distinguishing(cx.base, &b.kind, &h.kind),
        ));
    }
}
