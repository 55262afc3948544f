//! `parameter-moved`: a parameter moved between query, header, path and cookie.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::{flows, op_label};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "parameter-moved",
    change: "parameter-removed",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a parameter moved to another location (query, header, path, cookie)",
    explain:
        "Old clients send the parameter where it used to be; the server now looks elsewhere and \
does not find it.\n\nFix: accept it in both places for a release, or keep it where it was.",
};

pub fn check(_cx: &Cx, p: &OperationPair, s: &mut Sink) {
    for q in &p.params_removed {
        if let Some(a) = p
            .params_added
            .iter()
            .find(|a| a.name == q.name && a.location != q.location)
        {
            s.report(&META, flows(p.base).0, format!("{} {} {}", p.base.id, q.location.as_str(), q.name), Some(&q.loc), Some(&a.loc), format!("{}: parameter `{}` moved from {} to {}", op_label(p.base), q.name, q.location.as_str(), a.location.as_str()))
                .witness(json!({ "request": op_label(p.base), q.location.as_str(): { q.name.clone(): "text" } }));
        }
    }
}
