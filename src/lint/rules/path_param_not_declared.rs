//! `path-param-not-declared`: every `{name}` in a path needs a path parameter.

use serde_json::Value;

use crate::diag::push_pointer;
use crate::diag::Severity;
use crate::lint::{walk, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "path-param-not-declared",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "a `{name}` in a path has no `in: path` parameter",
    explain: "Checks that every template expression in a path (`{sandboxId}` in \
`/sandboxes/{sandboxId}`) has a matching parameter with `in: path`, declared on the \
operation or on its path item, for every operation of that path.\n\n\
OpenAPI requires it. Without the declaration, generated clients have no argument to fill \
the segment with (they send a literal `{sandboxId}`), server stubs cannot extract it, and \
the parameter's type and docs are unknown.\n\n\
Fix: declare the parameter, once on the path item if every operation shares it:\n\n\
```yaml\n\
paths:\n  /sandboxes/{sandboxId}:\n    parameters:\n      - name: sandboxId\n        \
in: path\n        required: true\n        schema:\n          type: string\n\
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
        if names.is_empty() {
            continue;
        }
        let ip = push_pointer("/paths", path);
        for m in crate::load::METHODS {
            let Some(Value::Object(op)) = item.get(m) else {
                continue;
            };
            let op_ptr = push_pointer(&ip, m);
            let params = walk::parameters(doc, item, &ip, op, &op_ptr);
            for name in &names {
                if !params
                    .iter()
                    .any(|p| p.location == "path" && p.name == *name)
                {
                    r.report(
                        &op_ptr,
                        format!(
                            "`{{{name}}}` in `{path}` has no `in: path` parameter on {}: declare `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` on the operation or the path item",
                            m.to_uppercase()
                        ),
                    );
                }
            }
        }
    }
}
