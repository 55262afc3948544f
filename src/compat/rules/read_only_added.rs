//! `read-only-added`: a property that clients could send became read-only.

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "read-only-added",
    change: "read-write",
    levels: Levels { wire: W, codegen: W, strict: W },
    bump: Bump::Minor,
    summary: "a property of a schema that clients send became `readOnly`",
    explain: "Old clients may still send the property; the server now ignores it (or rejects it), so \
what they asked for does not happen.\n\nFix: keep accepting it for a release, and tell clients it is \
now server-controlled.",
};

pub fn check(_cx: &Cx, p: &FieldPair, s: &mut Sink) {
    if p.direction.has_request() && !p.base.read_only && p.head.read_only {
        s.report(
            &META,
            Direction::Request,
            p.subject(),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "`{}` became read-only: values old clients send are ignored",
                p.subject()
            ),
        );
    }
}
