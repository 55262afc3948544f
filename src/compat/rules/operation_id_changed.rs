//! `operation-id-changed`: an operation's id changed without a declared rename.

use serde_json::json;

use crate::compat::engine::{Cx, OperationPair, Sink};
use crate::compat::manifest::RenameKind;
use crate::compat::rules::helpers::manifest_line;
use crate::compat::rules::{Levels, RuleMeta, E, OFF};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "operation-id-changed",
    change: "operation-id",
    levels: Levels { wire: OFF, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "an operationId changed and the manifest does not declare it",
    explain: "The wire does not see operationIds, but SDK generators name methods after them: code \
calling `getTemplateSnapshot()` stops compiling when it becomes `getBoxTemplate()`.\n\nFix: keep the \
old id, or declare the rename under `operations:` in the migration manifest with `alias: true` so the \
emitters keep a deprecated method under the old name.",
};

pub fn check(cx: &Cx, p: &OperationPair, s: &mut Sink) {
    // No SDK method is generated from a webhook's or callback's operationId.
    if p.base.outbound.is_some() {
        return;
    }
    let (b, h) = (p.base, p.head);
    if b.id == h.id || b.id_synthesized || h.id_synthesized {
        return;
    }
    if cx
        .manifest
        .operation_id(&b.id)
        .is_some_and(|r| r.to == h.id)
    {
        return;
    }
    s.report(
        &META,
        Direction::Both,
        format!("operation {}", b.id),
        Some(&b.loc),
        Some(&h.loc),
        format!(
            "operationId `{}` became `{}`: generated SDK methods change name",
            b.id, h.id
        ),
    )
    .witness(json!({ "operationId": b.id }))
    .suggest(manifest_line(RenameKind::Operation, &b.id, &h.id));
}
