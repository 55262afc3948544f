//! `request-keyword-added`: a constraining JSON Schema keyword was added to a value clients send.

use crate::compat::constraints::{keyword_changes, ConstraintPair, CONSTRAINING};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-keyword-added",
    change: "keyword",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a constraining keyword (`not`, `if`/`then`, `dependentRequired`, `propertyNames` …) was added to a value clients send",
    explain: "Keywords like `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, \
`contains`, `prefixItems`, `patternProperties`, `propertyNames` and `unevaluatedProperties` only ever \
take values away from what a schema accepts. Added to a request value, they make the server reject \
some requests that old clients send and that used to pass. The witness is a request value the old \
schema accepted; check it against the new keyword.\n\nFix: enforce the new rule only for new \
clients (a new property or a new version), or release the change as a new major version.",
};

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    if !p.direction.has_request() {
        return;
    }
    for (k, b, _) in keyword_changes(p.base, p.head) {
        if b.is_some() || !CONSTRAINING.contains(&k) {
            continue;
        }
        s.report(
            &META,
            Direction::Request,
            format!("{} {k}", p.subject),
            Some(p.base_loc),
            Some(p.head_loc),
            format!(
                "`{k}` was added to `{}`, which clients send: requests that passed may now be rejected",
                p.subject
            ),
        )
        .witness(value_witness(&p.subject, p.base_sample(cx.base)));
    }
}
