//! `default-type-mismatch`: a `default` must be a value of its schema.

use crate::diag::{push_pointer, Severity};
use crate::lint::{instance, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "default-type-mismatch",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "a `default` does not match its schema's type",
    explain: "Checks that a schema's `default` is a value the schema accepts: the right JSON \
type (`\"10\"` is not an integer), `null` only when the schema is nullable, and for \
objects and arrays the same check on every nested value, required property and \
`additionalProperties: false`, following `$ref`. (Whether the default is one of the \
schema's own enum values is `default-not-in-enum`'s job.)\n\n\
Generated models turn the default into a literal of the field's type: a string default on \
an integer field does not compile, and servers that apply it send an invalid value.\n\n\
Fix: write the default as a value of the schema's type, or correct the type:\n\n\
```yaml\n\
timeoutSeconds:\n  type: integer\n  default: 600   # not \"600\"\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    let doc = &cx.doc.bundled;
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(default) = s.get("default") else {
            continue;
        };
        let dp = push_pointer(p, "default");
        for m in instance::check(doc, s.0, default, false) {
            let place = if m.at.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", m.at)
            };
            r.report(
                &format!("{dp}{}", m.at),
                format!(
                    "default does not match its schema{place}: {}: fix the default or the schema",
                    m.problem
                ),
            );
        }
    }
}
