//! `response-property-removed`: a schema that clients receive lost a property.

use serde_json::json;

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::helpers::suggest_property_rename;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample;
use crate::compat::{Bump, Direction};

pub static META: RuleMeta = RuleMeta {
    id: "response-property-removed",
    change: "property-removed",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary: "a property was removed from a schema that clients receive",
    explain:
        "Old clients read the property: required, its absence fails decoding; optional, their \
code silently takes the 'absent' branch.\n\nFix: keep sending it (deprecated) until the next major \
version. If it was renamed, declare it under `properties:` in the migration manifest with \
`alias: true` and serve both names for the alias window.",
};

pub fn check(cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_response() {
        return;
    }
    for f in p.removed.iter().filter(|f| !f.write_only) {
        let c = s.report(
            &META,
            Direction::Response,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&f.loc),
            Some(&p.head_type.loc),
            format!(
                "`{}.{}` was removed: old clients expect it in responses",
                p.base_type.name, f.name
            ),
        );
        c.witness(json!({ f.name.clone(): sample(cx.base, &f.ty) }));
        if let Some(line) = suggest_property_rename(cx, p, f) {
            c.suggest(line);
        }
    }
}
