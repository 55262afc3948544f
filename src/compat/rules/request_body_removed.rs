//! `request-body-removed`: an operation no longer takes the request body it took.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample;
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "request-body-removed",
    change: "request-body",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "an operation's request body was removed",
    explain:
        "Old clients still send the body. A server that no longer reads it either rejects the \
request (`415`, `400` for an unexpected body) or silently drops what the client meant to set; \
generated SDKs lose the body parameter, so calls that pass it no longer compile.\n\nFix: keep \
accepting the body (and ignore it, documented), or move the operation to a new path.",
};

pub fn check(cx: &Cx, p: &OperationPair, s: &mut Sink) {
    let (Some(b), None) = (&p.base.request_body, &p.head.request_body) else {
        return;
    };
    let body = b
        .json_type()
        .map(|t| sample(cx.base, t))
        .unwrap_or(serde_json::Value::Null);
    s.report(
        &META,
        flows(p.base).0,
        format!("{} request body", op_label(p.base)),
        Some(&b.loc),
        Some(&p.head.loc),
        if p.base.outbound.is_some() {
            format!(
                "{} no longer sends a request body: subscribers that read it get none",
                op_label(p.base)
            )
        } else {
            format!(
                "{} no longer takes a request body: old clients still send one",
                op_label(p.base)
            )
        },
    )
    .witness(json!({ "request": op_label(p.base), "body": body }));
}
