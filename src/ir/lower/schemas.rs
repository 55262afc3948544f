//! Giving every schema its type: a reference names its component, a
//! primitive, array or map is written in place, and any other inline schema
//! is hoisted to a named type of its own.

use std::collections::BTreeMap;

use crate::naming::case::ToUpperCamelCase;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::constraints::constraints_of;
use super::same_shape::shape_key;
use super::shape::{ro, ro_box, shape, sole_inline_part, RefOr, Shape};
use super::{cycles, name_key, pointer_tag, Lowerer, CLOSED_ENUM_EXTENSION, CONST_MARKER};
use crate::diag::{push_pointer, Diagnostic, Severity};
use crate::ir::*;
use crate::naming;

/// `CreateSandboxRequest` + `resourceLimits` → `CreateSandboxRequestResourceLimits`.
pub(crate) fn hoisted_name(path: &[String]) -> String {
    hoisted_name_with(path, |seg| seg.to_upper_camel_case())
}

/// [`hoisted_name`], each segment cased by `camel` (the lowerer's, which
/// remembers the segments it has cased: a type's name and its properties'
/// recur in the paths of every type hoisted under it).
fn hoisted_name_with<S: AsRef<str>>(path: &[String], mut camel: impl FnMut(&str) -> S) -> String {
    let mut out = String::new();
    for seg in path {
        let part = camel(seg);
        let part = part.as_ref();
        if part.is_empty() {
            continue;
        }
        if out.is_empty() && part.starts_with(|c: char| c.is_ascii_digit()) {
            out.push('T');
        }
        out.push_str(part);
    }
    if out.is_empty() {
        out.push_str("Anonymous");
    }
    out
}

/// The name of the component schema a local `$ref` names: its pointer
/// segment unescaped, then percent-decoded (a URI fragment may encode it).
/// Borrowed from the reference when it needs neither, as most do.
fn schema_ref_name(reference: &str) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let segment = reference.strip_prefix("#/components/schemas/")?;
    Some(match crate::diag::unescape_segment(segment) {
        Cow::Borrowed(s) => percent_encoding::percent_decode_str(s).decode_utf8_lossy(),
        Cow::Owned(s) => Cow::Owned(
            percent_encoding::percent_decode_str(&s)
                .decode_utf8_lossy()
                .into_owned(),
        ),
    })
}

pub(super) fn docs_of(d: &oa::SchemaData) -> Docs {
    Docs {
        title: d.title.clone(),
        description: d.description.clone(),
        example: d.example.clone(),
    }
}

