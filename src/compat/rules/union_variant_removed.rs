//! `union-variant-removed`: a union that clients send lost a variant.

use serde_json::json;

use crate::compat::engine::{Cx, Sink, UnionPair};
use crate::compat::rules::helpers::union_changes;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "union-variant-removed",
    change: "union-variant-removed",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a variant was removed from a oneOf/anyOf that clients send",
    explain:
        "Old clients may send the removed variant; the server rejects it.\n\nFix: keep accepting \
the variant until the next major version.",
};

pub fn check(cx: &Cx, p: &UnionPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    let (removed, _) = union_changes(cx, p);
    for v in removed {
        s.report(
            &META,
            Direction::Request,
            format!("{} variant {v}", p.base_type.name),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!(
                "`{}` lost the variant {v}: old clients may send it",
                p.base_type.name
            ),
        )
        .witness(json!({ "variant": v }));
    }
}
