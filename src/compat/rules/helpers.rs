//! Helpers the rules share: names and renames, witnesses, enum and union
//! changes, the manifest lines rename suggestions print.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::compat::engine::*;
use crate::compat::manifest::{Rename, RenameKind};
use crate::compat::shape;
use crate::diag::Loc;
pub use crate::ir::directions::flows;
use crate::ir::{
    Api, EnumType, Field, NamedType, Operation, ParamLocation, Parameter, TypeKind, TypeOrigin,
    TypeRef,
};

/// `GET /sandboxes/{sandboxId}`, or `webhooks.newPet.post` for a request the API sends.
pub fn op_label(op: &Operation) -> String {
    op.label()
}

/// Where a name of a given kind is in an API (`scope` as in the manifest).
pub fn find_name(api: &Api, kind: RenameKind, scope: Option<&str>, name: &str) -> Option<Loc> {
    match kind {
        RenameKind::Schema => api
            .types
            .get(name)
            .filter(|t| matches!(t.origin, TypeOrigin::Component { .. }))
            .map(|t| t.loc.clone()),
        RenameKind::Property => match api.get(scope?).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o
                .fields
                .iter()
                .find(|f| f.name == name)
                .map(|f| f.loc.clone()),
            _ => None,
        },
        RenameKind::EnumValue => match api.get(scope?) {
            Some(
                t @ NamedType {
                    kind: TypeKind::Enum(e),
                    ..
                },
            ) => e
                .values
                .iter()
                .any(|v| v.as_text() == name)
                .then(|| t.loc.clone()),
            _ => None,
        },
        RenameKind::Path => api
            .operations
            .iter()
            .find(|o| {
                o.path == name
                    || (o.path.starts_with(name) && o.path[name.len()..].starts_with('/'))
            })
            .map(|o| o.loc.clone()),
        RenameKind::Operation => api
            .operations
            .iter()
            .find(|o| o.id == name)
            .map(|o| o.loc.clone()),
        RenameKind::Parameter => api
            .operations
            .iter()
            .filter(|o| scope.is_none_or(|s| o.id == s))
            .flat_map(|o| o.parameters.iter())
            .find(|p| p.name == name)
            .map(|p| p.loc.clone()),
        RenameKind::Tag => {
            let used = api.tags.iter().any(|t| t.name == name)
                || api
                    .operations
                    .iter()
                    .any(|o| o.tags.iter().any(|t| t == name));
            used.then(|| {
                api.operations
                    .iter()
                    .find(|o| o.tags.iter().any(|t| t == name))
                    .map(|o| o.loc.clone())
                    .unwrap_or_else(|| info_version_loc(api))
            })
        }
    }
}

/// The scope of a rename as named in head (a renamed schema's new name).
fn head_scope<'m>(cx: &'m Cx, r: &'m Rename) -> Option<&'m str> {
    match r.kind {
        RenameKind::Property | RenameKind::EnumValue => {
            r.scope.as_deref().map(|s| cx.head_schema_name(s))
        }
        RenameKind::Parameter => r.scope.as_deref().map(|s| {
            cx.manifest
                .operation_id(s)
                .map(|x| x.to.as_str())
                .unwrap_or(s)
        }),
        _ => None,
    }
}

fn same_shape(cx: &Cx, r: &Rename) -> bool {
    match r.kind {
        RenameKind::Schema => shape::similarity(cx.base, &r.from, cx.head, &r.from) >= 0.999,
        RenameKind::Property => {
            let (Some(bs), Some(hs)) = (r.scope.as_deref(), head_scope(cx, r)) else {
                return true;
            };
            let field = |api: &Api, s: &str| match api.get(s).map(|t| &t.kind) {
                Some(TypeKind::Object(o)) => o
                    .fields
                    .iter()
                    .find(|f| f.name == r.from)
                    .map(|f| shape::fingerprint(api, &f.ty)),
                _ => None,
            };
            field(cx.base, bs) == field(cx.head, hs)
        }
        RenameKind::Path => {
            let methods = |api: &Api| {
                api.operations
                    .iter()
                    .filter(|o| o.path == r.from)
                    .map(|o| o.method)
                    .collect::<BTreeSet<_>>()
            };
            methods(cx.base) == methods(cx.head)
        }
        _ => true,
    }
}

pub(crate) fn rename_status(cx: &Cx, r: &Rename) -> RenameStatus {
    let Some(base) = find_name(cx.base, r.kind, r.scope.as_deref(), &r.from) else {
        return RenameStatus::OldNotInBase;
    };
    let hs = head_scope(cx, r);
    let Some(new) = find_name(cx.head, r.kind, hs, &r.to) else {
        return RenameStatus::NewNotInHead { base };
    };
    // Prefix path renames: the old prefix may legitimately survive for other paths.
    let old_in_head = match r.kind {
        RenameKind::Path => cx
            .head
            .operations
            .iter()
            .find(|o| o.path == r.from)
            .map(|o| o.loc.clone()),
        RenameKind::Parameter => None,
        _ => find_name(cx.head, r.kind, hs, &r.from),
    };
    match old_in_head {
        None => RenameStatus::Applied { base, head: new },
        Some(head) if same_shape(cx, r) => RenameStatus::OldStillInHead { base, head },
        Some(head) => RenameStatus::FreedNameReused { base, head, new },
    }
}

/// Is this parameter rename visible on the wire (query, header or cookie)?
pub fn parameter_on_wire(api: &Api, r: &Rename) -> bool {
    api.operations
        .iter()
        .filter(|o| r.scope.as_deref().is_none_or(|s| o.id == s))
        .flat_map(|o| o.parameters.iter())
        .any(|p| p.name == r.from && p.location != ParamLocation::Path)
}