/// A schema's own extensions. The keywords the loader kept as
/// `x-specsmith-kw-*` are not among them: they are typed, in
/// [`Constraints::keywords`].
fn extensions_of(d: &oa::SchemaData) -> BTreeMap<String, Value> {
    d.extensions
        .iter()
        .filter(|(k, _)| !k.starts_with(crate::load::KEPT_KEYWORD_PREFIX))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

impl<'a> Lowerer<'a> {
    pub(super) fn resolve_schema(&self, reference: &str) -> Option<(&'a str, &'a oa::Schema)> {
        let schemas = &self.api.components.as_ref()?.schemas;
        let mut reference = reference;
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let name = schema_ref_name(reference)?;
            let (k, v) = schemas.get_key_value(name.as_ref())?;
            if seen.contains(&k.as_str()) {
                // A cycle of pure references (reported as `ref-cycle`).
                return None;
            }
            seen.push(k);
            match v {
                ReferenceOr::Item(s) => return Some((k.as_str(), s)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
    }

    pub(super) fn ref_type(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(name) = schema_ref_name(reference) {
            let exists = self
                .api
                .components
                .as_ref()
                .is_some_and(|c| c.schemas.contains_key(name.as_ref()));
            if exists {
                return TypeRef::Named(name.into_owned());
            }
        }
        self.diags.push(Diagnostic::new(
            "unresolved-ref",
            Severity::Error,
            self.doc.locate(pointer),
            format!("`{reference}` does not resolve to a schema; it is treated as any value"),
        ));
        TypeRef::Any
    }

    /// The type of a schema at `pointer`, hoisting it when it needs a name.
    pub(super) fn type_of(&mut self, s: RefOr<'_>, pointer: &str, path: Vec<String>) -> TypeRef {
        if self.depth >= cycles::MAX_DEPTH {
            if !self.too_deep_reported {
                self.too_deep_reported = true;
                self.warn(
                    "schema-too-deep",
                    pointer,
                    format!("schemas nest deeper than {} levels here; specsmith treats what is below as any value: move inner schemas to components/schemas", cycles::MAX_DEPTH),
                );
            }
            return TypeRef::Any;
        }
        self.depth += 1;
        let t = self.type_of_inner(s, pointer, path);
        self.depth -= 1;
        t
    }

    fn type_of_inner(&mut self, s: RefOr<'_>, pointer: &str, path: Vec<String>) -> TypeRef {
        let schema = match s {
            RefOr::Ref(r) => return self.ref_type(r, &push_pointer(pointer, "$ref")),
            RefOr::Item(s) => s,
        };
        let nullable = schema.schema_data.nullable;
        let t = match shape(schema) {
            Shape::Prim(p) => TypeRef::Primitive(p),
            Shape::Any => TypeRef::Any,
            Shape::Array { items } => match items {
                Some(i) => {
                    let mut p = path.clone();
                    p.push("Item".into());
                    TypeRef::Array(Box::new(self.type_of(
                        ro_box(i),
                        &push_pointer(pointer, "items"),
                        p,
                    )))
                }
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            Shape::Object {
                props, additional, ..
            } if props.is_empty() => match additional {
                Some(oa::AdditionalProperties::Schema(s)) => {
                    let mut p = path.clone();
                    p.push("Value".into());
                    TypeRef::Map(Box::new(self.type_of(
                        ro(s),
                        &push_pointer(pointer, "additionalProperties"),
                        p,
                    )))
                }
                Some(oa::AdditionalProperties::Any(false)) => self.hoist(schema, pointer, path),
                _ => TypeRef::Map(Box::new(TypeRef::Any)),
            },
            Shape::AllOf { parts, own: None }
                if parts.len() == 1 && !matches!(&parts[0], ReferenceOr::Item(_)) =>
            {
                // A `$ref` with siblings: the reference itself, with the siblings
                // (docs, nullable) kept by the caller.
                self.type_of(ro(&parts[0]), &format!("{pointer}/allOf/0"), path)
            }
            Shape::AllOf { .. } => match sole_inline_part(schema) {
                // A primitive, array or map needs no name of its own.
                Some(part)
                    if !matches!(
                        shape(part),
                        Shape::Enum { .. } | Shape::OneOf(_) | Shape::AnyOf(_) | Shape::Types(_)
                    ) =>
                {
                    self.type_of(RefOr::Item(part), &format!("{pointer}/allOf/0"), path)
                }
                _ => self.hoist(schema, pointer, path),
            },
            _ => self.hoist(schema, pointer, path),
        };
        if nullable {
            t.nullable()
        } else {
            t
        }
    }

    fn hoist(&mut self, schema: &oa::Schema, pointer: &str, path: Vec<String>) -> TypeRef {
        if let Some(name) = self.hoisting.get(pointer) {
            return TypeRef::Named(name.clone());
        }
        for seg in &path {
            if !self.cased.contains_key(seg) {
                self.cased.insert(seg.clone(), seg.to_upper_camel_case());
            }
        }
        let cased = &self.cased;
        let mut name = hoisted_name_with(&path, |seg| cased.get(seg).map_or("", String::as_str));
        let taken =
            |l: &Self, n: &str, key: &str| l.reserved.contains(key) || l.types.contains_key(n);
        let mut key = name_key(&name);
        if taken(self, &name, &key) {
            if let Some(same) = self.same_shape_hoisted(&path, pointer) {
                return TypeRef::Named(same);
            }
            let base = name.clone();
            name = format!("{base}Inline");
            key = name_key(&name);
            if taken(self, &name, &key) {
                name = format!("{base}Inline{}", pointer_tag(pointer));
                key = name_key(&name);
            }
            self.warn(
                "hoisted-name-collision",
                pointer,
                format!("the inline schema here would be named `{base}`, which is taken; it is named `{name}` (give it a `title` or move it to components/schemas to choose a name)"),
            );
        }
        self.reserved.insert(key);
        self.hoisting.insert(pointer.to_string(), name.clone());
        let nt = self.named_type(
            name.clone(),
            TypeOrigin::Hoisted { path: path.clone() },
            schema,
            pointer,
            vec![name.clone()],
        );
        self.types.insert(name.clone(), nt);
        self.hoisted_at.entry(path).or_default().push(name.clone());
        TypeRef::Named(name)
    }

    /// A type already hoisted under the same naming path from a schema of the
    /// same shape (see [`shape_key`]): two such inline schemas are one type.
    fn same_shape_hoisted(&self, path: &[String], pointer: &str) -> Option<String> {
        let at = |p: &str| self.node(p).map(shape_key);
        let key = at(pointer)?;
        // The first in name order, of the types hoisted under this path.
        self.hoisted_at
            .get(path)?
            .iter()
            .filter_map(|n| self.types.get(n))
            .filter(|t| matches!(&t.origin, TypeOrigin::Hoisted { path: p } if p == path))
            .filter(|t| at(&t.pointer).as_ref() == Some(&key))
            .map(|t| &t.name)
            .min()
            .cloned()
    }

    pub(super) fn named_type(
        &mut self,
        name: String,
        origin: TypeOrigin,
        s: &oa::Schema,
        pointer: &str,
        path: Vec<String>,
    ) -> NamedType {
        if let Some(part) = sole_inline_part(s) {
            let mut nt = self.named_type(name, origin, part, &format!("{pointer}/allOf/0"), path);
            self.adopt_outer(&mut nt, s, pointer);
            return nt;
        }
        let d = &s.schema_data;
        let extensions = extensions_of(d);
        let kind = match shape(s) {
            Shape::Object {
                props,
                required,
                additional,
            } => TypeKind::Object(self.object(props, required, additional, pointer, &path)),
            Shape::Enum { repr, values } => {
                let values = values.to_values();
                let closed = extensions
                    .get(CLOSED_ENUM_EXTENSION)
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let nullable = d.nullable || values.iter().any(Value::is_null);
                let constant = extensions.get(CONST_MARKER).and_then(Value::as_bool) == Some(true)
                    && values.iter().filter(|v| !v.is_null()).count() == 1;
                let mut names = naming::enum_varnames(extensions.get(naming::ENUM_VARNAMES));
                names.resize(values.len(), None);
                let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(
                    values.len(),
                    Default::default(),
                );
                let values = values
                    .into_iter()
                    .zip(names)
                    .filter(|(v, _)| !v.is_null())
                    // A repeat (JSON Schema says values SHOULD be unique) is one
                    // member: the first, with its name.
                    .filter(|(v, _)| seen.insert(EnumValue::identity(v)))
                    .map(|(value, name)| EnumValue {
                        value,
                        description: None,
                        name,
                    })
                    .collect();
                TypeKind::Enum(EnumType {
                    repr,
                    values,
                    open: !closed,
                    nullable,
                    constant,
                })
            }
            Shape::OneOf(vs) => {
                TypeKind::Union(self.union(UnionKind::OneOf, vs, d, pointer, &path, "oneOf"))
            }
            Shape::AnyOf(vs) => {
                TypeKind::Union(self.union(UnionKind::AnyOf, vs, d, pointer, &path, "anyOf"))
            }
            Shape::Types(ps) => TypeKind::Union(UnionType {
                kind: UnionKind::AnyOf,
                variants: ps.into_iter().map(TypeRef::Primitive).collect(),
                discriminator: None,
            }),
            Shape::AllOf { parts, own } => self.all_of(parts, own, pointer, &path),
            Shape::Prim(p) => TypeKind::Alias {
                target: TypeRef::Primitive(p),
            },
            Shape::Any => TypeKind::Alias {
                target: TypeRef::Any,
            },
            Shape::Array { items } => {
                let item = match items {
                    Some(i) => {
                        let mut p = path.clone();
                        p.push("Item".into());
                        self.type_of(ro_box(i), &push_pointer(pointer, "items"), p)
                    }
                    None => TypeRef::Any,
                };
                TypeKind::Alias {
                    target: TypeRef::Array(Box::new(item)),
                }
            }
        };
        // A nullable named alias carries its nullability in its target.
        let kind = match kind {
            TypeKind::Alias { target } if d.nullable => TypeKind::Alias {
                target: target.nullable(),
            },
            other => other,
        };
        NamedType {
            name,
            origin,
            docs: docs_of(d),
            deprecated: d.deprecated,
            kind,
            loc: self.doc.locate(pointer),
            name_hint: naming::name_hint(extensions.get(naming::NAME_HINT)),
            extensions,
            constraints: constraints_of(self.node(pointer)).into(),
            pointer: pointer.to_string(),
        }
    }

    /// Gives a type lowered from the sole part of an `allOf` what the outer
    /// schema says: its docs, deprecation, extensions and nullability, and its
    /// location.
    fn adopt_outer(&self, nt: &mut NamedType, outer: &oa::Schema, pointer: &str) {
        let d = &outer.schema_data;
        let docs = docs_of(d);
        nt.docs.title = docs.title.or(nt.docs.title.take());
        nt.docs.description = docs.description.or(nt.docs.description.take());
        nt.docs.example = docs.example.or(nt.docs.example.take());
        nt.deprecated |= d.deprecated;
        nt.extensions.extend(extensions_of(d));
        if let Some(hint) = naming::name_hint(d.extensions.get(naming::NAME_HINT)) {
            nt.name_hint = Some(hint);
        }
        match &mut nt.kind {
            TypeKind::Enum(e) => {
                e.nullable |= d.nullable;
                if nt
                    .extensions
                    .get(CLOSED_ENUM_EXTENSION)
                    .and_then(Value::as_bool)
                    == Some(true)
                {
                    e.open = false;
                }
            }
            TypeKind::Alias { target } if d.nullable => *target = target.clone().nullable(),
            _ => {}
        }
        nt.constraints.adopt(constraints_of(self.node(pointer)));
        nt.loc = self.doc.locate(pointer);
        nt.pointer = pointer.to_string();
    }

    fn union(
        &mut self,
        kind: UnionKind,
        variants: &[ReferenceOr<oa::Schema>],
        d: &oa::SchemaData,
        pointer: &str,
        path: &[String],
        key: &str,
    ) -> UnionType {
        let kp = push_pointer(pointer, key);
        let mut out = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let vp = push_pointer(&kp, &i.to_string());
            let mut vpath = path.to_vec();
            let label = match v {
                ReferenceOr::Item(s) => s
                    .schema_data
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Variant{}", i + 1)),
                ReferenceOr::Reference { .. } => String::new(),
            };
            vpath.push(label);
            out.push(self.type_of(ro(v), &vp, vpath));
        }
        let discriminator = d.discriminator.as_ref().map(|disc| {
            let mut mapping: Vec<(String, String)> = Vec::new();
            for (tag, target) in &disc.mapping {
                match self.mapping_target(target) {
                    Some(name) => mapping.push((tag.clone(), name)),
                    None => self.warn(
                        "fidelity-discriminator",
                        &push_pointer(&push_pointer(pointer, "discriminator"), "mapping"),
                        format!("the discriminator maps `{tag}` to `{target}`, which names no schema: the generated unions leave that tag out; map it to a schema's name, its `#/components/schemas/…` reference, or the JSON pointer of an inline schema"),
                    ),
                }
            }
            for v in &out {
                if let TypeRef::Named(n) = v.non_null() {
                    if !mapping.iter().any(|(_, m)| m == n) {
                        mapping.push((n.clone(), n.clone()));
                    }
                }
            }
            Discriminator {
                property: disc.property_name.clone(),
                mapping,
            }
        });
        UnionType {
            kind,
            variants: out,
            discriminator,
        }
    }

    /// The type a value of a discriminator's `mapping` names: a schema name
    /// (`Cat`), a reference to one (`#/components/schemas/Cat`), or a
    /// reference to an inline schema, which names the type hoisted from it.
    /// Such a reference may pass through `$ref`s on its way, as generated
    /// specs write it (`#/paths/…/items/allOf/0/…` where `items` is a
    /// `$ref`). `None` when it names no schema that has a type.
    fn mapping_target(&self, target: &str) -> Option<String> {
        let Some(fragment) = target.strip_prefix('#') else {
            return self.component_schema(target).then(|| target.to_string());
        };
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        let root = &self.doc.normalized;
        let (mut node, mut at) = (root, String::new());
        for seg in crate::diag::pointer_segments(&fragment) {
            (node, at) = through_refs(root, node, at)?;
            node = match node {
                Value::Object(m) => m.get(&seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return None,
            };
            at = push_pointer(&at, &seg);
        }
        if let Some(name) = self.component_at(&at) {
            return Some(name);
        }
        let (_, at) = through_refs(root, node, at)?;
        self.component_at(&at)
            .or_else(|| self.hoisting.get(&at).cloned())
    }

    /// The component schema at `pointer` (`/components/schemas/Cat`).
    fn component_at(&self, pointer: &str) -> Option<String> {
        let name = pointer.strip_prefix("/components/schemas/")?;
        let name = crate::diag::pointer_segments(&format!("/{name}"));
        let [name] = name.as_slice() else {
            return None;
        };
        self.component_schema(name).then(|| name.clone())
    }

    fn component_schema(&self, name: &str) -> bool {
        self.api
            .components
            .as_ref()
            .is_some_and(|c| c.schemas.contains_key(name))
    }
}

/// `node` at `at`, or, when it is a local `$ref`, the node it leads to and
/// its pointer; `None` when a reference leads nowhere or in a circle.
fn through_refs<'v>(
    root: &'v Value,
    mut node: &'v Value,
    mut at: String,
) -> Option<(&'v Value, String)> {
    for _ in 0..super::cycles::MAX_DEPTH {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return Some((node, at));
        };
        let fragment = reference.strip_prefix('#')?;
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
        node = crate::diag::lookup(root, &fragment)?;
        at = fragment.into_owned();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hoisted_names_join_the_path() {
        assert_eq!(
            hoisted_name(&["CreateSandboxRequest".into(), "resourceLimits".into()]),
            "CreateSandboxRequestResourceLimits"
        );
    }
}
