//! What the Kotlin, C# and Rust model targets share: which types travel in
//! requests and which in responses, how each field is present on the wire,
//! the cases of a union, literal defaults, and doc text.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashSet;
use serde_json::Value;

use crate::diag::{Diagnostic, Loc, Severity};
use crate::ir::{
    Additional, Api, Docs, EnumRepr, Field, NamedType, Primitive, TypeKind, TypeRef, UnionType,
};
use crate::naming::Lang;

pub use crate::ir::directions::Directions;

/// The type references a named type holds directly.
pub fn references(nt: &NamedType) -> Vec<&TypeRef> {
    match &nt.kind {
        TypeKind::Object(o) => {
            let mut v: Vec<&TypeRef> = o.fields.iter().map(|f| &f.ty).collect();
            if let Additional::Typed(t) = &o.additional {
                v.push(t);
            }
            v
        }
        TypeKind::Union(u) => u.variants.iter().collect(),
        TypeKind::Alias { target } => vec![target],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// How a field appears on the wire, after read-only and write-only relaxation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// The property must be present.
    pub required: bool,
    /// `null` is an allowed value.
    pub nullable: bool,
}

/// The presence of `field` in object `owner`. A required read-only field is
/// optional when the object is also sent in requests (the client cannot know
/// it), and a required write-only field is optional when the object also comes
/// back in responses (the server never returns it).
pub fn presence(api: &Api, dirs: &Directions, owner: &str, field: &Field) -> Presence {
    let relaxed = (field.read_only && dirs.request.contains(owner))
        || (field.write_only && dirs.response.contains(owner));
    Presence {
        required: field.required && !relaxed,
        nullable: is_nullable(api, &field.ty),
    }
}

/// Whether `null` is a value of the type, including through a named nullable
/// enum or an alias of a nullable type.
pub fn is_nullable(api: &Api, t: &TypeRef) -> bool {
    match t {
        TypeRef::Nullable(_) => true,
        TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
            Some(TypeKind::Enum(e)) => e.nullable,
            Some(TypeKind::Alias { target }) => alias_nullable(api, target, 0),
            _ => false,
        },
        _ => false,
    }
}

