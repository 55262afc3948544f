//! `$id` and `$anchor` (OpenAPI 3.1): refs that name a schema by its id are
//! rewritten to the schema's local pointer before file refs are followed.

use std::collections::HashMap;

use serde_json::Value;

use super::is_data_key;
use crate::diag::push_pointer;

/// OpenAPI 3.1+ schemas may be named by `$id` (and a location in one by
/// `$anchor`), and referenced by that URI: `$ref: /schemas/tag`,
/// `$ref: /schemas/pet#details_id`. Such refs are rewritten to the local
/// pointer of the schema that declares the id, before file refs are followed,
/// so they are not mistaken for files. A relative ref is resolved against the
/// `$id` of the schema it sits in. Refs to ids the document does not declare
/// are left as they are (the bundler reports them).
pub fn resolve_schema_ids(doc: &mut Value) {
    let is_31 = doc
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| !v.starts_with("3.0") && !v.starts_with('2'));
    if !is_31 {
        return;
    }
    let mut ids = HashMap::new();
    collect_ids(doc, "", "", &mut ids, 0);
    if ids.is_empty() {
        return;
    }
    rewrite_id_refs(doc, "", "", &ids, 0);
}

/// `id` (no fragment) → pointer, and `id#anchor` → pointer.
fn collect_ids(
    v: &Value,
    pointer: &str,
    base: &str,
    ids: &mut HashMap<String, String>,
    depth: usize,
) {
    if depth > 512 {
        return;
    }
    match v {
        Value::Object(map) => {
            let (base, has_id) = object_base(map, base);
            if has_id {
                ids.entry(base.clone())
                    .or_insert_with(|| pointer.to_string());
            }
            if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                ids.entry(format!("{base}#{anchor}"))
                    .or_insert_with(|| pointer.to_string());
            }
            for (k, child) in map {
                if !is_data_key(k, pointer) && k != "$ref" {
                    collect_ids(child, &push_pointer(pointer, k), &base, ids, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                collect_ids(
                    child,
                    &push_pointer(pointer, &i.to_string()),
                    base,
                    ids,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// The base URI inside an object: its own `$id` resolved against the
/// enclosing `base`, or that base; and whether it has an `$id`.
fn object_base(map: &serde_json::Map<String, Value>, base: &str) -> (String, bool) {
    match map.get("$id").and_then(Value::as_str) {
        Some(id) => (resolve_uri(base, id.trim_end_matches('#')), true),
        None => (base.to_string(), false),
    }
}

fn rewrite_id_refs(
    v: &mut Value,
    pointer: &str,
    base: &str,
    ids: &HashMap<String, String>,
    depth: usize,
) {
    if depth > 512 {
        return;
    }
    match v {
        Value::Object(map) => {
            let (base, _) = object_base(map, base);
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if !r.starts_with('#') {
                    let (uri, frag) = r.split_once('#').unwrap_or((r.as_str(), ""));
                    let uri = resolve_uri(&base, uri);
                    let target = if frag.is_empty() || frag.starts_with('/') {
                        ids.get(&uri).map(|p| format!("#{p}{frag}"))
                    } else {
                        ids.get(&format!("{uri}#{frag}")).map(|p| format!("#{p}"))
                    };
                    if let Some(t) = target {
                        *r = t;
                    }
                }
            }
            for (k, child) in map.iter_mut() {
                if !is_data_key(k, pointer) && k != "$ref" {
                    let p = push_pointer(pointer, k);
                    rewrite_id_refs(child, &p, &base, ids, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter_mut().enumerate() {
                let p = push_pointer(pointer, &i.to_string());
                rewrite_id_refs(child, &p, base, ids, depth + 1);
            }
        }
        _ => {}
    }
}

/// `reference` resolved against `base` (RFC 3986, the cases ids use: an
/// absolute URI, an absolute path, or a path relative to the base's folder).
fn resolve_uri(base: &str, reference: &str) -> String {
    if reference.is_empty() {
        return base.to_string();
    }
    if reference.contains("://") || base.is_empty() {
        return reference.to_string();
    }
    // The base's scheme and authority, if any, then its path.
    let (origin, path) = match base.find("://") {
        Some(i) => {
            let after = &base[i + 3..];
            let end = after.find('/').map_or(base.len(), |j| i + 3 + j);
            (&base[..end], &base[end..])
        }
        None => ("", base),
    };
    if reference.starts_with('/') {
        return format!("{origin}{reference}");
    }
    let folder = path.rfind('/').map_or("", |i| &path[..=i]);
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{folder}{reference}");
    for seg in joined.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    format!("{origin}{}", parts.join("/"))
}

#[cfg(test)]
mod tests;
