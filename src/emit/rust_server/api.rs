//! `src/api.rs` of the server crate: the credential types, one input struct
//! and one output enum per operation, and the `Api` trait. Written as text
//! in prettyplease's layout ([`text`]), as the models are: for Stripe the
//! file is 790 KB, which `syn` and prettyplease took about 45 ms to parse
//! and print.

use super::ops::{AuthPlan, BodyPlan, OpPlan, Plan, SchemeKind, StatusKind, VariantShape};
use super::Mentioned;
use crate::emit::rust_types::types::ident_text;
use crate::emit::rust_types::{doc, space_items, text};
use crate::ir::ParamLocation;

/// The file's code, below its header.
pub fn file(plan: &Plan) -> Result<String, syn::Error> {
    let mut body = String::new();
    for s in plan.schemes.values() {
        body.push_str(&text::finish(scheme(&s.ty, &s.docs, &s.kind))?);
    }
    let mut methods = String::new();
    for op in &plan.ops {
        if let Some(item) = credentials(plan, op) {
            body.push_str(&text::finish(item)?);
        }
        if let Some(item) = input(op) {
            body.push_str(&text::finish(item)?);
        }
        body.push_str(&text::finish(output(op))?);
        methods.push_str(&method(plan, op)?);
    }
    let mut api = String::new();
    text::doc(
        &mut api,
        0,
        "The API: implement it and pass it to [`crate::router`].\n\n\
         Each method gets the validated input of one operation and returns one of its \
         documented responses. The router has already answered 400 (with the parameter or \
         field at fault) when the input did not parse, and 401 when a required credential \
         was missing; it checks no more than that: deciding whether a credential is valid \
         is the method's job.",
    );
    text::block(
        &mut api,
        0,
        "pub trait Api: Send + Sync + 'static",
        &methods,
    );
    body.push_str(&text::finish(api)?);
    // One scan of the body answers every import's question.
    let mentioned = Mentioned::of_text(&body);
    let mut head = String::from(
        "//! The API as a trait: one async method per operation, with typed inputs and\n\
         //! one output variant per documented response.\n\
         #![allow(clippy::large_enum_variant)]\n",
    );
    for (needed, path) in [
        (mentioned.has("BTreeMap"), "std::collections::BTreeMap"),
        (!plan.ops.is_empty(), "std::future::Future"),
        (mentioned.has("Bytes"), "axum::body::Bytes"),
        (mentioned.has("StatusCode"), "axum::http::StatusCode"),
        (mentioned.has_path("models"), "crate::models"),
    ] {
        if needed {
            head.push_str(&format!("use {path};\n"));
        }
    }
    Ok(space_items(&[head, body].concat()))
}

/// A security scheme's credential type.
fn scheme(ty: &str, docs: &str, kind: &SchemeKind) -> String {
    let name = ident_text(ty);
    let mut out = String::new();
    text::doc(&mut out, 0, docs);
    if let SchemeKind::Transport = kind {
        out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n");
        text::line_fmt(&mut out, 0, format_args!("pub struct {name};"));
        return out;
    }
    out.push_str("#[derive(Clone, PartialEq, Eq)]\n");
    text::tuple(
        &mut out,
        0,
        &format!("pub struct {name}"),
        "pub String",
        ";",
    );
    out.push_str("/// Never prints the secret.\n");
    text::impl_for(&mut out, "impl std::fmt::Debug", &name);
    out.push_str("    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n");
    let debug_text = text::lit(&format!("{ty}(..)"));
    text::line_fmt(&mut out, 8, format_args!("f.write_str({debug_text})"));
    out.push_str("    }\n}\n");
    out
}

/// One of an operation's types: its docs, its derives, and `head { body }`.
fn op_type(docs: &str, derives: &str, head: &str, body: &str) -> String {
    let mut out = String::new();
    text::doc(&mut out, 0, docs);
    text::line_fmt(&mut out, 0, format_args!("#[derive({derives})]"));
    text::block(&mut out, 0, head, body);
    out
}

/// The trait method's name as a doc link names it (`type`, not `r#type`).
fn api_method<'o>(op: &'o OpPlan) -> &'o str {
    op.method.trim_start_matches("r#")
}

fn credentials(plan: &Plan, op: &OpPlan) -> Option<String> {
    let AuthPlan::Alternatives { ty, variants } = &op.auth else {
        return None;
    };
    let mut vs = String::new();
    for (v, schemes) in variants {
        let v = ident_text(v);
        if schemes.is_empty() {
            vs.push_str("    /// No credential: the operation also allows anonymous calls.\n");
            text::line_fmt(&mut vs, 4, format_args!("{v},"));
        } else {
            // Left on one line when it is too long: `finish` has
            // prettyplease break it.
            let tys: Vec<_> = schemes
                .iter()
                .map(|s| ident_text(&plan.schemes[s].ty))
                .collect();
            text::line_fmt(&mut vs, 4, format_args!("{v}({}),", tys.join(", ")));
        }
    }
    Some(op_type(
        &format!(
            "The credentials [`Api::{}`] accepts: the first alternative the request satisfies.",
            api_method(op)
        ),
        "Debug, Clone, PartialEq, Eq",
        &format!("pub enum {}", ident_text(ty)),
        &vs,
    ))
}

