//! `required-property-missing`: a name in `required` that no property defines.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "required-property-missing",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a name in `required` is not defined by any property",
    explain: "Checks that every name listed in a schema's `required` is defined under \
`properties` of that schema, of one of its `allOf`/`oneOf`/`anyOf` parts (following \
`$ref`), or of the schema it is itself a part of.\n\n\
A required name without a property is almost always a rename or a typo that missed one \
place (`default_action` renamed to `defaultAction` in `properties` only). Validators then \
reject every payload that lacks the old name, generated models have no field for it, and \
with `additionalProperties: false` no valid payload exists at all.\n\n\
Fix: correct the name in `required`, or add the property:\n\n\
```yaml\n\
Sandbox:\n  type: object\n  required: [id, state]\n  properties:\n    id: {type: string}\n    \
state: {type: string}\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(Value::Array(required)) = s.get("required") else {
            continue;
        };
        let mut known = Known::default();
        known.collect(doc, s.0, p, 0);
        // A part of a composition sees its parent's properties too.
        let mut cur = p.to_string();
        while let Some(parent) = composition_parent(&cur) {
            if let Some(Value::Object(ps)) = crate::diag::lookup(doc, &parent) {
                known.collect(doc, ps, &parent, 0);
            }
            cur = parent;
        }
        if known.names.is_empty() && known.open {
            // A map with a required key: nothing to compare against.
            continue;
        }
        let types = crate::lint::instance::schema_types(s.0);
        if !types.is_empty() && !types.contains(&"object") {
            if !required.is_empty() {
                r.report(
                    &push_pointer(p, "required"),
                    format!(
                        "`required` on a schema of type {} does nothing: move it to the object schema it belongs to (for an array, into `items`)",
                        types.join(" or ")
                    ),
                );
            }
            continue;
        }
        for (i, name) in required.iter().enumerate() {
            let Some(name) = name.as_str() else { continue };
            if known.names.contains(name) {
                continue;
            }
            let squash = |s: &str| {
                s.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase()
            };
            let hint = match known.names.iter().find(|k| squash(k) == squash(name)) {
                Some(k) => format!("did you mean `{k}`? Fix the name in `required`"),
                None => "add it under `properties`, or remove it from `required`".to_string(),
            };
            r.report(
                &push_pointer(&push_pointer(p, "required"), &i.to_string()),
                format!("`{name}` is required but no property defines it (here or in an allOf part): {hint}"),
            );
        }
    }
}

#[derive(Default)]
struct Known<'a> {
    names: BTreeSet<&'a str>,
    /// Some part allows arbitrary keys (`additionalProperties` schema, `patternProperties`).
    open: bool,
    seen: BTreeSet<String>,
}

impl<'a> Known<'a> {
    fn collect(&mut self, doc: &'a Value, s: &'a Map<String, Value>, p: &str, depth: usize) {
        if depth > 32 || !self.seen.insert(p.to_string()) {
            return;
        }
        if let Some(Value::Object(props)) = s.get("properties") {
            self.names.extend(props.keys().map(String::as_str));
        }
        if s.contains_key("patternProperties")
            || s.get("additionalProperties")
                .is_some_and(|a| a.is_object() || a == &Value::Bool(true))
        {
            self.open = true;
        }
        if let Some(ptr) = s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(walk::ref_pointer)
        {
            if let Some(Value::Object(t)) = crate::diag::lookup(doc, &ptr) {
                self.collect(doc, t, &ptr, depth + 1);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(Value::Array(parts)) = s.get(key) else {
                continue;
            };
            let kp = push_pointer(p, key);
            for (i, part) in parts.iter().enumerate() {
                let (t, tp) = walk::deref_ptr(doc, part, &push_pointer(&kp, &i.to_string()));
                if let Value::Object(t) = t {
                    self.collect(doc, t, &tp, depth + 1);
                }
            }
        }
    }
}

/// The schema that `pointer` is a composition part of (`…/allOf/0` → `…`).
fn composition_parent(pointer: &str) -> Option<String> {
    let (rest, last) = pointer.rsplit_once('/')?;
    if matches!(last, "not" | "if" | "then" | "else") {
        return Some(rest.to_string());
    }
    if last.parse::<usize>().is_ok() {
        let (parent, key) = rest.rsplit_once('/')?;
        if matches!(key, "allOf" | "oneOf" | "anyOf") {
            return Some(parent.to_string());
        }
    }
    None
}
