//! `security-requirement-added`: an operation demands credentials it did not before.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::rules::helpers::op_label;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};
use crate::ir::SecurityRequirement;

pub static META: RuleMeta = RuleMeta {
    id: "security-requirement-added",
    change: "security",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "an operation's security became stricter (a scheme or scope added, or security where there was none)",
    explain: "Security requirements are alternatives, each a set of schemes with scopes. A client that \
satisfied one of the old alternatives must satisfy one of the new ones with the same credentials; if \
a new alternative needs an extra scheme or scope, or an open operation now needs credentials, old \
clients get `401` or `403`.\n\nFix: keep an alternative that old clients satisfy, or roll the \
requirement out in a new major version.",
};

fn satisfied_by(old: &SecurityRequirement, new: &[SecurityRequirement]) -> bool {
    new.iter().any(|n| {
        n.schemes.iter().all(|(scheme, scopes)| {
            old.schemes
                .get(scheme)
                .is_some_and(|have| scopes.iter().all(|s| have.contains(s)))
        })
    })
}

pub fn check(cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // A webhook's or callback's security is what the API presents to the subscriber.
    if p.base.outbound.is_some() {
        return;
    }
    let old = p.base.effective_security(cx.base);
    let new = p.head.effective_security(cx.head);
    let open = SecurityRequirement::default();
    let old_alts: Vec<&SecurityRequirement> = if old.is_empty() {
        vec![&open]
    } else {
        old.iter().collect()
    };
    if new.is_empty() {
        return;
    }
    if let Some(lost) = old_alts.iter().find(|o| !satisfied_by(o, new)) {
        let had: Vec<&str> = lost.schemes.keys().map(String::as_str).collect();
        let had = if had.is_empty() {
            "no credentials".to_string()
        } else {
            had.join(" + ")
        };
        s.report(
            &META,
            Direction::Request,
            format!("{} security", p.base.id),
            Some(&p.base.loc),
            Some(&p.head.loc),
            format!(
                "{}: clients authenticated with {had} no longer satisfy the operation's security",
                op_label(p.head)
            ),
        )
        .witness(json!({ "request": op_label(p.base), "credentials": had }));
    }
}
