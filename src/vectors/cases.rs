//! The cases of one named type: for an object its minimal and full forms,
//! nulls, unknown properties, missing and mistyped required fields and edge
//! values; for an enum every value and an unknown one; for a union every
//! variant and an unknown tag; for an alias one value.

use serde_json::{json, Value};

use super::values::{Fill, Gen};
use super::{
    Vector, TAG_CONST_LITERAL, TAG_DIRECTIONAL_REQUIRED, TAG_ENUM_BARE_NULL,
    TAG_FORBIDDEN_PROPERTY, TAG_INT64, TAG_ONLY_UNKNOWN, TAG_UNKNOWN_VARIANT, TAG_UUID_SPELLING,
    UNKNOWN_ENUM_VALUE, UNKNOWN_PROPERTY,
};
use crate::ir::{
    Additional, EnumRepr, EnumType, NamedType, ObjectType, TypeKind, TypeRef, UnionType,
};

impl Gen<'_> {
    pub(super) fn push(
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
    pub(super) fn push_tagged(
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

    /// Every case of the named type `t`.
    pub(super) fn type_vectors(&self, t: &NamedType, out: &mut Vec<Vector>) {
        match &t.kind {
            TypeKind::Object(o) => self.object_cases(t, o, out),
            TypeKind::Enum(e) => self.enum_cases(t, e, out),
            TypeKind::Union(u) => self.union_cases(t, u, out),
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

    fn object_cases(&self, t: &NamedType, o: &ObjectType, out: &mut Vec<Vector>) {
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
        self.invalid_object_cases(t, o, &minimal, out);
        self.edge_cases(t, o, &minimal, out);
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

    /// Payloads an object must reject: each required field missing, and the
    /// first required field that can be mistyped with the wrong JSON type.
    fn invalid_object_cases(
        &self,
        t: &NamedType,
        o: &ObjectType,
        minimal: &Value,
        out: &mut Vec<Vector>,
    ) {
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
    }

    /// Edge values per field, each in its own vector on top of the minimal
    /// payload.
    fn edge_cases(&self, t: &NamedType, o: &ObjectType, minimal: &Value, out: &mut Vec<Vector>) {
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
    }

    fn enum_cases(&self, t: &NamedType, e: &EnumType, out: &mut Vec<Vector>) {
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
        if e.open && e.constant {
            // Typed as its literal where a language has literal types, so
            // code can narrow on it; decoding stays tolerant.
            self.push_tagged(
                out,
                t,
                "unknown-value",
                true,
                unknown,
                "a value other than the const's, from a newer server: kept and sent back unchanged",
                &[TAG_CONST_LITERAL],
            );
        } else if e.open {
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

    fn union_cases(&self, t: &NamedType, u: &UnionType, out: &mut Vec<Vector>) {
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
}
