//! One schema brought to the canonical form, step by step: each step is one
//! rewrite of the 3.1 form (or a quirk) into what `openapiv3` reads.

use serde_json::{Map, Number, Value};

use super::{Notes, CHECKPOINT, KEPT_KEYWORD_PREFIX, TYPES_MARKER};
use crate::diag::{member as get, push_pointer, SCAN_MAX};

const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "title",
    "description",
    "default",
    "example",
    "enum",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "discriminator",
    "xml",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "$ref",
];

const USIZE_KEYS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// `map.get_mut(key)`.
fn get_mut<'m>(map: &'m mut Map<String, Value>, key: &str) -> Option<&'m mut Value> {
    if map.len() > SCAN_MAX {
        return map.get_mut(key);
    }
    map.iter_mut().find_map(|(k, v)| (k == key).then_some(v))
}

/// `map.contains_key(key)`.
fn has(map: &Map<String, Value>, key: &str) -> bool {
    get(map, key).is_some()
}

/// `map.shift_remove(key)`, which hashes only when the key is there.
fn take(map: &mut Map<String, Value>, key: &str) -> Option<Value> {
    if has(map, key) {
        map.shift_remove(key)
    } else {
        None
    }
}

/// Moves `key` to its kept-keyword extension (`x-specsmith-kw-<key>`), where
/// openapiv3 cannot hold its value; nothing when the key is absent.
fn keep_as_kept(map: &mut Map<String, Value>, key: &str) {
    if let Some(v) = take(map, key) {
        map.insert(format!("{KEPT_KEYWORD_PREFIX}{key}"), v);
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("type")
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() == 1 && a[0] == "null")
}

/// Normalises one schema object in place, then its subschemas.
pub(super) fn schema(v: &mut Value, p: &str, is_31: bool, notes: &mut Notes, depth: usize) {
    // Nesting is bounded by the parser; schema levels cannot exceed it.
    if depth > crate::load::yaml::MAX_DEPTH {
        return;
    }
    if depth > 0 && depth.is_multiple_of(CHECKPOINT) && v.is_object() {
        notes.deep_schemas.push(p.to_string());
    }
    let Value::Object(map) = v else {
        if let Value::Bool(b) = v {
            // JSON Schema booleans: `true` accepts anything, `false` nothing.
            *v = if *b {
                Value::Object(Map::new())
            } else {
                serde_json::json!({"not": {}})
            };
        }
        return;
    };
    wrap_ref_siblings(map);
    fold_annotation_parts(map);
    type_list(map);
    const_as_enum(map);
    extensible_enum(map);
    first_example(map);
    exclusive_bounds(map);
    null_alternatives(map);
    let ty = get(map, "type").and_then(Value::as_str).map(str::to_string);
    fit_numbers(map, ty.as_deref() == Some("integer"));
    stringify_enum_values(map, ty.as_deref());
    keep_misfits(map, p, notes);
    let _ = is_31;
    drop_unevaluated(map);
    keep_unknown_keywords(map);
    subschemas(map, p, is_31, notes, depth);
}

/// `$ref` with siblings: keep the siblings by wrapping the ref.
fn wrap_ref_siblings(map: &mut Map<String, Value>) {
    if has(map, "$ref") && map.len() > 1 {
        let r = take(map, "$ref").unwrap_or_default();
        let mut wrapped = Map::new();
        wrapped.insert("$ref".into(), r);
        let had_all_of = has(map, "allOf");
        if had_all_of {
            if let Some(Value::Array(all)) = get_mut(map, "allOf") {
                all.insert(0, Value::Object(wrapped));
            }
        } else {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(wrapped)]));
        }
    }
}

/// Keywords that describe a value without changing which values a schema
/// accepts or how it is typed.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
];

