//! `rename-declared`: a rename the manifest declares, applied, with old names served as aliases.

use crate::compat::engine::{Cx, RenameStatus, Sink};
use crate::compat::rules::{Levels, RuleMeta, I};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "rename-declared",
    change: "rename",
    levels: Levels {
        wire: I,
        codegen: I,
        strict: I,
    },
    bump: Bump::Minor,
    summary:
        "a declared rename was applied (old name served as a deprecated alias where it matters)",
    explain:
        "The migration manifest declares the rename and the specs agree: the old name is gone from \
the head spec and the new one is there. The renamed pair's contents are still compared like any \
other pair, so a change hidden in a rename is reported on its own.\n\nWith `alias: true` (the \
default) the emitters keep the old name working for the alias window: old wire names accepted on \
decode, a deprecated type alias, the old path routed to the new handler. Without it, renames that \
old clients see are reported by `wire-rename-without-alias` or `codegen-rename-without-alias`.\n\n\
Nothing to do beyond a minor version bump; remove the alias after its `until` version.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames() {
        if let RenameStatus::Applied { base, head } = cx.rename_status(r) {
            let window = match &r.alias {
                Some(a) => format!(
                    ", old name served as a deprecated alias{}",
                    a.until
                        .as_deref()
                        .map(|u| format!(" until {u}"))
                        .unwrap_or_default()
                ),
                None => String::new(),
            };
            s.report(
                &META,
                Direction::Both,
                format!("{} {}", r.kind.section(), r.key()),
                Some(&base),
                Some(&head),
                format!(
                    "{} `{}` renamed to `{}`{window}",
                    r.kind.noun(),
                    r.key(),
                    r.to
                ),
            );
        }
    }
}
