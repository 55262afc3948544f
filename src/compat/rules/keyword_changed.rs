//! `keyword-changed`: a JSON Schema keyword specsmith does not evaluate changed.

use serde_json::Value;

use crate::compat::constraints::{keyword_changes, ConstraintPair, Way};
use crate::compat::engine::{Cx, Sink};
use crate::compat::rules::{Levels, RuleMeta, W};
use crate::compat::Bump;

pub static META: RuleMeta = RuleMeta {
    id: "keyword-changed",
    change: "keyword",
    levels: Levels { wire: W, codegen: W, strict: W },
    bump: Bump::Minor,
    summary: "a JSON Schema keyword specsmith cannot compare changed (`not`, `if`/`then`/`else`, `dependentRequired`, `prefixItems`, `patternProperties` …)",
    explain: "specsmith compares types, properties, enums, unions and the validation keywords \
(`pattern`, lengths, bounds, counts, `const`), but not the applicator keywords of JSON Schema: \
`not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `contains`/`minContains`/\
`maxContains`, `prefixItems`, `patternProperties`, `propertyNames`, `unevaluatedProperties`/\
`unevaluatedItems`, a `type` list that names `object` or `array` beside other types. When one of them is added, removed or changed, specsmith \
cannot prove the change compatible and says so here with the location, rather than passing it \
silently. A `pattern` whose old and new forms no sample tells apart is reported the same way.\n\n\
Fix: review the change by hand; if it is safe, note it in the release notes.",
};

fn short(v: Option<&Value>) -> String {
    match v {
        None => "none".into(),
        Some(v) => {
            let t = v.to_string();
            if t.chars().count() > 60 {
                format!("{}…", t.chars().take(60).collect::<String>())
            } else {
                t
            }
        }
    }
}

pub fn check(cx: &Cx, p: &ConstraintPair, s: &mut Sink) {
    for (k, b, h) in keyword_changes(p.base, p.head) {
        let how = match (b, h) {
            (None, _) => "was added",
            (_, None) => "was removed",
            _ => "changed",
        };
        s.report(
            &META,
            p.direction,
            format!("{} {k}", p.subject),
            Some(p.base_loc),
            Some(p.head_loc),
            format!(
                "`{k}` on `{}` {how} ({} -> {}); specsmith does not evaluate `{k}` and cannot prove the change compatible",
                p.subject,
                short(b),
                short(h)
            ),
        );
    }
    for c in p.changes(cx.base) {
        if c.way == Way::Unknown {
            s.report(
                &META,
                p.direction,
                format!("{} {}", p.subject, c.keyword),
                Some(p.base_loc),
                Some(p.head_loc),
                format!(
                    "{} of `{}`: specsmith cannot prove the change compatible",
                    c.what, p.subject
                ),
            );
        }
    }
}
