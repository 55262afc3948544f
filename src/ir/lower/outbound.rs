//! Requests the API sends: webhooks and the callbacks of operations, read
//! from the normalised document and lowered like operations.

use std::collections::HashSet;

use crate::naming::case::{ToLowerCamelCase, ToUpperCamelCase};
use openapiv3 as oa;
use serde_json::Value;

use super::operations::{method_of, synthesize_operation_id};
use super::{pointer_tag, Lowerer};
use crate::diag::push_pointer;
use crate::ir::{Method, Operation, Outbound};
use crate::load::Document;

impl<'a> Lowerer<'a> {
    /// The operations of the webhooks and callbacks (see [`outbound_items`]).
    /// A callback without an `operationId` is named after its operation.
    pub(super) fn outbound(
        &mut self,
        items: &'a [OutboundItem],
        ops: &[Operation],
    ) -> Vec<Operation> {
        let mut used: HashSet<String> = ops.iter().map(|o| o.id.clone()).collect();
        used.extend(
            items
                .iter()
                .flat_map(|it| Method::ALL.map(|m| method_of(&it.item, m)))
                .flatten()
                .filter_map(|op| op.operation_id.clone()),
        );
        let mut out = Vec::new();
        for it in items {
            for method in Method::ALL {
                let Some(op) = method_of(&it.item, method) else {
                    continue;
                };
                let op_ptr = push_pointer(&it.ptr, method.as_str());
                let (path, stem) = match &it.origin {
                    Outbound::Webhook { name } => (name.clone(), format!("{name} webhook")),
                    Outbound::Callback {
                        method: owner_method,
                        path: owner_path,
                        name,
                        expression,
                    } => {
                        let owner = ops
                            .iter()
                            .find(|o| o.method == *owner_method && &o.path == owner_path)
                            .map(|o| o.id.clone())
                            .unwrap_or_else(|| synthesize_operation_id(*owner_method, owner_path));
                        (expression.clone(), format!("{owner} {name} callback"))
                    }
                };
                let (id, synthesized) = match &op.operation_id {
                    Some(id) => (id.clone(), false),
                    None => {
                        let mut id = if method == Method::Post {
                            stem
                        } else {
                            format!("{stem} {}", method.as_str())
                        }
                        .to_lower_camel_case();
                        if used.contains(&id) {
                            id = format!("{id}{}", pointer_tag(&op_ptr).to_upper_camel_case());
                        }
                        used.insert(id.clone());
                        (id, true)
                    }
                };
                let mut o = self.operation(
                    id,
                    synthesized,
                    method,
                    &path,
                    &it.item,
                    op,
                    &it.ptr,
                    &op_ptr,
                );
                o.outbound = Some(it.origin.clone());
                out.push(o);
            }
        }
        out.sort_by(|a, b| (&a.outbound, a.method).cmp(&(&b.outbound, b.method)));
        out
    }
}

/// The path item of a request the API sends, read from the normalised
/// document: `openapiv3` reads no `webhooks`, and no callback that is a `$ref`.
pub(super) struct OutboundItem {
    origin: Outbound,
    /// Pointer of the path item (of its target, when it was a `$ref`).
    ptr: String,
    item: oa::PathItem,
}

/// Follows local `$ref`s from the node at `ptr` (bounded, so cycles end).
fn follow(doc: &Value, mut ptr: String) -> Option<(&Value, String)> {
    for _ in 0..8 {
        let v = crate::diag::lookup(doc, &ptr)?;
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => ptr = r.strip_prefix('#')?.to_string(),
            None => return Some((v, ptr)),
        }
    }
    None
}

/// Every webhook and every callback of an operation under `paths`, with the
/// path item each declares. Nodes that do not read as a path item were
/// reported by the loader and are left out.
pub(super) fn outbound_items(doc: &Document) -> Vec<OutboundItem> {
    let root = &doc.normalized;
    let mut out = Vec::new();
    let mut push = |origin: Outbound, ptr: String| {
        if let Some((v, ptr)) = follow(root, ptr) {
            if let Ok(item) = serde_json::from_value::<oa::PathItem>(v.clone()) {
                out.push(OutboundItem { origin, ptr, item });
            }
        }
    };
    if let Some(Value::Object(hooks)) = root.get("webhooks") {
        for name in hooks.keys() {
            let origin = Outbound::Webhook { name: name.clone() };
            push(origin, push_pointer("/webhooks", name));
        }
    }
    let Some(Value::Object(paths)) = root.get("paths") else {
        return out;
    };
    for (path, item) in paths {
        let path_ptr = push_pointer("/paths", path);
        for method in Method::ALL {
            let Some(op) = item.get(method.as_str()) else {
                continue;
            };
            let Some(Value::Object(callbacks)) = op.get("callbacks") else {
                continue;
            };
            let cbs_ptr = push_pointer(&push_pointer(&path_ptr, method.as_str()), "callbacks");
            for name in callbacks.keys() {
                let Some((Value::Object(cb), cb_ptr)) = follow(root, push_pointer(&cbs_ptr, name))
                else {
                    continue;
                };
                for expression in cb.keys().filter(|k| !k.starts_with("x-")) {
                    let origin = Outbound::Callback {
                        method,
                        path: path.clone(),
                        name: name.clone(),
                        expression: expression.clone(),
                    };
                    push(origin, push_pointer(&cb_ptr, expression));
                }
            }
        }
    }
    out
}
