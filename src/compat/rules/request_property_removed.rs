//! `request-property-removed`: a schema that clients send lost a property.

use serde_json::json;

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::helpers::suggest_property_rename;
use crate::compat::rules::{Levels, RuleMeta, E, W};
use crate::compat::shape::sample;
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "request-property-removed",
    change: "property-removed",
    levels: Levels { wire: W, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a property was removed from a schema that clients send",
    explain: "Old clients keep sending the property. A lenient server ignores it, so what it meant is \
silently lost, so this is a warning under `wire`. (When the schema is closed, `additionalProperties: \
false` in base and head, the server rejects those requests: that is `closed-schema-property-removed`, \
an error under every profile.) Generated SDK models lose the field, so code that sets it stops \
compiling.\n\nFix: keep the property (deprecated). If it \
was renamed, declare it under `properties:` in the migration manifest with `alias: true` so old \
names are still accepted on decode.",
};

pub fn check(cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_request() || super::closed_schema_property_removed::applies(p) {
        return;
    }
    for f in p.removed.iter().filter(|f| !f.read_only) {
        let c = s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&f.loc),
            Some(&p.head_type.loc),
            format!(
                "`{}.{}` was removed: old clients still send it",
                p.base_type.name, f.name
            ),
        );
        c.witness(json!({ f.name.clone(): sample(cx.base, &f.ty) }));
        if let Some(line) = suggest_property_rename(cx, p, f) {
            c.suggest(line);
        }
    }
}
