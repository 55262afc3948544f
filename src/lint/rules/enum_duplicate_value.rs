//! `enum-duplicate-value`: an enum lists a value twice.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{push_pointer, Severity};
use crate::ir::EnumValue;
use crate::lint::{instance, Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "enum-duplicate-value",
    severity: Severity::Error,
    generate: Generation::Proceeds,
    summary: "an enum lists the same value twice",
    explain: "Checks that no value appears twice in a schema's `enum` (numbers compare by \
value, so `1` and `1.0` are the same).\n\n\
JSON Schema 2020-12 (OpenAPI 3.1's) says the values of an `enum` SHOULD be unique; draft 4 \
said MUST. Real specs do repeat values, and a repeat usually stands where another value was \
intended. The generated code keeps the first of each value, with its \
`x-enum-varnames` name, so every enum has one member per value and `generate` proceeds.\n\n\
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
            let key = EnumValue::identity(v);
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
