//! `union-variant-added`: a union that clients receive gained a variant.

use crate::compat::engine::{Cx, Sink, UnionPair};
use crate::compat::rules::helpers::union_changes;
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "union-variant-added",
    change: "union-variant-added",
    levels: Levels { wire: W, codegen: W, strict: E },
    bump: Bump::Minor,
    summary: "a variant was added to a oneOf/anyOf that clients receive",
    explain: "Generated SDKs model a union as a closed sum type; a response holding the new variant \
matches none of the old ones and fails to decode.\n\nFix: ship SDKs that know the variant before the \
server returns it, or give the union a catch-all variant.",
};

pub fn check(cx: &Cx, p: &UnionPair, s: &mut Sink) {
    if !p.direction.has_response() {
        return;
    }
    let (_, added) = union_changes(cx, p);
    for v in added {
        s.report(
            &META,
            Direction::Response,
            format!("{} variant {v}", p.base_type.name),
            Some(&p.base_type.loc),
            Some(&p.head_type.loc),
            format!("`{}` gained the variant {v}", p.head_type.name),
        )
        .witness(serde_json::json!({ "variant": v }));
    }
}
