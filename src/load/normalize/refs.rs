//! References into the middle of a component, replaced by a copy of what
//! they point at.

use serde_json::Value;

use super::is_data_key;

/// How many deep references one inlined copy may itself expand (a copy that
/// refers into itself would otherwise grow for ever).
const MAX_INLINE_DEPTH: usize = 8;

/// A `$ref` into the middle of a component (`#/components/schemas/Tag/allOf/0`,
/// `#/components/parameters/limit/schema`) is a legal JSON reference, but
/// `openapiv3` and the IR only name whole components: each becomes a copy of
/// what it points at (siblings of the `$ref` win). Unresolvable ones are left
/// for the `unresolved-ref` rule.
pub(super) fn inline_deep_refs(doc: &mut Value) {
    if !has_deep_ref(doc, 0) {
        return;
    }
    let source = doc.clone();
    inline_in(doc, &source, 0, 0);
}

/// Whether `reference` has the shape `#/components/<kind>/<name>/<more…>`.
pub(crate) fn is_deep_ref(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .is_some_and(|frag| frag.split('/').count() >= 3)
}

/// `#/components/<kind>/<name>/<more…>` → its JSON pointer.
fn deep_ref_pointer(reference: &str) -> Option<String> {
    if !is_deep_ref(reference) {
        return None;
    }
    let frag = reference.strip_prefix("#/components/")?;
    let decoded = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
    Some(format!("/components/{decoded}"))
}

pub(super) fn has_deep_ref(v: &Value, depth: usize) -> bool {
    if depth > 256 {
        return false;
    }
    match v {
        Value::Object(map) => map.iter().any(|(k, child)| match (k.as_str(), child) {
            ("$ref", Value::String(r)) => deep_ref_pointer(r).is_some(),
            _ if is_data_key(k) => false,
            _ => has_deep_ref(child, depth + 1),
        }),
        Value::Array(items) => items.iter().any(|i| has_deep_ref(i, depth + 1)),
        _ => false,
    }
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
                .and_then(|ptr| crate::diag::lookup(source, &ptr));
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
                if !is_data_key(k) {
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
