//! The walk over an API that builds its vectors: every named type's cases,
//! and the examples the spec gives for types, request bodies and responses,
//! each checked against its schema when the document is at hand.

use std::collections::BTreeSet;

use serde_json::Value;

use super::values::{is_recursive, Gen};
use super::{Vector, VectorSet, TAG_UNKNOWN_VARIANT};
use crate::diag::Loc;
use crate::ir::{Api, TypeRef};
use crate::lint::instance;
use crate::load::Document;

/// A spec example left out of the vectors because it is not a value of its
/// own schema: decoding it must fail, so it cannot be an accept vector.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedExample {
    /// The id the vector would have had.
    pub id: String,
    /// Where the example's schema (or body, or response) is.
    pub loc: Loc,
    /// Why it does not match, from the check behind `example-type-mismatch`.
    pub problems: Vec<instance::Mismatch>,
}

impl SkippedExample {
    /// One line: the location, the vector id and the first problem.
    pub fn describe(&self) -> String {
        let first = self
            .problems
            .first()
            .map(|m| {
                if m.at.is_empty() {
                    m.problem.clone()
                } else {
                    format!("at `{}`: {}", m.at, m.problem)
                }
            })
            .unwrap_or_default();
        let more = match self.problems.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!("{}: {}: {first}{more}", self.loc, self.id)
    }
}

/// The problems of `value` as a value of the named type `name`, checked
/// against the type's schema in the normalised document. Empty when it
/// matches, or when there is no document or the schema cannot be found (the
/// example is then kept as it is).
fn example_problems(
    doc: Option<&Document>,
    api: &Api,
    name: &str,
    value: &Value,
) -> Vec<instance::Mismatch> {
    let Some(doc) = doc else {
        return Vec::new();
    };
    let Some(Value::Object(schema)) = api
        .get(name)
        .filter(|t| !t.pointer.is_empty())
        .and_then(|t| crate::diag::lookup(&doc.normalized, &t.pointer))
    else {
        return Vec::new();
    };
    instance::check(&doc.normalized, schema, value, true)
}

pub(super) fn build_examples(
    api: &Api,
    doc: Option<&Document>,
    skipped: &mut Vec<SkippedExample>,
) -> VectorSet {
    let mut out = Vec::new();
    let dirs = api.directions();
    let ranks = api.finite_ranks();
    for t in api.types.values() {
        if !ranks.contains_key(&t.name) {
            // No finite value exists (`no-finite-instance`): nothing to send.
            continue;
        }
        let g = Gen {
            api,
            dirs,
            recursive: is_recursive(api, &t.name),
            ranks,
        };
        if let Some(ex) = &t.docs.example {
            let id = format!("{}/spec-example", t.name);
            let problems = example_problems(doc, api, &t.name, ex);
            if problems.is_empty() {
                let tags: &[&str] = if g.unknown_variant(&TypeRef::Named(t.name.clone()), ex, 0) {
                    &[TAG_UNKNOWN_VARIANT]
                } else {
                    &[]
                };
                g.push_tagged(
                    &mut out,
                    t,
                    "spec-example",
                    true,
                    ex.clone(),
                    "the example the spec gives",
                    tags,
                );
            } else {
                // At the example itself when the document has it there.
                let loc = doc
                    .map(|d| d.locate(&format!("{}/example", t.pointer)))
                    .unwrap_or_else(|| t.loc.clone());
                skipped.push(SkippedExample { id, loc, problems });
            }
        }
        g.type_vectors(t, &mut out);
    }
    // Request and response examples, keyed to the type they show.
    let g = Gen {
        api,
        dirs,
        recursive: false,
        ranks,
    };
    for op in &api.operations {
        let bodies = op
            .request_body
            .iter()
            .flat_map(|b| b.content.iter().map(|m| ("request".to_string(), m, &b.loc)));
        let responses = op
            .responses
            .iter()
            .flat_map(|r| r.content.iter().map(move |m| (r.status.clone(), m, &r.loc)));
        for (label, media, loc) in bodies.chain(responses) {
            if let (Some(example), Some(TypeRef::Named(n))) =
                (&media.example, media.ty.as_ref().map(TypeRef::non_null))
            {
                let id = format!("{n}/example-{}-{label}", op.id);
                let problems = example_problems(doc, api, n, example);
                if !problems.is_empty() {
                    skipped.push(SkippedExample {
                        id,
                        loc: loc.clone(),
                        problems,
                    });
                    continue;
                }
                out.push(Vector {
                    id,
                    type_name: n.clone(),
                    accept: true,
                    value: example.clone(),
                    expect: None,
                    note: format!("the spec's example for {} {}", op.id, label),
                    tags: if g.unknown_variant(&TypeRef::Named(n.clone()), example, 0) {
                        vec![TAG_UNKNOWN_VARIANT.to_string()]
                    } else {
                        Vec::new()
                    },
                });
            }
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|v| seen.insert(v.id.clone()));
    // An example of another media type (XML, text) of the same operation and
    // status is not news when a matching one gave the vector.
    let mut seen = BTreeSet::new();
    skipped.retain(|s| !out.iter().any(|v| v.id == s.id) && seen.insert(s.id.clone()));
    VectorSet {
        api: api.title.clone(),
        version: api.version.clone(),
        names: api
            .types
            .values()
            .filter_map(|t| Some((t.name.clone(), t.name_hint.clone()?)))
            .collect(),
        vectors: out,
    }
}
