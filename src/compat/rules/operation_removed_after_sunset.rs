//! `operation-removed-after-sunset`: a deprecated operation was removed after its sunset date.

use crate::compat::deprecation::deprecated;
use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::{op_label, sunset_passed};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-removed-after-sunset",
    change: "operation-removed",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Major,
    summary: "a deprecated operation was removed after its `x-sunset` date",
    explain:
        "The operation was deprecated and its `x-sunset` date is in the past: clients had their \
notice, so the removal is reported for the changelog only. It still needs a major version bump.\n\n\
Nothing to do beyond the version bump.",
};

pub fn check(cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d
        .removed
        .iter()
        .filter(|o| deprecated(o) && sunset_passed(cx, o))
    {
        s.report(
            &META,
            Direction::Both,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "deprecated {} (`{}`) was removed after its sunset date",
                op_label(op),
                op.id
            ),
        );
    }
}
