//! Conformance test vectors: JSON payloads for every named type that each
//! language's generated models must decode and re-encode identically, or
//! reject. Built from the IR: the spec's own examples plus edge cases (absent
//! optionals, nulls, unknown enum values and properties, int64 limits,
//! date-time offsets, unicode, empty collections, deep recursion, every union
//! variant) and invalid payloads (missing required fields, wrong types,
//! unknown values of closed enums).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::compat::manifest::{Manifest, RenameKind};
use crate::diag::Loc;
use crate::emit::sdk::{self, Directions};
use crate::ir::{
    cycles, Additional, Api, EnumRepr, Field, IntFormat, NamedType, Primitive, StringFormat,
    TypeKind, TypeRef, UnionType,
};
use crate::lint::instance;
use crate::load::Document;

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

const TRICKY_STRING: &str =
    "unicode é ü 漢字 🦀, quote \", backslash \\, newline \n, tab \t, control \u{1}";

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
        .and_then(|t| doc.normalized.pointer(&t.pointer))
    else {
        return Vec::new();
    };
    instance::check(&doc.normalized, schema, value, true)
}

fn build_examples(
    api: &Api,
    doc: Option<&Document>,
    skipped: &mut Vec<SkippedExample>,
) -> VectorSet {
    let mut out = Vec::new();
    let dirs = Directions::of(api);
    let ranks = cycles::finite_ranks(api);
    for t in api.types.values() {
        if !ranks.contains_key(&t.name) {
            // No finite value exists (`no-finite-instance`): nothing to send.
            continue;
        }
        let g = Gen {
            api,
            dirs: &dirs,
            recursive: is_recursive(api, &t.name),
            ranks: &ranks,
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
        dirs: &dirs,
        recursive: false,
        ranks: &ranks,
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

/// Vectors for the renames a migration manifest declares: payloads that use
/// the old wire names (properties, enum values) or the old type names, which
/// the models must decode into the new types and encode with the new names.
/// Renames whose new name the API does not have are skipped.
pub fn renames(api: &Api, manifest: &Manifest) -> Vec<Vector> {
    let schema_to: BTreeMap<&str, &str> = manifest
        .schema_renames()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let new_type = |old: &str| -> String { schema_to.get(old).copied().unwrap_or(old).to_string() };
    let dirs = Directions::of(api);
    let ranks = cycles::finite_ranks(api);
    let mut out = Vec::new();
    for r in manifest.renames() {
        let scope = r.scope.as_deref().map(&new_type);
        match r.kind {
            RenameKind::Schema => {
                let Some(t) = api.get(&r.to) else { continue };
                let g = Gen {
                    api,
                    dirs: &dirs,
                    recursive: false,
                    ranks: &ranks,
                };
                let value = g.sample(&TypeRef::Named(t.name.clone()), Fill::Minimal, 0);
                out.push(Vector {
                    id: format!("{}/renamed-type-{}", t.name, r.from),
                    type_name: r.from.clone(),
                    accept: true,
                    value,
                    expect: None,
                    note: format!("decoded through the old type name `{}`", r.from),
                    tags: vec![TAG_RENAME.into(), TAG_RENAME_TYPE.into()],
                });
            }
            RenameKind::Property => {
                let Some(name) = scope else { continue };
                let Some(TypeKind::Object(o)) = api.get(&name).map(|t| &t.kind) else {
                    continue;
                };
                let Some(to) = o.fields.iter().find(|f| f.name == r.to) else {
                    continue;
                };
                if o.fields.iter().any(|f| f.name == r.from) {
                    continue;
                }
                let g = Gen {
                    api,
                    dirs: &dirs,
                    recursive: false,
                    ranks: &ranks,
                };
                let mut expect = g.object(&name, Fill::Minimal, 0);
                if expect.get(&r.to).is_none() {
                    expect[&r.to] = g.sample(&to.ty, Fill::Minimal, 1);
                }
                let value = rename_key(&expect, &r.to, &r.from);
                out.push(Vector {
                    id: format!("{name}/renamed-property-{}", r.from),
                    type_name: name.clone(),
                    accept: true,
                    value,
                    expect: Some(expect),
                    note: format!("the old property name `{}` decodes as `{}`", r.from, r.to),
                    tags: vec![TAG_RENAME.into()],
                });
            }
            RenameKind::EnumValue => {
                let Some(name) = scope else { continue };
                let Some(TypeKind::Enum(e)) = api.get(&name).map(|t| &t.kind) else {
                    continue;
                };
                let Some(new) = e.values.iter().find(|v| v.as_text() == r.to) else {
                    continue;
                };
                let old = match &new.value {
                    Value::Number(_) => match r.from.parse::<i64>() {
                        Ok(n) => json!(n),
                        Err(_) => continue,
                    },
                    _ => json!(r.from),
                };
                let mut tags = vec![TAG_RENAME.to_string()];
                if e.open {
                    tags.push(TAG_RENAME_OPEN_ENUM.into());
                }
                out.push(Vector {
                    id: format!("{name}/renamed-value-{}", r.from),
                    type_name: name.clone(),
                    accept: true,
                    value: old.clone(),
                    expect: Some(new.value.clone()),
                    note: format!("the old value `{}` decodes as `{}`", r.from, r.to),
                    tags: tags.clone(),
                });
                // The old value inside every object that holds the enum directly.
                for t in api.types.values() {
                    let TypeKind::Object(o) = &t.kind else {
                        continue;
                    };
                    let g = Gen {
                        api,
                        dirs: &dirs,
                        recursive: false,
                        ranks: &ranks,
                    };
                    for f in &o.fields {
                        if !matches!(f.ty.non_null(), TypeRef::Named(n) if *n == name) {
                            continue;
                        }
                        let mut expect = g.object(&t.name, Fill::Minimal, 0);
                        expect[&f.name] = new.value.clone();
                        let mut value = expect.clone();
                        value[&f.name] = old.clone();
                        out.push(Vector {
                            id: format!("{}/{}-renamed-value-{}", t.name, f.name, r.from),
                            type_name: t.name.clone(),
                            accept: true,
                            value,
                            expect: Some(expect),
                            note: format!(
                                "the old value `{}` of `{}` decodes as `{}`",
                                r.from, f.name, r.to
                            ),
                            tags: tags.clone(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `value` with the key `from` renamed to `to`, in the same position.
fn rename_key(value: &Value, from: &str, to: &str) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    (
                        if k == from { to.to_string() } else { k.clone() },
                        v.clone(),
                    )
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn is_recursive(api: &Api, name: &str) -> bool {
    let mut stack = vec![name.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        let Some(t) = api.get(&n) else { continue };
        let mut refs = Vec::new();
        match &t.kind {
            TypeKind::Object(o) => {
                for f in &o.fields {
                    f.ty.named(&mut refs);
                }
                if let Additional::Typed(ty) = &o.additional {
                    ty.named(&mut refs);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| v.named(&mut refs)),
            TypeKind::Alias { target } => target.named(&mut refs),
            TypeKind::Enum(_) => {}
        }
        for r in refs {
            if r == name {
                return true;
            }
            if seen.insert(r.clone()) {
                stack.push(r);
            }
        }
    }
    false
}

struct Gen<'a> {
    api: &'a Api,
    dirs: &'a Directions,
    recursive: bool,
    /// [`cycles::finite_ranks`]: past [`SAMPLE_DEPTH`], values are built by
    /// the lowest-ranked choice, which always ends.
    ranks: &'a BTreeMap<String, usize>,
}

/// How deep sample values follow the spec before they take the shortest
/// finite form.
const SAMPLE_DEPTH: usize = 6;

/// Named types that `vectors` leaves out because no finite value satisfies
/// them (the lint reports each as `no-finite-instance`).
pub fn skipped_types(api: &Api) -> Vec<&NamedType> {
    let ranks = cycles::finite_ranks(api);
    api.types
        .values()
        .filter(|t| !ranks.contains_key(&t.name))
        .collect()
}

/// Valid values of the API's types, for showing a request when the spec gives
/// no example (the docs' curl examples): the same sampler as the vectors'
/// `minimal` case, required fields only.
pub struct Sampler<'a> {
    api: &'a Api,
    dirs: Directions,
    ranks: BTreeMap<String, usize>,
}

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api) -> Self {
        Sampler {
            api,
            dirs: Directions::of(api),
            ranks: cycles::finite_ranks(api),
        }
    }

    /// A valid value of `ty` with only the required fields filled.
    pub fn sample(&self, ty: &TypeRef) -> Value {
        Gen {
            api: self.api,
            dirs: &self.dirs,
            recursive: false,
            ranks: &self.ranks,
        }
        .sample(ty, Fill::Minimal, 0)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Fill {
    /// Required fields only.
    Minimal,
    /// Every field.
    Full,
}

impl<'a> Gen<'a> {
    /// Whether the SDK models require field `f` of object `owner`: as the
    /// spec says, except that a required read-only field of a type that is
    /// also sent, or write-only field of a type that also comes back, is not.
    fn required(&self, owner: &str, f: &Field) -> bool {
        sdk::presence(self.api, self.dirs, owner, f).required
    }

    fn push(
        &self,
        out: &mut Vec<Vector>,
        t: &NamedType,
        case: &str,
        accept: bool,
        value: Value,
        note: &str,
    ) {
        self.push_tagged(out, t, case, accept, value, note, &[]);
    }

    #[allow(clippy::too_many_arguments)]
    fn push_tagged(
        &self,
        out: &mut Vec<Vector>,
        t: &NamedType,
        case: &str,
        accept: bool,
        value: Value,
        note: &str,
        tags: &[&str],
    ) {
        out.push(Vector {
            id: format!("{}/{case}", t.name),
            type_name: t.name.clone(),
            accept,
            value,
            expect: None,
            note: note.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        });
    }

    fn type_vectors(&self, t: &NamedType, out: &mut Vec<Vector>) {
        match &t.kind {
            TypeKind::Object(o) => {
                let minimal = self.object(&t.name, Fill::Minimal, 0);
                self.push(
                    out,
                    t,
                    "minimal",
                    true,
                    minimal.clone(),
                    "only required fields: every optional field absent",
                );
                self.push(
                    out,
                    t,
                    "full",
                    true,
                    self.object(&t.name, Fill::Full, 0),
                    "every field present",
                );
                let mut nulls = minimal.clone();
                let mut any_null = false;
                for f in &o.fields {
                    if f.ty.is_nullable() {
                        nulls[&f.name] = Value::Null;
                        any_null = true;
                    }
                }
                if any_null {
                    self.push(
                        out,
                        t,
                        "nulls",
                        true,
                        nulls,
                        "every nullable field null (null is not absent)",
                    );
                }
                let mut extra = minimal.clone();
                extra[UNKNOWN_PROPERTY] = json!({"kept": [1, "two"]});
                let only_unknown = minimal.as_object().is_some_and(|m| m.is_empty());
                match o.additional {
                    Additional::Unspecified => self.push_tagged(
                        out,
                        t,
                        "unknown-property",
                        true,
                        extra,
                        "a property a newer server added",
                        if only_unknown {
                            &[TAG_ONLY_UNKNOWN]
                        } else {
                            &[]
                        },
                    ),
                    // `additionalProperties: false` limits what a sender may
                    // send; an older reader still keeps what a newer server
                    // added (tolerant reader), so this decodes and comes back.
                    Additional::Forbidden => self.push_tagged(
                        out,
                        t,
                        "forbidden-property",
                        true,
                        extra,
                        "a property a newer server added to a schema with additionalProperties: false",
                        if only_unknown {
                            &[TAG_FORBIDDEN_PROPERTY, TAG_ONLY_UNKNOWN]
                        } else {
                            &[TAG_FORBIDDEN_PROPERTY]
                        },
                    ),
                    _ => {}
                }
                for f in o.fields.iter().filter(|f| self.required(&t.name, f)) {
                    let mut missing = minimal.clone();
                    if let Value::Object(m) = &mut missing {
                        m.shift_remove(&f.name);
                    }
                    let directional = f.read_only || f.write_only;
                    self.push_tagged(
                        out,
                        t,
                        &format!("missing-{}", f.name),
                        false,
                        missing,
                        if directional {
                            "a required read-only or write-only field is absent"
                        } else {
                            "a required field is absent"
                        },
                        if directional {
                            &[TAG_DIRECTIONAL_REQUIRED]
                        } else {
                            &[]
                        },
                    );
                }
                // A union field has no single wrong type (`anyOf: [string, X]`
                // accepts the string a wrong object would be), so it is skipped.
                if let Some(f) = o.fields.iter().find(|f| {
                    self.required(&t.name, f)
                        && match self.resolve(f.ty.non_null()) {
                            TypeRef::Any => false,
                            TypeRef::Named(n) => !matches!(
                                self.api.get(n).map(|t| &t.kind),
                                Some(TypeKind::Union(_)) | None
                            ),
                            _ => true,
                        }
                }) {
                    let mut wrong = minimal.clone();
                    wrong[&f.name] = self.wrong_type(&f.ty);
                    self.push(
                        out,
                        t,
                        &format!("wrong-type-{}", f.name),
                        false,
                        wrong,
                        "a required field has the wrong JSON type",
                    );
                }
                // Edge values per field, each in its own vector on top of the minimal payload.
                for f in &o.fields {
                    for (case, v) in self.edges(&f.ty) {
                        let mut edge = minimal.clone();
                        edge[&f.name] = v;
                        let beyond_double = case.starts_with("int64-") || case == "above-2-53";
                        self.push_tagged(
                            out,
                            t,
                            &format!("{}-{case}", f.name),
                            true,
                            edge,
                            &format!("edge value for `{}`", f.name),
                            if beyond_double {
                                &[TAG_INT64]
                            } else if case == "uuid-upper-case" {
                                &[TAG_UUID_SPELLING]
                            } else {
                                &[]
                            },
                        );
                    }
                }
                if self.recursive {
                    if let Some(deep) = self.deep(&t.name) {
                        self.push(
                            out,
                            t,
                            "deepest",
                            true,
                            deep,
                            "the deepest level of a recursive type",
                        );
                    }
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.values {
                    self.push(
                        out,
                        t,
                        &format!("value-{}", v.as_text()),
                        true,
                        v.value.clone(),
                        "a known value",
                    );
                }
                let unknown = match e.repr {
                    EnumRepr::String => json!(UNKNOWN_ENUM_VALUE),
                    EnumRepr::Integer => json!(987654),
                };
                if e.open {
                    self.push(
                        out,
                        t,
                        "unknown-value",
                        true,
                        unknown,
                        "a value a newer server added: kept and sent back unchanged",
                    );
                } else {
                    self.push(
                        out,
                        t,
                        "unknown-value",
                        false,
                        unknown,
                        "a value a closed enum does not list",
                    );
                }
                if e.nullable {
                    self.push_tagged(
                        out,
                        t,
                        "null",
                        true,
                        Value::Null,
                        "null is an allowed value",
                        &[TAG_ENUM_BARE_NULL],
                    );
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    if u.discriminator.is_some() && !self.taggable(v) {
                        // No tag of its own to set: a payload of it is an
                        // unknown variant, which `unknown-variant` covers.
                        continue;
                    }
                    if matches!(v.non_null(), TypeRef::Named(n) if !self.ranks.contains_key(n) && self.api.get(n).is_some())
                    {
                        // A variant with no finite value has no vector.
                        continue;
                    }
                    let value = self.sample(v, Fill::Minimal, 1);
                    let value = self.tagged(u, v, value);
                    self.push(
                        out,
                        t,
                        &format!("variant-{}", i + 1),
                        true,
                        value,
                        "one variant of the union",
                    );
                }
                let first_object = self
                    .variant_with_value(&u.variants)
                    .map(|v| self.sample(v, Fill::Minimal, 1))
                    .filter(Value::is_object);
                if let (Some(d), Some(mut unknown)) = (&u.discriminator, first_object) {
                    if let Some(obj) = unknown.as_object_mut() {
                        obj.insert(d.property.clone(), json!("specsmith_unknown_variant"));
                    }
                    self.push_tagged(
                        out,
                        t,
                        "unknown-variant",
                        true,
                        unknown,
                        "a variant tag a newer server added: kept as raw JSON",
                        &[TAG_UNKNOWN_VARIANT],
                    );
                }
            }
            TypeKind::Alias { target } => {
                self.push(
                    out,
                    t,
                    "value",
                    true,
                    self.sample(target, Fill::Full, 1),
                    "a value of the aliased type",
                );
            }
        }
    }

    /// A value of the object type `name`: always a JSON object (`{}` when
    /// `name` is not an object type), so `value[key] = …` on it cannot panic.
    fn object(&self, name: &str, fill: Fill, depth: usize) -> Value {
        let Some(TypeKind::Object(o)) = self.api.get(name).map(|t| &t.kind) else {
            return json!({});
        };
        let mut m = Map::new();
        for f in &o.fields {
            // Recursion stops at optional fields; required self-references
            // get their minimal form.
            // An optional field of a type without a finite value is left out.
            let include = self.required(name, f)
                || (fill == Fill::Full && depth < 2 && self.has_value(&f.ty));
            if include {
                m.insert(
                    f.name.clone(),
                    self.sample(
                        &f.ty,
                        if depth >= 2 { Fill::Minimal } else { fill },
                        depth + 1,
                    ),
                );
            }
        }
        Value::Object(m)
    }

    /// A valid value of a type.
    fn sample(&self, ty: &TypeRef, fill: Fill, depth: usize) -> Value {
        if depth > SAMPLE_DEPTH {
            return self.shortest(ty, &mut cycles::Guard::new());
        }
        match ty {
            // A nullable, an array or a map of a type without a finite value
            // holds none of it: `null`, `[]`, `{}`.
            TypeRef::Nullable(inner) if !self.has_value(inner) => Value::Null,
            TypeRef::Nullable(inner) => self.sample(inner, fill, depth),
            TypeRef::Any => json!({"any": [true, 1.5, "x", null]}),
            TypeRef::Array(inner) => {
                if depth > 5 || fill == Fill::Minimal && depth > 2 || !self.has_value(inner) {
                    json!([])
                } else {
                    json!([self.sample(inner, fill, depth + 1)])
                }
            }
            TypeRef::Map(inner) => {
                if depth > 5 || !self.has_value(inner) {
                    json!({})
                } else {
                    json!({"key-1": self.sample(inner, fill, depth + 1)})
                }
            }
            TypeRef::Primitive(p) => primitive(p),
            TypeRef::Named(n) => match self.api.get(n).map(|t| &t.kind) {
                Some(TypeKind::Object(_)) => self.object(n, fill, depth),
                Some(TypeKind::Enum(e)) => e
                    .values
                    .first()
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null),
                Some(TypeKind::Union(u)) => {
                    let Some(first) = self.variant_with_value(&u.variants) else {
                        return Value::Null;
                    };
                    let v = self.sample(first, Fill::Minimal, depth + 1);
                    self.tagged(u, first, v)
                }
                Some(TypeKind::Alias { target }) => self.sample(target, fill, depth + 1),
                None => Value::Null,
            },
        }
    }

    /// Does some finite value have this type ([`cycles::finite_ranks`])?
    fn has_value(&self, ty: &TypeRef) -> bool {
        match ty.non_null() {
            TypeRef::Named(n) => self.ranks.contains_key(n) || self.api.get(n).is_none(),
            _ => true,
        }
    }

    /// The first union variant that has a finite value.
    fn variant_with_value<'v>(&self, variants: &'v [TypeRef]) -> Option<&'v TypeRef> {
        variants.iter().find(|v| self.has_value(v))
    }

    /// A union variant's value with the discriminator's tag set, when the
    /// union has one and the value is an object that can carry it.
    fn tagged(&self, u: &UnionType, variant: &TypeRef, mut v: Value) -> Value {
        if let (Some(d), TypeRef::Named(vn), Some(obj)) =
            (&u.discriminator, variant.non_null(), v.as_object_mut())
        {
            if let Some((tag, _)) = d.mapping.iter().find(|(_, t)| t == vn) {
                obj.insert(d.property.clone(), json!(tag));
            }
        }
        v
    }

    /// The shortest finite value of a type: `null` where allowed, empty
    /// containers, required fields only, and the lowest-ranked union variant
    /// or alias target ([`cycles::finite_ranks`]), so it always ends. The
    /// guard holds the named types it is inside: a type without a finite
    /// value comes back to itself, and that, or a walk deeper than the
    /// guard allows, ends in `null`.
    fn shortest(&self, ty: &TypeRef, guard: &mut cycles::Guard<String>) -> Value {
        if let TypeRef::Named(n) = ty {
            if !guard.enter(n.clone()) {
                return Value::Null;
            }
            let value = self.shortest_inside(ty, guard);
            guard.leave();
            return value;
        }
        self.shortest_inside(ty, guard)
    }

    fn shortest_inside(&self, ty: &TypeRef, guard: &mut cycles::Guard<String>) -> Value {
        match ty {
            TypeRef::Nullable(_) => Value::Null,
            TypeRef::Any => Value::Null,
            TypeRef::Array(_) => json!([]),
            TypeRef::Map(_) => json!({}),
            TypeRef::Primitive(p) => primitive(p),
            TypeRef::Named(n) => match self.api.get(n).map(|t| &t.kind) {
                Some(TypeKind::Object(o)) => {
                    let mut m = Map::new();
                    for f in o.fields.iter().filter(|f| self.required(n, f)) {
                        m.insert(f.name.clone(), self.shortest(&f.ty, guard));
                    }
                    Value::Object(m)
                }
                Some(TypeKind::Enum(e)) => e
                    .values
                    .first()
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null),
                Some(TypeKind::Union(u)) => {
                    let rank = |v: &TypeRef| match v.non_null() {
                        TypeRef::Named(n) => self.ranks.get(n).copied().unwrap_or(usize::MAX),
                        _ => 0,
                    };
                    match u.variants.iter().min_by_key(|v| rank(v)) {
                        Some(v) => {
                            let value = self.shortest(v, guard);
                            self.tagged(u, v, value)
                        }
                        None => Value::Null,
                    }
                }
                Some(TypeKind::Alias { target }) => self.shortest(target, guard),
                None => Value::Null,
            },
        }
    }

    /// Can a variant of a discriminated union carry the union's tag? An
    /// object can; `any` (an unresolvable variant) has no mapping entry, and
    /// a union's members carry tags of their own that the outer tag would
    /// overwrite.
    fn taggable(&self, variant: &TypeRef) -> bool {
        match self.resolve(variant.non_null()) {
            TypeRef::Named(n) => {
                matches!(self.api.get(n).map(|t| &t.kind), Some(TypeKind::Object(_)))
            }
            _ => false,
        }
    }

    /// Does `value`, read as a `ty`, hold a discriminator tag that its union's
    /// mapping (explicit or implicit) does not list? Such a payload is an
    /// unknown variant to every decoder that goes by the tag.
    fn unknown_variant(&self, ty: &TypeRef, value: &Value, depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match (ty.non_null(), value) {
            (TypeRef::Array(inner), Value::Array(items)) => items
                .iter()
                .any(|v| self.unknown_variant(inner, v, depth + 1)),
            (TypeRef::Map(inner), Value::Object(m)) => m
                .values()
                .any(|v| self.unknown_variant(inner, v, depth + 1)),
            (TypeRef::Named(n), _) => match self.api.get(n).map(|t| &t.kind) {
                Some(TypeKind::Alias { target }) => self.unknown_variant(target, value, depth + 1),
                Some(TypeKind::Object(o)) => {
                    let Value::Object(m) = value else {
                        return false;
                    };
                    m.iter()
                        .any(|(k, v)| match o.fields.iter().find(|f| f.name == *k) {
                            Some(f) => self.unknown_variant(&f.ty, v, depth + 1),
                            None => match &o.additional {
                                Additional::Typed(t) => self.unknown_variant(t, v, depth + 1),
                                _ => false,
                            },
                        })
                }
                Some(TypeKind::Union(u)) => {
                    let Some(d) = &u.discriminator else {
                        return false;
                    };
                    let Some(tag) = value.get(&d.property).and_then(Value::as_str) else {
                        return false;
                    };
                    match d.mapping.iter().find(|(t, _)| t == tag) {
                        Some((_, target)) => {
                            self.unknown_variant(&TypeRef::Named(target.clone()), value, depth + 1)
                        }
                        None => true,
                    }
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn wrong_type(&self, ty: &TypeRef) -> Value {
        match self.resolve(ty.non_null()) {
            TypeRef::Primitive(Primitive::String(_)) => json!(12345),
            TypeRef::Named(n) if matches!(self.api.get(n).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String) =>
            {
                json!(12345)
            }
            _ => json!("not the right type"),
        }
    }

    fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
        let mut cur = ty;
        for _ in 0..8 {
            match cur {
                TypeRef::Named(n) => match self.api.get(n).map(|t| &t.kind) {
                    Some(TypeKind::Alias { target }) => cur = target.non_null(),
                    _ => return cur,
                },
                other => return other,
            }
        }
        cur
    }

    /// Edge values worth a vector of their own for a field of this type.
    fn edges(&self, ty: &TypeRef) -> Vec<(&'static str, Value)> {
        match self.resolve(ty.non_null()) {
            TypeRef::Primitive(Primitive::Integer(IntFormat::Int64 | IntFormat::Unspecified)) => {
                vec![
                    ("int64-max", json!(i64::MAX)),
                    ("int64-min", json!(-i64::MAX)),
                    ("above-2-53", json!(9_007_199_254_740_993_i64)),
                ]
            }
            TypeRef::Primitive(Primitive::Integer(IntFormat::Int32)) => vec![
                ("int32-max", json!(i32::MAX)),
                ("int32-min", json!(i32::MIN)),
            ],
            TypeRef::Primitive(Primitive::String(StringFormat::DateTime)) => vec![
                ("offset-fraction", json!("2024-02-29T23:59:59.123456+05:30")),
                ("negative-offset", json!("1999-12-31T16:00:00.5-08:00")),
                ("utc", json!("2024-01-01T00:00:00Z")),
            ],
            TypeRef::Primitive(Primitive::String(StringFormat::Uuid)) => vec![(
                "uuid-upper-case",
                json!("0B6A1C3E-3F4D-4E8A-9C1B-2D3E4F5A6B7C"),
            )],
            TypeRef::Primitive(Primitive::String(StringFormat::Plain)) => vec![
                ("tricky-string", json!(TRICKY_STRING)),
                ("empty-string", json!("")),
            ],
            TypeRef::Array(_) => vec![("empty-array", json!([]))],
            TypeRef::Map(_) => vec![("empty-map", json!({}))],
            _ => vec![],
        }
    }

    /// A recursive object nested `RECURSION_DEPTH` levels through its first
    /// self-referencing field.
    fn deep(&self, name: &str) -> Option<Value> {
        let Some(TypeKind::Object(o)) = self.api.get(name).map(|t| &t.kind) else {
            return None;
        };
        let field = o.fields.iter().find(|f| {
            let mut refs = Vec::new();
            f.ty.named(&mut refs);
            refs.iter().any(|r| r == name)
        })?;
        let mut value = self.object(name, Fill::Minimal, 3);
        for _ in 0..RECURSION_DEPTH {
            let mut parent = self.object(name, Fill::Minimal, 3);
            let child = match field.ty.non_null() {
                TypeRef::Array(_) => json!([value]),
                TypeRef::Map(_) => json!({"child": value}),
                _ => value,
            };
            parent[&field.name] = child;
            value = parent;
        }
        Some(value)
    }
}

fn primitive(p: &Primitive) -> Value {
    match p {
        Primitive::Boolean => json!(true),
        Primitive::Integer(IntFormat::Int32) => json!(42),
        Primitive::Integer(_) => json!(1234567890123_i64),
        Primitive::Number(_) => json!(1.5),
        Primitive::String(f) => match f {
            StringFormat::DateTime => json!("2024-05-06T07:08:09Z"),
            StringFormat::Date => json!("2024-05-06"),
            StringFormat::Uuid => json!("0b6a1c3e-3f4d-4e8a-9c1b-2d3e4f5a6b7c"),
            StringFormat::Uri => json!("https://example.test/a?b=c"),
            StringFormat::Byte => json!("aGVsbG8="),
            StringFormat::Email => json!("someone@example.test"),
            _ => json!("text"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_cover_the_kitchen_sink() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emit/kitchen-sink.yaml");
        let (_, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
        let set = build(&api);
        let ids: BTreeSet<&str> = set.vectors.iter().map(|v| v.id.as_str()).collect();
        for id in [
            "Thing/minimal",
            "Thing/nulls",
            "Thing/unknown-property",
            "Thing/missing-name",
            "ThingKind/unknown-value",
            "Color/unknown-value",
            "Shape/unknown-variant",
            "TreeNode/deepest",
            "Thing/count64-int64-max",
        ] {
            assert!(ids.contains(id), "{id} missing");
        }
        let closed = set
            .vectors
            .iter()
            .find(|v| v.id == "Color/unknown-value")
            .unwrap();
        assert!(!closed.accept);
        let nulls = set.vectors.iter().find(|v| v.id == "Thing/nulls").unwrap();
        assert_eq!(nulls.value["requiredNullable"], Value::Null);
        assert!(nulls.value.get("optionalPlain").is_none());
        // Thing is sent and received: its required read-only `id` and
        // write-only `secret` are optional in the models. TreeNode is only
        // received: its required read-only `depth` is not.
        let minimal = set
            .vectors
            .iter()
            .find(|v| v.id == "Thing/minimal")
            .unwrap();
        assert!(minimal.value.get("id").is_none() && minimal.value.get("secret").is_none());
        assert!(!ids.contains("Thing/missing-id") && !ids.contains("Thing/missing-secret"));
        assert!(ids.contains("TreeNode/missing-depth"));
        let big = set
            .vectors
            .iter()
            .find(|v| v.id == "Thing/count64-int64-max")
            .unwrap();
        assert_eq!(big.tags, vec![TAG_INT64.to_string()]);
        assert_eq!(big.value["count64"], json!(i64::MAX));
    }

    #[test]
    fn examples_that_break_their_schema_are_left_out_and_reported() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/vector-examples.yaml");
        let (doc, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
        let (set, skipped) = build_checked(&doc, &api, None);
        let ids: BTreeSet<&str> = set.vectors.iter().map(|v| v.id.as_str()).collect();
        // Valid examples stay, schema and media-type ones alike.
        for id in [
            "Telemetry/spec-example",
            "Config/example-putConfig-200",
            "Thread/spec-example",
        ] {
            assert!(ids.contains(id), "{id} missing");
        }
        // A string where an object belongs; an array for an object.
        let left: Vec<&str> = skipped.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            left,
            vec!["Config/spec-example", "Config/example-putConfig-request"]
        );
        assert!(!ids.contains("Config/spec-example"));
        assert!(!ids.contains("Config/example-putConfig-request"));
        let config = &skipped[0];
        assert_eq!(config.problems.len(), 2, "{:?}", config.problems);
        assert_eq!(config.problems[0].at, "/telemetry");
        assert!(config
            .describe()
            .contains("Config/spec-example: at `/telemetry`: expected object"));
        assert_eq!(config.loc.line, 46, "points at the example");
        // The XML example of the same response, a string, is not reported
        // beside the JSON one that gave the vector.
        let ok = set
            .vectors
            .iter()
            .find(|v| v.id == "Config/example-putConfig-200")
            .unwrap();
        assert!(ok.value.is_object());
        // A tag the discriminator does not map is an unknown variant.
        let thread = set
            .vectors
            .iter()
            .find(|v| v.id == "Thread/spec-example")
            .unwrap();
        assert_eq!(thread.tags, vec![TAG_UNKNOWN_VARIANT.to_string()]);
        // Without the document, examples are taken as they are.
        let unchecked = build(&api);
        assert!(unchecked
            .vectors
            .iter()
            .any(|v| v.id == "Config/spec-example"));
    }

    #[test]
    fn project_vectors_cover_the_listed_edge_cases() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/sandbox-lifecycle.yml");
        let (_, api, _) = crate::pipeline::load_and_lower(&path, &Default::default()).unwrap();
        let set = build(&api);
        let get = |id: &str| {
            set.vectors
                .iter()
                .find(|v| v.id == id)
                .unwrap_or_else(|| panic!("{id} missing"))
        };
        // A required write-only property: tagged, since the targets differ.
        let missing = get("ImageAuth/missing-password");
        assert!(!missing.accept);
        assert_eq!(missing.tags, vec![TAG_DIRECTIONAL_REQUIRED.to_string()]);
        // additionalProperties: false binds the sender: a reader keeps the
        // property (a vector of its own, tagged).
        let forbidden = get("Snapshot/forbidden-property");
        assert!(forbidden.accept);
        assert_eq!(forbidden.tags, vec![TAG_FORBIDDEN_PROPERTY.to_string()]);
        assert!(forbidden.value.get(UNKNOWN_PROPERTY).is_some());
        let dt = get("Sandbox/createdAt-negative-offset");
        assert_eq!(dt.value["createdAt"], json!("1999-12-31T16:00:00.5-08:00"));
    }

    #[test]
    fn rename_vectors_use_the_old_names_and_expect_the_new() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (_, api, _) = crate::pipeline::load_and_lower(
            &root.join("specs/sandbox-lifecycle.yml"),
            &Default::default(),
        )
        .unwrap();
        let manifest = Manifest::load(&root.join("specs/migrations/box-template.yaml")).unwrap();
        let set = build_with(&api, Some(&manifest));
        let get = |id: &str| {
            set.vectors
                .iter()
                .find(|v| v.id == id)
                .unwrap_or_else(|| panic!("{id} missing"))
        };
        let prop = get("CreateSandboxRequest/renamed-property-templateSnapshotId");
        assert_eq!(prop.value, json!({"templateSnapshotId": "text"}));
        assert_eq!(prop.expect, Some(json!({"boxTemplateId": "text"})));
        let value = get("SandboxSourceKind/renamed-value-template_snapshot");
        assert_eq!(value.value, json!("template_snapshot"));
        assert_eq!(value.expect, Some(json!("box_template")));
        let nested = get("SandboxSource/kind-renamed-value-template_snapshot");
        assert_eq!(nested.value["kind"], json!("template_snapshot"));
        let ty = get("BoxTemplate/renamed-type-TemplateSnapshot");
        assert_eq!(ty.type_name, "TemplateSnapshot");
        assert!(ty.value.get("artifactRef").is_some());
        // The old names never appear in the vectors without the manifest.
        assert!(build(&api)
            .vectors
            .iter()
            .all(|v| !v.tags.contains(&TAG_RENAME.to_string())));
    }
}
