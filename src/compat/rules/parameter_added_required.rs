//! `parameter-added-required`: an operation gained a required parameter.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-added-required",
    change: "parameter-added",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a required parameter was added to an existing operation",
    explain: "Old clients do not send the new parameter, so the server rejects their requests.\n\n\
Fix: make the parameter optional with a server-side default (`required: false`, `schema.default`).",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // The API sends a webhook's or callback's parameters: a new one breaks no receiver
    // (`parameter-added-optional` reports it).
    if p.base.outbound.is_some() {
        return;
    }
    for q in p.params_added.iter().filter(|q| q.required) {
        s.report(
            &META,
            Direction::Request,
            format!("{} {} {}", p.base.id, q.location.as_str(), q.name),
            Some(&p.base.loc),
            Some(&q.loc),
            format!(
                "{} now requires the {} parameter `{}`: old clients do not send it",
                op_label(p.head),
                q.location.as_str(),
                q.name
            ),
        )
        .witness(json!({ "request": op_label(p.base), q.location.as_str(): {} }));
    }
}
