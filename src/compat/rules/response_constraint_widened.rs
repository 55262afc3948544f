//! `response-constraint-widened`: a validation keyword on a value clients receive got looser.

use crate::compat::constraints::{ConstraintPair, Way};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-constraint-widened",
    change: "constraint",
    levels: Levels { wire: W, codegen: W, strict: E },
    bump: Bump::Minor,
    summary: "a value that clients receive is constrained more loosely (`maxLength` raised, `pattern` relaxed or dropped …)",
    explain: "A validation keyword on a response value now allows values it did not: `maxLength` or \
`maximum` raised, `minimum` lowered, `pattern` relaxed or removed, `uniqueItems` or `const` dropped. \
Clients that rely on the documented range (fixed-size buffers, database columns, validating \
decoders) may get values outside it. Clients that only decode the type are unaffected, so this is \
a warning, and an error under `strict`.\n\nFix: keep returning values in the old range, or tell \
clients in the release notes that the range grew.",
};

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    if p.direction.has_response() {
        p.report_moved(
            cx,
            s,
            &META,
            Direction::Response,
            Way::Widened,
            "widened: clients may receive values outside the old range",
        );
    }
}
