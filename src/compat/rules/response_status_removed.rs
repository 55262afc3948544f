//! `response-status-removed`: a non-success response is gone.

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "response-status-removed",
    change: "response-status-removed",
    levels: Levels { wire: I, codegen: I, strict: I },
    bump: Bump::Patch,
    summary: "a non-success response (4xx, 5xx, default) was removed",
    explain: "The operation no longer documents that error. Clients keep their handler for it, which \
simply never runs; nothing breaks.\n\nNothing to do; check that the server really stopped returning it.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    for r in p.base.responses.iter().filter(|r| {
        !r.status.starts_with('2') && !p.head.responses.iter().any(|h| h.status == r.status)
    }) {
        s.report(
            &META,
            flows(p.base).1,
            format!("{} status {}", p.base.id, r.status),
            Some(&r.loc),
            Some(&p.head.loc),
            format!(
                "{}: the {} response is no longer documented",
                op_label(p.base),
                r.status
            ),
        );
    }
}
