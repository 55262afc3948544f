//! `additional-properties-narrowed`: a request schema now forbids extra properties.

use serde_json::json;

use crate::compat::engine::{Cx, ObjectPair, Sink};
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::{Bump, Direction};
use crate::ir::Additional;

pub static META: RuleMeta = RuleMeta {
    id: "additional-properties-narrowed",
    change: "additional-properties",
    levels: Levels { wire: E, codegen: E, strict: E },
    bump: Bump::Major,
    summary: "a schema that clients send now forbids properties it did not list (`additionalProperties: false`)",
    explain: "Old clients may send properties the schema did not list (it allowed them); the server now \
rejects such requests.\n\nFix: keep allowing extra properties in requests, and ignore them on the server.",
};

pub fn check(_cx: &Cx, p: &ObjectPair, s: &mut Sink) {
    if p.direction.has_request()
        && !matches!(p.base.additional, Additional::Forbidden)
        && matches!(p.head.additional, Additional::Forbidden)
    {
        s.report(&META, Direction::Request, p.base_type.name.clone(), Some(&p.base_type.loc), Some(&p.head_type.loc), format!("`{}` now forbids additional properties: requests with extra properties are rejected", p.head_type.name))
            .witness(json!({ "x-extra": "text" }));
    }
}