/// The manifest line declaring a rename, for suggestions.
pub fn manifest_line(kind: RenameKind, key: &str, to: &str) -> String {
    format!("{}:\n  {}: {}", kind.section(), yaml_key(key), yaml_key(to))
}

fn yaml_key(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !s.is_empty()
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// A witness for something an old client receives that is now missing or changed.
pub fn object_witness(field: &str, value: Value) -> Value {
    json!({ field: value })
}

/// Has an operation's sunset date (`x-sunset` or a `Sunset` header) passed (by `--today`)?
pub fn sunset_passed(cx: &Cx, op: &Operation) -> bool {
    let (Some(today), Some(day)) = (cx.today, op.sunset.as_deref()) else {
        return false;
    };
    day < today
}

/// A witness for a value at a dotted place: `{"state": value}` for `Sandbox.state`.
pub fn value_witness(subject: &str, v: Value) -> Value {
    let last = subject
        .rsplit(['.', ' '])
        .next()
        .unwrap_or(subject)
        .trim_end_matches("[]")
        .trim_end_matches("{}");
    if subject.contains('.')
        && !last.is_empty()
        && !subject.ends_with("[]")
        && !subject.ends_with("{}")
    {
        json!({ last: v })
    } else if subject.ends_with("[]") {
        json!([v])
    } else {
        v
    }
}

/// A small payload of a base object type (its required properties).
pub fn base_sample(cx: &Cx, t: &NamedType) -> Value {
    shape::sample(cx.base, &TypeRef::Named(t.name.clone()))
}

/// Enum values removed and added, after declared value renames.
/// The values removed from and added to an enum pair, by text, with declared
/// value renames applied. Computed once per pair; the rules read it from there.
pub fn enum_changes<'a>(
    p: &EnumPair<'a>,
) -> (Vec<&'a crate::ir::EnumValue>, Vec<&'a crate::ir::EnumValue>) {
    (p.removed.clone(), p.added.clone())
}

pub(crate) fn enum_value_changes<'a>(
    cx: &Cx,
    base_type: &NamedType,
    base: &'a EnumType,
    head: &'a EnumType,
) -> (Vec<&'a crate::ir::EnumValue>, Vec<&'a crate::ir::EnumValue>) {
    let head_texts: Vec<String> = head.values.iter().map(|h| h.as_text()).collect();
    let mut expected = vec![false; head.values.len()];
    let mut removed = Vec::new();
    for v in &base.values {
        let text = v.as_text();
        let renamed = cx.manifest.enum_value(&base_type.name, &text);
        let want = renamed.map(|r| r.to.as_str()).unwrap_or(&text);
        let mut found = false;
        for (i, h) in head_texts.iter().enumerate() {
            if h == want {
                expected[i] = true;
                found = true;
            }
        }
        if !found {
            removed.push(v);
        }
    }
    let added = head
        .values
        .iter()
        .zip(&expected)
        .filter(|(_, e)| !**e)
        .map(|(h, _)| h)
        .collect();
    (removed, added)
}

fn variant_key(api: &Api, t: &TypeRef, rename: impl Fn(&str) -> String) -> String {
    match t.non_null() {
        TypeRef::Named(n)
            if matches!(
                api.get(n).map(|t| &t.origin),
                Some(TypeOrigin::Component { .. })
            ) =>
        {
            format!("`{}`", rename(n))
        }
        other => format!("`{}`", shape::fingerprint(api, other)),
    }
}

/// Union variants removed and added (named variants through schema renames).
pub fn union_changes(cx: &Cx, p: &UnionPair) -> (Vec<String>, Vec<String>) {
    let b: BTreeSet<String> = p
        .base
        .variants
        .iter()
        .map(|v| variant_key(cx.base, v, |n| cx.head_schema_name(n).to_string()))
        .collect();
    let h: BTreeSet<String> = p
        .head
        .variants
        .iter()
        .map(|v| variant_key(cx.head, v, str::to_string))
        .collect();
    (
        b.difference(&h).cloned().collect(),
        h.difference(&b).cloned().collect(),
    )
}

/// The suggested manifest line for a removed name of a kind (`scope`: the
/// old schema of a property, the old operationId of a parameter).
fn suggested_line(cx: &Cx, kind: RenameKind, scope: Option<&str>, name: &str) -> Option<String> {
    cx.suggestions
        .iter()
        .find(|s| {
            s.kind == kind && s.from == name && (s.scope.is_none() || s.scope.as_deref() == scope)
        })
        .map(|s| s.line())
}

/// For a removed component schema: the suggested schema rename, if any.
pub fn suggest_schema_rename(cx: &Cx, name: &str) -> Option<String> {
    suggested_line(cx, RenameKind::Schema, None, name)
}

/// For a removed property: the suggested property rename, if any.
pub fn suggest_property_rename(cx: &Cx, p: &ObjectPair, f: &Field) -> Option<String> {
    suggested_line(cx, RenameKind::Property, Some(&p.base_type.name), &f.name)
}

/// For a removed parameter: the suggested parameter rename, if any.
pub fn suggest_parameter_rename(cx: &Cx, p: &OperationPair, q: &Parameter) -> Option<String> {
    suggested_line(cx, RenameKind::Parameter, Some(&p.base.id), &q.name)
}

/// For a removed operation: the suggested path rename, if any.
pub fn suggest_path_rename(cx: &Cx, op: &Operation) -> Option<String> {
    suggested_line(cx, RenameKind::Path, None, &op.path)
}
