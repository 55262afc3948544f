//! `path-param-declared-but-unused`: a path parameter must appear in its path.

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "path-param-declared-but-unused",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "an `in: path` parameter does not appear in its path",
    explain: "Checks that every parameter with `in: path` (declared on a path item or an \
operation) names a template expression of that path.\n\n\
OpenAPI requires it. A path parameter that is not in the path can never be sent: \
generated clients ask callers for an argument and then drop it, and a typo \
(`sandboxID` for `{sandboxId}`) usually hides behind it, leaving the real segment \
undeclared.\n\n\
Fix: rename the parameter to match the path segment, or remove it, or move it to the \
query if it was meant to be one:\n\n\
```yaml\n\
paths:\n  /sandboxes/{sandboxId}:\n    get:\n      parameters:\n        - name: sandboxId   # not sandboxID\n          \
in: path\n          required: true\n          schema: {type: string}\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return;
    };
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let names = walk::template_names(path);
        let ip = push_pointer("/paths", path);
        let mut owners = vec![(ip.clone(), item)];
        for m in crate::load::METHODS {
            if let Some(Value::Object(op)) = item.get(m) {
                owners.push((push_pointer(&ip, m), op));
            }
        }
        for (owner_ptr, owner) in owners {
            let Some(Value::Array(list)) = owner.get("parameters") else {
                continue;
            };
            let lp = push_pointer(&owner_ptr, "parameters");
            for (i, p) in list.iter().enumerate() {
                let pp = push_pointer(&lp, &i.to_string());
                let param = walk::deref(doc, p);
                if param.get("in").and_then(Value::as_str) != Some("path") {
                    continue;
                }
                let Some(name) = param.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if names.contains(&name) {
                    continue;
                }
                let hint = match names.iter().find(|n| n.eq_ignore_ascii_case(name)) {
                    Some(n) => format!("rename it to `{n}` to match the path"),
                    None => "rename it to match a `{…}` segment, remove it, or make it a query parameter".to_string(),
                };
                r.report(
                    &pp,
                    format!("path parameter `{name}` does not appear in `{path}`: {hint}"),
                );
            }
        }
    }
}
