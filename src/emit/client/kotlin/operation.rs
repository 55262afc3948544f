//! The functions of the Kotlin client, one per operation: their arguments in
//! Kotlin's order, the encoded body, the result type and serializer, the KDoc,
//! and the old names of renamed operations.

use serde::Serialize;

use super::Names;
use crate::emit::client::view::Returns;
use crate::emit::client::{BodyKind, ClientAlias, ClientBody, ClientOp, ClientParam, ValueShape};
use crate::emit::kotlin::{kdoc, string_literal, ModelTypes};
use crate::emit::support::doc_lines;
use crate::ir::ParamLocation;
use crate::naming::{self, IdentKind, Lang};

#[derive(Serialize)]
struct ArgView {
    name: String,
    ty: String,
    /// `= null` for optional arguments.
    default: bool,
}

#[derive(Serialize)]
pub(super) struct OpView {
    pub(super) name: String,
    /// The value describing the operation, in its object of descriptions.
    pub(super) var: String,
    id_lit: String,
    method_lit: String,
    path_lit: String,
    doc: Vec<String>,
    deprecated: bool,
    args: Vec<ArgView>,
    /// `ParamSpec(…)` constructor arguments, in the order of `values`.
    param_specs: Vec<String>,
    /// `this.arg(x, serializer)` per parameter.
    values: Vec<String>,
    /// The lines of the `this.send(…)` call.
    call: Vec<String>,
    /// The content type literal of the body, if any.
    content_type_lit: Option<String>,
    /// The expression of the encoded body (`ByteArray?`).
    payload: String,
    /// The expression of a content type chosen at run time (multipart).
    payload_type: String,
    /// `ResponseSpec(…)` constructor arguments.
    responses: Vec<String>,
    security_lit: String,
    idempotent: bool,
    /// `unit`, `bytes`, `any` or `json`.
    pub(super) result_kind: &'static str,
    result: String,
    result_ser: String,
}

#[derive(Serialize)]
pub(super) struct AliasView {
    name: String,
    target: String,
    args: Vec<String>,
    call: String,
    result: String,
    deprecated_lit: String,
    replace_lit: String,
    doc: String,
}

/// The old name of a renamed operation, calling the new one.
pub(super) fn alias_view(a: &ClientAlias, name: String, target: &OpView) -> AliasView {
    let arg_names: Vec<String> = target.args.iter().map(|x| x.name.clone()).collect();
    let call = format!("{}({})", target.name, arg_names.join(", "));
    let reason = format!(
        "Renamed to {}{}.",
        target.name.trim_matches('`'),
        a.until
            .as_deref()
            .map(|u| format!("; kept until version {u}"))
            .unwrap_or_default()
    );
    AliasView {
        doc: format!(
            "The old name of [{}]{}.",
            target.name.trim_matches('`'),
            a.until
                .as_deref()
                .map(|u| format!(", kept until version {u}"))
                .unwrap_or_default()
        ),
        args: target
            .args
            .iter()
            .map(|x| {
                format!(
                    "{}: {}{}",
                    x.name,
                    x.ty,
                    if x.default { " = null" } else { "" }
                )
            })
            .collect(),
        deprecated_lit: string_literal(&reason),
        replace_lit: string_literal(&call),
        call,
        result: target.result.clone(),
        target: target.name.clone(),
        name,
    }
}

pub(super) fn arg_name(p: &ClientParam) -> String {
    naming::ident(Lang::Kotlin, IdentKind::Parameter, &p.source)
}

pub(super) fn op_view(
    types: &mut ModelTypes,
    op: &ClientOp,
    name: String,
    names: &Names,
    holder: &str,
) -> OpView {
    let bare = name.trim_matches('`');
    let mut chars = bare.chars();
    let var = format!(
        "op{}{}",
        chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default(),
        chars.as_str()
    );
    let mut args: Vec<ArgView> = Vec::new();
    let mut param_docs: Vec<String> = Vec::new();
    let mut payload = "null".to_string();
    let mut payload_type = "null".to_string();
    for item in argument_order(op) {
        match item {
            Some(p) => {
                let ty = types.ty(if p.required { &p.ty } else { p.ty.non_null() });
                let n = arg_name(p);
                if let Some(d) = &p.doc {
                    param_docs.push(format!(
                        "@param {} {}",
                        n.trim_matches('`'),
                        doc_lines(d.trim()).join(" ")
                    ));
                }
                args.push(ArgView {
                    name: n,
                    ty: if p.required { ty } else { format!("{ty}?") },
                    default: !p.required,
                });
            }
            None => {
                let Some(b) = &op.body else { continue };
                let (ty, encoded, content_type) = body_argument(types, b, names);
                payload = encoded;
                payload_type = content_type;
                param_docs.push(format!("@param body the request body ({})", b.content_type));
                args.push(ArgView {
                    name: "body".into(),
                    ty: if b.required { ty } else { format!("{ty}?") },
                    default: !b.required,
                });
            }
        }
    }
    let mut values = Vec::new();
    let mut param_specs = Vec::new();
    for p in &op.params {
        let ser = types.ser(if p.required { &p.ty } else { p.ty.non_null() });
        values.push(format!("this.arg({}, {ser})", arg_name(p)));
        param_specs.push(format!(
            "{}, {:?}, {:?}, {}, {}",
            string_literal(&p.wire),
            p.location.as_str(),
            p.style.as_str(),
            p.explode,
            p.shape == ValueShape::Json
        ));
    }
    // The result: one type for every success, else any JSON value.
    let (result_kind, result, result_ser) = match op.returns(|r| match (&r.ty, r.raw) {
        (Some(t), _) => Some(Some((types.ty(t), types.ser(t)))),
        (None, true) => Some(None),
        (None, false) => None,
    }) {
        Returns::Nothing => ("unit", "Unit".to_string(), String::new()),
        Returns::One(None) => ("bytes", "ByteArray".to_string(), String::new()),
        Returns::One(Some((t, s))) => ("json", t, s),
        Returns::Several => ("any", "JsonElement".to_string(), String::new()),
    };
    let responses = op
        .responses
        .iter()
        .map(|r| {
            let decode = match &r.ty {
                Some(t) if !r.success => types.ser(t),
                _ => "null".into(),
            };
            format!(
                "{}, {}, {decode}",
                string_literal(&r.status_key()),
                r.success
            )
        })
        .collect();
    let call = send_call(&format!("{holder}.{var}"), &values, &payload, &payload_type);
    OpView {
        call,
        var,
        id_lit: string_literal(&op.id),
        method_lit: string_literal(&op.method.as_str().to_ascii_uppercase()),
        path_lit: string_literal(&op.path),
        doc: kdoc(&op_doc(op, param_docs, names)),
        deprecated: op.deprecated,
        args,
        param_specs,
        values,
        content_type_lit: op.body.as_ref().map(|b| string_literal(&b.content_type)),
        payload,
        payload_type,
        responses,
        security_lit: op.security_literal(
            string_literal,
            |alt| format!("listOf({alt})"),
            |list| {
                if list.is_empty() {
                    "emptyList()".to_string()
                } else {
                    format!("listOf({list})")
                }
            },
        ),
        idempotent: op.idempotent,
        result_kind,
        result,
        result_ser,
        name,
    }
}