fn alias_nullable(api: &Api, t: &TypeRef, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match t {
        TypeRef::Nullable(_) => true,
        TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
            Some(TypeKind::Enum(e)) => e.nullable,
            Some(TypeKind::Alias { target }) => alias_nullable(api, target, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// One alternative of a union: the type and, for a discriminated union, the
/// tags that select it (in mapping order).
#[derive(Debug, Clone)]
pub struct UnionCase {
    pub ty: TypeRef,
    pub tags: Vec<String>,
}

/// The cases of a union: for a discriminated union, one per mapped type (a
/// type mapped by several tags is one case); otherwise the variants in spec
/// order, duplicates dropped.
pub fn union_cases(u: &UnionType) -> Vec<UnionCase> {
    let mut out: Vec<UnionCase> = Vec::new();
    match &u.discriminator {
        Some(d) => {
            for (tag, name) in &d.mapping {
                let ty = TypeRef::Named(name.clone());
                match out.iter_mut().find(|c| c.ty == ty) {
                    Some(c) => c.tags.push(tag.clone()),
                    None => out.push(UnionCase {
                        ty,
                        tags: vec![tag.clone()],
                    }),
                }
            }
        }
        None => {
            for v in &u.variants {
                if !out.iter().any(|c| &c.ty == v) {
                    out.push(UnionCase {
                        ty: v.clone(),
                        tags: Vec::new(),
                    });
                }
            }
        }
    }
    out
}

/// Whether the object behind `t` (through aliases) declares property `prop`.
pub fn declares_property(api: &Api, t: &TypeRef, prop: &str) -> bool {
    let mut cur = t.non_null();
    for _ in 0..32 {
        match cur {
            TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
                Some(TypeKind::Object(o)) => return o.fields.iter().any(|f| f.name == prop),
                Some(TypeKind::Alias { target }) => cur = target.non_null(),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// The JSON shape a type has on the wire, for matching untagged unions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// Anything (free-form, a union, an unresolved alias).
    Any,
}

pub fn json_kind(api: &Api, t: &TypeRef) -> JsonKind {
    let mut cur = t.non_null();
    for _ in 0..32 {
        return match cur {
            TypeRef::Primitive(Primitive::String(_)) => JsonKind::String,
            TypeRef::Primitive(Primitive::Integer(_)) => JsonKind::Integer,
            TypeRef::Primitive(Primitive::Number(_)) => JsonKind::Number,
            TypeRef::Primitive(Primitive::Boolean) => JsonKind::Boolean,
            TypeRef::Array(_) => JsonKind::Array,
            TypeRef::Map(_) => JsonKind::Object,
            TypeRef::Any | TypeRef::Nullable(_) => JsonKind::Any,
            TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
                Some(TypeKind::Object(_)) => JsonKind::Object,
                Some(TypeKind::Enum(e)) => match e.repr {
                    EnumRepr::String => JsonKind::String,
                    EnumRepr::Integer => JsonKind::Integer,
                },
                Some(TypeKind::Alias { target }) => {
                    cur = target.non_null();
                    continue;
                }
                _ => JsonKind::Any,
            },
        };
    }
    JsonKind::Any
}

/// The lines of a doc comment for a field or type: the description (or
/// title), then notes on read-only, write-only and non-literal defaults.
/// Lines are trimmed at the end; blank lines inside are kept as `""`.
pub fn doc_lines(docs: &Docs, notes: &[String]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if let Some(text) = docs.text() {
        lines.extend(
            text.trim()
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .lines()
                .map(|l| l.trim_end().to_string()),
        );
    }
    for note in notes {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(note.clone());
    }
    lines
}

/// Notes every field gets in its docs, in target-neutral words.
pub fn field_notes(field: &Field, presence: Presence) -> Vec<String> {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by the server; ignored in requests.".to_string());
    }
    if field.write_only {
        notes.push("Write-only: sent in requests; never returned.".to_string());
    }
    if let Some(d) = &field.default {
        // Not applied on decode: an absent property stays absent on re-encode.
        notes.push(format!("Default when absent: `{}`.", compact_json(d)));
    }
    if !presence.required && presence.nullable {
        notes.push("May be absent, or present and null; the two are kept apart.".to_string());
    }
    notes
}

fn compact_json(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 {
        let cut: String = s.chars().take(117).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Names for what a client declares beside the models (its option types,
/// its error type…): each is the first of `base`, `Client<base>` and
/// `Sdk<base>` (then numbered) that neither a model nor a name picked
/// before has, so a model named like one never clashes with the client.
pub struct OwnNames {
    taken: BTreeSet<String>,
}

impl OwnNames {
    /// `taken`: the identifiers the models declare.
    pub fn new(taken: BTreeSet<String>) -> Self {
        OwnNames { taken }
    }

    /// Marks `name` as used, as it is.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// The name for `base`, now used.
    pub fn pick(&mut self, base: &str) -> String {
        let name = free_name(
            &[base, &format!("Client{base}"), &format!("Sdk{base}")],
            &self.taken,
        );
        self.taken.insert(name.clone());
        name
    }
}

/// The client class: the first of `candidates` that is free together with
/// its `partners` (the names that come with it: Go's `New<Client>`, C#'s
/// `<Client>Options`), else the first. Decided from the model type names
/// alone (`is_model_type`), so that the docs' and README's snippets, which
/// know only those, name the same class.
pub fn client_class(
    candidates: &[String],
    partners: impl Fn(&str) -> Vec<String>,
    is_model_type: impl Fn(&str) -> bool,
) -> String {
    candidates
        .iter()
        .find(|c| !is_model_type(c) && !partners(c).iter().any(|p| is_model_type(p)))
        .or(candidates.first())
        .cloned()
        .unwrap_or_default()
}

/// Picks the first name in `candidates` that is not in `taken`.
pub fn free_name(candidates: &[&str], taken: &BTreeSet<String>) -> String {
    for c in candidates {
        if !taken.contains(*c) {
            return (*c).to_string();
        }
    }
    let base = candidates.first().copied().unwrap_or("Other");
    let mut i = 2;
    loop {
        let name = format!("{base}{i}");
        if !taken.contains(&name) {
            return name;
        }
        i += 1;
    }
}
/// Identifiers for every named type. A hoisted (inline) type whose
/// identifier would equal a component's, or an earlier hoisted type's, gets
/// an `Inline` suffix (then a tag derived from its spec pointer), with a
/// warning: its name was made up by specsmith, the component's was not.
/// Components that collide with each other keep their identifiers, so
/// `check_collisions` reports them.
///
/// Made once per API and language, since every target, its README and the
/// docs ask; the warnings are added to `warnings` at each call.
pub fn type_idents<'a>(
    api: &'a Api,
    lang: Lang,
    warnings: &mut Vec<Diagnostic>,
) -> &'a BTreeMap<String, String> {
    let (idents, found) = api.type_idents_once(lang, || {
        let mut found = Vec::new();
        let idents = make_type_idents(api, type_ident_fn(lang), &mut found);
        (idents, found)
    });
    warnings.extend(found.iter().cloned());
    idents
}

/// How `lang` spells a type's naming source as an identifier.
pub(crate) fn type_ident_fn(lang: Lang) -> fn(&str) -> String {
    match lang {
        Lang::Python => crate::emit::python::type_name,
        Lang::TypeScript => crate::emit::typescript::type_name,
        Lang::Go => crate::naming::go::type_name,
        Lang::Kotlin => crate::emit::kotlin::type_ident,
        Lang::CSharp => crate::emit::csharp::type_ident,
        Lang::Rust => crate::emit::rust_types::names::type_name,
    }
}

fn make_type_idents(
    api: &Api,
    ident_of: fn(&str) -> String,
    warnings: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let hoisted = |t: &NamedType| matches!(t.origin, crate::ir::TypeOrigin::Hoisted { .. });
    // Identifiers in the types' order (components first, then hoisted
    // types), gathered into the map at the end, in one sorted pass.
    let mut ids: Vec<Option<String>> = vec![None; api.types.len()];
    let mut taken: FxHashSet<String> = FxHashSet::default();
    for (t, slot) in api.types.values().zip(&mut ids) {
        if !hoisted(t) {
            let id = ident_of(t.naming_source());
            taken.insert(id.clone());
            *slot = Some(id);
        }
    }
    for (t, slot) in api.types.values().zip(&mut ids) {
        if !hoisted(t) {
            continue;
        }
        let base = ident_of(t.naming_source());
        let mut id = base.clone();
        if taken.contains(&id) {
            id = format!("{base}Inline");
            if taken.contains(&id) {
                id = format!("{base}Inline{}", crate::ir::pointer_tag(&t.loc.pointer));
            }
            warnings.push(Diagnostic::new(
                "hoisted-name-collision",
                Severity::Warning,
                t.loc.clone(),
                format!("the inline schema here would be named `{base}`, like another type; it is named `{id}` (give it a `title` or move it to components/schemas to choose a name)"),
            ));
        }
        taken.insert(id.clone());
        *slot = Some(id);
    }
    api.types
        .keys()
        .cloned()
        .zip(ids.into_iter().map(Option::unwrap_or_default))
        .collect()
}

/// Identifiers for the values of an enum. Values that become the same
/// identifier (`Etc/GMT+1` and `Etc/GMT-1`, `asc` and `ASC`) are told apart
/// rather than refused, since they are data, not names a spec author chose:
/// first by spelling their symbols (`EtcGmtPlus1`), then by the value's
/// 1-based position (`Asc2`), with a warning naming both values.
pub fn enum_constants(
    target: &str,
    enum_name: &str,
    loc: &Loc,
    values: &[String],
    ident_of: &dyn Fn(&str) -> String,
    numbered: &dyn Fn(&str, usize) -> String,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let plain: Vec<String> = values.iter().map(|v| ident_of(v)).collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &plain {
        *count.entry(id.as_str()).or_default() += 1;
    }
    if count.len() == plain.len() {
        // No two values share an identifier (nearly every enum).
        return plain;
    }
    let mut taken: BTreeSet<String> = plain
        .iter()
        .filter(|id| count[id.as_str()] == 1)
        .cloned()
        .collect();
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(values.len());
    for (i, (value, id)) in values.iter().zip(&plain).enumerate() {
        if count[id.as_str()] == 1 {
            out.push(id.clone());
            continue;
        }
        let spelled = ident_of(&spell_symbols(value));
        let chosen = if !taken.contains(&spelled) {
            spelled
        } else {
            let mut n = numbered(id, i + 1);
            while taken.contains(&n) {
                n = format!("{n}_");
            }
            n
        };
        if let Some(&j) = first.get(id) {
            warnings.push(Diagnostic::new(
                "enum-value-collision",
                Severity::Warning,
                loc.clone(),
                format!("{target}: values `{}` and `{value}` of {enum_name} both become `{id}`; they are named `{}` and `{chosen}`", values[j], out[j]),
            ));
        } else {
            first.insert(id.clone(), i);
        }
        taken.insert(chosen.clone());
        out.push(chosen);
    }
    out
}

/// Spells the symbols that identifiers drop, so `+1` and `-1` differ.
fn spell_symbols(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 2);
    for c in value.chars() {
        let word = match c {
            '+' => "plus",
            '-' => "minus",
            '*' => "star",
            '#' => "hash",
            '@' => "at",
            '%' => "percent",
            '&' => "and",
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            '!' => "not",
            '~' => "tilde",
            '$' => "dollar",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// A fidelity warning at `loc`.
pub fn fidelity(rule: &str, loc: &Loc, message: String) -> Diagnostic {
    Diagnostic::new(rule, Severity::Warning, loc.clone(), message)
}

/// Strongly connected components of the graph of direct (unboxed) type
/// containment, as a map from type name to component id. A reference from a
/// type to another in its own component needs indirection in Rust.
pub fn containment_components(api: &Api) -> BTreeMap<String, usize> {
    // Direct edges: a named type reached without passing an array or a map.
    fn direct<'a>(t: &'a TypeRef, out: &mut Vec<&'a str>) {
        match t {
            TypeRef::Named(n) => out.push(n),
            TypeRef::Nullable(i) => direct(i, out),
            _ => {}
        }
    }
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let mut out = Vec::new();
            if let Some(nt) = api.get(n) {
                for r in references(nt) {
                    direct(r, &mut out);
                }
            }
            out.iter().filter_map(|m| index.get(m).copied()).collect()
        })
        .collect();
    let comp = crate::ir::cycles::strongly_connected(&edges);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), comp[i]))
        .collect()
}

