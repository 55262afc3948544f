//! `closed-schema-property-removed`: a closed schema that clients send
//! (`additionalProperties: false`) lost a property.

use serde_json::Value;

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::helpers::suggest_property_rename;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::sample;
use crate::compat::{Bump, Direction};
use crate::ir::{Additional, TypeRef};

pub static META: RuleMeta = RuleMeta {
    id: "closed-schema-property-removed",
    change: "property-removed",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a property was removed from a closed schema that clients send (`additionalProperties: false`)",
    explain: "The schema forbids properties it does not list, in the base and in the head. Old \
clients keep sending the removed property, and a server that validates requests against the new \
schema now refuses their requests (typically with a 400), so this breaks on the wire whatever the \
profile. The witness is an old request body that the new schema rejects.\n\nFix: keep the property \
(deprecated, ignored by the server), or open the schema before removing it. If it was renamed, \
declare it under `properties:` in the migration manifest with `alias: true` so the old name is \
still accepted.",
};

/// Is the pair sent by clients and closed in base and head? Then a removed
/// property is this rule's, not `request-property-removed`'s.
pub fn applies(p: &ObjectPair) -> bool {
    p.direction.has_request()
        && matches!(p.base.additional, Additional::Forbidden)
        && matches!(p.head.additional, Additional::Forbidden)
}

pub fn check(cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !applies(p) {
        return;
    }
    for f in p.removed.iter().filter(|f| !f.read_only) {
        // An old body: the base type's required properties plus the removed one.
        let mut body = sample(cx.base, &TypeRef::Named(p.base_type.name.clone()));
        if let Value::Object(m) = &mut body {
            m.insert(f.name.clone(), sample(cx.base, &f.ty));
        }
        let c = s.report(
            &META,
            Direction::Request,
            format!("{}.{}", p.base_type.name, f.name),
            Some(&f.loc),
            Some(&p.head_type.loc),
            format!(
                "`{}.{}` was removed from a schema with `additionalProperties: false`: old clients still send it, and the new schema rejects their requests",
                p.base_type.name, f.name
            ),
        );
        c.witness(body);
        if let Some(line) = suggest_property_rename(cx, p, f) {
            c.suggest(line);
        }
    }
}
