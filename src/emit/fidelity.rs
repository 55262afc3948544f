//! Fidelity warnings every SDK target shares: JSON Schema keywords the loader
//! kept (as `x-specsmith-kw-*`) because no generated type can express them.
//! Each is a located warning with its own id; the message does not name the
//! target, so `generate` reports it once however many targets ran.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Api, CONTENT_KEYWORDS, DOCUMENTATION_KEYWORDS};
use crate::load::KEPT_KEYWORD_PREFIX;

/// The rule id for a kept keyword.
pub fn rule_for(keyword: &str) -> &'static str {
    match keyword {
        "type" => "fidelity-multi-type",
        "items" | "prefixItems" => "fidelity-tuple",
        "if" | "then" | "else" => "fidelity-conditional",
        "unevaluatedProperties" | "unevaluatedItems" => "fidelity-unevaluated",
        "patternProperties" => "fidelity-pattern-properties",
        _ => "fidelity-unsupported-keyword",
    }
}

/// One warning per kept keyword on a named type.
pub fn kept_keywords(api: &Api) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in api.types.values() {
        for key in t.extensions.keys() {
            let Some(keyword) = key.strip_prefix(KEPT_KEYWORD_PREFIX) else {
                continue;
            };
            if DOCUMENTATION_KEYWORDS.contains(&keyword) || CONTENT_KEYWORDS.contains(&keyword) {
                continue;
            }
            out.push(Diagnostic::new(
                rule_for(keyword),
                Severity::Warning,
                t.loc.clone(),
                format!(
                    "schema `{}` uses `{keyword}`, which the generated SDK models cannot express; they accept values it would reject (model it with plain types, or accept the looser models)",
                    t.name
                ),
            ));
        }
    }
    out
}
