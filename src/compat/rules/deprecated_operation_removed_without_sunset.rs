//! `deprecated-operation-removed-without-sunset`: a deprecated operation with no sunset date was removed.

use serde_json::json;

use crate::compat::deprecation::deprecated;
use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "deprecated-operation-removed-without-sunset",
    change: "operation-removed",
    levels: Levels {
        wire: W,
        codegen: W,
        strict: W,
    },
    bump: Bump::Major,
    summary: "a deprecated operation that never announced a sunset date was removed",
    explain: "The operation was deprecated, so clients were warned, but no sunset date \
(`x-sunset` or a `Sunset` response header) told them how long they had; some may still call it. \
This is a warning: deprecation without a date is a weaker promise than a \
sunset date, whose early removal is `operation-removed-before-sunset`.\n\nFix: announce a sunset \
date when deprecating and remove the operation after it.",
};

pub fn check(_cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d
        .removed
        .iter()
        .filter(|o| deprecated(o) && o.sunset.is_none())
    {
        s.report(
            &META,
            Direction::Both,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "deprecated {} (`{}`) was removed without a sunset date: clients had no date to move by",
                op_label(op),
                op.id
            ),
        )
        .witness(json!({ "request": op_label(op) }));
    }
}