fn location_label(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

fn input(op: &OpPlan) -> Option<String> {
    let name = ident_text(op.input.as_ref()?);
    let mut fields = String::new();
    for p in &op.params {
        let mut notes = format!("{} parameter `{}`", location_label(p.p.location), p.p.name);
        if p.list.is_some() {
            notes.push_str(" (empty when absent)");
        } else if let Some(d) = &p.p.default {
            if p.default.is_some() {
                notes.push_str(&format!(" (`{d}` when absent)"));
            }
        }
        notes.push('.');
        if p.p.deprecated {
            notes.push_str(" **Deprecated.**");
        }
        text::doc(
            &mut fields,
            4,
            &doc::paragraphs([p.p.docs.text(), Some(notes.as_str())]),
        );
        let field = format!("pub {}: ", ident_text(&p.field));
        text::ty(&mut fields, 4, &field, &p.field_type(), ",", true);
    }
    if let Some(b) = &op.body {
        let (ty, note) = match b {
            BodyPlan::Json { ty, required: true } => (ty.clone(), "The JSON request body."),
            BodyPlan::Json {
                ty,
                required: false,
            } => (
                format!("Option<{ty}>"),
                "The JSON request body, if one was sent.",
            ),
            BodyPlan::Raw { required: true } => ("Bytes".into(), "The request body, as sent."),
            BodyPlan::Raw { required: false } => (
                "Option<Bytes>".into(),
                "The request body, as sent, if not empty.",
            ),
        };
        let docs = op.op.request_body.as_ref().and_then(|b| b.docs.text());
        text::doc(&mut fields, 4, &doc::paragraphs([docs, Some(note)]));
        text::ty(&mut fields, 4, "pub body: ", &ty, ",", true);
    }
    Some(op_type(
        &format!(
            "The input of [`Api::{}`]: parameters and body, validated.",
            api_method(op)
        ),
        "Debug, Clone, PartialEq",
        &format!("pub struct {name}"),
        &fields,
    ))
}

fn output(op: &OpPlan) -> String {
    let mut vs = String::new();
    for r in &op.responses {
        let v = ident_text(&r.variant);
        let status = match r.status {
            StatusKind::Code(c) => format!("{c}"),
            StatusKind::Range(d) => format!("{d}XX"),
            StatusKind::Default => "Any other status".to_string(),
        };
        let docs = if r.docs.trim().is_empty() {
            format!("{status}.")
        } else {
            format!("{status}: {}", r.docs.trim())
        };
        text::doc(&mut vs, 4, &docs);
        match (r.shape(), &r.body) {
            (VariantShape::Unit, _) | (VariantShape::Tuple, None) => {
                text::line_fmt(&mut vs, 4, format_args!("{v},"));
            }
            (VariantShape::Tuple, Some(body)) => text::tuple(&mut vs, 4, &v, &body.ty, ","),
            (VariantShape::Struct, _) => {
                text::line_fmt(&mut vs, 4, format_args!("{v} {{"));
                if r.carries_status() {
                    vs.push_str("        /// The status code sent.\n        status: StatusCode,\n");
                }
                if let Some(b) = &r.body {
                    text::doc_attr(&mut vs, 8, &format!(" The {} body.", b.content_type));
                    text::ty(&mut vs, 8, "body: ", &b.ty, ",", true);
                }
                for h in &r.headers {
                    let ty = if h.required {
                        h.ty.clone()
                    } else {
                        format!("Option<{}>", h.ty)
                    };
                    let note = format!("The `{}` header.", h.wire);
                    let docs = doc::paragraphs([Some(h.docs.as_str()), Some(note.as_str())]);
                    text::doc(&mut vs, 8, &docs);
                    let field = format!("{}: ", ident_text(&h.field));
                    text::ty(&mut vs, 8, &field, &ty, ",", true);
                }
                text::line(&mut vs, 4, "},");
            }
        }
    }
    op_type(
        &format!(
            "The responses of [`Api::{}`], one variant per documented status.",
            api_method(op)
        ),
        "Debug, Clone, PartialEq",
        &format!("pub enum {}", ident_text(&op.output)),
        &vs,
    )
}

/// The trait method of an operation. It is laid out on its own, inside a
/// trait of its own: a line that only prettyplease knows how to break
/// (a long output name's `impl Future<…>`) then sends this method alone
/// to it, not the whole trait.
fn method(plan: &Plan, op: &OpPlan) -> Result<String, syn::Error> {
    let mut out = String::from("trait T {\n");
    method_text(&mut out, plan, op);
    out.push_str("}\n");
    let done = text::finish(out)?;
    done.strip_prefix("trait T {\n")
        .and_then(|rest| rest.strip_suffix("}\n"))
        .map(str::to_string)
        .ok_or_else(|| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                format!(
                    "the trait method `{}` was not printed inside its trait",
                    op.method
                ),
            )
        })
}

/// The trait method of an operation, into `out`.
fn method_text(out: &mut String, plan: &Plan, op: &OpPlan) {
    let route = format!("`{} {}`", op.op.method.as_str().to_uppercase(), op.op.path);
    let deprecated = op.op.deprecated.then_some("**Deprecated.**");
    let docs = doc::paragraphs([
        op.op.summary.as_deref(),
        op.op.docs.text(),
        Some(route.as_str()),
        deprecated,
    ]);
    text::doc(out, 4, &docs);
    let mut params = vec![("&self".to_string(), String::new())];
    let auth = match &op.auth {
        AuthPlan::None => None,
        AuthPlan::One(s) => Some(&plan.schemes[s].ty),
        AuthPlan::Alternatives { ty, .. } => Some(ty),
    };
    if let Some(t) = auth {
        params.push(("auth".into(), ident_text(t).into_owned()));
    }
    if let Some(i) = &op.input {
        params.push(("input".into(), ident_text(i).into_owned()));
    }
    let tail = format!(
        " -> impl Future<Output = {}> + Send;",
        ident_text(&op.output)
    );
    let head = format!("fn {}", ident_text(&op.method));
    text::signature(out, 4, &head, &params, &tail);
}
