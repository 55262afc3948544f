//! `response-type-widened`: a value that clients receive may now hold values it could not before.

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{describe, distinguishing, resolve, Relation};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-type-widened",
    change: "type",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a value that clients receive was widened (a format dropped, int32 to int64, integer to number)",
    explain: "The server may now return values old clients cannot decode (a 64-bit id into a 32-bit \
field, a free-form string into a UUID type). Narrowing the same value would be fine.\n\nFix: keep \
returning values in the old range, or add a new property with the wider type.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    if !v.direction.has_response() {
        return;
    }
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    if v.relation(cx, &b.kind, &h.kind) == Relation::Widened {
        s.report(
            &META,
            Direction::Response,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` was widened from {} to {}: old clients may receive values they cannot decode",
                v.subject,
                describe(&b.kind),
                describe(&h.kind)
            ),
        )
        .witness(value_witness(
            &v.subject,
            distinguishing(cx.head, &h.kind, &b.kind),
        ));
    }
}
