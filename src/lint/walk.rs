//! Visiting the schemas and operations of the bundled (raw) document, for rules
//! that need what the spec literally says rather than the IR's reading of it.

use serde_json::{Map, Value};

use crate::diag::push_pointer;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f(pointer, schema)` for every schema object in the document:
/// component schemas, parameter/header/media-type schemas, and every subschema.
pub fn schemas<'a>(doc: &'a Value, f: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    if let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") {
        for (name, s) in schemas {
            schema(s, &push_pointer("/components/schemas", name), f, 0);
        }
    }
    let mut visit = |v: &'a Value, p: &str| {
        if let Some(s) = v.get("schema") {
            schema(s, &push_pointer(p, "schema"), f, 0);
        }
    };
    non_schema(doc, "", &mut visit, 0);
}

fn non_schema<'a>(v: &'a Value, p: &str, visit: &mut dyn FnMut(&'a Value, &str), depth: usize) {
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
                                // Example values are data: a `schema` key in one is no schema.
                                if kind != "schemas" && kind != "examples" {
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
pub fn schema<'a>(
    v: &'a Value,
    p: &str,
    f: &mut dyn FnMut(&str, &'a Map<String, Value>),
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

/// Calls `f(label, method, pointer, operation)` for every operation under
/// `paths` and `webhooks`; `label` is the path or the webhook's name.
pub fn all_operations(doc: &Value, f: &mut OperationVisitor) {
    operations(doc, f);
    let Some(Value::Object(hooks)) = doc.get("webhooks") else {
        return;
    };
    for (name, item) in hooks {
        let Value::Object(item) = item else { continue };
        let ip = push_pointer("/webhooks", name);
        for m in METHODS {
            if let Some(Value::Object(op)) = item.get(m) {
                f(name, m, &push_pointer(&ip, m), op);
            }
        }
    }
}

/// One parameter as it applies to an operation.
pub struct Param<'a> {
    /// Where the parameter (or the `$ref` to it) is written.
    pub pointer: String,
    /// Where the parameter object itself is (the component, for a `$ref`).
    pub target: String,
    pub name: &'a str,
    pub location: &'a str,
    pub object: &'a Map<String, Value>,
    /// Declared on the path item rather than the operation.
    pub from_path_item: bool,
}

/// The parameters of one operation: the path item's, overridden by the
/// operation's with the same name and location, `$ref`s followed.
pub fn parameters<'a>(
    doc: &'a Value,
    item: &'a Map<String, Value>,
    item_ptr: &str,
    op: &'a Map<String, Value>,
    op_ptr: &str,
) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    for (base, owner, from_path_item) in [(item_ptr, item, true), (op_ptr, op, false)] {
        let Some(Value::Array(list)) = owner.get("parameters") else {
            continue;
        };
        let lp = push_pointer(base, "parameters");
        for (i, p) in list.iter().enumerate() {
            let pointer = push_pointer(&lp, &i.to_string());
            let (resolved, target) = deref_ptr(doc, p, &pointer);
            let Value::Object(object) = resolved else {
                continue;
            };
            let (Some(name), Some(location)) = (
                object.get("name").and_then(Value::as_str),
                object.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            out.retain(|q| !(q.name == name && q.location == location));
            out.push(Param {
                pointer,
                target,
                name,
                location,
                object,
                from_path_item,
            });
        }
    }
    out
}

/// Calls `f(pointer, object)` for every object outside schemas that holds a
/// `schema`: parameters, headers and media types.
pub fn schema_holders<'a>(doc: &'a Value, f: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    let mut visit = |v: &'a Value, p: &str| {
        if let Value::Object(map) = v {
            if map.get("schema").is_some_and(Value::is_object) {
                f(p, map);
            }
        }
    };
    non_schema(doc, "", &mut visit, 0);
}

/// Follows internal `$ref`s (`#/…`, percent-encoded or not).
pub fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    deref_ptr(doc, v, "").0
}

/// Follows internal `$ref`s and says where it ended up: the pointer of the
/// final target, or `pointer` when `v` is not a reference.
pub fn deref_ptr<'a>(doc: &'a Value, v: &'a Value, pointer: &str) -> (&'a Value, String) {
    let mut cur = v;
    let mut at = pointer.to_string();
    for _ in 0..16 {
        let Some(target) = cur.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(ptr) = ref_pointer(target) else {
            break;
        };
        match doc.pointer(&ptr) {
            Some(t) => {
                cur = t;
                at = ptr;
            }
            None => break,
        }
    }
    (cur, at)
}

/// The schema object a schema's own `$ref` leads to (after every hop).
pub fn ref_target<'a>(doc: &'a Value, s: &Map<String, Value>) -> Option<&'a Map<String, Value>> {
    let ptr = ref_pointer(s.get("$ref")?.as_str()?)?;
    deref(doc, doc.pointer(&ptr)?).as_object()
}

/// The JSON pointer of an internal reference (`#/a/b%20c` → `/a/b c`).
pub fn ref_pointer(reference: &str) -> Option<String> {
    let frag = reference.strip_prefix('#')?;
    Some(
        percent_encoding::percent_decode_str(frag)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// The `{name}` expressions of a path or server URL template, in order.
pub fn template_names(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// A component's kind in words: `requestBodies` → `request body`.
pub fn component_kind(kind: &str) -> &str {
    match kind {
        "schemas" => "schema",
        "parameters" => "parameter",
        "responses" => "response",
        "requestBodies" => "request body",
        "headers" => "header",
        "examples" => "example",
        "securitySchemes" => "security scheme",
        "links" => "link",
        "callbacks" => "callback",
        "pathItems" => "path item",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_yield_their_names() {
        assert_eq!(
            template_names("/a/{id}/{file}.{ext}"),
            vec!["id", "file", "ext"]
        );
        assert_eq!(template_names("https://{region}.x.com/{"), vec!["region"]);
        assert!(template_names("/plain").is_empty());
    }

    #[test]
    fn refs_are_percent_decoded() {
        let doc = serde_json::json!({"components": {"schemas": {"A B": {"type": "string"}}}});
        let r = serde_json::json!({"$ref": "#/components/schemas/A%20B"});
        assert_eq!(deref_ptr(&doc, &r, "/x").1, "/components/schemas/A B");
    }
}
