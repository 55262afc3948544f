//! `request-constraint-narrowed`: a validation keyword on a value clients send got stricter.

use crate::compat::constraints::{ConstraintPair, Way};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-constraint-narrowed",
    change: "constraint",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a value that clients send is constrained more tightly (`pattern`, `maxLength`, `minimum`, `maxItems`, `uniqueItems`, `const` …)",
    explain: "A validation keyword on a request value (a property, a parameter, a header, a body) now \
accepts fewer values than before: a `pattern` added or changed, `minLength`/`minimum`/`minItems`/\
`minProperties` raised, `maxLength`/`maximum`/`maxItems`/`maxProperties` lowered, a bound made \
exclusive, `multipleOf` made coarser, `uniqueItems` or `const` added. Requests old clients send \
with values in the difference are now rejected; the witness is one such value.\n\nFix: keep \
accepting the old range on the server and document the tighter rule for new clients, or release \
the change as a new major version.",
};

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    if p.direction.has_request() {
        p.report_moved(
            cx,
            s,
            &META,
            Direction::Request,
            Way::Narrowed,
            "narrowed: some values old clients send are rejected",
        );
    }
}
