//! Vectors for the renames of a migration manifest: payloads with the old
//! names that must decode into the new types.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::values::{Fill, Gen};
use super::{Vector, TAG_RENAME, TAG_RENAME_OPEN_ENUM, TAG_RENAME_TYPE};
use crate::compat::manifest::{Manifest, RenameKind};
use crate::ir::{Api, TypeKind, TypeRef};

/// Vectors for the renames a migration manifest declares: payloads that use
/// the old wire names (properties, enum values) or the old type names, which
/// the models must decode into the new types and encode with the new names.
/// Renames whose new name the API does not have are skipped.
pub fn renames(api: &Api, manifest: &Manifest) -> Vec<Vector> {
    let schema_to: BTreeMap<&str, &str> = manifest
        .schema_renames()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let new_type = |old: &str| -> String { schema_to.get(old).copied().unwrap_or(old).to_string() };
    let dirs = api.directions();
    let ranks = api.finite_ranks();
    let mut out = Vec::new();
    for r in manifest.renames() {
        let scope = r.scope.as_deref().map(&new_type);
        match r.kind {
            RenameKind::Schema => {
                let Some(t) = api.get(&r.to) else { continue };
                let g = Gen {
                    api,
                    dirs,
                    recursive: false,
                    ranks,
                };
                let value = g.sample(&TypeRef::Named(t.name.clone()), Fill::Minimal, 0);
                out.push(Vector {
                    id: format!("{}/renamed-type-{}", t.name, r.from),
                    type_name: r.from.clone(),
                    accept: true,
                    value,
                    expect: None,
                    note: format!("decoded through the old type name `{}`", r.from),
                    tags: vec![TAG_RENAME.into(), TAG_RENAME_TYPE.into()],
                });
            }
            RenameKind::Property => {
                let Some(name) = scope else { continue };
                let Some(TypeKind::Object(o)) = api.get(&name).map(|t| &t.kind) else {
                    continue;
                };
                let Some(to) = o.fields.iter().find(|f| f.name == r.to) else {
                    continue;
                };
                if o.fields.iter().any(|f| f.name == r.from) {
                    continue;
                }
                let g = Gen {
                    api,
                    dirs,
                    recursive: false,
                    ranks,
                };
                let mut expect = g.object(&name, Fill::Minimal, 0);
                if expect.get(&r.to).is_none() {
                    expect[&r.to] = g.sample(&to.ty, Fill::Minimal, 1);
                }
                let value = rename_key(&expect, &r.to, &r.from);
                out.push(Vector {
                    id: format!("{name}/renamed-property-{}", r.from),
                    type_name: name.clone(),
                    accept: true,
                    value,
                    expect: Some(expect),
                    note: format!("the old property name `{}` decodes as `{}`", r.from, r.to),
                    tags: vec![TAG_RENAME.into()],
                });
            }
            RenameKind::EnumValue => {
                let Some(name) = scope else { continue };
                let Some(TypeKind::Enum(e)) = api.get(&name).map(|t| &t.kind) else {
                    continue;
                };
                let Some(new) = e.values.iter().find(|v| v.as_text() == r.to) else {
                    continue;
                };
                let old = match &new.value {
                    Value::Number(_) => match r.from.parse::<i64>() {
                        Ok(n) => json!(n),
                        Err(_) => continue,
                    },
                    _ => json!(r.from),
                };
                let mut tags = vec![TAG_RENAME.to_string()];
                if e.open {
                    tags.push(TAG_RENAME_OPEN_ENUM.into());
                }
                out.push(Vector {
                    id: format!("{name}/renamed-value-{}", r.from),
                    type_name: name.clone(),
                    accept: true,
                    value: old.clone(),
                    expect: Some(new.value.clone()),
                    note: format!("the old value `{}` decodes as `{}`", r.from, r.to),
                    tags: tags.clone(),
                });
                // The old value inside every object that holds the enum directly.
                for t in api.types.values() {
                    let TypeKind::Object(o) = &t.kind else {
                        continue;
                    };
                    let g = Gen {
                        api,
                        dirs,
                        recursive: false,
                        ranks,
                    };
                    for f in &o.fields {
                        if !matches!(f.ty.non_null(), TypeRef::Named(n) if *n == name) {
                            continue;
                        }
                        let mut expect = g.object(&t.name, Fill::Minimal, 0);
                        expect[&f.name] = new.value.clone();
                        let mut value = expect.clone();
                        value[&f.name] = old.clone();
                        out.push(Vector {
                            id: format!("{}/{}-renamed-value-{}", t.name, f.name, r.from),
                            type_name: t.name.clone(),
                            accept: true,
                            value,
                            expect: Some(expect),
                            note: format!(
                                "the old value `{}` of `{}` decodes as `{}`",
                                r.from, f.name, r.to
                            ),
                            tags: tags.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `value` with the key `from` renamed to `to`, in the same position.
fn rename_key(value: &Value, from: &str, to: &str) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    (
                        if k == from { to.to_string() } else { k.clone() },
                        v.clone(),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}