/// Whether a direct reference from `owner` to `target` closes a cycle of
/// direct containment (so Rust needs a `Box`).
pub fn needs_box(comps: &BTreeMap<String, usize>, owner: &str, target: &str) -> bool {
    owner == target || matches!((comps.get(owner), comps.get(target)), (Some(a), Some(b)) if a == b)
}

/// The PascalCase base name of a union case for a variant type: the type's
/// own name for a named type, else a word for its shape (`String`,
/// `IntegerList` …). `type_ident` gives a named type's identifier.
pub fn case_base_name(t: &TypeRef, type_ident: &dyn Fn(&str) -> String) -> String {
    match t {
        TypeRef::Named(n) => type_ident(n),
        TypeRef::Primitive(Primitive::String(_)) => "String".into(),
        TypeRef::Primitive(Primitive::Integer(_)) => "Integer".into(),
        TypeRef::Primitive(Primitive::Number(_)) => "Number".into(),
        TypeRef::Primitive(Primitive::Boolean) => "Boolean".into(),
        TypeRef::Array(i) => format!("{}List", case_base_name(i, type_ident)),
        TypeRef::Map(i) => format!("{}Map", case_base_name(i, type_ident)),
        TypeRef::Any => "Any".into(),
        TypeRef::Nullable(i) => case_base_name(i, type_ident),
    }
}

