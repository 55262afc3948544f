//! `stale-manifest-entry`: a manifest rename that the specs do not bear out.

use serde_json::json;

use crate::compat::engine::{Cx, RenameStatus, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "stale-manifest-entry",
    change: "manifest",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Patch,
    summary: "a manifest rename whose old name is not in the base, whose new name is not in the head, or whose old name is still there",
    explain: "A stale entry would make the emitters generate aliases for names that do not exist, or \
hide a real removal. It usually means the manifest was written for another pair of versions, or a \
rename was reverted.\n\nFix: correct the names (properties and enum values are keyed by the old \
schema name: `Schema.old: new`), or delete the entry.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames() {
        let (why, spec_base, spec_head) = match cx.rename_status(r) {
            RenameStatus::OldNotInBase => {
                let hint = crate::compat::suggest::hint(
                    crate::compat::suggest::did_you_mean(cx.base, r).as_deref(),
                );
                (
                    format!("`{}` is not in the base spec{hint}", r.key()),
                    None,
                    None,
                )
            }
            RenameStatus::NewNotInHead { base } => (
                format!("`{}` is not in the head spec", r.to),
                Some(base),
                None,
            ),
            RenameStatus::OldStillInHead { head, .. } => (
                format!("`{}` is still in the head spec, unchanged", r.from),
                None,
                Some(head),
            ),
            _ => continue,
        };
        let _ = spec_base;
        s.report(
            &META,
            Direction::Both,
            format!("manifest {} {}", r.kind.section(), r.key()),
            Some(&r.loc),
            spec_head.as_ref(),
            format!(
                "stale manifest entry `{}: {}` under `{}`: {why}",
                r.key(),
                r.to,
                r.kind.section()
            ),
        )
        .witness(json!({ r.kind.section(): { r.key(): r.to } }));
    }
}
