//! `property-became-optional`: a required property of a response schema is now optional.

use serde_json::json;

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample_without;
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "property-became-optional",
    change: "required",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a required property of a schema that clients receive became optional",
    explain:
        "Old clients rely on the property being present; a response without it fails decoding in \
generated models with a non-optional field. (In a schema that clients only send, becoming optional \
is harmless and not reported.)\n\nFix: keep it required in responses; if it can really be missing, \
add it as a new optional property and deprecate the old one.",
};

pub fn check(cx: &Cx, p: &FieldPair, s: &mut Sink) {
    if p.direction.has_response() && p.base.required && !p.head.required && !p.head.write_only {
        s.report(
            &META,
            Direction::Response,
            p.subject(),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "`{}` is no longer required: old clients expect it in every response",
                p.subject()
            ),
        )
        .witness(json!({ "response": sample_without(cx.head, p.head_owner, &p.head.name) }));
    }
}
