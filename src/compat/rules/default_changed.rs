//! `default-changed`: a property's default value changed or was removed.

use crate::compat::engine::{Cx, FieldPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "default-changed",
    change: "default",
    levels: Levels { wire: W, codegen: W, strict: W },
    bump: Bump::Minor,
    summary: "a property's `default` changed or was removed",
    explain: "Clients that leave the property out get the default: a new default silently changes what \
their requests do, and generated models that fill in the default on decode disagree with the server.\n\n\
Fix: keep the old default, or make the change explicit in the release notes.",
};

pub fn check(_cx: &Cx, p: &FieldPair, s: &mut Sink) {
    let (b, h) = (&p.base.default, &p.head.default);
    let Some(bv) = b else { return };
    let what = match h {
        None => "was removed".to_string(),
        Some(hv) if hv != bv => format!("changed from {bv} to {hv}"),
        Some(_) => return,
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
        format!("the default of `{}` {what}", p.subject()),
    );
}
