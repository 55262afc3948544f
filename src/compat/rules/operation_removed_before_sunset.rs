//! `operation-removed-before-sunset`: a deprecated operation was removed before its sunset date.

use serde_json::json;

use crate::compat::engine::{op_label, sunset_passed, Cx, OperationsDiff, Sink};
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-removed-before-sunset",
    change: "operation-removed",
    levels: Levels { wire: W, codegen: W, strict: W },
    bump: Bump::Major,
    summary: "a deprecated operation was removed before its `x-sunset` date passed (or without one)",
    explain: "The operation was marked `deprecated: true`, so clients were warned, but its `x-sunset` \
date has not passed (or it has none), so some may still call it.\n\nThe date is compared with the date \
given by `--today` (the CLI passes the current date); without a date a sunset never counts as passed.\n\n\
Fix: keep serving the operation until the sunset date, or set an `x-sunset` date in the past release \
notes and wait for it.",
};

pub fn check(cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d
        .removed
        .iter()
        .filter(|o| o.deprecated && !sunset_passed(cx, o))
    {
        let when = op
            .extensions
            .get("x-sunset")
            .and_then(|v| v.as_str())
            .map(|d| format!("before its sunset date {d}"))
            .unwrap_or_else(|| "without an `x-sunset` date".into());
        s.report(
            &META,
            Direction::Both,
            op_label(op),
            Some(&op.loc),
            None,
            format!(
                "deprecated {} (`{}`) was removed {when}",
                op_label(op),
                op.id
            ),
        )
        .witness(json!({ "request": op_label(op) }));
    }
}
