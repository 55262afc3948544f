//! `example-type-mismatch`: examples must be values of their schema.

use serde_json::{Map, Value};

use crate::diag::{pointer_segments, push_pointer, Severity};
use crate::lint::{instance, walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "example-type-mismatch",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "an example does not match its schema",
    explain: "Checks schema `example` and `examples`, and the `example`/`examples` of JSON \
media types, parameters and headers, against their schema: JSON types, enum values, \
required properties (except `readOnly`/`writeOnly` ones), `additionalProperties: false`, \
nested objects and arrays, `oneOf`/`anyOf`/`allOf`, following `$ref`. It is a structural \
check, not a full JSON Schema validator: formats, patterns and bounds are not checked, \
and a parameter example written as a string is taken as its serialized form.\n\n\
Examples are what people copy. An example that contradicts the schema ends up in the \
docs bundle, in mock servers and in SDK tests, and a client written from it breaks on \
the real API.\n\n\
Fix: correct the example (or the schema, if the example shows what the API really does):\n\n\
```yaml\n\
Snapshot:\n  type: object\n  required: [id]\n  properties:\n    id: {type: string}\n    \
sizeBytes: {type: integer}\n  example:\n    id: snap-1\n    sizeBytes: 1024   # not \"1 KiB\"\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        if let Some(ex) = s.get("example") {
            report(
                r,
                &push_pointer(p, "example"),
                "example",
                instance::check(doc, s.0, ex, true),
            );
        }
        if let Some(Value::Array(list)) = s.get("examples") {
            let lp = push_pointer(p, "examples");
            for (i, ex) in list.iter().enumerate() {
                report(
                    r,
                    &push_pointer(&lp, &i.to_string()),
                    "example",
                    instance::check(doc, s.0, ex, true),
                );
            }
        }
    }
    walk::schema_holders(doc, &mut |p, holder| {
        let Some(Value::Object(schema)) = holder.get("schema") else {
            return;
        };
        let segs = pointer_segments(p);
        let media = match segs.as_slice() {
            [.., parent, name] if parent == "content" => Some(name.as_str()),
            _ => None,
        };
        if media.is_some_and(|m| !m.to_ascii_lowercase().contains("json")) {
            // XML, form data, text: examples are in their own syntax.
            return;
        }
        let check = |ex: &Value| -> Vec<instance::Mismatch> {
            if media.is_none() && ex.is_string() && !allows_string(doc, schema) {
                // A parameter or header example in its serialized form.
                return Vec::new();
            }
            instance::check(doc, schema, ex, true)
        };
        if let Some(ex) = holder.get("example") {
            report(r, &push_pointer(p, "example"), "example", check(ex));
        }
        let Some(Value::Object(named)) = holder.get("examples") else {
            return;
        };
        let ep = push_pointer(p, "examples");
        for (name, ex) in named {
            let np = push_pointer(&ep, name);
            let (obj, target) = walk::deref_ptr(doc, ex, &np);
            let Some(value) = obj.get("value").or_else(|| obj.get("dataValue")) else {
                continue;
            };
            let mismatches = check(value);
            if target == np {
                report(
                    r,
                    &push_pointer(&np, "value"),
                    &format!("example `{name}`"),
                    mismatches,
                );
            } else {
                // A shared example: report where this schema uses it.
                let what = format!("example `{name}` (`#{target}`)");
                for m in mismatches {
                    let place = if m.at.is_empty() {
                        String::new()
                    } else {
                        format!(" at `{}`", m.at)
                    };
                    r.report(&np, format!("{what} does not match the schema{place}: {}: fix the example or the schema", m.problem));
                }
            }
        }
    });
}

fn report(r: &mut Reporter, pointer: &str, what: &str, mismatches: Vec<instance::Mismatch>) {
    for m in mismatches {
        let place = if m.at.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", m.at)
        };
        r.report(
            &format!("{pointer}{}", m.at),
            format!(
                "{what} does not match the schema{place}: {}: fix the example or the schema",
                m.problem
            ),
        );
    }
}

/// Could the schema hold a string (untyped, or typed with `string`)?
fn allows_string(doc: &Value, schema: &Map<String, Value>) -> bool {
    let s = walk::ref_target(doc, schema).unwrap_or(schema);
    let types = instance::schema_types(s);
    types.is_empty() || types.contains(&"string")
}
