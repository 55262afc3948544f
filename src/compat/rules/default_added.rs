//! `default-added`: a property that had no `default` now has one.

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "default-added",
    change: "default",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Patch,
    summary: "a property without a `default` gained one",
    explain: "A request that leaves the property out now gets the declared default. If the server \
already behaved that way, the spec only caught up with it; if not, requests that omit the property \
now do something else. Generated models that fill in defaults start sending the value, and readers \
start assuming it when a response omits the property.\n\n\
Fix: nothing to do when the default documents what the server always did; otherwise call the change \
out in the release notes.",
};

pub fn check(_cx: &Cx, p: &FieldPair, s: &mut Sink) {
    let (None, Some(hv)) = (&p.base.default, &p.head.default) else {
        return;
    };
    let dir = if p.direction.has_request() {
        Direction::Request
    } else {
        p.direction
    };
    s.report(
        &META,
        dir,
        p.subject(),
        Some(&p.base.loc),
        Some(&p.head.loc),
        format!("`{}` gained the default {hv}", p.subject()),
    );
}
