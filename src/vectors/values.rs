//! The values the vectors hold: sample values of a type (minimal or full,
//! always finite), edge values, wrong-type values and recursive nestings.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use super::RECURSION_DEPTH;
use crate::emit::sdk::{self, Directions};
use crate::ir::{
    cycles, Additional, Api, EnumRepr, Field, IntFormat, Primitive, StringFormat, TypeKind,
    TypeRef, UnionType,
};

const TRICKY_STRING: &str =
    "unicode é ü 漢字 🦀, quote \", backslash \\, newline \n, tab \t, control \u{1}";

pub(super) fn is_recursive(api: &Api, name: &str) -> bool {
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

pub(super) struct Gen<'a> {
    pub(super) api: &'a Api,
    pub(super) dirs: &'a Directions,
    pub(super) recursive: bool,
    /// [`cycles::finite_ranks`]: past [`SAMPLE_DEPTH`], values are built by
    /// the lowest-ranked choice, which always ends.
    pub(super) ranks: &'a BTreeMap<String, usize>,
}

/// How deep sample values follow the spec before they take the shortest
/// finite form.
const SAMPLE_DEPTH: usize = 6;

/// Valid values of the API's types, for showing a request when the spec gives
/// no example (the docs' curl examples): the same sampler as the vectors'
/// `minimal` case, required fields only.
pub struct Sampler<'a> {
    api: &'a Api,
    dirs: &'a Directions,
    ranks: &'a BTreeMap<String, usize>,
}

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api) -> Self {
        Sampler {
            api,
            dirs: api.directions(),
            ranks: api.finite_ranks(),
        }
    }

    /// A valid value of `ty` with only the required fields filled.
    pub fn sample(&self, ty: &TypeRef) -> Value {
        Gen {
            api: self.api,
            dirs: self.dirs,
            recursive: false,
            ranks: self.ranks,
        }
        .sample(ty, Fill::Minimal, 0)
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Fill {
    /// Required fields only.
    Minimal,
    /// Every field.
    Full,
}

impl<'a> Gen<'a> {
    /// Whether the SDK models require field `f` of object `owner`: as the
    /// spec says, except that a required read-only field of a type that is
    /// also sent, or write-only field of a type that also comes back, is not.
    pub(super) fn required(&self, owner: &str, f: &Field) -> bool {
        sdk::presence(self.api, self.dirs, owner, f).required
    }

    /// A value of the object type `name`: always a JSON object (`{}` when
    /// `name` is not an object type), so `value[key] = …` on it cannot panic.
    pub(super) fn object(&self, name: &str, fill: Fill, depth: usize) -> Value {
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
    pub(super) fn sample(&self, ty: &TypeRef, fill: Fill, depth: usize) -> Value {
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
    pub(super) fn variant_with_value<'v>(&self, variants: &'v [TypeRef]) -> Option<&'v TypeRef> {
        variants.iter().find(|v| self.has_value(v))
    }

    /// A union variant's value with the discriminator's tag set, when the
    /// union has one and the value is an object that can carry it.
    pub(super) fn tagged(&self, u: &UnionType, variant: &TypeRef, mut v: Value) -> Value {
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
    pub(super) fn taggable(&self, variant: &TypeRef) -> bool {
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
    pub(super) fn unknown_variant(&self, ty: &TypeRef, value: &Value, depth: usize) -> bool {
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

    pub(super) fn wrong_type(&self, ty: &TypeRef) -> Value {
        match self.resolve(ty.non_null()) {
            TypeRef::Primitive(Primitive::String(_)) => json!(12345),
            TypeRef::Named(n) if matches!(self.api.get(n).map(|t| &t.kind), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String) =>
            {
                json!(12345)
            }
            _ => json!("not the right type"),
        }
    }

    pub(super) fn resolve<'t>(&'t self, ty: &'t TypeRef) -> &'t TypeRef {
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
    pub(super) fn edges(&self, ty: &TypeRef) -> Vec<(&'static str, Value)> {
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
    pub(super) fn deep(&self, name: &str) -> Option<Value> {
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
