//! `nullable-keyword-in-3.1`: the 3.0 `nullable` keyword does nothing in 3.1.

use crate::diag::{push_pointer, Severity};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "nullable-keyword-in-3.1",
    severity: Severity::Warning,
    generate: Generation::Proceeds,
    summary: "`nullable` is a 3.0 keyword; OpenAPI 3.1 ignores it",
    explain: "In OpenAPI 3.1 schemas are JSON Schema 2020-12, which has no `nullable` keyword: \
validators and most 3.1 tools ignore it, so a value documented as nullable is rejected when it \
is `null`. specsmith reads it as nullable for compatibility, but other tools will not.\n\n\
Fix: write `type: [string, \"null\"]` instead of `type: string` + `nullable: true`, or for a \
reference `oneOf: [{$ref: ...}, {type: \"null\"}]`:\n\n\
```yaml\n\
expiresAt:\n  type: [string, \"null\"]   # not `type: string` + `nullable: true`\n  format: date-time\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    if !cx.doc.is_31() {
        return;
    }
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        if s.contains_key("nullable") {
            r.report(
                &push_pointer(p, "nullable"),
                "`nullable` has no meaning in OpenAPI 3.1: use `type: [<type>, \"null\"]` instead",
            );
        }
    }
}
