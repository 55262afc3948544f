//! `unresolved-ref`: every internal `$ref` must point at something.

use serde_json::Value;

use crate::diag::{push_index, push_pointer, push_segment, Severity};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unresolved-ref",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "a `$ref` points at nothing",
    explain: "Checks that every `$ref` in the document resolves: internal references \
(`#/components/schemas/Pet`) must name an existing node, and file references must name a \
readable file inside the spec's directory tree.\n\nAn unresolved reference makes the spec \
unusable for every tool: generators drop the type or fail, validators reject every payload.\n\n\
Fix: correct the name or pointer (JSON pointer escapes: `~1` for `/`, `~0` for `~`), or add \
the missing component:\n\n\
```yaml\n\
schema:\n  $ref: '#/components/schemas/Sandbox'   # not .../Sandboxes\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    visit(
        &cx.doc.bundled,
        &cx.doc.bundled,
        &mut String::new(),
        r,
        0,
        false,
    );
}

/// `names`: `v` maps property names to schemas (the value of `properties`),
/// where a key `$ref` is a property called `$ref`, not a reference. `p` is
/// `v`'s pointer, a buffer the walk extends and truncates back.
fn visit(root: &Value, v: &Value, p: &mut String, r: &mut Reporter, depth: usize, names: bool) {
    if depth > 256 {
        return;
    }
    let len = p.len();
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                // The object's `$ref` (keys are unique), found on the way
                // rather than looked up in every object.
                if k == "$ref" && !names {
                    check_ref(root, child, p, r);
                }
                if k == "example" || k.starts_with("x-") {
                    continue;
                }
                if k == "examples" {
                    // Example objects, or refs to them: their values are data,
                    // where a `$ref` key is not a reference.
                    if let Value::Object(named) = child {
                        push_segment(p, k);
                        let ep = p.len();
                        for (name, ex) in named {
                            if let Some(target) = ex.get("$ref") {
                                push_segment(p, name);
                                check_ref(root, target, p, r);
                                p.truncate(ep);
                            }
                        }
                        p.truncate(len);
                    }
                    continue;
                }
                let child_names = !names && (k == "properties" || k == "patternProperties");
                push_segment(p, k);
                visit(root, child, p, r, depth + 1, child_names);
                p.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                push_index(p, i);
                visit(root, child, p, r, depth + 1, false);
                p.truncate(len);
            }
        }
        _ => {}
    }
}

/// Checks the value of the `$ref` of the object at `p`.
fn check_ref(root: &Value, value: &Value, p: &str, r: &mut Reporter) {
    match value {
        Value::String(target) => {
            if let Some(frag) = target.strip_prefix('#') {
                let frag = percent_encoding::percent_decode_str(frag).decode_utf8_lossy();
                if crate::diag::lookup(root, &frag).is_none() {
                    r.report(
                        &push_pointer(p, "$ref"),
                        format!("`{target}` does not resolve: check the name, or add the component it names"),
                    );
                }
            }
        }
        Value::Null => r.report(
            &push_pointer(p, "$ref"),
            "this `$ref` is empty: in YAML an unquoted `#` starts a comment, so quote the reference (`$ref: '#/components/...'`)",
        ),
        other => r.report(
            &push_pointer(p, "$ref"),
            format!("a `$ref` must be a string, not {}: write the reference as a quoted string", crate::lint::instance::type_name(other)),
        ),
    }
}
