//! Rename suggestions: for removals that a manifest does not explain, the
//! renames that would, paired by name and checked by shape.
//!
//! Names are split into tokens (camelCase, snake_case, kebab-case, path
//! segments; lower case, plural `s` dropped). A pair of names differing in one
//! run of tokens (`maxCpuPerSandbox` / `maxCpuPerBox`: `sandbox` → `box`) is
//! evidence for that token substitution; a substitution seen at least twice in
//! a diff is *established*, and names that the established substitutions turn
//! into each other are related (`Sandbox` → `Box`, `/by-sandbox-id` →
//! `/by-box-id`, `CREATE_SANDBOX` → `CREATE_BOX`). A suggestion needs a
//! related name (or, for a lone pair, a clear token overlap) and the same
//! shape: component schemas by [`shape::similarity_by`], properties and
//! parameters by [`shape::fingerprint`], operations by their request and
//! success-response bodies. Each old name gets at most one new name, and each
//! new name at most one old one; ties are not suggested.

mod pairing;
mod tokens;

use std::collections::BTreeMap;

use serde::Serialize;

use super::engine::{match_operations, Cx};
use super::manifest::RenameKind;
use super::shape::{self};
use crate::ir::{Api, Operation, TypeKind};
use pairing::*;
use tokens::*;

/// One suggested manifest entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suggestion {
    pub kind: RenameKind,
    /// For properties and enum values: the old schema; for parameters: the
    /// old operationId when the rename is not the same everywhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub from: String,
    pub to: String,
}

impl Suggestion {
    /// The manifest key (`Schema.property`, `operationId.name`, or the name).
    pub fn key(&self) -> String {
        match &self.scope {
            Some(s) => format!("{s}.{}", self.from),
            None => self.from.clone(),
        }
    }

    /// The manifest line declaring it, with its section header.
    pub fn line(&self) -> String {
        super::rules::helpers::manifest_line(self.kind, &self.key(), &self.to)
    }
}

/// Every suggestion as one manifest snippet, grouped by section.
pub fn snippet(all: &[Suggestion]) -> String {
    let mut out = String::new();
    for kind in RenameKind::ALL {
        let mut first = true;
        for s in all.iter().filter(|s| s.kind == kind) {
            let line = s.line();
            let (head, entry) = line.split_once('\n').unwrap_or((&line, ""));
            if first {
                out.push_str(head);
                out.push('\n');
                first = false;
            }
            out.push_str(entry);
            out.push('\n');
        }
    }
    out
}

/// The suggestions as JSON in the manifest's own layout: `{section: {key: new}}`.
pub fn manifest_json(all: &[Suggestion]) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for s in all {
        let section = out
            .entry(s.kind.section())
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(m) = section {
            m.insert(s.key(), serde_json::Value::String(s.to.clone()));
        }
    }
    serde_json::Value::Object(out)
}

/// Suggests the manifest entries that would explain what `cx` finds removed.
pub fn suggest(cx: &Cx) -> Vec<Suggestion> {
    let ops = match_operations(cx);
    let (removed_schemas, added_schemas) = changed_schemas(cx);
    let subs = evidence(cx, &ops, &removed_schemas, &added_schemas);
    let mut out: Vec<Suggestion> = Vec::new();
    let tm = schemas(cx, &subs, &removed_schemas, &added_schemas, &mut out);
    members(cx, &subs, &tm, &mut out);
    let op_pairs = paths(cx, &subs, &tm, &ops, &mut out);
    parameters(cx, &subs, &ops, &op_pairs, &mut out);
    out.sort();
    out.dedup();
    out
}

