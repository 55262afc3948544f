//! `response-constraint-widened`: a validation keyword on a value clients receive got looser.

use crate::compat::constraints::{ConstraintPair, Way};
use crate::compat::engine::{value_witness, Cx, Sink};
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
    if !p.direction.has_response() {
        return;
    }
    for c in p.changes(cx.base) {
        let widens = match c.way {
            Way::Widened => true,
            Way::Both => c.keyword != "const",
            Way::Narrowed | Way::Unknown => false,
        };
        if !widens {
            continue;
        }
        let r = s.report(
            &META,
            Direction::Response,
            format!("{} {}", p.subject, c.keyword),
            Some(p.base_loc),
            Some(p.head_loc),
            format!(
                "{} of `{}` was widened: clients may receive values outside the old range",
                c.what, p.subject
            ),
        );
        if let Some(w) = c.witness {
            r.witness(value_witness(&p.subject, w));
        }
    }
}
