//! Shapes of IR types as the checker sees them: aliases resolved, the outer
//! kind of a type, whether one type widens or narrows another, sample values
//! for witnesses, and how alike two named types are (for rename suggestions).

use serde_json::{json, Value};

use crate::ir::{
    Api, EnumRepr, IntFormat, NumberFormat, Primitive, StringFormat, TypeKind, TypeRef,
};

/// The outermost kind of a type after resolving aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind<'a> {
    Prim(&'a Primitive),
    Enum(&'a str, EnumRepr),
    Object(&'a str),
    Union(&'a str),
    Array(&'a TypeRef),
    Map(&'a TypeRef),
    Any,
}

/// A type with its aliases followed: its kind and whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub kind: Kind<'a>,
    pub nullable: bool,
}

/// Follows aliases (bounded, so alias cycles end) and strips nullability.
pub fn resolve<'a>(api: &'a Api, t: &'a TypeRef) -> Resolved<'a> {
    let mut nullable = false;
    let mut cur = t;
    for _ in 0..64 {
        match cur {
            TypeRef::Nullable(inner) => {
                nullable = true;
                cur = inner;
            }
            TypeRef::Named(n) => match api.get(n).map(|nt| &nt.kind) {
                Some(TypeKind::Alias { target }) => cur = target,
                Some(TypeKind::Object(_)) => {
                    return Resolved {
                        kind: Kind::Object(n),
                        nullable,
                    }
                }
                Some(TypeKind::Enum(e)) => {
                    return Resolved {
                        kind: Kind::Enum(n, e.repr),
                        nullable: nullable || e.nullable,
                    }
                }
                Some(TypeKind::Union(_)) => {
                    return Resolved {
                        kind: Kind::Union(n),
                        nullable,
                    }
                }
                None => {
                    return Resolved {
                        kind: Kind::Any,
                        nullable,
                    }
                }
            },
            TypeRef::Primitive(p) => {
                return Resolved {
                    kind: Kind::Prim(p),
                    nullable,
                }
            }
            TypeRef::Array(i) => {
                return Resolved {
                    kind: Kind::Array(i),
                    nullable,
                }
            }
            TypeRef::Map(v) => {
                return Resolved {
                    kind: Kind::Map(v),
                    nullable,
                }
            }
            TypeRef::Any => {
                return Resolved {
                    kind: Kind::Any,
                    nullable: true,
                }
            }
        }
    }
    Resolved {
        kind: Kind::Any,
        nullable,
    }
}

/// How the set of values a head type accepts relates to the base type's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Same kind (nested parts are compared separately).
    Same,
    /// Head accepts everything base did, and more.
    Widened,
    /// Head accepts a subset of what base did.
    Narrowed,
    /// Neither contains the other.
    Incompatible,
}

fn int_rank(f: IntFormat) -> u8 {
    match f {
        IntFormat::Int32 => 0,
        IntFormat::Int64 | IntFormat::Unspecified => 1,
    }
}

fn num_rank(f: NumberFormat) -> u8 {
    match f {
        NumberFormat::Float => 0,
        NumberFormat::Double | NumberFormat::Unspecified => 1,
    }
}

fn by_rank(b: u8, h: u8) -> Relation {
    match b.cmp(&h) {
        std::cmp::Ordering::Equal => Relation::Same,
        std::cmp::Ordering::Less => Relation::Widened,
        std::cmp::Ordering::Greater => Relation::Narrowed,
    }
}

/// Compares two primitives, formats included.
pub fn primitive_relation(b: &Primitive, h: &Primitive) -> Relation {
    use Primitive as P;
    match (b, h) {
        (P::String(x), P::String(y)) => match (x, y) {
            _ if x == y => Relation::Same,
            (StringFormat::Plain, _) => Relation::Narrowed,
            (_, StringFormat::Plain) => Relation::Widened,
            _ => Relation::Incompatible,
        },
        (P::Integer(x), P::Integer(y)) => by_rank(int_rank(*x), int_rank(*y)),
        (P::Number(x), P::Number(y)) => by_rank(num_rank(*x), num_rank(*y)),
        (P::Integer(_), P::Number(_)) => Relation::Widened,
        (P::Number(_), P::Integer(_)) => Relation::Narrowed,
        (P::Boolean, P::Boolean) => Relation::Same,
        _ => Relation::Incompatible,
    }
}

/// Compares two kinds of a value that travels as text (a path, query, header
/// or cookie parameter, a response header): a plain string holds every
/// number and boolean too, so `integer` -> `string` widens and
/// `string` -> `integer` narrows instead of changing the type. `None`: not a
/// case where text differs from JSON.
pub fn text_relation(b: &Kind, h: &Kind) -> Option<Relation> {
    let scalar = |p: &Primitive| !matches!(p, Primitive::String(_));
    match (b, h) {
        (Kind::Prim(Primitive::String(StringFormat::Plain)), Kind::Prim(p)) if scalar(p) => {
            Some(Relation::Narrowed)
        }
        (Kind::Prim(p), Kind::Prim(Primitive::String(StringFormat::Plain))) if scalar(p) => {
            Some(Relation::Widened)
        }
        (Kind::Enum(..), Kind::Prim(Primitive::String(StringFormat::Plain))) => {
            Some(Relation::Widened)
        }
        (Kind::Prim(Primitive::String(StringFormat::Plain)), Kind::Enum(..)) => {
            Some(Relation::Narrowed)
        }
        _ => None,
    }
}

/// Compares the outer kinds of two resolved types (nullability aside).
pub fn relation(base: &Api, head: &Api, b: &Kind, h: &Kind) -> Relation {
    relation_within(base, head, b, h, &mut crate::ir::cycles::Guard::new())
}

/// [`relation`], inside the unions `unions` (base or head, name) already
/// opened: a union that is its own variant is not opened again.
fn relation_within<'a>(
    base: &'a Api,
    head: &'a Api,
    b: &Kind<'a>,
    h: &Kind<'a>,
    unions: &mut crate::ir::cycles::Guard<(bool, &'a str)>,
) -> Relation {
    match (b, h) {
        (Kind::Prim(x), Kind::Prim(y)) => primitive_relation(x, y),
        (Kind::Enum(_, r), Kind::Prim(p)) => match (r, p) {
            (EnumRepr::String, Primitive::String(_)) => Relation::Widened,
            (EnumRepr::Integer, Primitive::Integer(_) | Primitive::Number(_)) => Relation::Widened,
            _ => Relation::Incompatible,
        },
        (Kind::Prim(p), Kind::Enum(_, r)) => match (p, r) {
            (Primitive::String(_), EnumRepr::String) => Relation::Narrowed,
            (Primitive::Integer(_), EnumRepr::Integer) => Relation::Narrowed,
            _ => Relation::Incompatible,
        },
        (Kind::Enum(_, x), Kind::Enum(_, y)) => {
            if x == y {
                Relation::Same
            } else {
                Relation::Incompatible
            }
        }
        (Kind::Object(_), Kind::Object(_))
        | (Kind::Union(_), Kind::Union(_))
        | (Kind::Array(_), Kind::Array(_))
        | (Kind::Map(_), Kind::Map(_)) => Relation::Same,
        (Kind::Any, Kind::Any) => Relation::Same,
        (Kind::Any, _) => Relation::Narrowed,
        (_, Kind::Any) => Relation::Widened,
        (_, Kind::Union(u)) => {
            if !unions.enter((true, *u)) {
                return Relation::Incompatible;
            }
            let widened = union_variants(head, u).iter().any(|v| {
                matches!(
                    relation_within(base, head, b, &resolve(head, v).kind, unions),
                    Relation::Same | Relation::Widened
                )
            });
            unions.leave();
            if widened {
                Relation::Widened
            } else {
                Relation::Incompatible
            }
        }
        (Kind::Union(u), _) => {
            if !unions.enter((false, *u)) {
                return Relation::Incompatible;
            }
            let narrowed = union_variants(base, u).iter().any(|v| {
                matches!(
                    relation_within(base, head, &resolve(base, v).kind, h, unions),
                    Relation::Same | Relation::Narrowed
                )
            });
            unions.leave();
            if narrowed {
                Relation::Narrowed
            } else {
                Relation::Incompatible
            }
        }
        _ => Relation::Incompatible,
    }
}

fn union_variants<'a>(api: &'a Api, name: &str) -> &'a [TypeRef] {
    match api.get(name).map(|t| &t.kind) {
        Some(TypeKind::Union(u)) => &u.variants,
        _ => &[],
    }
}

/// A short human name of a kind: `string (uuid)`, `integer (int32)`, `object Sandbox`.
pub fn describe(k: &Kind) -> String {
    match k {
        Kind::Prim(p) => describe_primitive(p),
        Kind::Enum(n, _) => format!("enum {n}"),
        Kind::Object(n) => format!("object {n}"),
        Kind::Union(n) => format!("union {n}"),
        Kind::Array(_) => "array".into(),
        Kind::Map(_) => "map".into(),
        Kind::Any => "any value".into(),
    }
}

pub fn describe_primitive(p: &Primitive) -> String {
    match p {
        Primitive::String(StringFormat::Plain) => "string".into(),
        Primitive::String(StringFormat::Other(f)) => format!("string ({f})"),
        Primitive::String(f) => format!(
            "string ({})",
            serde_json::to_value(f)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        ),
        Primitive::Integer(IntFormat::Unspecified) => "integer".into(),
        Primitive::Integer(IntFormat::Int32) => "integer (int32)".into(),
        Primitive::Integer(IntFormat::Int64) => "integer (int64)".into(),
        Primitive::Number(NumberFormat::Unspecified) => "number".into(),
        Primitive::Number(NumberFormat::Float) => "number (float)".into(),
        Primitive::Number(NumberFormat::Double) => "number (double)".into(),
        Primitive::Boolean => "boolean".into(),
    }
}

/// A small valid value of a type, for witnesses.
pub fn sample(api: &Api, t: &TypeRef) -> Value {
    sample_depth(api, t, 0)
}

/// A sample value of the named type `owner` that lacks the property `field`:
/// what a spec in which the property is optional allows.
pub fn sample_without(api: &Api, owner: &str, field: &str) -> Value {
    let mut v = sample(api, &TypeRef::Named(owner.to_string()));
    if let Value::Object(m) = &mut v {
        m.shift_remove(field);
    }
    v
}

fn sample_depth(api: &Api, t: &TypeRef, depth: usize) -> Value {
    if depth > crate::ir::cycles::MAX_DEPTH {
        return Value::Null;
    }
    let r = resolve(api, t);
    match r.kind {
        Kind::Prim(p) => sample_primitive(p),
        Kind::Enum(n, _) => match api.get(n).map(|t| &t.kind) {
            Some(TypeKind::Enum(e)) => e
                .values
                .first()
                .map(|v| v.value.clone())
                .unwrap_or(Value::Null),
            _ => Value::Null,
        },
        Kind::Object(n) => {
            let mut out = serde_json::Map::new();
            if depth < 2 {
                if let Some(TypeKind::Object(o)) = api.get(n).map(|t| &t.kind) {
                    for f in o.fields.iter().filter(|f| f.required).take(3) {
                        out.insert(f.name.clone(), sample_depth(api, &f.ty, depth + 1));
                    }
                }
            }
            Value::Object(out)
        }
        Kind::Union(n) => union_variants(api, n)
            .first()
            .map(|v| sample_depth(api, v, depth + 1))
            .unwrap_or(Value::Null),
        Kind::Array(_) => json!([]),
        Kind::Map(_) => json!({}),
        Kind::Any => Value::Null,
    }
}

pub fn sample_primitive(p: &Primitive) -> Value {
    match p {
        Primitive::String(StringFormat::DateTime) => json!("2025-01-01T00:00:00Z"),
        Primitive::String(StringFormat::Date) => json!("2025-01-01"),
        Primitive::String(StringFormat::Uuid) => json!("00000000-0000-0000-0000-000000000000"),
        Primitive::String(StringFormat::Uri) => json!("https://example.com/"),
        Primitive::String(StringFormat::Email) => json!("a@example.com"),
        Primitive::String(_) => json!("text"),
        Primitive::Integer(_) => json!(1),
        Primitive::Number(_) => json!(1.5),
        Primitive::Boolean => json!(true),
    }
}

/// A value the base type accepts that the head type may not: used for
/// witnesses of narrowing and incompatible changes.
pub fn distinguishing(base: &Api, b: &Kind, h: &Kind) -> Value {
    match (b, h) {
        (Kind::Prim(Primitive::Integer(_)), Kind::Prim(Primitive::Integer(IntFormat::Int32))) => {
            json!(4_294_967_296_i64)
        }
        (Kind::Prim(Primitive::Number(_)), Kind::Prim(Primitive::Integer(_))) => json!(1.5),
        (Kind::Prim(Primitive::String(_)), Kind::Prim(Primitive::String(_)) | Kind::Enum(..)) => {
            json!("not-in-the-new-format")
        }
        (Kind::Any, _) => json!({"any": "value"}),
        (Kind::Prim(p), _) => sample_primitive(p),
        // A union: a value of the first variant the other type does not hold.
        (Kind::Union(n), _) => {
            let variants = union_variants(base, n);
            let kinds: Vec<Kind> = variants.iter().map(|v| resolve(base, v).kind).collect();
            let held = |k: &Kind| match (k, h) {
                (Kind::Prim(x), Kind::Prim(y)) => {
                    matches!(primitive_relation(x, y), Relation::Same | Relation::Widened)
                }
                _ => false,
            };
            match kinds.iter().find(|k| !held(k)) {
                Some(k) if !matches!(k, Kind::Union(_)) => distinguishing(base, k, h),
                _ => variants
                    .first()
                    .map(|v| sample(base, v))
                    .unwrap_or(Value::Null),
            }
        }
        (k, _) => match k {
            Kind::Enum(n, _) => match base.get(n).map(|t| &t.kind) {
                Some(TypeKind::Enum(e)) => e
                    .values
                    .first()
                    .map(|v| v.value.clone())
                    .unwrap_or(Value::Null),
                _ => Value::Null,
            },
            Kind::Object(_) => json!({}),
            Kind::Array(_) => json!([]),
            Kind::Map(_) => json!({}),
            _ => Value::Null,
        },
    }
}

/// A name-free fingerprint of a type reference, for shape comparisons.
pub fn fingerprint(api: &Api, t: &TypeRef) -> String {
    let r = resolve(api, t);
    let k = match r.kind {
        Kind::Prim(p) => describe_primitive(p),
        Kind::Enum(..) => "enum".into(),
        Kind::Object(_) => "object".into(),
        Kind::Union(_) => "union".into(),
        Kind::Array(i) => format!("array<{}>", fingerprint_shallow(api, i)),
        Kind::Map(v) => format!("map<{}>", fingerprint_shallow(api, v)),
        Kind::Any => "any".into(),
    };
    if r.nullable {
        format!("{k}?")
    } else {
        k
    }
}

fn fingerprint_shallow(api: &Api, t: &TypeRef) -> String {
    match resolve(api, t).kind {
        Kind::Prim(p) => describe_primitive(p),
        Kind::Enum(..) => "enum".into(),
        Kind::Object(_) => "object".into(),
        Kind::Union(_) => "union".into(),
        Kind::Array(_) => "array".into(),
        Kind::Map(_) => "map".into(),
        Kind::Any => "any".into(),
    }
}

/// The members of a named type: `(name, what)` for fields (`type:required`),
/// enum values (no `what`), or union variant kinds (no name).
fn members(api: &Api, name: &str) -> (u8, Vec<(String, String)>) {
    let mut out: Vec<(String, String)> = match api.get(name).map(|t| &t.kind) {
        Some(TypeKind::Object(o)) => {
            return (
                0,
                o.fields
                    .iter()
                    .map(|f| {
                        let what = format!("{}:{}", fingerprint(api, &f.ty), f.required);
                        (f.name.clone(), what)
                    })
                    .collect(),
            )
        }
        Some(TypeKind::Enum(e)) => e
            .values
            .iter()
            .map(|v| (v.as_text(), String::new()))
            .collect(),
        Some(TypeKind::Union(u)) => u
            .variants
            .iter()
            .map(|v| (String::new(), fingerprint(api, v)))
            .collect(),
        Some(TypeKind::Alias { target }) => vec![(String::new(), fingerprint(api, target))],
        None => return (4, Vec::new()),
    };
    out.sort();
    out.dedup();
    let kind = match api.get(name).map(|t| &t.kind) {
        Some(TypeKind::Enum(_)) => 1,
        Some(TypeKind::Union(_)) => 2,
        _ => 3,
    };
    (kind, out)
}

/// How alike a base type and a head type are, 0.0 to 1.0: the share of
/// members (fields with their types, enum values) they have in common.
/// Member names are compared as they are; renamed members lower the score.
pub fn similarity(base: &Api, b: &str, head: &Api, h: &str) -> f64 {
    similarity_by(base, b, head, h, &|x, y| x == y)
}

/// [`similarity`], with member names matched by `same_name` (a base name
/// and a head name that a consistent rename relates count as the same).
pub fn similarity_by(
    base: &Api,
    b: &str,
    head: &Api,
    h: &str,
    same_name: &dyn Fn(&str, &str) -> bool,
) -> f64 {
    let (kb, mb) = members(base, b);
    let (kh, mh) = members(head, h);
    if kb != kh {
        return 0.0;
    }
    if mb.is_empty() && mh.is_empty() {
        return 1.0;
    }
    // Same type under the same (or a related) name: full weight.
    let mut used = vec![false; mh.len()];
    let mut common = 0usize;
    let mut left = Vec::new();
    for (n, w) in &mb {
        let hit = mh
            .iter()
            .enumerate()
            .position(|(i, (m, x))| !used[i] && x == w && (m == n || same_name(n, m)));
        match hit {
            Some(i) => {
                used[i] = true;
                common += 1;
            }
            None => left.push(w),
        }
    }
    // Names may differ (renamed fields); count type-only matches at quarter weight.
    let mut typed = 0usize;
    for w in left {
        if let Some(i) = mh
            .iter()
            .enumerate()
            .position(|(i, (_, x))| !used[i] && x == w)
        {
            used[i] = true;
            typed += 1;
        }
    }
    (common as f64 + typed as f64 * 0.25) / mb.len().max(mh.len()) as f64
}

/// Is a JSON value as YAML-ish inline text short enough for one line?
pub fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(197).map(|(i, _)| i).unwrap_or(s.len())]
        )
    } else {
        s
    }
}