/// Case names for a union's cases, unique, with the fallback case's name
/// (`Unknown`, or another free name when a case is called that).
pub fn case_names(
    cases: &[UnionCase],
    type_ident: &dyn Fn(&str) -> String,
    extra_taken: &[&str],
) -> (Vec<String>, String) {
    let mut taken: BTreeSet<String> = extra_taken.iter().map(|s| s.to_string()).collect();
    let mut names = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let base = case_base_name(&c.ty, type_ident);
        let name = if taken.contains(&base) {
            format!("{base}{}", i + 1)
        } else {
            base
        };
        let name = if taken.contains(&name) {
            free_name(&[&name], &taken)
        } else {
            name
        };
        taken.insert(name.clone());
        names.push(name);
    }
    let unknown = free_name(&["Unknown", "UnknownValue", "Unrecognized"], &taken);
    (names, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_enum_values_are_told_apart() {
        use crate::naming::case::ToUpperCamelCase;
        let values: Vec<String> = ["Etc/GMT-1", "Etc/GMT+1", "asc", "ASC", "red"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut w = Vec::new();
        let ids = enum_constants(
            "rust",
            "E",
            &Loc::default(),
            &values,
            &|v| crate::naming::spell(v, |s| s.to_upper_camel_case(), "Value", "Empty"),
            &|id, n| format!("{id}{n}"),
            &mut w,
        );
        assert_eq!(ids, ["EtcGmtMinus1", "EtcGmtPlus1", "Asc", "Asc4", "Red"]);
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn free_names_skip_taken_ones() {
        let taken: BTreeSet<String> = ["Unknown".to_string()].into();
        assert_eq!(
            free_name(&["Unknown", "UnknownValue"], &taken),
            "UnknownValue"
        );
    }
}
