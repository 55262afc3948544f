//! `response-status-added`: an operation documents a new response status.

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-status-added",
    change: "response-status-added",
    levels: Levels { wire: I, codegen: I, strict: W },
    bump: Bump::Minor,
    summary: "a new response status was added to an operation",
    explain: "Most clients treat unknown statuses by class (2xx, 4xx, 5xx). Clients that validate \
responses strictly, or SDKs that switch exhaustively on documented statuses, fail on the new one: \
that is why `strict` warns.\n\nFix: nothing for most clients; under `strict`, make sure clients have a \
fallback for undocumented statuses.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // A webhook's or callback's responses come from the subscriber: one more status the API
    // accepts breaks no subscriber.
    if p.base.outbound.is_some() {
        return;
    }
    for r in p
        .head
        .responses
        .iter()
        .filter(|r| !p.base.responses.iter().any(|b| b.status == r.status))
    {
        s.report(
            &META,
            Direction::Response,
            format!("{} status {}", p.base.id, r.status),
            Some(&p.base.loc),
            Some(&r.loc),
            format!("{}: a {} response was added", op_label(p.head), r.status),
        );
    }
}
