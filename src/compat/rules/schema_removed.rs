//! `schema-removed`: a component schema is gone and no declared rename accounts for it.

use serde_json::json;

use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::helpers::suggest_schema_rename;
use crate::compat::rules::{Levels, RuleMeta, E, OFF};
use crate::compat::Bump;
use crate::ir::TypeOrigin;

pub static META: RuleMeta = RuleMeta {
    id: "schema-removed",
    change: "schema-removed",
    levels: Levels { wire: OFF, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a component schema was removed (or renamed without a manifest entry)",
    explain: "Generated SDKs export a type per component schema; code that names the type stops \
compiling. The wire does not see schema names, so `wire` does not report it (what the schema held is \
compared wherever it was used).\n\nWhen a new schema of nearly the same shape appeared, the finding \
suggests the rename line for the migration manifest; specsmith never applies it on its own.\n\nFix: \
keep the schema, or declare the rename under `schemas:` with `alias: true` so the emitters keep a \
deprecated type alias.",
};

pub fn check(cx: &Cx, s: &mut Sink) {
    for (name, t) in &cx.base.types {
        if !matches!(t.origin, TypeOrigin::Component { .. })
            || cx.head.types.contains_key(name)
            || cx.manifest.schema(name).is_some()
        {
            continue;
        }
        let c = s.report(
            &META,
            cx.base_direction(name),
            format!("schema {name}"),
            Some(&t.loc),
            None,
            format!("schema `{name}` was removed: SDK code that names the type breaks"),
        );
        c.witness(json!({ "schema": name }));
        if let Some(line) = suggest_schema_rename(cx, name) {
            c.suggest(line);
        }
    }
}
