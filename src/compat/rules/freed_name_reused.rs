//! `freed-name-reused`: a name freed by a rename came back with a different shape.

use serde_json::json;

use crate::compat::engine::{Cx, RenameStatus, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "freed-name-reused",
    change: "manifest",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a name freed by a declared rename is used again for something of another shape",
    explain:
        "Old clients still use the old name, and the manifest promises it stays served as an alias \
of the renamed thing. If the head spec gives the old name to something else, old clients silently \
get the wrong thing, and the emitters cannot generate the alias.\n\nFix: pick another name for the \
new thing until the alias window has closed.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames() {
        if let RenameStatus::FreedNameReused { base, head, .. } = cx.rename_status(r) {
            s.report(&META, Direction::Both, format!("manifest {} {}", r.kind.section(), r.key()), Some(&base), Some(&head), format!("{} `{}` was renamed to `{}`, but the head spec reuses `{}` for something of another shape", r.kind.noun(), r.key(), r.to, r.from))
                .witness(json!({ r.kind.noun(): r.from }));
        }
    }
}
