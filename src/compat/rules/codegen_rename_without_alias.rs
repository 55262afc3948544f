//! `codegen-rename-without-alias`: a declared rename that breaks generated code, with no alias.

use serde_json::json;

use crate::compat::engine::{Cx, RenameStatus, Sink};
use crate::compat::manifest::RenameKind;
use crate::compat::rules::helpers::parameter_on_wire;
use crate::compat::rules::{Levels, RuleMeta, E, OFF};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "codegen-rename-without-alias",
    change: "rename",
    levels: Levels { wire: OFF, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a schema, operationId or path parameter was renamed with `alias: false`",
    explain: "The wire does not see these names, but SDK code does: types, methods and arguments are \
named after them. Without an alias the emitters generate no deprecated type alias or method, so code \
using the old name stops compiling.\n\nFix: set `alias: true` on the manifest entry, or accept a \
major version bump.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames().iter().filter(|r| r.alias.is_none()) {
        let codegen_only = match r.kind {
            RenameKind::Schema | RenameKind::Operation => true,
            RenameKind::Parameter => !parameter_on_wire(cx.base, r),
            _ => false,
        };
        if !codegen_only {
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
                    "{} `{}` renamed to `{}` without an alias: SDK code naming `{}` breaks",
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
