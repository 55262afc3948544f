//! `union-members-overlap`: an object became a `oneOf` that old values match more than once.

use serde_json::Value;

use crate::compat::engine::{Cx, Sink, ValuePair};
use crate::compat::rules::helpers::value_witness;
use crate::compat::rules::{Levels, RuleMeta, E};
use crate::compat::shape::{resolve, sample, Kind};
use crate::compat::Bump;
use crate::ir::{Additional, Api, TypeKind, TypeRef, UnionKind};

pub static META: RuleMeta = RuleMeta {
    id: "union-members-overlap",
    change: "union-exclusivity",
    levels: Levels {
        wire: E,
        codegen: E,
        strict: E,
    },
    bump: Bump::Major,
    summary:
        "an object became a `oneOf` (without a discriminator) that old values match more than once",
    explain:
        "`oneOf` requires a value to match exactly one member. When an object type is replaced by \
a `oneOf` whose members overlap (members whose required properties an old value already has, and \
that do not forbid its other properties), a value that was valid before matches two members and is \
rejected by validating servers; generated SDKs cannot tell which member to decode. The witness is \
such an old value.\n\nFix: make the members exclusive (a discriminator, disjoint `required` \
properties, `additionalProperties: false`), or use `anyOf`.",
};

/// Does an object value match this member, by its required properties and
/// whether it forbids others? (Types of the property values are not checked.)
fn member_accepts(api: &Api, member: &TypeRef, v: &Value) -> bool {
    let Value::Object(m) = v else { return false };
    let Kind::Object(name) = resolve(api, member).kind else {
        return false;
    };
    let Some(TypeKind::Object(o)) = api.get(name).map(|t| &t.kind) else {
        return false;
    };
    let required_present = o
        .fields
        .iter()
        .filter(|f| f.required)
        .all(|f| m.contains_key(&f.name));
    let closed = matches!(o.additional, Additional::Forbidden);
    let no_extras = !closed || m.keys().all(|k| o.fields.iter().any(|f| &f.name == k));
    required_present && no_extras
}

pub fn check(cx: &Cx, v: &ValuePair, s: &mut Sink) {
    let (b, h) = (resolve(cx.base, v.base), resolve(cx.head, v.head));
    let (Kind::Object(_), Kind::Union(u)) = (&b.kind, &h.kind) else {
        return;
    };
    let Some(TypeKind::Union(union)) = cx.head.get(u).map(|t| &t.kind) else {
        return;
    };
    if union.kind != UnionKind::OneOf || union.discriminator.is_some() {
        return;
    }
    let old = sample(cx.base, v.base);
    let matches = union
        .variants
        .iter()
        .filter(|m| member_accepts(cx.head, m, &old))
        .count();
    if matches >= 2 {
        s.report(
            &META,
            v.direction,
            v.subject.clone(),
            Some(v.base_loc),
            Some(v.head_loc),
            format!(
                "`{}` became the oneOf `{u}`, and an old value matches {matches} of its members: oneOf rejects it",
                v.subject
            ),
        )
        .witness(value_witness(&v.subject, old));
    }
}
