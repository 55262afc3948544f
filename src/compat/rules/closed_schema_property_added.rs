//! `closed-schema-property-added`: a response schema with `additionalProperties: false` gained a property.

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, I, W};
use crate::compat::{Bump, Direction};
use crate::ir::Additional;

pub static META: RuleMeta = RuleMeta {
    id: "closed-schema-property-added",
    change: "property-added",
    levels: Levels { wire: I, codegen: I, strict: W },
    bump: Bump::Minor,
    summary: "a property was added to a closed response schema (`additionalProperties: false`)",
    explain: "The base schema promised that no other properties appear. Clients that validate \
responses against it (a JSON Schema validator, a generated model with `deny_unknown_fields`) reject \
the first response that carries the new property. Lenient clients are unaffected, so this is \
information under `wire` and `codegen` and a warning under `strict`.\n\nFix: tell strict consumers to \
update before the server starts sending the property, or make the property appear only after they \
have.",
};

pub fn check(_cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if !p.direction.has_response() || !matches!(p.base.additional, Additional::Forbidden) {
        return;
    }
    for f in p.added.iter().filter(|f| !f.write_only) {
        s.report(&META, Direction::Response, format!("{}.{}", p.base_type.name, f.name), Some(&p.base_type.loc), Some(&f.loc), format!("`{}.{}` was added to a schema with `additionalProperties: false`: strict validators of the old schema reject it", p.head_type.name, f.name));
    }
}
