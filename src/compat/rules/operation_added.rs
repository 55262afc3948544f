//! `operation-added`: a new operation.

use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-added",
    change: "operation-added",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary: "a new operation was added",
    explain:
        "Adding an operation breaks nobody; it is reported so the version moves by at least a \
minor step and the changelog mentions it.\n\nNothing to do beyond a minor version bump.",
};

pub fn check(_cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in &d.added {
        s.report(
            &META,
            Direction::Both,
            op_label(op),
            None,
            Some(&op.loc),
            format!("{} (`{}`) was added", op_label(op), op.id),
        );
    }
}
