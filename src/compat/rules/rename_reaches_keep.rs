//! `rename-reaches-keep`: a declared rename touches something the manifest says to keep.

use serde_json::json;

use crate::compat::engine::Cx;
use crate::compat::engine::Sink;
use crate::compat::manifest::{Keep, Rename, RenameKind};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "rename-reaches-keep",
    change: "manifest",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a rename touches a name listed under `keep`",
    explain: "`keep` lists names that must not change (here: the backup snapshot surface, which shares \
a word with the renamed template snapshots). A rename of a kept schema, of a property or enum value \
inside one, of a kept path or of a path prefix above one is refused.\n\nFix: remove the rename, or \
remove the name from `keep` if it really must change.",
};

fn reached<'m>(cx: &'m Cx, r: &Rename) -> Option<&'m Keep> {
    let m = cx.manifest;
    let direct = match r.kind {
        RenameKind::Property | RenameKind::EnumValue => {
            let scope = r.scope.as_deref().unwrap_or_default();
            m.kept(&format!("{scope}.{}", r.from))
                .or_else(|| m.kept(&format!("{scope}.{}", r.to)))
        }
        _ => m.kept(&r.from).or_else(|| m.kept(&r.to)),
    };
    direct.or_else(|| match r.kind {
        // A path prefix rename reaches kept paths below it.
        RenameKind::Path => m
            .keep()
            .iter()
            .find(|k| k.name.starts_with(&r.from) && k.name[r.from.len()..].starts_with('/')),
        _ => None,
    })
}

pub fn check(cx: &Cx, s: &mut Sink) {
    for r in cx.manifest.renames() {
        if let Some(k) = reached(cx, r) {
            s.report(
                &META,
                Direction::Both,
                format!("manifest {} {}", r.kind.section(), r.key()),
                Some(&r.loc),
                Some(&k.loc),
                format!(
                    "the rename of {} `{}` to `{}` reaches `{}`, which is declared `keep`",
                    r.kind.noun(),
                    r.key(),
                    r.to,
                    k.name
                ),
            )
            .witness(json!({ r.kind.noun(): r.from }));
        }
    }
}
