//! `parameter-removed`: an operation lost a parameter.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label, suggest_parameter_rename};
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "parameter-removed",
    change: "parameter-removed",
    levels: Levels { wire: W, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a parameter was removed from an operation",
    explain: "On the wire, old clients keep sending the parameter; most servers ignore it, but its \
effect (a filter, a page size) silently disappears. Generated SDKs drop the argument, so code that \
passes it stops compiling.\n\nFix: keep the parameter (deprecated) until the next major version. If it \
was renamed, declare it under `parameters:` in the migration manifest.",
};

pub fn check(cx: &Cx, p: &OperationPair, s: &mut Sink) {
    for q in &p.params_removed {
        let moved = p
            .params_added
            .iter()
            .any(|a| a.name == q.name && a.location != q.location);
        if moved {
            continue;
        }
        let c = s.report(
            &META,
            flows(p.base).0,
            format!("{} {} {}", p.base.id, q.location.as_str(), q.name),
            Some(&q.loc),
            Some(&p.head.loc),
            format!(
                "{} no longer {} the {} parameter `{}`",
                op_label(p.base),
                if p.base.outbound.is_some() {
                    "sends"
                } else {
                    "takes"
                },
                q.location.as_str(),
                q.name
            ),
        );
        c.witness(
            json!({ "request": op_label(p.base), q.location.as_str(): { q.name.clone(): "text" } }),
        );
        if let Some(line) = suggest_parameter_rename(cx, p, q) {
            c.suggest(line);
        }
    }
}
