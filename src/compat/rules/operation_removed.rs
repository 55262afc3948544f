//! `operation-removed`: an operation that was never deprecated is gone.

use serde_json::json;

use crate::compat::deprecation::{deprecated, unstable};
use crate::compat::engine::{Cx, OperationsDiff, Sink};
use crate::compat::rules::helpers::{op_label, suggest_path_rename};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-removed",
    change: "operation-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "an operation that was never deprecated was removed",
    explain: "Every client that calls the operation gets `404 Not Found` or `405 Method Not Allowed` \
after the change, and generated SDKs lose the method.\n\nAn operation is matched by method and path \
(path parameter names do not matter, declared path renames are applied).\n\nFix: keep the operation, \
or deprecate it first (`deprecated: true` and an `x-sunset: YYYY-MM-DD` date) and remove it after the \
sunset. If the path was renamed, declare it under `paths:` in the migration manifest and keep the old \
path served as an alias.",
};

pub fn check(cx: &Cx, d: &OperationsDiff, s: &mut Sink) {
    for op in d.removed.iter().filter(|o| !deprecated(o) && !unstable(o)) {
        let c = s.report(&META, Direction::Both, op_label(op), Some(&op.loc), None, format!("{} (`{}`) was removed without being deprecated first: clients that call it now fail", op_label(op), op.id));
        c.witness(json!({ "request": op_label(op) }));
        if let Some(line) = suggest_path_rename(cx, op) {
            c.suggest(line);
        }
    }
}
