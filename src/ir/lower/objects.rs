//! Object types: properties become fields, `additionalProperties` says what
//! else an object may hold, and the parts of an `allOf` merge into one object.

use std::collections::HashSet;

use oa::ReferenceOr;
use openapiv3 as oa;

use super::schemas::docs_of;
use super::shape::{ro, ro_box, shape, Props, RefOr, Shape};
use super::{escape_segment, Lowerer};
use crate::diag::push_pointer;
use crate::ir::*;
use crate::naming;

impl Lowerer<'_> {
    pub(super) fn object(
        &mut self,
        props: &Props,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
        pointer: &str,
        path: &[String],
    ) -> ObjectType {
        let mut fields = Vec::with_capacity(props.len());
        self.fields_into(&mut fields, props, required, pointer, path);
        // `required` may name a property that only a sibling allOf part defines;
        // the lint rule reports names nothing defines.
        let additional = match additional {
            None => Additional::Unspecified,
            Some(oa::AdditionalProperties::Any(true)) => Additional::Typed(TypeRef::Any),
            Some(oa::AdditionalProperties::Any(false)) => Additional::Forbidden,
            Some(oa::AdditionalProperties::Schema(s)) => {
                let mut p = path.to_vec();
                p.push("Value".into());
                Additional::Typed(self.type_of(
                    ro(s),
                    &push_pointer(pointer, "additionalProperties"),
                    p,
                ))
            }
        };
        ObjectType {
            fields,
            additional,
            composition_note: None,
        }
    }

    pub(super) fn fields_into(
        &mut self,
        fields: &mut Vec<Field>,
        props: &Props,
        required: &[String],
        pointer: &str,
        path: &[String],
    ) {
        let props_ptr = push_pointer(pointer, "properties");
        for (pname, p) in props {
            let ptr = push_pointer(&props_ptr, pname);
            let mut fpath = path.to_vec();
            fpath.push(pname.clone());
            let ty = self.type_of(ro_box(p), &ptr, fpath);
            let name_hint = p
                .as_item()
                .and_then(|s| naming::name_hint(s.schema_data.extensions.get(naming::NAME_HINT)));
            let (docs, default, read_only, write_only, deprecated) = match p {
                ReferenceOr::Item(s) => {
                    let d = &s.schema_data;
                    let mut docs = docs_of(d);
                    // A `$ref` with siblings: fall back to the target's docs.
                    if docs.description.is_none() {
                        if let Shape::AllOf { parts, own: None } = shape(s) {
                            if let Some(ReferenceOr::Reference { reference }) = parts.first() {
                                if let Some((_, target)) = self.resolve_schema(reference) {
                                    docs.description = target.schema_data.description.clone();
                                }
                            }
                        }
                    }
                    (
                        docs,
                        d.default.clone(),
                        d.read_only,
                        d.write_only,
                        d.deprecated,
                    )
                }
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_schema(reference).map(|(_, s)| &s.schema_data);
                    let docs = target
                        .map(|d| Docs {
                            title: None,
                            description: d.description.clone(),
                            example: None,
                        })
                        .unwrap_or_default();
                    // A referenced schema's own readOnly / writeOnly / deprecated apply here too.
                    let flag = |f: fn(&oa::SchemaData) -> bool| target.is_some_and(f);
                    (
                        docs,
                        None,
                        flag(|d| d.read_only),
                        flag(|d| d.write_only),
                        flag(|d| d.deprecated),
                    )
                }
            };
            let constraints = self.place_constraints(&ptr, &ty);
            let field = Field {
                name: pname.clone(),
                constraints,
                ty,
                required: required.iter().any(|r| r == pname),
                default,
                read_only,
                write_only,
                deprecated,
                docs,
                name_hint,
                loc: self.doc.locate(&ptr),
            };
            if let Some(existing) = fields.iter_mut().find(|f| f.name == field.name) {
                *existing = field;
            } else {
                fields.push(field);
            }
        }
    }

    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<oa::Schema>],
        own: Option<(&Props, &[String])>,
        pointer: &str,
        path: &[String],
    ) -> TypeKind {
        if parts.len() == 1 && own.is_none() {
            if let ReferenceOr::Reference { reference } = &parts[0] {
                let target = self.ref_type(reference, &format!("{pointer}/allOf/0/$ref"));
                return TypeKind::Alias { target };
            }
        }
        let mut fields = Vec::new();
        let mut required_all: Vec<String> = Vec::new();
        let mut additional = Additional::Unspecified;
        let mut note: Option<String> = None;
        let mut visiting = HashSet::new();
        for (i, part) in parts.iter().enumerate() {
            let pp = format!("{pointer}/allOf/{i}");
            self.merge_part(
                ro(part),
                &pp,
                path,
                &mut fields,
                &mut required_all,
                &mut additional,
                &mut note,
                &mut visiting,
            );
        }
        if let Some((props, required)) = own {
            self.fields_into(&mut fields, props, required, pointer, path);
            required_all.extend(required.iter().cloned());
        }
        for f in &mut fields {
            if required_all.contains(&f.name) {
                f.required = true;
            }
        }
        if let Some(n) = &note {
            self.warn("allof-not-merged", pointer, format!("allOf could not be merged soundly ({n}); the generated type holds the object parts only"));
        }
        TypeKind::Object(ObjectType {
            fields,
            additional,
            composition_note: note,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_part(
        &mut self,
        part: RefOr<'_>,
        pointer: &str,
        path: &[String],
        fields: &mut Vec<Field>,
        required: &mut Vec<String>,
        additional: &mut Additional,
        note: &mut Option<String>,
        visiting: &mut HashSet<String>,
    ) {
        // What a component declares inline is named after the component, as
        // when the component itself is lowered: the hoisted types at its
        // pointers are then one type, whichever schema reaches them first.
        let component_path;
        let (schema, ptr, path) = match part {
            RefOr::Ref(r) => match self.resolve_schema(r) {
                Some((name, s)) => {
                    if !visiting.insert(name.to_string()) {
                        return;
                    }
                    component_path = vec![name.to_string()];
                    (
                        s,
                        format!("/components/schemas/{}", escape_segment(name)),
                        component_path.as_slice(),
                    )
                }
                None => {
                    self.ref_type(r, &push_pointer(pointer, "$ref"));
                    return;
                }
            },
            RefOr::Item(s) => (s, pointer.to_string(), path),
        };
        match shape(schema) {
            Shape::Object {
                props,
                required: req,
                additional: add,
            } => {
                self.fields_into(fields, props, req, &ptr, path);
                required.extend(req.iter().cloned());
                if let Some(a) = add {
                    *additional = match a {
                        oa::AdditionalProperties::Any(false) => Additional::Forbidden,
                        oa::AdditionalProperties::Any(true) => Additional::Typed(TypeRef::Any),
                        oa::AdditionalProperties::Schema(s) => {
                            let mut p = path.to_vec();
                            p.push("Value".into());
                            Additional::Typed(self.type_of(
                                ro(s),
                                &push_pointer(&ptr, "additionalProperties"),
                                p,
                            ))
                        }
                    };
                }
            }
            Shape::AllOf { parts, own } => {
                for (i, p) in parts.iter().enumerate() {
                    let pp = format!("{ptr}/allOf/{i}");
                    self.merge_part(
                        ro(p),
                        &pp,
                        path,
                        fields,
                        required,
                        additional,
                        note,
                        visiting,
                    );
                }
                if let Some((props, req)) = own {
                    self.fields_into(fields, props, req, &ptr, path);
                    required.extend(req.iter().cloned());
                }
            }
            Shape::Any => {
                // Docs-only parts (`{description: …}`) and `required`-only parts.
                if let oa::SchemaKind::Any(a) = &schema.schema_kind {
                    required.extend(a.required.iter().cloned());
                }
            }
            Shape::OneOf(_) | Shape::AnyOf(_) => {
                *note = Some("a part is a oneOf/anyOf".into());
            }
            Shape::Enum { .. } | Shape::Prim(_) | Shape::Types(_) | Shape::Array { .. } => {
                *note = Some("a part is not an object".into());
            }
        }
    }
}
