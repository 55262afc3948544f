//! `server-variable-undeclared`: every `{var}` in a server URL needs a
//! variable, and a variable's default must be one of its values.

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{instance, walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "server-variable-undeclared",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary:
        "a `{var}` in a server URL has no variable, or a variable's default is not in its enum",
    explain: "Checks every server (top level, path item and operation): each `{name}` in its \
`url` must have an entry under `variables`, and a variable with an `enum` must have its \
`default` among the enum's values.\n\n\
OpenAPI requires both. A client built from the spec cannot fill an undeclared variable \
and calls a host name with a literal `{region}` in it; a default outside the enum is a \
server the spec itself says does not exist.\n\n\
Fix: declare the variable with a default (and the allowed values), or write the URL out:\n\n\
```yaml\n\
servers:\n  - url: https://{region}.api.example.com\n    variables:\n      region:\n        \
default: us-east-1\n        enum: [us-east-1, eu-west-1]\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    let mut lists = vec!["/servers".to_string()];
    for (section, base) in [("paths", "/paths"), ("webhooks", "/webhooks")] {
        let Some(Value::Object(items)) = doc.get(section) else {
            continue;
        };
        for (key, item) in items {
            let ip = push_pointer(base, key);
            lists.push(push_pointer(&ip, "servers"));
            for m in crate::load::METHODS {
                if item.get(m).is_some() {
                    lists.push(push_pointer(&push_pointer(&ip, m), "servers"));
                }
            }
        }
    }
    for lp in lists {
        let Some(Value::Array(servers)) = crate::diag::lookup(doc, &lp) else {
            continue;
        };
        for (i, server) in servers.iter().enumerate() {
            let sp = push_pointer(&lp, &i.to_string());
            let Some(url) = server.get("url").and_then(Value::as_str) else {
                continue;
            };
            let vars = server.get("variables").and_then(Value::as_object);
            for name in walk::template_names(url) {
                if vars.is_some_and(|v| v.contains_key(name)) {
                    continue;
                }
                r.report(
                    &push_pointer(&sp, "url"),
                    format!("`{{{name}}}` in `{url}` has no entry under `variables`: add `variables: {{{name}: {{default: ...}}}}`, or write the value into the URL"),
                );
            }
            for (name, var) in vars.into_iter().flatten() {
                let (Some(Value::Array(values)), Some(default)) =
                    (var.get("enum"), var.get("default"))
                else {
                    continue;
                };
                if values.iter().any(|v| instance::json_eq(v, default)) {
                    continue;
                }
                let vp = push_pointer(&push_pointer(&sp, "variables"), name);
                r.report(
                    &push_pointer(&vp, "default"),
                    format!(
                        "the default {} of server variable `{name}` is not one of its enum values: use one of them, or add it to the enum",
                        instance::short(default)
                    ),
                );
            }
        }
    }
}
