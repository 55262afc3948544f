//! `response-success-status-removed`: a 2xx response is gone.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "response-success-status-removed",
    change: "response-status-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a success (2xx) response was removed",
    explain: "Clients handle the success response they were promised; a different success status (or \
none) sends them down their error path, and generated SDKs lose the response type.\n\nFix: keep the \
status, or add the new one beside it for a release.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    for r in p.base.responses.iter().filter(|r| {
        r.status.starts_with('2') && !p.head.responses.iter().any(|h| h.status == r.status)
    }) {
        s.report(
            &META,
            flows(p.base).1,
            format!("{} status {}", p.base.id, r.status),
            Some(&r.loc),
            Some(&p.head.loc),
            format!(
                "{}: the {} response was removed",
                op_label(p.base),
                r.status
            ),
        )
        .witness(json!({ "request": op_label(p.base), "expected_status": r.status }));
    }
}
