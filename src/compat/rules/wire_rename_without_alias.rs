//! `wire-rename-without-alias`: a declared rename that old clients see on the wire, with no alias.

use serde_json::json;

use crate::compat::engine::{Cx, RenameStatus, Sink};
use crate::compat::manifest::RenameKind;
use crate::compat::rules::helpers::parameter_on_wire;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "wire-rename-without-alias",
    change: "rename",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a property, path, query/header parameter or enum value was renamed with `alias: false`",
    explain: "Old clients send and expect the old name on the wire. Declaring the rename tells specsmith \
it is deliberate, but without an alias window the old name stops working at once.\n\nFix: set \
`alias: true` (and an `until` version) on the manifest entry so the server and SDKs accept the old \
name as a deprecated alias for a release.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames().iter().filter(|r| r.alias.is_none()) {
        let on_wire = match r.kind {
            RenameKind::Property | RenameKind::Path | RenameKind::EnumValue => true,
            RenameKind::Parameter => parameter_on_wire(cx.base, r),
            _ => false,
        };
        if !on_wire {
            continue;
        }
        if let RenameStatus::Applied { base, head } = cx.rename_status(r) {
            s.report(
                &META,
                Direction::Both,
                format!("{} {}", r.kind.section(), r.key()),
                Some(&base),
                Some(&head),
                format!(
                    "{} `{}` renamed to `{}` without an alias: old clients still use `{}`",
                    r.kind.noun(),
                    r.key(),
                    r.to,
                    r.from
                ),
            )
            .witness(json!({ r.kind.noun(): r.from }));
        }
    }
}
