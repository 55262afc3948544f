//! `parameter-became-required`: an optional parameter is now required.

use serde_json::json;

use crate::compat::engine::{Cx, ParameterPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "parameter-became-required",
    change: "parameter-required",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "an optional parameter became required",
    explain:
        "Old clients that leave the parameter out are now rejected.\n\nFix: keep it optional and \
apply a default on the server.",
};

pub fn check(_cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    // The API sends a webhook's or callback's parameters: always sending one breaks no receiver.
    if p.op.outbound.is_some() {
        return;
    }
    if !p.base.required && p.head.required {
        s.report(
            &META,
            Direction::Request,
            format!("{} {} {}", p.op.id, p.base.location.as_str(), p.base.name),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "{}: {} parameter `{}` became required",
                op_label(p.op),
                p.base.location.as_str(),
                p.base.name
            ),
        )
        .witness(json!({ "request": op_label(p.op), p.base.location.as_str(): {} }));
    }
}
