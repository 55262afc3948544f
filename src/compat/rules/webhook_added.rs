//! `webhook-added`: a new webhook.

use crate::compat::engine::{Cx, OutboundDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};
use crate::ir::Outbound;

pub static META: RuleMeta = RuleMeta {
    id: "webhook-added",
    change: "webhook-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "a new webhook (OpenAPI 3.1 `webhooks`) was added",
    explain:
        "A new event the API sends to subscribers who register for it; existing subscribers are \
not affected. It is reported so the version moves by at least a minor step and the changelog \
mentions it.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, d: &OutboundDiff, s: &mut Sink) {
    for op in &d.added {
        if !matches!(op.outbound, Some(Outbound::Webhook { .. })) {
            continue;
        }
        s.report(
            &META,
            Direction::Response,
            op_label(op),
            None,
            Some(&op.loc),
            format!("{} was added", op_label(op)),
        );
    }
}