/// `allOf: [{$ref: X}, {description: …}]`, the 3.0 way of describing a
/// reference, is the reference with those annotations beside it: the
/// annotation-only parts move up, as [`wrap_ref_siblings`] keeps a `$ref`'s
/// siblings, so the schema is `X` and not a copy of `X` under another name.
/// Nothing moves when a part's annotation disagrees with one already there.
fn fold_annotation_parts(map: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = get(map, "allOf") else {
        return;
    };
    let is_ref = |p: &Value| p.get("$ref").is_some();
    let annotation_only = |p: &Value| {
        p.as_object()
            .is_some_and(|o| o.keys().all(|k| ANNOTATIONS.contains(&k.as_str())))
    };
    if parts.len() < 2
        || parts.iter().filter(|p| is_ref(p)).count() != 1
        || !parts.iter().all(|p| is_ref(p) || annotation_only(p))
    {
        return;
    }
    let mut moved = Map::new();
    for (k, v) in parts
        .iter()
        .filter_map(Value::as_object)
        .filter(|o| !o.contains_key("$ref"))
        .flatten()
    {
        match get(map, k).or(moved.get(k)) {
            Some(there) if there != v => return,
            Some(_) => {}
            None => {
                moved.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(Value::Array(parts)) = get_mut(map, "allOf") {
        parts.retain(is_ref);
    }
    map.extend(moved);
}

/// `type: [T, "null"]` → nullable T; a list of several primitive types is kept
/// for the lowering ([`TYPES_MARKER`]), any other list as a kept keyword.
fn type_list(map: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = get(map, "type") {
        let non_null: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        let has_null = non_null.len() != types.len();
        match non_null.len() {
            0 => {
                map.remove("type");
                map.insert("x-specsmith-null-type".into(), Value::Bool(true));
                map.insert("nullable".into(), Value::Bool(true));
            }
            1 => {
                map.insert("type".into(), non_null[0].clone());
            }
            _ => {
                map.remove("type");
                // A union of primitive types is lowered as one; any other list is kept.
                let primitive = non_null.iter().all(|t| {
                    matches!(
                        t.as_str(),
                        Some("string" | "integer" | "number" | "boolean")
                    )
                });
                let key = if primitive {
                    TYPES_MARKER.to_string()
                } else {
                    format!("{KEPT_KEYWORD_PREFIX}type")
                };
                map.insert(key, Value::Array(non_null));
            }
        }
        if has_null {
            map.insert("nullable".into(), Value::Bool(true));
        }
    } else if get(map, "type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("x-specsmith-null-type".into(), Value::Bool(true));
        map.insert("nullable".into(), Value::Bool(true));
    }
}

/// `const` → a one-value enum, marked so that it stays a const.
fn const_as_enum(map: &mut Map<String, Value>) {
    if let Some(c) = take(map, "const") {
        if !has(map, "enum") {
            map.insert("enum".into(), Value::Array(vec![c]));
            // Kept so the compat checker compares it as a const, not an open enum.
            map.insert("x-specsmith-const".into(), Value::Bool(true));
        }
    }
}

/// `x-extensible-enum` (a list of known values that may grow): the open
/// enum every generated reader already is.
fn extensible_enum(map: &mut Map<String, Value>) {
    if !has(map, "enum") {
        if let Some(Value::Array(values)) = get(map, "x-extensible-enum") {
            let values = values.clone();
            map.insert("enum".into(), Value::Array(values));
        }
    }
}

/// Schema `examples` (an array in 3.1): the first becomes `example`.
fn first_example(map: &mut Map<String, Value>) {
    if let Some(ex) = get(map, "examples").cloned() {
        if let Value::Array(items) = &ex {
            if !has(map, "example") {
                if let Some(first) = items.first() {
                    map.insert("example".into(), first.clone());
                }
            }
        }
        take(map, "examples");
        map.insert(format!("{KEPT_KEYWORD_PREFIX}examples"), ex);
    }
}

/// Numeric exclusive bounds (3.1) → 3.0 flags.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (ex_key, bound_key) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = get(map, ex_key).cloned() {
            map.insert(bound_key.into(), Value::Number(n));
            map.insert(ex_key.into(), Value::Bool(true));
        }
    }
}

/// oneOf/anyOf with a `null` alternative → nullable.
fn null_alternatives(map: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alts)) = get_mut(map, key) {
            let before = alts.len();
            alts.retain(|a| !is_null_schema(a));
            if alts.len() != before {
                let alts_left = alts.clone();
                map.insert("nullable".into(), Value::Bool(true));
                if let [only] = alts_left.as_slice() {
                    let only = only.clone();
                    take(map, key);
                    match get_mut(map, "allOf") {
                        Some(Value::Array(all)) => all.push(only),
                        _ => {
                            map.insert("allOf".into(), Value::Array(vec![only]));
                        }
                    }
                } else if alts_left.is_empty() {
                    take(map, key);
                }
            }
        }
    }
}

