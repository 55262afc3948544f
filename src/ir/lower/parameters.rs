//! Operation parameters: the path item's and the operation's merged, a
//! `$ref` resolved to its component, and the value described by a schema or
//! by a single media type.

use oa::ReferenceOr;
use openapiv3 as oa;

use super::shape::ro;
use super::{component_name, Lowerer};
use crate::diag::{push_pointer, Diagnostic, Severity};
use crate::ir::*;
use crate::naming;

impl<'a> Lowerer<'a> {
    /// The parameters of an operation: those of its path item, then its own,
    /// where one of its own replaces a path item's of the same name and
    /// location.
    pub(super) fn parameters(
        &mut self,
        item: &'a oa::PathItem,
        op: &'a oa::Operation,
        path_ptr: &str,
        op_ptr: &str,
        op_name: &str,
    ) -> Vec<Parameter> {
        let mut parameters: Vec<Parameter> = Vec::new();
        for (base, list) in [
            (push_pointer(path_ptr, "parameters"), &item.parameters),
            (push_pointer(op_ptr, "parameters"), &op.parameters),
        ] {
            for (i, p) in list.iter().enumerate() {
                let pp = push_pointer(&base, &i.to_string());
                if let Some(param) = self.parameter(p, &pp, op_name) {
                    parameters.retain(|q: &Parameter| {
                        !(q.name == param.name && q.location == param.location)
                    });
                    parameters.push(param);
                }
            }
        }
        parameters
    }

    pub(super) fn parameter(
        &mut self,
        p: &'a ReferenceOr<oa::Parameter>,
        ptr: &str,
        op_name: &str,
    ) -> Option<Parameter> {
        let (param, pptr) = match p {
            ReferenceOr::Item(p) => (p, ptr.to_string()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                let found = self
                    .api
                    .components
                    .as_ref()
                    .and_then(|c| c.parameters.get(name))
                    .and_then(|p| p.as_item());
                match found {
                    Some(p) => (p, format!("/components/parameters/{name}")),
                    None => {
                        self.diags.push(Diagnostic::new(
                            "unresolved-ref",
                            Severity::Error,
                            self.doc.locate(ptr),
                            format!("`{reference}` does not resolve to a parameter"),
                        ));
                        return None;
                    }
                }
            }
        };
        let (location, style) = match param {
            oa::Parameter::Query { style, .. } => {
                (ParamLocation::Query, serde_json::to_value(style).ok())
            }
            oa::Parameter::Header { style, .. } => {
                (ParamLocation::Header, serde_json::to_value(style).ok())
            }
            oa::Parameter::Path { style, .. } => {
                (ParamLocation::Path, serde_json::to_value(style).ok())
            }
            oa::Parameter::Cookie { style, .. } => {
                (ParamLocation::Cookie, serde_json::to_value(style).ok())
            }
        };
        let data = param.parameter_data_ref();
        let path = match component_name(p, "#/components/parameters/") {
            Some(name) => vec![self.component_stem(&name, "Parameter")],
            None => vec![op_name.to_string(), data.name.clone()],
        };
        let (ty, default, constraints, content_type) = match &data.format {
            oa::ParameterSchemaOrContent::Schema(s) => {
                let default = s.as_item().and_then(|s| s.schema_data.default.clone());
                let sptr = push_pointer(&pptr, "schema");
                let ty = self.type_of(ro(s), &sptr, path);
                let constraints = self.place_constraints(&sptr, &ty);
                (ty, default, constraints, None)
            }
            oa::ParameterSchemaOrContent::Content(c) => {
                // The specification allows exactly one media type here.
                let mt = self.content(c, &push_pointer(&pptr, "content"), path);
                let first = mt.into_iter().next();
                let content_type = first.as_ref().map(|m| m.content_type.clone());
                let (ty, constraints) = first
                    .and_then(|m| Some((m.ty?, m.constraints)))
                    .unwrap_or((TypeRef::Any, BoxedConstraints::default()));
                (ty, None, constraints, content_type)
            }
        };
        Some(Parameter {
            name: data.name.clone(),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            style: style.and_then(|s| s.as_str().map(str::to_string)),
            explode: data.explode,
            content_type,
            default,
            deprecated: data.deprecated.unwrap_or(false),
            docs: Docs {
                title: None,
                description: data.description.clone(),
                example: data.example.clone(),
            },
            constraints,
            name_hint: naming::name_hint(data.extensions.get(naming::NAME_HINT)),
            loc: self.doc.locate(&pptr),
        })
    }
}
