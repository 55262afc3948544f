//! Brings OpenAPI 3.1 (and quirky 3.0) documents to the one canonical form that
//! `openapiv3` reads: `type: [T, "null"]` → nullable T, `const` → one-value
//! enum, numeric exclusive bounds → 3.0 flags, `$ref` siblings kept through a
//! one-element `allOf`, out-of-range numbers clamped, and JSON Schema keywords
//! that `openapiv3` has no place for kept as `x-specsmith-kw-*` extensions.

use serde_json::{Map, Number, Value};

use crate::diag::push_pointer;

/// What the normaliser found out on its way.
#[derive(Default)]
pub struct Notes {
    /// (pointer, rule id, message) for things the normaliser changed in a way
    /// a user should know about.
    pub changes: Vec<(String, &'static str, String)>,
    /// Schemas nested a multiple of [`CHECKPOINT`] levels below their
    /// outermost schema, each listed before the schemas inside it.
    pub deep_schemas: Vec<String>,
}

impl Notes {
    fn push(&mut self, change: (String, &'static str, String)) {
        self.changes.push(change)
    }
}

/// Every this many levels of schema nesting, a schema is one the loader
/// reads on its own before the whole document (see [`Notes::deep_schemas`]):
/// a schema that does not fit costs `openapiv3` time exponential in how far
/// below the node being read the misfit lies, and reading the deep ones first,
/// innermost first, keeps that distance below this.
pub const CHECKPOINT: usize = 6;

/// Prefix under which unsupported JSON Schema keywords are kept.
pub const KEPT_KEYWORD_PREFIX: &str = "x-specsmith-kw-";

/// Where a `type` list of several primitive types (`[string, integer]`) is
/// kept, without `null` (which became `nullable`); the lowering reads it as a
/// union of those types.
pub const TYPES_MARKER: &str = "x-specsmith-types";

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

pub fn normalize(doc: &mut Value, is_31: bool, notes: &mut Notes) {
    inline_deep_refs(doc);
    if is_31 {
        default_responses(doc);
    }
    let Value::Object(root) = doc else { return };
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if !root.contains_key("info") {
        root.insert(
            "info".into(),
            serde_json::json!({"title": "", "version": ""}),
        );
    }
    let keys: Vec<String> = root.keys().cloned().collect();
    for k in keys {
        let p = push_pointer("", &k);
        match k.as_str() {
            "components" => {
                if let Some(Value::Object(components)) = root.get_mut("components") {
                    let kinds: Vec<String> = components.keys().cloned().collect();
                    for kind in kinds {
                        let kp = push_pointer(&p, &kind);
                        let Some(Value::Object(section)) = components.get_mut(&kind) else {
                            continue;
                        };
                        let names: Vec<String> = section.keys().cloned().collect();
                        for name in names {
                            let np = push_pointer(&kp, &name);
                            let Some(v) = section.get_mut(&name) else {
                                continue;
                            };
                            if kind == "schemas" {
                                schema(v, &np, is_31, notes, 0);
                            } else if kind == "securitySchemes" {
                                security_scheme(v, &np, notes);
                            } else {
                                generic(v, &np, is_31, notes, 0);
                            }
                        }
                        if kind == "securitySchemes" {
                            section.retain(|_, v| !v.is_null());
                        }
                    }
                }
            }
            "jsonSchemaDialect" => {}
            _ => {
                if let Some(v) = root.get_mut(&k) {
                    generic(v, &p, is_31, notes, 0);
                }
            }
        }
    }
}

/// How many deep references one inlined copy may itself expand (a copy that
/// refers into itself would otherwise grow for ever).
const MAX_INLINE_DEPTH: usize = 8;

/// A `$ref` into the middle of a component (`#/components/schemas/Tag/allOf/0`,
/// `#/components/parameters/limit/schema`) is a legal JSON reference, but
/// `openapiv3` and the IR only name whole components: each becomes a copy of
/// what it points at (siblings of the `$ref` win). Unresolvable ones are left
/// for the `unresolved-ref` rule.
fn inline_deep_refs(doc: &mut Value) {
    if !has_deep_ref(doc, 0) {
        return;
    }
    let source = doc.clone();
    inline_in(doc, &source, 0, 0);
}

/// `#/components/<kind>/<name>/<more…>` → its JSON pointer.
fn deep_ref_pointer(reference: &str) -> Option<String> {
    let frag = reference.strip_prefix("#/components/")?;
    if frag.split('/').count() < 3 {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
    Some(format!("/components/{decoded}"))
}

fn has_deep_ref(v: &Value, depth: usize) -> bool {
    if depth > 256 {
        return false;
    }
    match v {
        Value::Object(map) => map.iter().any(|(k, child)| match (k.as_str(), child) {
            ("$ref", Value::String(r)) => deep_ref_pointer(r).is_some(),
            _ if skipped_for_refs(k) => false,
            _ => has_deep_ref(child, depth + 1),
        }),
        Value::Array(items) => items.iter().any(|i| has_deep_ref(i, depth + 1)),
        _ => false,
    }
}

/// Example values and extensions are data: a `$ref` in them is not a reference.
fn skipped_for_refs(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

fn inline_in(v: &mut Value, source: &Value, depth: usize, inlined: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(map) => {
            let target = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(deep_ref_pointer)
                .and_then(|ptr| source.pointer(&ptr));
            if let Some(Value::Object(t)) = target.filter(|_| inlined < MAX_INLINE_DEPTH) {
                map.shift_remove("$ref");
                for (k, tv) in t {
                    if !map.contains_key(k) {
                        map.insert(k.clone(), tv.clone());
                    }
                }
                // The copy may hold deep references of its own.
                inline_in(v, source, depth + 1, inlined + 1);
                return;
            }
            for (k, child) in map.iter_mut() {
                if !skipped_for_refs(k) {
                    inline_in(child, source, depth + 1, inlined);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                inline_in(item, source, depth + 1, inlined);
            }
        }
        _ => {}
    }
}

/// OpenAPI 3.1 made an operation's `responses` optional; `openapiv3` (3.0)
/// requires it, so an operation without one gets an empty map.
fn default_responses(doc: &mut Value) {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut items: Vec<&mut Value> = Vec::new();
    let Value::Object(root) = doc else { return };
    for (key, section) in root.iter_mut() {
        match (key.as_str(), section) {
            ("paths" | "webhooks", Value::Object(m)) => items.extend(m.values_mut()),
            ("components", Value::Object(c)) => {
                if let Some(Value::Object(m)) = c.get_mut("pathItems") {
                    items.extend(m.values_mut());
                }
            }
            _ => {}
        }
    }
    for item in items {
        let Value::Object(item) = item else { continue };
        for m in METHODS {
            if let Some(Value::Object(op)) = item.get_mut(m) {
                op.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

fn security_scheme(v: &mut Value, p: &str, notes: &mut Notes) {
    let ty = v.get("type").and_then(Value::as_str).unwrap_or("");
    if !matches!(ty, "apiKey" | "http" | "oauth2" | "openIdConnect") && v.get("$ref").is_none() {
        notes.push((p.to_string(), "unsupported-security-scheme", format!("security scheme type `{ty}` is not supported by specsmith's generators; it is left out")));
        *v = Value::Null;
    }
}

/// Walks non-schema parts of the document, normalising every schema it meets.
fn generic(v: &mut Value, p: &str, is_31: bool, notes: &mut Notes, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            // A parameter or header with neither schema nor content gets an empty schema.
            if map.contains_key("in")
                && map.contains_key("name")
                && !map.contains_key("schema")
                && !map.contains_key("content")
                && !map.contains_key("$ref")
            {
                map.insert("schema".into(), Value::Object(Map::new()));
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                if k.starts_with("x-") || k == "example" || k == "examples" {
                    continue;
                }
                let cp = push_pointer(p, &k);
                let Some(child) = map.get_mut(&k) else {
                    continue;
                };
                // A JSON Schema boolean (`schema: false`) is a schema too.
                if k == "schema" && (child.is_object() || child.is_boolean()) {
                    schema(child, &cp, is_31, notes, 0);
                } else {
                    generic(child, &cp, is_31, notes, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                generic(
                    child,
                    &push_pointer(p, &i.to_string()),
                    is_31,
                    notes,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Moves `key` to its kept-keyword extension (`x-specsmith-kw-<key>`), where
/// openapiv3 cannot hold its value; nothing when the key is absent.
fn keep_as_kept(map: &mut Map<String, Value>, key: &str) {
    if let Some(v) = map.shift_remove(key) {
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
fn schema(v: &mut Value, p: &str, is_31: bool, notes: &mut Notes, depth: usize) {
    // Nesting is bounded by the parser; schema levels cannot exceed it.
    if depth > super::yaml::MAX_DEPTH {
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

    // `$ref` with siblings: keep the siblings by wrapping the ref.
    if map.contains_key("$ref") && map.len() > 1 {
        let r = map.shift_remove("$ref").unwrap_or_default();
        let mut wrapped = Map::new();
        wrapped.insert("$ref".into(), r);
        let had_all_of = map.contains_key("allOf");
        if had_all_of {
            if let Some(Value::Array(all)) = map.get_mut("allOf") {
                all.insert(0, Value::Object(wrapped));
            }
        } else {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(wrapped)]));
        }
    }

    // type: [T, "null"]
    if let Some(Value::Array(types)) = map.get("type") {
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
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("x-specsmith-null-type".into(), Value::Bool(true));
        map.insert("nullable".into(), Value::Bool(true));
    }

    // const → one-value enum
    if let Some(c) = map.shift_remove("const") {
        if !map.contains_key("enum") {
            map.insert("enum".into(), Value::Array(vec![c]));
            // Kept so the compat checker compares it as a const, not an open enum.
            map.insert("x-specsmith-const".into(), Value::Bool(true));
        }
    }

    // `x-extensible-enum` (a list of known values that may grow): the open
    // enum every generated reader already is.
    if !map.contains_key("enum") {
        if let Some(Value::Array(values)) = map.get("x-extensible-enum") {
            let values = values.clone();
            map.insert("enum".into(), Value::Array(values));
        }
    }

    // Schema `examples` (an array in 3.1): the first becomes `example`.
    if let Some(ex) = map.get("examples").cloned() {
        if let Value::Array(items) = &ex {
            if !map.contains_key("example") {
                if let Some(first) = items.first() {
                    map.insert("example".into(), first.clone());
                }
            }
        }
        map.shift_remove("examples");
        map.insert(format!("{KEPT_KEYWORD_PREFIX}examples"), ex);
    }

    // Numeric exclusive bounds (3.1) → 3.0 flags.
    for (ex_key, bound_key) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(ex_key).cloned() {
            map.insert(bound_key.into(), Value::Number(n));
            map.insert(ex_key.into(), Value::Bool(true));
        }
    }

    // oneOf/anyOf with a `null` alternative → nullable.
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alts)) = map.get_mut(key) {
            let before = alts.len();
            alts.retain(|a| !is_null_schema(a));
            if alts.len() != before {
                let alts_left = alts.clone();
                map.insert("nullable".into(), Value::Bool(true));
                if let [only] = alts_left.as_slice() {
                    let only = only.clone();
                    map.shift_remove(key);
                    match map.get_mut("allOf") {
                        Some(Value::Array(all)) => all.push(only),
                        _ => {
                            map.insert("allOf".into(), Value::Array(vec![only]));
                        }
                    }
                } else if alts_left.is_empty() {
                    map.shift_remove(key);
                }
            }
        }
    }

    let ty = map.get("type").and_then(Value::as_str).map(str::to_string);
    let is_integer = ty.as_deref() == Some("integer");

    // Numbers openapiv3 reads as integers.
    for key in ["minimum", "maximum", "multipleOf"] {
        if is_integer {
            if let Some(Value::Number(n)) = map.get(key) {
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
        if let Some(Value::Number(n)) = map.get(*key) {
            if n.as_u64().is_none() {
                let f = n.as_f64().unwrap_or(0.0);
                if f >= 0.0 && f.fract() == 0.0 {
                    // Saturates above u64::MAX, like every float-to-integer `as`.
                    map.insert((*key).into(), Value::Number(Number::from(f as u64)));
                } else {
                    map.shift_remove(*key);
                }
            }
        }
    }
    if is_integer {
        if let Some(Value::Array(values)) = map.get_mut("enum") {
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
    // `enum` values of the wrong type for `type: string` become strings; the
    // lint rule `invalid-type` reports them.
    if ty.as_deref() == Some("string") {
        if let Some(Value::Array(values)) = map.get_mut("enum") {
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
    // Shapes openapiv3 cannot hold.
    if matches!(map.get("required"), Some(v) if !v.is_array()) {
        keep_as_kept(map, "required");
    }
    if matches!(map.get("items"), Some(Value::Array(_))) {
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
        if matches!(map.get(key), Some(v) if !v.is_boolean()) {
            keep_as_kept(map, key);
        }
    }
    for key in ["title", "description", "pattern", "format"] {
        if matches!(map.get(key), Some(v) if !v.is_string()) {
            keep_as_kept(map, key);
        }
    }
    if let Some(t) = map.get("type") {
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
    if let Some(d) = map.get("discriminator") {
        if !d.get("propertyName").is_some_and(Value::is_string) {
            keep_as_kept(map, "discriminator");
        }
    }
    let _ = is_31;

    // `unevaluatedProperties` / `unevaluatedItems` that cannot reject
    // anything: `true`, or beside `additionalProperties` / `items`, which
    // evaluate every property / item the other keywords leave.
    for (key, covering) in [
        ("unevaluatedProperties", "additionalProperties"),
        ("unevaluatedItems", "items"),
    ] {
        if map.get(key) == Some(&Value::Bool(true))
            || (map.contains_key(key) && map.contains_key(covering))
        {
            map.shift_remove(key);
        }
    }

    // Keywords openapiv3 has no field for are kept as extensions.
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !k.starts_with("x-") && !SCHEMA_KEYS.contains(&k.as_str()))
        .cloned()
        .collect();
    for k in unknown {
        keep_as_kept(map, &k);
    }

    // Recurse into subschemas.
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        let pp = push_pointer(p, "properties");
        for (name, sub) in props.iter_mut() {
            schema(sub, &push_pointer(&pp, name), is_31, notes, depth + 1);
        }
    } else if map.get("properties").is_some_and(|v| !v.is_object()) {
        map.shift_remove("properties");
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(key) {
            if key == "additionalProperties" && sub.is_boolean() {
                continue;
            }
            schema(sub, &push_pointer(p, key), is_31, notes, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        match map.get_mut(key) {
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
                map.shift_remove(key);
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(v: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": v}}});
        normalize(&mut doc, true, &mut Notes::default());
        doc["components"]["schemas"]["S"].take()
    }

    #[test]
    fn type_list_of_primitives_is_kept_for_the_lowering() {
        assert_eq!(
            norm(json!({"type": ["string", "integer", "null"]})),
            json!({"x-specsmith-types": ["string", "integer"], "nullable": true})
        );
        // A list with a structured type stays a kept keyword.
        assert_eq!(
            norm(json!({"type": ["string", "object"]})),
            json!({"x-specsmith-kw-type": ["string", "object"]})
        );
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn unevaluated_keywords_that_cannot_reject_are_dropped() {
        assert_eq!(
            norm(
                json!({"type": "object", "additionalProperties": true, "unevaluatedProperties": false})
            ),
            json!({"type": "object", "additionalProperties": true})
        );
        assert_eq!(
            norm(json!({"type": "object", "unevaluatedProperties": true})),
            json!({"type": "object"})
        );
        assert_eq!(
            norm(json!({"type": "object", "unevaluatedProperties": false})),
            json!({"type": "object", "x-specsmith-kw-unevaluatedProperties": false})
        );
    }

    #[test]
    fn boolean_schemas_under_schema_keys_are_schemas() {
        let mut doc = json!({"paths": {"/a": {"post": {
            "requestBody": {"content": {"application/json": {"schema": false}}},
            "parameters": [{"name": "q", "in": "query", "schema": true}],
            "responses": {}
        }}}});
        let mut notes = Notes::default();
        normalize(&mut doc, true, &mut notes);
        let op = &doc["paths"]["/a"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            json!({"not": {}})
        );
        assert_eq!(op["parameters"][0]["schema"], json!({}));
    }

    #[test]
    fn extensible_enum_becomes_an_enum() {
        assert_eq!(
            norm(json!({"type": "string", "x-extensible-enum": ["a", "b"]})),
            json!({"type": "string", "x-extensible-enum": ["a", "b"], "enum": ["a", "b"]})
        );
    }

    #[test]
    fn const_becomes_enum() {
        assert_eq!(
            norm(json!({"const": "a"})),
            json!({"enum": ["a"], "x-specsmith-const": true})
        );
    }

    #[test]
    fn ref_siblings_are_kept() {
        let out = norm(json!({"$ref": "#/components/schemas/T", "description": "d"}));
        assert_eq!(
            out,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
    }

    #[test]
    fn one_of_null_becomes_nullable() {
        let out = norm(json!({"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}));
        assert_eq!(out, json!({"nullable": true, "allOf": [{"$ref": "#/x"}]}));
    }

    #[test]
    fn huge_integer_bounds_are_clamped() {
        let out = norm(json!({"type": "integer", "minimum": -9223372036854776000.0_f64}));
        assert_eq!(out["minimum"], json!(i64::MIN));
    }

    #[test]
    fn exclusive_bounds_become_flags() {
        let out = norm(json!({"type": "number", "exclusiveMinimum": 0}));
        assert_eq!(
            out,
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn deep_refs_are_inlined() {
        let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {
            "Tag": {"allOf": [{"type": "object", "properties": {"id": {"type": "string"}}}]},
            "Team": {"$ref": "#/components/schemas/Tag/allOf/0", "description": "d"},
            "Named": {"$ref": "#/components/schemas/Tag"},
        }}});
        normalize(&mut doc, false, &mut Notes::default());
        let team = &doc["components"]["schemas"]["Team"];
        assert_eq!(team["properties"]["id"]["type"], "string");
        assert_eq!(team["description"], "d");
        assert!(team.get("$ref").is_none());
        // A whole component stays a reference.
        assert_eq!(
            doc["components"]["schemas"]["Named"]["$ref"],
            "#/components/schemas/Tag"
        );
    }

    #[test]
    fn self_referencing_deep_refs_stop() {
        let mut doc = json!({"openapi": "3.0.3", "components": {"schemas": {
            "A": {"properties": {"b": {"items": {"$ref": "#/components/schemas/A/properties/b"}}}},
        }}});
        normalize(&mut doc, false, &mut Notes::default());
        assert!(doc.to_string().len() < 4000);
    }

    #[test]
    fn operations_without_responses_get_an_empty_map_in_31() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"summary": "s"}}}});
        normalize(&mut doc, true, &mut Notes::default());
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
        let mut doc = json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"summary": "s"}}}});
        normalize(&mut doc, false, &mut Notes::default());
        assert!(doc["paths"]["/a"]["get"].get("responses").is_none());
    }

    #[test]
    fn unknown_keywords_are_kept_as_extensions() {
        let out = norm(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert!(out.get("x-specsmith-kw-prefixItems").is_some());
    }
}