/// The order of a function's arguments: path parameters, the required body
/// (`None`), the other required parameters, then every optional one.
fn argument_order(op: &ClientOp) -> Vec<Option<&ClientParam>> {
    let mut order: Vec<Option<&ClientParam>> = Vec::new();
    order.extend(op.params_in(ParamLocation::Path).map(Some));
    let body_required = op.body.as_ref().is_some_and(|b| b.required);
    if body_required {
        order.push(None);
    }
    order.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path && p.required)
            .map(Some),
    );
    if op.body.is_some() && !body_required {
        order.push(None);
    }
    order.extend(op.params.iter().filter(|p| !p.required).map(Some));
    order
}

/// The `body` argument's type (before `?`), the expression of its encoded
/// bytes, and of its content type when chosen at run time (multipart).
fn body_argument(
    types: &mut ModelTypes,
    b: &ClientBody,
    names: &Names,
) -> (String, String, String) {
    let mut content_type = "null".to_string();
    let (ty, encoded) = match (b.kind, &b.ty) {
        (BodyKind::Json, Some(t)) => {
            let t = if b.required { t } else { t.non_null() };
            let ser = types.ser(t);
            (
                types.ty(t),
                if b.required {
                    format!("this.json.encodeToString({ser}, body).toByteArray()")
                } else {
                    format!("body?.let {{ this.json.encodeToString({ser}, it).toByteArray() }}")
                },
            )
        }
        (BodyKind::Json, None) => (
            "JsonElement".into(),
            if b.required {
                "body.toString().toByteArray()".into()
            } else {
                "body?.toString()?.toByteArray()".into()
            },
        ),
        (BodyKind::Form, _) => (
            "Map<String, String>".into(),
            if b.required {
                "this.formBody(body)".into()
            } else {
                "body?.let { this.formBody(it) }".into()
            },
        ),
        (BodyKind::Multipart, _) => {
            content_type = if b.required {
                "body.contentType".into()
            } else {
                "body?.contentType".into()
            };
            (
                names.multipart.clone(),
                if b.required {
                    "body.bytes".into()
                } else {
                    "body?.bytes".into()
                },
            )
        }
        (BodyKind::Bytes, _) => ("ByteArray".into(), "body".into()),
        (BodyKind::Text, _) => (
            "String".into(),
            if b.required {
                "body.toByteArray()".into()
            } else {
                "body?.toByteArray()".into()
            },
        ),
    };
    (ty, encoded, content_type)
}

/// The KDoc lines: summary, description, what it sends, the `@param` lines
/// and what it throws.
fn op_doc(op: &ClientOp, param_docs: Vec<String>, names: &Names) -> Vec<String> {
    let mut doc = op.doc_text();
    if !doc.is_empty() {
        doc.push(String::new());
    }
    doc.push(format!("Sends `{}`.", op.request_line()));
    doc.push(String::new());
    doc.extend(param_docs);
    doc.push(format!(
        "@throws {} when the server answers with a status other than success",
        names.exception
    ));
    doc
}

/// The lines of the `this.send(…)` call of the operation described by `spec`.
fn send_call(spec: &str, values: &[String], payload: &str, payload_type: &str) -> Vec<String> {
    let mut call = vec!["this.send(".to_string(), format!("    {spec},")];
    if values.is_empty() {
        call.push("    emptyList(),".into());
    } else {
        call.push("    listOf(".into());
        call.extend(values.iter().map(|v| format!("        {v},")));
        call.push("    ),".into());
    }
    call.push(format!("    {payload},"));
    call.push(format!("    {payload_type},"));
    call.push(")".into());
    call
}
