//! Visiting the schemas and operations of the bundled (raw) document, for rules
//! that need what the spec literally says rather than the IR's reading of it.

use serde_json::Value;

use crate::diag::push_pointer;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f(pointer, schema)` for every schema object in the document:
/// component schemas, parameter/header/media-type schemas, and every subschema.
pub fn schemas(doc: &Value, f: &mut dyn FnMut(&str, &serde_json::Map<String, Value>)) {
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, s) in schemas {
            schema(s, &push_pointer("/components/schemas", name), f, 0);
        }
    }
    let mut visit = |v: &Value, p: &str| {
        if let Some(s) = v.get("schema") {
            schema(s, &push_pointer(p, "schema"), f, 0);
        }
    };
    non_schema(doc, "", &mut visit, 0);
}

fn non_schema(v: &Value, p: &str, visit: &mut dyn FnMut(&Value, &str), depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            visit(v, p);
            for (k, child) in map {
                if k == "schema"
                    || k.starts_with("x-")
                    || k == "example"
                    || k == "examples"
                    || (p.is_empty() && k == "components")
                {
                    if p.is_empty() && k == "components" {
                        if let Value::Object(c) = child {
                            for (kind, section) in c {
                                if kind != "schemas" {
                                    non_schema(
                                        section,
                                        &push_pointer("/components", kind),
                                        visit,
                                        depth + 1,
                                    );
                                }
                            }
                        }
                    }
                    continue;
                }
                non_schema(child, &push_pointer(p, k), visit, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                non_schema(child, &push_pointer(p, &i.to_string()), visit, depth + 1);
            }
        }
        _ => {}
    }
}

/// One schema and its subschemas.
pub fn schema(
    v: &Value,
    p: &str,
    f: &mut dyn FnMut(&str, &serde_json::Map<String, Value>),
    depth: usize,
) {
    if depth > 128 {
        return;
    }
    let Value::Object(map) = v else { return };
    f(p, map);
    if let Some(Value::Object(props)) = map.get("properties") {
        let pp = push_pointer(p, "properties");
        for (name, s) in props {
            schema(s, &push_pointer(&pp, name), f, depth + 1);
        }
    }
    for key in [
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedProperties",
        "unevaluatedItems",
    ] {
        if let Some(s) = map.get(key) {
            schema(s, &push_pointer(p, key), f, depth + 1);
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(items)) = map.get(key) {
            let kp = push_pointer(p, key);
            for (i, s) in items.iter().enumerate() {
                schema(s, &push_pointer(&kp, &i.to_string()), f, depth + 1);
            }
        }
    }
    for key in ["$defs", "patternProperties", "dependentSchemas"] {
        if let Some(Value::Object(m)) = map.get(key) {
            let kp = push_pointer(p, key);
            for (name, s) in m {
                schema(s, &push_pointer(&kp, name), f, depth + 1);
            }
        }
    }
}

/// `(path, method, pointer, operation)`.
pub type OperationVisitor<'a> = dyn FnMut(&str, &str, &str, &serde_json::Map<String, Value>) + 'a;

/// Calls `f(path, method, pointer, operation)` for every operation.
pub fn operations(doc: &Value, f: &mut OperationVisitor) {
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let ip = push_pointer("/paths", path);
        for m in METHODS {
            if let Some(Value::Object(op)) = item.get(m) {
                f(path, m, &push_pointer(&ip, m), op);
            }
        }
    }
}

/// Follows an internal `$ref` (`#/…`) once.
pub fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut cur = v;
    for _ in 0..16 {
        match cur
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(ptr) => match doc.pointer(ptr) {
                Some(t) => cur = t,
                None => return cur,
            },
            None => return cur,
        }
    }
    cur
}
