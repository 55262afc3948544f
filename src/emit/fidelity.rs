//! Fidelity warnings every SDK target shares: JSON Schema keywords the IR
//! keeps (in `Constraints::keywords`) because no generated type can express
//! them.
//! Each is a located warning with its own id; the message does not name the
//! target, so `generate` reports it once however many targets ran.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Api, CONTENT_KEYWORDS, DOCUMENTATION_KEYWORDS};

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
        for keyword in t.constraints.keywords.keys().map(String::as_str) {
            // Content keywords are honoured: such strings stay text.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_and_unexpressible_keywords_warn_documentation_does_not() {
        let doc = crate::load::load_text(
            std::path::Path::new("t.yaml"),
            r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Odd:
      type: object
      not: {required: [a]}
      patternProperties: {"^x-": {type: string}}
      $comment: documentation only
"#
            .into(),
            &Default::default(),
        )
        .expect("loads");
        let api = crate::ir::lower(&doc).api;
        assert!(
            api.types["Odd"].extensions.is_empty(),
            "kept keywords are typed, not extensions"
        );
        let warnings = kept_keywords(&api);
        let rules: Vec<&str> = warnings.iter().map(|d| d.rule.as_str()).collect();
        assert_eq!(
            rules,
            [
                "fidelity-unsupported-keyword",
                "fidelity-pattern-properties"
            ]
        );
    }
}
