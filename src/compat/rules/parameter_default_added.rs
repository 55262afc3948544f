//! `parameter-default-added`: a parameter that had no `default` now has one.

use crate::compat::engine::{Cx, ParameterPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-default-added",
    change: "default",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Patch,
    summary: "a parameter without a `default` gained one",
    explain: "Clients that leave the optional parameter out now get the declared default (a page \
size, a sort order, a filter). No request is rejected. If the server already behaved that way, the \
spec only caught up with it; if not, requests without the parameter now return something else, and \
SDKs that fill defaults in start sending it.\n\n\
Fix: nothing to do when the default documents existing behaviour; otherwise call it out in the \
release notes.",
};

pub fn check(_cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    let (None, Some(h)) = (&p.base.default, &p.head.default) else {
        return;
    };
    s.report(
        &META,
        Direction::Request,
        format!("{} parameter {}", op_label(p.op), p.base.name),
        Some(&p.base.loc),
        Some(&p.head.loc),
        format!(
            "{}: {} parameter `{}` gained the default {h}",
            op_label(p.op),
            p.base.location.as_str(),
            p.base.name
        ),
    );
}
