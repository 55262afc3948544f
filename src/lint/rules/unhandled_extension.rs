//! `unhandled-extension`: a specification extension (`x-…`) that specsmith
//! does not read, reported once per name.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::{push_index, push_pointer, push_segment, Severity};
use crate::lint::{Generation, LintContext, Reporter, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unhandled-extension",
    severity: Severity::Info,
    generate: Generation::Proceeds,
    summary: "a specification extension (`x-…`) that specsmith does not read",
    explain: "Lists each extension name the spec uses that no part of specsmith reads, once, at \
its first use, with how often it occurs. Tools often give extensions meaning (a code \
generator's type hints, a gateway's routing); specsmith's generated code, compatibility \
verdicts and docs ignore them, so the behaviour they ask for is not there.\n\n\
Extensions specsmith reads: `x-specsmith-name`, `x-specsmith-closed-enum`, \
`x-enum-varnames`, `x-extensible-enum` (an open enum), `x-sunset` and `x-stability-level` \
(compatibility of removed operations).\n\n\
Fix: nothing, when the extension is meant for another tool; otherwise express it with a \
keyword or an extension from the list above. Switch the rule off in `specsmith.toml` \
(`[lint.rules] unhandled-extension = \"off\"`) to silence it.\n\n\
```yaml\n\
paths:\n  /sandboxes:\n    get:\n      x-rate-limit: 10   # read by a gateway, not by specsmith\n\
```",
};

/// Extensions some stage of specsmith reads, besides its own `x-specsmith-*`
/// (hints such as `x-specsmith-name`, and what the loader keeps).
const HANDLED: [&str; 4] = [
    crate::naming::ENUM_VARNAMES,
    "x-extensible-enum",
    "x-sunset",
    "x-stability-level",
];

pub fn check(cx: &LintContext, r: &mut Reporter) {
    // Name → (first pointer in document order, count).
    let mut seen: BTreeMap<String, (String, usize)> = BTreeMap::new();
    scan(&cx.doc.bundled, &mut String::new(), &mut seen, 0);
    let mut found: Vec<_> = seen.into_iter().collect();
    found.sort_by(|a, b| a.1 .0.cmp(&b.1 .0));
    for (name, (pointer, count)) in found {
        let times = if count == 1 {
            "once".to_string()
        } else {
            format!("{count} times")
        };
        r.report(
            &pointer,
            format!("`{name}` (used {times}) is not read by specsmith: generated code, compatibility verdicts and docs ignore it"),
        );
    }
}

/// `pointer` is `v`'s, a buffer the walk extends and truncates back.
fn scan(
    v: &Value,
    pointer: &mut String,
    seen: &mut BTreeMap<String, (String, usize)>,
    depth: usize,
) {
    if depth > 256 {
        return;
    }
    let len = pointer.len();
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k.starts_with("x-") {
                    if !k.starts_with("x-specsmith-") && !HANDLED.contains(&k.as_str()) {
                        match seen.get_mut(k) {
                            Some(s) => s.1 += 1,
                            None => {
                                seen.insert(k.clone(), (push_pointer(pointer, k), 1));
                            }
                        }
                    }
                    // An extension's value is the extension's own data.
                    continue;
                }
                // Example values are data, not OpenAPI objects.
                if k == "example"
                    || k == "examples"
                    || k == "default"
                    || k == "enum"
                    || k == "const"
                {
                    continue;
                }
                push_segment(pointer, k);
                scan(child, pointer, seen, depth + 1);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                push_index(pointer, i);
                scan(item, pointer, seen, depth + 1);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}
