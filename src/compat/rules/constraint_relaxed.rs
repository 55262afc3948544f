//! `constraint-relaxed`: a validation keyword changed the safe way (looser on
//! what clients send, tighter on what they receive).

use crate::compat::constraints::{ConstraintPair, Way};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "constraint-relaxed",
    change: "constraint",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Patch,
    summary: "a request value accepts more, or a response value promises less variety (a constraint moved the safe way)",
    explain: "A validation keyword changed in the direction no client notices: a request value now \
accepts more than before (every old request still passes), or a response value is kept in a \
tighter range (every new response is one old clients already handled). Reported so the change is \
visible in the review.\n\nNothing to do.",
};

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    for c in p.changes(cx.base) {
        let dir = match c.way {
            Way::Widened if p.direction.has_request() => Direction::Request,
            Way::Narrowed if p.direction.has_response() => Direction::Response,
            _ => continue,
        };
        s.report(
            &META,
            dir,
            format!("{} {}", p.subject, c.keyword),
            Some(p.base_loc),
            Some(p.head_loc),
            format!(
                "{} of `{}`: the change is safe for clients",
                c.what, p.subject
            ),
        );
    }
}
