//! `nullable-added`: a value that clients receive may now be `null`.

use serde_json::Value;

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{resolve, Kind};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "nullable-added",
    change: "nullable",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a value that clients receive became nullable",
    explain: "Old clients decode the value into a non-nullable type; a `null` from the new server \
fails decoding or crashes code that trusted it. (Nullable in requests only is fine.)\n\nFix: keep the \
value non-null in responses; omit it instead of sending `null` if it is optional.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    if v.direction.has_response()
        && !b.nullable
        && h.nullable
        && b.kind != Kind::Any
        && h.kind != Kind::Any
    {
        s.report(
            &META,
            Direction::Response,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` became nullable: old clients do not expect null",
                v.subject
            ),
        )
        .witness(value_witness(&v.subject, Value::Null));
    }
}
