//! `type-changed`: a value's type changed to one that neither contains nor is contained in the old.

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{describe, distinguishing, resolve, Relation};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "type-changed",
    change: "type",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a property, parameter or body changed to an incompatible type or format",
    explain: "The old and the new type share no direction of compatibility (a string became an integer, \
`format: date` became `date-time`, an object became an array): old clients send values the server \
rejects and cannot decode what it returns.\n\nFix: add a new property with the new type and deprecate \
the old one.",
};

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    if v.relation(cx, &b.kind, &h.kind) == Relation::Incompatible {
        s.report(
            &META,
            v.direction,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` changed type from {} to {}",
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
