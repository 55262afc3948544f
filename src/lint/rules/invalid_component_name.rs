//! `invalid-component-name`: component names must match `^[a-zA-Z0-9.\-_]+$`.

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "invalid-component-name",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a component name with characters OpenAPI does not allow",
    explain: "Checks that the name of every component (`components/schemas/<name>`, \
`components/parameters/<name>` and the other kinds) matches the pattern the OpenAPI \
specification requires: `^[a-zA-Z0-9.\\-_]+$`, letters, digits, `.`, `-` and `_`.\n\n\
Names like `../../x`, `a\\b` or `/etc/passwd` are not valid OpenAPI; other tools reject \
the document, and a generator that turns names into file names could write outside its \
folder. specsmith's generators sanitise every name, but the spec itself is wrong.\n\n\
Fix: rename the component (and its `$ref`s):\n\n\
```yaml\n\
components:\n  schemas:\n    BoxTemplate: {type: object}   # not 'box template' or '../BoxTemplate'\n\
```",
};

/// Does `name` match `^[a-zA-Z0-9.\-_]+$`?
pub fn is_valid(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let Some(Value::Object(components)) = cx.doc.bundled.get("components") else {
        return;
    };
    for (kind, members) in components {
        let Value::Object(members) = members else {
            continue;
        };
        let kp = push_pointer("/components", kind);
        for name in members.keys() {
            if !is_valid(name) {
                r.report(
                    &push_pointer(&kp, name),
                    format!(
                        "the {} name `{}` is not allowed: component names may only hold letters, digits, `.`, `-` and `_`; rename it and its `$ref`s",
                        crate::lint::walk::component_kind(kind),
                        name.escape_debug()
                    ),
                );
            }
        }
    }
}