/// For a manifest rename whose old name is not in `base`: the closest base
/// name of its kind (`Schema.property` when the schema itself is misspelled).
pub fn did_you_mean(base: &Api, r: &super::manifest::Rename) -> Option<String> {
    let components = || {
        base.types
            .keys()
            .filter(|n| is_component(base, n))
            .map(String::as_str)
    };
    let scope = r.scope.as_deref();
    let names: Vec<String> = match r.kind {
        RenameKind::Schema => components().map(str::to_string).collect(),
        RenameKind::Property | RenameKind::EnumValue => match base.get(scope?).map(|t| &t.kind) {
            Some(TypeKind::Object(o)) => o.fields.iter().map(|f| f.name.clone()).collect(),
            Some(TypeKind::Enum(e)) => e.values.iter().map(|v| v.as_text()).collect(),
            _ => {
                let s = closest(scope?, components())?;
                return Some(format!("{s}.{}", r.from));
            }
        },
        RenameKind::Path => base.operations.iter().map(|o| o.path.clone()).collect(),
        RenameKind::Operation => base.operations.iter().map(|o| o.id.clone()).collect(),
        RenameKind::Parameter => base
            .operations
            .iter()
            .flat_map(|o| o.parameters.iter().map(|p| p.name.clone()))
            .collect(),
        RenameKind::Tag => base.tags.iter().map(|t| t.name.clone()).collect(),
    };
    let best = closest(&r.from, names.iter().map(String::as_str))?;
    Some(match scope {
        Some(s) if r.kind != RenameKind::Parameter || base.operations.iter().any(|o| o.id == s) => {
            format!("{s}.{best}")
        }
        _ => best.to_string(),
    })
}

/// The candidate closest to `name` by edit distance, if it is close.
pub fn closest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(s, _)| *s >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The words a finding adds for a name that may be misspelt: ` (did you
/// mean `x`?)` when there is a close name, else nothing.
pub fn hint(closest: Option<&str>) -> String {
    closest
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default()
}

/// Does a suggestion pair things of the same shape? A check independent of
/// the name matching, by type fingerprints only: schemas of the same kind
/// whose members mostly have the same types; properties and parameters of the
/// same type; operations at the old and new path with the same request and
/// success-response body types. `all`: the suggestions of the same diff
/// (a property of a renamed schema is looked up under its new name).
pub fn shapes_agree(base: &Api, head: &Api, all: &[Suggestion], s: &Suggestion) -> bool {
    let head_type = |b: &str| {
        all.iter()
            .find(|x| x.kind == RenameKind::Schema && x.from == b)
            .map(|x| x.to.clone())
            .unwrap_or_else(|| b.to_string())
    };
    let field = |api: &Api, t: &str, f: &str| match api.get(t).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => o
            .fields
            .iter()
            .find(|x| x.name == f)
            .map(|x| shape::fingerprint(api, &x.ty)),
        _ => None,
    };
    let body = |api: &Api, o: &Operation| {
        o.request_body
            .as_ref()
            .and_then(|r| r.json_type())
            .map(|t| shape::fingerprint(api, t))
    };
    let success = |api: &Api, o: &Operation| {
        o.responses
            .iter()
            .filter(|r| r.status.starts_with('2'))
            .map(|r| {
                (
                    r.status.clone(),
                    r.json_type().map(|t| shape::fingerprint(api, t)),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    match s.kind {
        RenameKind::Schema => {
            kind_tag(base, &s.from) == kind_tag(head, &s.to)
                && shape::similarity_by(base, &s.from, head, &s.to, &|_, _| true) >= 0.5
        }
        RenameKind::Property => {
            let Some(scope) = s.scope.as_deref() else {
                return false;
            };
            let b = field(base, scope, &s.from);
            b.is_some() && b == field(head, &head_type(scope), &s.to)
        }
        RenameKind::Parameter => base
            .operations
            .iter()
            .filter(|o| s.scope.as_deref().is_none_or(|id| o.id == id))
            .flat_map(|o| o.parameters.iter().filter(|p| p.name == s.from))
            .any(|p| {
                head.operations
                    .iter()
                    .flat_map(|o| o.parameters.iter())
                    .any(|q| {
                        q.name == s.to
                            && q.location == p.location
                            && shape::fingerprint(head, &q.ty) == shape::fingerprint(base, &p.ty)
                    })
            }),
        RenameKind::Path => base
            .operations
            .iter()
            .filter(|o| o.path == s.from)
            .all(|o| {
                head.operations.iter().any(|h| {
                    h.path == s.to
                        && h.method == o.method
                        && body(base, o) == body(head, h)
                        && success(base, o)
                            .iter()
                            .all(|(st, t)| success(head, h).get(st) == Some(t))
                })
            }),
        RenameKind::Operation => base.operations.iter().any(|o| {
            o.id == s.from
                && head
                    .operations
                    .iter()
                    .any(|h| h.id == s.to && h.method == o.method)
        }),
        RenameKind::EnumValue | RenameKind::Tag => true,
    }
}
