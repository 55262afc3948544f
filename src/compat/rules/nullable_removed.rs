//! `nullable-removed`: a value that clients send may no longer be `null`.

use serde_json::Value;

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{resolve, Kind};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "nullable-removed",
    change: "nullable",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a value that clients send is no longer nullable",
    explain: "Old clients may send `null` (to clear a value, or because they have none); the server now \
rejects it. (Dropping nullability in responses only is fine.)\n\nFix: keep accepting `null` and treat \
it as absent.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    if v.direction.has_request()
        && b.nullable
        && !h.nullable
        && b.kind != Kind::Any
        && h.kind != Kind::Any
    {
        s.report(
            &META,
            Direction::Request,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` is no longer nullable: old clients may send null",
                v.subject
            ),
        )
        .witness(value_witness(&v.subject, Value::Null));
    }
}
