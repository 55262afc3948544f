//! `default-not-in-enum`: a default must be one of the enum's values.

use serde_json::{Map, Value};

use crate::diag::{push_pointer, Severity};
use crate::lint::{instance, walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "default-not-in-enum",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a `default` is not one of the schema's `enum` values",
    explain: "Checks that a schema's `default` is one of its `enum` values, including an \
enum reached through `$ref` or a one-part `allOf` next to the default.\n\n\
A default outside the enum is a value the API itself would reject. Generated models \
either fail to compile (the default is not a member of the generated enum) or start \
every object in an invalid state, and servers that apply defaults send it to clients.\n\n\
Fix: use one of the values, or add the default to the enum:\n\n\
```yaml\n\
state:\n  type: string\n  enum: [Running, Paused]\n  default: Running   # not Started\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(default) = s.get("default") else {
            continue;
        };
        let mut schemas: Vec<&Map<String, Value>> = vec![s.0];
        if let Some(t) = walk::ref_target(doc, s.0) {
            schemas.push(t);
        }
        if let Some(Value::Array(parts)) = s.get("allOf") {
            for part in parts {
                if let Value::Object(t) = walk::deref(doc, part) {
                    schemas.push(t);
                }
            }
        }
        let nullable = schemas.iter().any(|s| instance::is_nullable(s));
        // A default of the wrong type is `default-type-mismatch`'s finding.
        let types: Vec<&str> = schemas
            .iter()
            .flat_map(|s| instance::schema_types(s))
            .collect();
        if !types.is_empty() && !types.iter().any(|t| instance::type_matches(t, default)) {
            continue;
        }
        for schema in schemas {
            let Some(Value::Array(values)) = schema.get("enum") else {
                continue;
            };
            if default.is_null() && nullable {
                continue;
            }
            if values.iter().any(|v| instance::json_eq(v, default)) {
                continue;
            }
            let shown: Vec<String> = values.iter().take(8).map(Value::to_string).collect();
            let more = if values.len() > 8 { ", ..." } else { "" };
            r.report(
                &push_pointer(p, "default"),
                format!(
                    "default {} is not one of the enum values [{}{more}]: use one of them, or add it to the enum",
                    instance::short(default),
                    shown.join(", ")
                ),
            );
            break;
        }
    }
}
