//! `unused-component`: a reusable component nothing refers to.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::{pointer_segments, push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unused-component",
    severity: Severity::Warning,
    generate: Generation::Proceeds,
    summary: "a component is never referenced from paths, webhooks or security",
    explain: "Checks that every entry of `components` (schemas, parameters, responses, \
requestBodies, headers, examples, securitySchemes) is reachable: referenced from `paths`, \
`webhooks` or a security requirement, directly or through other reachable components \
(a `$ref` or a discriminator mapping). A document with no paths and no webhooks is a \
component library and is not checked.\n\n\
An unreachable component is usually left over from a removal or a rename. It still ends \
up in generated SDKs and in the docs, where it documents something the API does not do, \
and it hides the rename from the compatibility check.\n\n\
Fix: delete it, or reference it where it was meant to be used. If the spec is a shared \
library of components, switch the rule off in `specsmith.toml`:\n\n\
```yaml\n\
components:\n  schemas:\n    LegacySnapshot:   # referenced nowhere: delete it\n      \
type: object\n\
```",
};

const KINDS: [&str; 7] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
];

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    let has = |k: &str| {
        doc.get(k)
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
    };
    if !has("paths") && !has("webhooks") {
        return;
    }
    let mut used: BTreeSet<(String, String)> = BTreeSet::new();
    let mut queue: Vec<(String, String)> = Vec::new();
    if let Value::Object(root) = doc {
        for (k, v) in root {
            if k != "components" {
                member(k, v, &mut queue, 0);
            }
        }
    }
    while let Some(c) = queue.pop() {
        if !used.insert(c.clone()) {
            continue;
        }
        if let Some(v) = doc
            .get("components")
            .and_then(|cs| cs.get(&c.0))
            .and_then(|s| s.get(&c.1))
        {
            scan(v, &mut queue, 0);
        }
    }
    for kind in KINDS {
        let Some(Value::Object(section)) = doc.get("components").and_then(|c| c.get(kind)) else {
            continue;
        };
        for name in section.keys() {
            if used.contains(&(kind.to_string(), name.clone())) {
                continue;
            }
            r.report(
                &push_pointer(&push_pointer("/components", kind), name),
                format!(
                    "{} `{name}` is never used by a path, a webhook or a security requirement: delete it, or reference it where it belongs",
                    walk::component_kind(kind)
                ),
            );
        }
    }
}

/// Collects every component `v` refers to: `$ref`s, discriminator mappings,
/// and the scheme names of security requirements.
fn scan(v: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 256 {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                member(k, child, out, depth);
            }
        }
        Value::Array(items) => {
            for item in items {
                scan(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// One `key: value` member of an object, for [`scan`].
fn member(k: &str, child: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    match (k, child) {
        ("$ref", Value::String(target)) => {
            if let Some(c) = component_of(target) {
                out.push(c);
            }
        }
        ("discriminator", Value::Object(d)) => {
            if let Some(Value::Object(mapping)) = d.get("mapping") {
                for t in mapping.values().filter_map(Value::as_str) {
                    match component_of(t) {
                        Some(c) => out.push(c),
                        None => out.push(("schemas".into(), t.to_string())),
                    }
                }
            }
        }
        ("security", Value::Array(reqs)) => {
            for req in reqs.iter().filter_map(Value::as_object) {
                out.extend(
                    req.keys()
                        .map(|n| ("securitySchemes".to_string(), n.clone())),
                );
            }
        }
        _ => {}
    }
    scan(child, out, depth + 1);
}

/// `#/components/schemas/Pet/properties/id` → (`schemas`, `Pet`).
fn component_of(reference: &str) -> Option<(String, String)> {
    let segs = pointer_segments(&walk::ref_pointer(reference)?);
    match segs.as_slice() {
        [c, kind, name, ..] if c == "components" => Some((kind.clone(), name.clone())),
        _ => None,
    }
}
