//! Operations under `paths`: their ids, request bodies, responses with
//! their headers, and the media types of each.

use std::collections::HashSet;

use crate::naming::case::{ToLowerCamelCase, ToUpperCamelCase};
use indexmap::IndexMap;
use oa::ReferenceOr;
use openapiv3 as oa;
use serde_json::Value;

use super::same_shape::shape_key;
use super::security::security_reqs;
use super::shape::ro;
use super::{component_name, pointer_tag, Lowerer};
use crate::diag::push_pointer;
use crate::ir::*;
use crate::naming;

impl<'a> Lowerer<'a> {
    pub(super) fn operations(
        &mut self,
        paths: &[(&'a str, &'a ReferenceOr<oa::PathItem>)],
    ) -> Vec<Operation> {
        let mut ops = Vec::new();
        let mut used_ids: HashSet<String> = paths
            .iter()
            .filter_map(|(_, p)| p.as_item())
            .flat_map(|item| item.iter().filter_map(|(_, op)| op.operation_id.clone()))
            .collect();
        for &(path, item) in paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            let path_ptr = push_pointer("/paths", path);
            for method in Method::ALL {
                let Some(op) = method_of(item, method) else {
                    continue;
                };
                let op_ptr = push_pointer(&path_ptr, method.as_str());
                let (id, synthesized) = match &op.operation_id {
                    Some(id) => (id.clone(), false),
                    None => {
                        let mut id = synthesize_operation_id(method, path);
                        if used_ids.contains(&id) {
                            id = format!("{id}{}", pointer_tag(&op_ptr).to_upper_camel_case());
                        }
                        used_ids.insert(id.clone());
                        (id, true)
                    }
                };
                ops.push(self.operation(
                    id,
                    synthesized,
                    method,
                    path,
                    item,
                    op,
                    &path_ptr,
                    &op_ptr,
                ));
            }
        }
        ops.sort_by(|a, b| (a.path.as_str(), a.method).cmp(&(b.path.as_str(), b.method)));
        ops
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn operation(
        &mut self,
        id: String,
        id_synthesized: bool,
        method: Method,
        path: &str,
        item: &'a oa::PathItem,
        op: &'a oa::Operation,
        path_ptr: &str,
        op_ptr: &str,
    ) -> Operation {
        let op_name = id.to_upper_camel_case();
        let parameters = self.parameters(item, op, path_ptr, op_ptr, &op_name);
        let request_body = self.request_body(op, op_ptr, &op_name);
        let responses = self.responses(op, op_ptr, &op_name);
        let sunset = lifecycle::sunset(op.extensions.get("x-sunset"), &responses);
        Operation {
            id,
            id_synthesized,
            method,
            path: path.to_string(),
            summary: op.summary.clone(),
            docs: Docs {
                title: None,
                description: op.description.clone(),
                example: None,
            },
            tags: op.tags.clone(),
            deprecated: op.deprecated,
            parameters,
            request_body,
            responses,
            security: op.security.as_deref().map(security_reqs),
            extensions: op
                .extensions
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            sunset,
            stability: op
                .extensions
                .get("x-stability-level")
                .and_then(lifecycle::Stability::parse),
            outbound: None,
            name_hint: naming::name_hint(op.extensions.get(naming::NAME_HINT)),
            loc: self.doc.locate(op_ptr),
        }
    }

    fn request_body(
        &mut self,
        op: &'a oa::Operation,
        op_ptr: &str,
        op_name: &str,
    ) -> Option<RequestBody> {
        op.request_body.as_ref().and_then(|rb| {
            let (body, ptr) =
                self.resolve_request_body(rb, &push_pointer(op_ptr, "requestBody"))?;
            let stem = match component_name(rb, "#/components/requestBodies/") {
                Some(name) => self.component_stem(&name, "Request"),
                None => format!("{op_name}Request"),
            };
            let content = self.content(&body.content, &push_pointer(&ptr, "content"), vec![stem]);
            Some(RequestBody {
                required: body.required,
                content,
                docs: Docs {
                    title: None,
                    description: body.description.clone(),
                    example: None,
                },
                loc: self.doc.locate(&ptr),
            })
        })
    }

    /// The responses of an operation, `default` last.
    fn responses(&mut self, op: &'a oa::Operation, op_ptr: &str, op_name: &str) -> Vec<Response> {
        let mut responses = Vec::new();
        let rp = push_pointer(op_ptr, "responses");
        let mut entries: Vec<(String, &ReferenceOr<oa::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (code.to_string(), r))
            .collect();
        if let Some(d) = &op.responses.default {
            entries.push(("default".into(), d));
        }
        for (status, r) in entries {
            let ptr = push_pointer(&rp, &status);
            let Some((resp, rptr)) = self.resolve_response(r, &ptr) else {
                continue;
            };
            let suffix = if status == "default" {
                "Default".to_string()
            } else {
                status.clone()
            };
            let (stem, header_prefix) = match component_name(r, "#/components/responses/") {
                Some(name) => {
                    let stem = self.component_stem(&name, "Response");
                    (stem.clone(), stem)
                }
                None => (
                    format!("{op_name}{suffix}Response"),
                    format!("{op_name}{suffix}"),
                ),
            };
            let content = self.content(&resp.content, &push_pointer(&rptr, "content"), vec![stem]);
            let headers = self.response_headers(resp, &rptr, &header_prefix);
            responses.push(Response {
                status,
                docs: Docs {
                    title: None,
                    description: Some(resp.description.clone()),
                    example: None,
                },
                headers,
                content,
                loc: self.doc.locate(&rptr),
            });
        }
        responses
    }

