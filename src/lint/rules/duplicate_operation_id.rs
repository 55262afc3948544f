//! `duplicate-operation-id`: an operationId names one operation only.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-operation-id",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "two operations share an operationId",
    explain: "Checks that every `operationId` under `paths` and `webhooks` is used once.\n\n\
The OpenAPI specification requires operationIds to be unique: generators turn them into \
method and function names, so two operations with one id become two methods with one name \
(a compile error, or one silently replacing the other), and links that name an operation \
become ambiguous.\n\n\
Fix: rename one of them, usually after what it does on its own path:\n\n\
```yaml\n\
paths:\n  /sandboxes:\n    get:\n      operationId: listSandboxes\n  \
/templates:\n    get:\n      operationId: listBoxTemplates   # was listSandboxes\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    // operationId → (method, path or webhook, pointer) of its first use.
    let mut first: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    walk::all_operations(&cx.doc.bundled, &mut |label, method, p, op| {
        let Some(id) = op.get("operationId").and_then(Value::as_str) else {
            return;
        };
        match first.get(id) {
            Some((m, l, fp)) => {
                let at = cx.doc.locate(fp);
                r.report(
                    &push_pointer(p, "operationId"),
                    format!(
                        "operationId `{id}` is already used by {} {l} ({}:{}): operationIds must be unique, rename this one",
                        m.to_uppercase(),
                        at.file,
                        at.line
                    ),
                );
            }
            None => {
                first.insert(
                    id.to_string(),
                    (method.to_string(), label.to_string(), p.to_string()),
                );
            }
        }
    });
}
