//! `enum-duplicate-value`: an enum lists a value twice.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::lint::{instance, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "enum-duplicate-value",
    severity: Severity::Error,
    generate: Generation::Blocks,
    summary: "an enum lists the same value twice",
    explain: "Checks that no value appears twice in a schema's `enum` (numbers compare by \
value, so `1` and `1.0` are the same).\n\n\
JSON Schema (draft 4, which OpenAPI 3.0 uses) requires enum values to be unique. Generated \
enums get two members with one name, which does not compile in most languages, and a \
repeat usually means one value was meant to be something else.\n\n\
Fix: remove the repeat (or correct it to the value that was meant):\n\n\
```yaml\n\
SandboxState:\n  type: string\n  enum: [Pending, Running, Paused]   # not [Pending, Running, Running]\n\
```",
};

pub fn check(cx: &LintContext, r: &mut Reporter) {
    for (p, s) in cx.schemas() {
        let (p, s) = (p.as_str(), *s);
        let Some(Value::Array(values)) = s.get("enum") else {
            continue;
        };
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let ep = push_pointer(p, "enum");
        for (i, v) in values.iter().enumerate() {
            let key = match v {
                Value::Number(n) if instance::is_integer(v) => {
                    format!("n:{}", n.as_f64().unwrap_or(0.0))
                }
                Value::Number(n) => format!("n:{}", n.as_f64().unwrap_or(0.0)),
                other => other.to_string(),
            };
            match seen.get(&key) {
                Some(first) => r.report(
                    &push_pointer(&ep, &i.to_string()),
                    format!(
                        "{} repeats enum value #{first}: remove the repeat",
                        instance::short(v)
                    ),
                ),
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
}
