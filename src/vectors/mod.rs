//! Conformance test vectors: JSON payloads for every named type that each
//! language's generated models must decode and re-encode identically, or
//! reject. Built from the IR: the spec's own examples plus edge cases (absent
//! optionals, nulls, unknown enum values and properties, int64 limits,
//! date-time offsets, unicode, empty collections, deep recursion, every union
//! variant) and invalid payloads (missing required fields, wrong types,
//! unknown values of closed enums).//!
//! [`examples`] walks the API: each type's own cases and the spec's
//! examples; [`cases`] lists the cases of one named type; [`values`] builds
//! the values they hold; [`renames`] adds the cases of a migration manifest.

mod cases;
mod examples;
mod renames;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::compat::manifest::Manifest;
use crate::ir::{Api, NamedType};
use crate::load::Document;

pub use examples::SkippedExample;
pub use renames::renames;
pub use values::Sampler;

use examples::build_examples;

/// One vector.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Vector {
    /// `<Type>/<case>`, unique and stable.
    pub id: String,
    /// The IR type name to decode into.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether decoding must succeed.
    pub accept: bool,
    pub value: Value,
    /// What an accepted vector must re-encode to, when that differs from
    /// `value` (a payload with old wire names comes back with the new ones).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expect: Option<Value>,
    /// What the case exercises, for people reading a failure.
    pub note: String,
    /// Kinds of case a language may be excused from (the exceptions table in
    /// tests/conformance/README.md is keyed by these).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Tag: an integer a double cannot hold exactly (beyond 2^53).
pub const TAG_INT64: &str = "int64-beyond-double";
/// Tag: a required property that is read-only or write-only is missing.
pub const TAG_DIRECTIONAL_REQUIRED: &str = "directional-required";
/// Tag: an undeclared property on an object with `additionalProperties: false`
/// (accepted and kept: the keyword binds senders, not readers).
pub const TAG_FORBIDDEN_PROPERTY: &str = "forbidden-property";
/// Tag: an object that holds nothing but a property its type does not declare.
pub const TAG_ONLY_UNKNOWN: &str = "only-unknown-properties";
/// Tag: a discriminator value this version does not know.
pub const TAG_UNKNOWN_VARIANT: &str = "unknown-variant";
/// Tag: a bare `null` decoded as a nullable enum type itself.
pub const TAG_ENUM_BARE_NULL: &str = "enum-bare-null";
/// Tag: a payload that uses an old name from a migration manifest.
pub const TAG_RENAME: &str = "rename";
/// Tag: an old value of an open enum from a migration manifest.
pub const TAG_RENAME_OPEN_ENUM: &str = "rename-open-enum";
/// Tag: a payload decoded through an old (renamed) type name.
pub const TAG_RENAME_TYPE: &str = "rename-type";
/// Tag: a UUID spelled in upper case, which must come back as sent.
pub const TAG_UUID_SPELLING: &str = "uuid-spelling";
/// Tag: another value of a `const`, which decoding keeps (tolerant readers)
/// although a language with literal types types the const as its literal.
pub const TAG_CONST_LITERAL: &str = "const-literal";

/// The file `specsmith vectors` writes.
#[derive(Debug, Clone, Serialize)]
pub struct VectorSet {
    pub api: String,
    pub version: String,
    /// IR type name → the `x-specsmith-name` its identifiers are spelled
    /// from, for the types that declare one (a harness finds the generated
    /// type by this name).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    pub vectors: Vec<Vector>,
}

/// How deep the "deepest level" of a recursive type goes.
pub const RECURSION_DEPTH: usize = 24;
/// Property name used for the unknown-property case.
pub const UNKNOWN_PROPERTY: &str = "specsmithUnknownProperty";
/// Value used for the unknown-enum-value case.
pub const UNKNOWN_ENUM_VALUE: &str = "SPECSMITH_UNKNOWN_VALUE";

/// Builds the vectors of a loaded spec: like [`build_with`], but each of the
/// spec's own examples is first checked against its schema (the check of the
/// lint rule `example-type-mismatch`), and one that does not match is left
/// out and returned instead.
pub fn build_checked(
    doc: &Document,
    api: &Api,
    manifest: Option<&Manifest>,
) -> (VectorSet, Vec<SkippedExample>) {
    let mut skipped = Vec::new();
    let set = build_inner(api, manifest, Some(doc), &mut skipped);
    (set, skipped)
}

/// Builds vectors for every named type of the API, plus rename vectors when
/// a migration manifest is given. The spec's examples are taken as they are.
pub fn build_with(api: &Api, manifest: Option<&Manifest>) -> VectorSet {
    build_inner(api, manifest, None, &mut Vec::new())
}

fn build_inner(
    api: &Api,
    manifest: Option<&Manifest>,
    doc: Option<&Document>,
    skipped: &mut Vec<SkippedExample>,
) -> VectorSet {
    let mut set = build_examples(api, doc, skipped);
    if let Some(m) = manifest {
        let mut seen: BTreeSet<String> = set.vectors.iter().map(|v| v.id.clone()).collect();
        set.vectors.extend(
            renames(api, m)
                .into_iter()
                .filter(|v| seen.insert(v.id.clone())),
        );
    }
    set
}

/// Builds vectors for every named type of the API.
pub fn build(api: &Api) -> VectorSet {
    build_examples(api, None, &mut Vec::new())
}

/// Named types that `vectors` leaves out because no finite value satisfies
/// them (the lint reports each as `no-finite-instance`).
pub fn skipped_types(api: &Api) -> Vec<&NamedType> {
    let ranks = api.finite_ranks();
    api.types
        .values()
        .filter(|t| !ranks.contains_key(&t.name))
        .collect()
}

#[cfg(test)]
mod tests;
