//! `security-scheme-undefined`: a security requirement names an undefined scheme.

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "security-scheme-undefined",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a security requirement names a scheme that `components.securitySchemes` lacks",
    explain: "Checks that every name in a security requirement (the top-level `security` and \
each operation's) is defined under `components.securitySchemes`.\n\n\
OpenAPI requires it. Clients generated from the spec do not know how to authenticate \
those operations (they send no credentials and get 401s), server stubs cannot enforce \
it, and the docs show a lock with nothing behind it.\n\n\
Fix: define the scheme, or correct the name to one that is defined:\n\n\
```yaml\n\
security:\n  - ApiKeyAuth: []\ncomponents:\n  securitySchemes:\n    ApiKeyAuth:\n      \
type: apiKey\n      in: header\n      name: X-API-Key\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    let defined: Vec<&str> = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let check_list = |r: &mut Reporter, list: Option<&Value>, p: &str| {
        let Some(Value::Array(reqs)) = list else {
            return;
        };
        for (i, req) in reqs.iter().enumerate() {
            let Value::Object(req) = req else { continue };
            let rp = push_pointer(p, &i.to_string());
            for name in req.keys() {
                if defined.contains(&name.as_str()) {
                    continue;
                }
                let known = if defined.is_empty() {
                    "none are defined".to_string()
                } else {
                    format!(
                        "defined: {}",
                        defined
                            .iter()
                            .map(|d| format!("`{d}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                r.report(
                    &push_pointer(&rp, name),
                    format!("security scheme `{name}` is not defined in `components.securitySchemes` ({known}): define it there, or fix the name"),
                );
            }
        }
    };
    check_list(r, doc.get("security"), "/security");
    walk::all_operations(doc, &mut |_, _, p, op| {
        check_list(r, op.get("security"), &push_pointer(p, "security"));
    });
}
