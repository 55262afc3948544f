//! `parameter-added-optional`: an operation gained an optional parameter.

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "parameter-added-optional",
    change: "parameter-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "an optional parameter was added to an existing operation",
    explain:
        "Old clients simply do not send it; the server must behave as before when it is absent.\n\n\
Nothing to do beyond a minor version bump; document the default behaviour.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // Whatever the API sends in a webhook or callback is optional for its receivers.
    let outbound = p.base.outbound.is_some();
    for q in p.params_added.iter().filter(|q| outbound || !q.required) {
        s.report(
            &META,
            flows(p.base).0,
            format!("{} {} {}", p.base.id, q.location.as_str(), q.name),
            Some(&p.base.loc),
            Some(&q.loc),
            format!(
                "{} gained the {} {} parameter `{}`",
                op_label(p.head),
                if q.required { "required" } else { "optional" },
                q.location.as_str(),
                q.name
            ),
        );
    }
}