/// Numbers `openapiv3` reads as integers: whole bounds of an integer clamped,
/// fractional ones kept as keywords; lengths and counts that are not
/// unsigned integers made so or dropped; whole integer enum values clamped.
fn fit_numbers(map: &mut Map<String, Value>, is_integer: bool) {
    for key in ["minimum", "maximum", "multipleOf"] {
        if is_integer {
            if let Some(Value::Number(n)) = get(map, key) {
                if n.as_i64().is_none() {
                    let f = n.as_f64().unwrap_or(0.0);
                    if f.fract() == 0.0 || f.is_infinite() {
                        // `as` from a float saturates at the integer's bounds
                        // (NaN gives 0): it never wraps or panics.
                        let clamped = f.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
                        map.insert(key.into(), Value::Number(Number::from(clamped)));
                    } else {
                        keep_as_kept(map, key);
                    }
                }
            }
        }
    }
    for key in USIZE_KEYS {
        if let Some(Value::Number(n)) = get(map, key) {
            if n.as_u64().is_none() {
                let f = n.as_f64().unwrap_or(0.0);
                if f >= 0.0 && f.fract() == 0.0 {
                    // Saturates above u64::MAX, like every float-to-integer `as`.
                    map.insert((*key).into(), Value::Number(Number::from(f as u64)));
                } else {
                    take(map, key);
                }
            }
        }
    }
    if is_integer {
        if let Some(Value::Array(values)) = get_mut(map, "enum") {
            for item in values.iter_mut() {
                if let Value::Number(n) = item {
                    if n.as_i64().is_none() {
                        if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) {
                            *item = Value::Number(Number::from(
                                f.clamp(i64::MIN as f64, i64::MAX as f64) as i64,
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// `enum` values of the wrong type for `type: string` become strings; the
/// lint rule `invalid-type` reports them.
fn stringify_enum_values(map: &mut Map<String, Value>, ty: Option<&str>) {
    if ty == Some("string") {
        if let Some(Value::Array(values)) = get_mut(map, "enum") {
            for item in values.iter_mut() {
                if !(item.is_string() || item.is_null()) {
                    let text = match &*item {
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        other => other.to_string(),
                    };
                    *item = Value::String(text);
                }
            }
        }
    }
}

/// Values of a shape `openapiv3` cannot hold move to kept keywords; an
/// unknown `type` is reported too.
fn keep_misfits(map: &mut Map<String, Value>, p: &str, notes: &mut Notes) {
    if matches!(get(map, "required"), Some(v) if !v.is_array()) {
        keep_as_kept(map, "required");
    }
    if matches!(get(map, "items"), Some(Value::Array(_))) {
        keep_as_kept(map, "items");
    }
    for key in [
        "exclusiveMinimum",
        "exclusiveMaximum",
        "uniqueItems",
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
    ] {
        if matches!(get(map, key), Some(v) if !v.is_boolean()) {
            keep_as_kept(map, key);
        }
    }
    for key in ["title", "description", "pattern", "format"] {
        if matches!(get(map, key), Some(v) if !v.is_string()) {
            keep_as_kept(map, key);
        }
    }
    if let Some(t) = get(map, "type") {
        let known = matches!(
            t.as_str(),
            Some("string" | "number" | "integer" | "object" | "array" | "boolean")
        );
        if !known {
            notes.push((
                push_pointer(p, "type"),
                "invalid-type",
                format!("`type: {t}` is not a JSON Schema type; treated as untyped"),
            ));
            keep_as_kept(map, "type");
        }
    }
    if let Some(d) = get(map, "discriminator") {
        if !d.get("propertyName").is_some_and(Value::is_string) {
            keep_as_kept(map, "discriminator");
        }
    }
}

/// `unevaluatedProperties` / `unevaluatedItems` that cannot reject
/// anything: `true`, or beside `additionalProperties` / `items`, which
/// evaluate every property / item the other keywords leave.
fn drop_unevaluated(map: &mut Map<String, Value>) {
    for (key, covering) in [
        ("unevaluatedProperties", "additionalProperties"),
        ("unevaluatedItems", "items"),
    ] {
        if get(map, key) == Some(&Value::Bool(true)) || (has(map, key) && has(map, covering)) {
            take(map, key);
        }
    }
}

/// Keywords openapiv3 has no field for are kept as extensions.
fn keep_unknown_keywords(map: &mut Map<String, Value>) {
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !k.starts_with("x-") && !SCHEMA_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown {
        keep_as_kept(map, &k);
    }
}

/// Normalises the subschemas: properties, items, additionalProperties,
/// not, and the parts of allOf, anyOf and oneOf (dropped when not a list).
fn subschemas(map: &mut Map<String, Value>, p: &str, is_31: bool, notes: &mut Notes, depth: usize) {
    if let Some(Value::Object(props)) = get_mut(map, "properties") {
        let pp = push_pointer(p, "properties");
        for (name, sub) in props.iter_mut() {
            schema(sub, &push_pointer(&pp, name), is_31, notes, depth + 1);
        }
    } else if get(map, "properties").is_some_and(|v| !v.is_object()) {
        take(map, "properties");
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = get_mut(map, key) {
            if key == "additionalProperties" && sub.is_boolean() {
                continue;
            }
            schema(sub, &push_pointer(p, key), is_31, notes, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        match get_mut(map, key) {
            Some(Value::Array(subs)) => {
                let kp = push_pointer(p, key);
                for (i, sub) in subs.iter_mut().enumerate() {
                    schema(
                        sub,
                        &push_pointer(&kp, &i.to_string()),
                        is_31,
                        notes,
                        depth + 1,
                    );
                }
            }
            Some(_) => {
                take(map, key);
            }
            None => {}
        }
    }
}
