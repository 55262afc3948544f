//! `webhook-removed`: a webhook the API sent is gone.

use serde_json::json;

use crate::compat::engine::{Cx, OutboundDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};
use crate::ir::Outbound;

pub static META: RuleMeta = RuleMeta {
    id: "webhook-removed",
    change: "webhook-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a webhook (OpenAPI 3.1 `webhooks`) was removed",
    explain: "A webhook is a request the API sends to its subscribers. When it is removed, subscribers \
that act on it stop receiving the event and nothing tells them: their integration silently stops \
working.\n\nA webhook is matched by its name under `webhooks` and its method.\n\nFix: keep sending the \
webhook, or deprecate it first (`deprecated: true`), announce a date, and remove it in a major \
release.",
};

pub fn check(_cx: &Cx, d: &OutboundDiff, s: &mut Sink) {
    for op in &d.removed {
        if !matches!(op.outbound, Some(Outbound::Webhook { .. })) {
            continue;
        }
        s.report(
            &META,
            Direction::Response,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "{} was removed: subscribers no longer receive it",
                op_label(op)
            ),
        )
        .witness(json!({ "webhook": op_label(op) }));
    }
}
