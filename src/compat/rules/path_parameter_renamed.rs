//! `path-parameter-renamed`: a path parameter's name changed without a declared rename.

use serde_json::json;

use crate::compat::engine::{Cx, ParameterPair, Sink};
use crate::compat::manifest::RenameKind;
use crate::compat::rules::helpers::{manifest_line, op_label};
use crate::compat::rules::{Levels, RuleMeta, E, OFF};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "path-parameter-renamed",
    change: "rename",
    levels: Levels { wire: OFF, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a path parameter was renamed and the manifest does not declare it",
    explain: "Path parameters are positional on the wire, so the name change is invisible there; but \
SDKs name method arguments after them, so keyword-argument calls (`get(template_snapshot_id=...)`) \
break.\n\nFix: declare the rename under `parameters:` in the migration manifest (the emitters then keep \
the old argument name as a deprecated alias), or keep the old name.",
};

pub fn check(cx: &Cx, p: &ParameterPair, s: &mut Sink) {
    if p.base.name == p.head.name || p.rename.is_some() {
        return;
    }
    if cx
        .manifest
        .parameter(&p.op.id, &p.base.name)
        .is_some_and(|r| r.to == p.head.name)
    {
        return;
    }
    s.report(
        &META,
        Direction::Request,
        format!("parameter {}", p.base.name),
        Some(&p.base.loc),
        Some(&p.head.loc),
        format!(
            "{}: path parameter `{}` is now called `{}`",
            op_label(p.op),
            p.base.name,
            p.head.name
        ),
    )
    .witness(json!({ "parameter": p.base.name }))
    .suggest(manifest_line(
        RenameKind::Parameter,
        &p.base.name,
        &p.head.name,
    ));
}
