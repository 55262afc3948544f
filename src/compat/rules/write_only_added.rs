//! `write-only-added`: a property that clients received became write-only.

use serde_json::json;

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample;
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "write-only-added",
    change: "read-write",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a property of a schema that clients receive became `writeOnly`",
    explain:
        "A write-only property never appears in responses, so old clients that read it find it \
missing.\n\nFix: keep returning it, or add a new write-only property and deprecate the old one.",
};

pub fn check(cx: &Cx, p: &FieldPair, s: &mut Sink) {
    if p.direction.has_response() && !p.base.write_only && p.head.write_only {
        s.report(
            &META,
            Direction::Response,
            p.subject(),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "`{}` became write-only: responses no longer carry it",
                p.subject()
            ),
        )
        .witness(json!({ p.base.name.clone(): sample(cx.base, &p.base.ty) }));
    }
}
