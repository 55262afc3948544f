//! `operation-removed-before-sunset`: a deprecated operation was removed before its sunset date.

use serde_json::json;

use crate::compat::deprecation::deprecated;
use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::{op_label, sunset_passed};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-removed-before-sunset",
    change: "operation-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a deprecated operation was removed before its sunset date (`x-sunset` or a `Sunset` header) passed",
    explain: "The operation was deprecated (`deprecated: true` or a `Deprecation` response header) \
with a sunset date (`x-sunset: YYYY-MM-DD`, or the example of a `Sunset` response header), and the \
date has not passed. The date is a promise to clients that the operation keeps working until then, \
so removing it earlier breaks clients that planned by it, as oasdiff also treats it.\n\nThe date is \
compared with the date given by `--today` (the CLI passes the current date); without a date a sunset \
never counts as passed. A deprecated operation with no sunset date is \
`deprecated-operation-removed-without-sunset`.\n\nFix: keep serving the operation until the sunset \
date.",
};

pub fn check(cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d
        .removed
        .iter()
        .filter(|o| deprecated(o) && !sunset_passed(cx, o))
    {
        let Some(day) = &op.sunset else { continue };
        let when = format!("before its sunset date {day}");
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
