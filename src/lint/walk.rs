//! Visiting the schemas and operations of the bundled (raw) document, for rules
//! that need what the spec literally says rather than the IR's reading of it.

use serde_json::{Map, Value};

use crate::diag::{push_index, push_pointer, push_segment};

use crate::load::METHODS;

/// Calls `f(pointer, schema)` for every schema object in the document:
/// component schemas, parameter/header/media-type schemas, and every subschema.
pub fn schemas<'a>(doc: &'a Value, f: &mut dyn FnMut(&str, &'a Map<String, Value>)) {
    if let Some(Value::Object(schemas)) = crate::diag::lookup(doc, "/components/schemas") {
        let mut p = String::from("/components/schemas");
        for (name, s) in schemas {
            push_segment(&mut p, name);
            schema(s, &mut p, f, 0);
            p.truncate("/components/schemas".len());
        }
    }
    let mut visit = |v: &'a Value, p: &str| {
        if let Some(s) = v.get("schema") {
            schema(s, &mut push_pointer(p, "schema"), f, 0);
        }
    };
    non_schema(doc, &mut String::new(), &mut visit, 0);
}

/// Every node that is not inside a schema nor an example, `p` its pointer
/// (a buffer the walk extends and truncates back).
fn non_schema<'a>(
    v: &'a Value,
    p: &mut String,
    visit: &mut dyn FnMut(&'a Value, &str),
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let len = p.len();
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
                                        &mut push_pointer("/components", kind),
                                        visit,
                                        depth + 1,
                                    );
                                }
                            }
                        }
                    }
                    continue;
                }
                push_segment(p, k);
                non_schema(child, p, visit, depth + 1);
                p.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                push_index(p, i);
                non_schema(child, p, visit, depth + 1);
                p.truncate(len);
            }
        }
        _ => {}
    }
}

/// The keywords whose values are subschemas, in the order they are visited:
/// `properties` (a map of them) first, then one subschema each, then lists
/// of them, then maps of them.
const SUBSCHEMA_KEYWORDS: [&str; 18] = [
    "properties",
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
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
    "$defs",
    "patternProperties",
    "dependentSchemas",
];

/// One schema and its subschemas; `p` is the schema's pointer, a buffer the
/// walk extends and truncates back (it holds `p` again on return).
pub fn schema<'a>(
    v: &'a Value,
    p: &mut String,
    f: &mut dyn FnMut(&str, &'a Map<String, Value>),
    depth: usize,
) {
    if depth > 128 {
        return;
    }
    let Value::Object(map) = v else { return };
    f(p, map);
    // One pass over the keys (a lookup per keyword would hash each one).
    let mut found: [Option<&'a Value>; SUBSCHEMA_KEYWORDS.len()] = Default::default();
    for (k, child) in map {
        if let Some(i) = SUBSCHEMA_KEYWORDS.iter().position(|w| *w == k.as_str()) {
            found[i] = Some(child);
        }
    }
    let len = p.len();
    for (i, child) in found.into_iter().enumerate() {
        let Some(child) = child else { continue };
        let key = SUBSCHEMA_KEYWORDS[i];
        match (i, child) {
            (0, Value::Object(m)) | (15.., Value::Object(m)) => {
                push_segment(p, key);
                let kp = p.len();
                for (name, s) in m {
                    push_segment(p, name);
                    schema(s, p, f, depth + 1);
                    p.truncate(kp);
                }
            }
            (1..=10, s) => {
                push_segment(p, key);
                schema(s, p, f, depth + 1);
            }
            (11..=14, Value::Array(items)) => {
                push_segment(p, key);
                let kp = p.len();
                for (n, s) in items.iter().enumerate() {
                    push_index(p, n);
                    schema(s, p, f, depth + 1);
                    p.truncate(kp);
                }
            }
            _ => {}
        }
        p.truncate(len);
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
    non_schema(doc, &mut String::new(), &mut visit, 0);
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
        match crate::diag::lookup(doc, &ptr) {
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
    deref(doc, crate::diag::lookup(doc, &ptr)?).as_object()
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
