//! `callback-added`: a new callback.

use crate::compat::engine::{Cx, OutboundDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};
use crate::ir::Outbound;

pub static META: RuleMeta = RuleMeta {
    id: "callback-added",
    change: "callback-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "a new callback was added to an operation",
    explain: "The API now sends a request back to a URL the client gives. Clients that do not give \
one, or do not listen, are not affected (a callback URL made required is a new required parameter or \
property, reported as such). It is reported so the version moves by at least a minor step and the \
changelog mentions it.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, d: &OutboundDiff, s: &mut Sink) {
    for op in &d.added {
        if !matches!(op.outbound, Some(Outbound::Callback { .. })) {
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
