//! `request-body-required`: a request body was added as required, or became required.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-body-required",
    change: "request-body-required",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a required request body was added, or an optional one became required",
    explain: "Old clients send no body (or sometimes none); the server now rejects those requests.\n\n\
Fix: make the body optional (`requestBody.required: false`) and keep the old behaviour when it is absent.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // A webhook's or callback's body is sent by the API: always sending it breaks no receiver.
    if p.base.outbound.is_some() {
        return;
    }
    let Some(h) = p.head.request_body.as_ref().filter(|b| b.required) else {
        return;
    };
    let was = match &p.base.request_body {
        None => "added as required",
        Some(b) if !b.required => "made required",
        Some(_) => return,
    };
    s.report(
        &META,
        Direction::Request,
        format!("{} body", p.base.id),
        Some(&p.base.loc),
        Some(&h.loc),
        format!(
            "{}: the request body was {}; old clients may send none",
            op_label(p.head),
            was
        ),
    )
    .witness(json!({ "request": op_label(p.base), "body": null }));
}