    /// The headers of a response; inline header schemas are hoisted under
    /// `type_prefix` and the header's name.
    fn response_headers(
        &mut self,
        resp: &oa::Response,
        rptr: &str,
        type_prefix: &str,
    ) -> Vec<Header> {
        let mut headers = Vec::new();
        for (hname, given) in &resp.headers {
            let hptr = push_pointer(&push_pointer(rptr, "headers"), hname);
            let h = match given {
                ReferenceOr::Item(h) => Some(h),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/headers/")
                    .and_then(|n| self.api.components.as_ref()?.headers.get(n)?.as_item()),
            };
            let Some(h) = h else { continue };
            // The pointer of a referenced header is that of its component.
            let hptr = match given {
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix('#')
                    .map(str::to_string)
                    .unwrap_or(hptr),
                ReferenceOr::Item(_) => hptr,
            };
            let sptr = push_pointer(&hptr, "schema");
            let path = match component_name(given, "#/components/headers/") {
                Some(name) => vec![self.component_stem(&name, "Header")],
                None => vec![type_prefix.to_string(), hname.clone()],
            };
            let ty = match &h.format {
                oa::ParameterSchemaOrContent::Schema(s) => self.type_of(ro(s), &sptr, path),
                oa::ParameterSchemaOrContent::Content(_) => TypeRef::Any,
            };
            let constraints = self.place_constraints(&sptr, &ty);
            headers.push(Header {
                name: hname.clone(),
                constraints,
                deprecated: h.deprecated.unwrap_or(false),
                ty,
                required: h.required,
                docs: Docs {
                    title: None,
                    description: h.description.clone(),
                    example: h.example.clone().or_else(|| match &h.format {
                        oa::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => {
                            s.schema_data.example.clone()
                        }
                        _ => None,
                    }),
                },
            });
        }
        headers
    }

    pub(super) fn content(
        &mut self,
        content: &IndexMap<String, oa::MediaType>,
        ptr: &str,
        path: Vec<String>,
    ) -> Vec<MediaType> {
        let mut out = Vec::new();
        // The shapes lowered so far here: a media type whose schema is one of
        // them (`application/xml` beside `application/json`) reuses its type.
        let mut lowered: Vec<(Value, TypeRef)> = Vec::new();
        let json_count = content.keys().filter(|k| k.contains("json")).count();
        for (ct, mt) in content {
            let mptr = push_pointer(ptr, ct);
            let mut p = path.clone();
            if !ct.contains("json") || json_count > 1 {
                // Several media types with inline schemas need distinct names.
                if ct != "application/json" {
                    p.push(
                        ct.split(['/', '+', ';'])
                            .filter(|s| !s.is_empty())
                            .map(|s| s.to_upper_camel_case())
                            .collect(),
                    );
                }
            }
            let sptr = push_pointer(&mptr, "schema");
            let key = (content.len() > 1)
                .then(|| self.node(&sptr).map(shape_key))
                .flatten();
            let seen = key
                .as_ref()
                .and_then(|k| lowered.iter().find(|(l, _)| l == k))
                .map(|(_, t)| t.clone());
            let ty = match (seen, &mt.schema) {
                (Some(t), Some(_)) => Some(t),
                (_, Some(s)) => {
                    let t = self.type_of(ro(s), &sptr, p);
                    if let Some(k) = key {
                        lowered.push((k, t.clone()));
                    }
                    Some(t)
                }
                (_, None) => None,
            };
            let constraints = match &ty {
                Some(t) => self.place_constraints(&sptr, t),
                None => BoxedConstraints::default(),
            };
            let example = mt.example.clone().or_else(|| {
                mt.examples
                    .values()
                    .find_map(|e| e.as_item().and_then(|e| e.value.clone()))
            });
            out.push(MediaType {
                content_type: ct.clone(),
                ty,
                example,
                constraints,
            });
        }
        out
    }

    fn resolve_request_body(
        &self,
        rb: &'a ReferenceOr<oa::RequestBody>,
        ptr: &str,
    ) -> Option<(&'a oa::RequestBody, String)> {
        match rb {
            ReferenceOr::Item(b) => Some((b, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                let b = self
                    .api
                    .components
                    .as_ref()?
                    .request_bodies
                    .get(name)?
                    .as_item()?;
                Some((b, format!("/components/requestBodies/{name}")))
            }
        }
    }

    fn resolve_response(
        &self,
        r: &'a ReferenceOr<oa::Response>,
        ptr: &str,
    ) -> Option<(&'a oa::Response, String)> {
        match r {
            ReferenceOr::Item(b) => Some((b, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                let b = self
                    .api
                    .components
                    .as_ref()?
                    .responses
                    .get(name)?
                    .as_item()?;
                Some((b, format!("/components/responses/{name}")))
            }
        }
    }
}

/// The operation of a path item under one method.
pub(super) fn method_of(item: &oa::PathItem, method: Method) -> Option<&oa::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

/// `get /sandboxes/{sandboxId}/snapshots` → `getSandboxesBySandboxIdSnapshots`.
pub(super) fn synthesize_operation_id(method: Method, path: &str) -> String {
    let mut words = vec![method.as_str().to_string()];
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push(format!("by {param}"));
        } else {
            words.push(seg.to_string());
        }
    }
    let id = words.join(" ").to_lower_camel_case();
    if id.is_empty() {
        method.as_str().to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_are_synthesized_from_method_and_path() {
        assert_eq!(
            synthesize_operation_id(Method::Get, "/sandboxes/{sandboxId}/snapshots"),
            "getSandboxesBySandboxIdSnapshots"
        );
        assert_eq!(synthesize_operation_id(Method::Post, "/"), "post");
    }
}
