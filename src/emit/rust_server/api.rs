//! `src/api.rs` of the server crate: the credential types, one input struct
//! and one output enum per operation, and the `Api` trait.

use proc_macro2::TokenStream;
use quote::quote;

use super::ops::{AuthPlan, BodyPlan, OpPlan, Plan, SchemeKind, StatusKind, VariantShape};
use super::Mentioned;
use crate::emit::rust_types::doc;
use crate::emit::rust_types::types::ident;
use crate::ir::ParamLocation;

pub fn file(plan: &Plan) -> TokenStream {
    let mut items = Vec::new();
    for s in plan.schemes.values() {
        let name = ident(&s.ty);
        let docs = doc::outer(&s.docs);
        let debug_text = format!("{}(..)", s.ty);
        items.push(match s.kind {
            SchemeKind::Transport => quote! {
                #docs
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub struct #name;
            },
            SchemeKind::ApiKey { .. } | SchemeKind::Authorization { .. } => quote! {
                #docs
                #[derive(Clone, PartialEq, Eq)]
                pub struct #name(pub String);

                /// Never prints the secret.
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#debug_text)
                    }
                }
            },
        });
    }
    let mut methods = Vec::new();
    for op in &plan.ops {
        items.push(credentials(plan, op));
        if let Some(input) = input(op) {
            items.push(input);
        }
        items.push(output(op));
        methods.push(method(plan, op));
    }
    let trait_docs = doc::outer(
        "The API: implement it and pass it to [`crate::router`].\n\n\
         Each method gets the validated input of one operation and returns one of its \
         documented responses. The router has already answered 400 (with the parameter or \
         field at fault) when the input did not parse, and 401 when a required credential \
         was missing; it checks no more than that: deciding whether a credential is valid \
         is the method's job.",
    );
    items.push(quote! {
        #trait_docs
        pub trait Api: Send + Sync + 'static {
            #(#methods)*
        }
    });
    let body = quote!(#(#items)*);
    // One scan of the body answers every import's question.
    let mentioned = Mentioned::of(&body);
    let models_use = mentioned.has_path("models").then(|| {
        quote!(
            use crate::models;
        )
    });
    let map_use = mentioned.has("BTreeMap").then(|| {
        quote!(
            use std::collections::BTreeMap;
        )
    });
    let bytes_use = mentioned.has("Bytes").then(|| {
        quote!(
            use axum::body::Bytes;
        )
    });
    let status_use = mentioned.has("StatusCode").then(|| {
        quote!(
            use axum::http::StatusCode;
        )
    });
    let future_use = (!plan.ops.is_empty()).then(|| {
        quote!(
            use std::future::Future;
        )
    });
    quote! {
        #![doc = " The API as a trait: one async method per operation, with typed inputs and"]
        #![doc = " one output variant per documented response."]
        // An output enum holds one response that is built once and moved into
        // the router; boxing large bodies would only burden implementors.
        #![allow(clippy::large_enum_variant)]
        #map_use
        #future_use
        #bytes_use
        #status_use
        #models_use
        #body
    }
}

fn credentials(plan: &Plan, op: &OpPlan) -> TokenStream {
    let AuthPlan::Alternatives { ty, variants } = &op.auth else {
        return quote!();
    };
    let name = ident(ty);
    let docs = doc::outer(&format!(
        "The credentials [`Api::{}`] accepts: the first alternative the request satisfies.",
        op.method.trim_start_matches("r#")
    ));
    let vs = variants.iter().map(|(v, schemes)| {
        let v = ident(v);
        let tys: Vec<_> = schemes.iter().map(|s| ident(&plan.schemes[s].ty)).collect();
        if tys.is_empty() {
            quote!(
                /// No credential: the operation also allows anonymous calls.
                #v,
            )
        } else {
            quote!(#v(#(#tys),*),)
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #name {
            #(#vs)*
        }
    }
}

fn location_label(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

fn input(op: &OpPlan) -> Option<TokenStream> {
    let name = ident(op.input.as_ref()?);
    let docs = doc::outer(&format!(
        "The input of [`Api::{}`]: parameters and body, validated.",
        op.method.trim_start_matches("r#")
    ));
    let mut fields = Vec::new();
    for p in &op.params {
        let f = ident(&p.field);
        let ty = p.field_type();
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
        let docs = doc::outer(&doc::paragraphs([p.p.docs.text(), Some(notes.as_str())]));
        fields.push(quote! {
            #docs
            pub #f: #ty,
        });
    }
    if let Some(b) = &op.body {
        let (ty, note) = match b {
            BodyPlan::Json { ty, required: true } => (ty.clone(), "The JSON request body."),
            BodyPlan::Json {
                ty,
                required: false,
            } => (
                quote!(Option<#ty>),
                "The JSON request body, if one was sent.",
            ),
            BodyPlan::Raw { required: true } => (quote!(Bytes), "The request body, as sent."),
            BodyPlan::Raw { required: false } => (
                quote!(Option<Bytes>),
                "The request body, as sent, if not empty.",
            ),
        };
        let text = op
            .op
            .request_body
            .as_ref()
            .and_then(|b| b.docs.text())
            .map(str::to_string);
        let docs = doc::outer(&doc::paragraphs([text.as_deref(), Some(note)]));
        fields.push(quote! {
            #docs
            pub body: #ty,
        });
    }
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn output(op: &OpPlan) -> TokenStream {
    let name = ident(&op.output);
    let docs = doc::outer(&format!(
        "The responses of [`Api::{}`], one variant per documented status.",
        op.method.trim_start_matches("r#")
    ));
    let variants = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let status = match r.status {
            StatusKind::Code(c) => format!("{c}"),
            StatusKind::Range(d) => format!("{d}XX"),
            StatusKind::Default => "Any other status".to_string(),
        };
        let text = if r.docs.trim().is_empty() {
            format!("{status}.")
        } else {
            format!("{status}: {}", r.docs.trim())
        };
        let docs = doc::outer(&text);
        match r.shape() {
            VariantShape::Unit => quote!(#docs #v,),
            VariantShape::Tuple => match &r.body {
                Some(body) => {
                    let ty = &body.ty;
                    quote!(#docs #v(#ty),)
                }
                None => quote!(#docs #v,),
            },
            VariantShape::Struct => {
                let status = r.carries_status().then(|| {
                    quote!(
                        /// The status code sent.
                        status: StatusCode,
                    )
                });
                let body = r.body.as_ref().map(|b| {
                    let ty = &b.ty;
                    let text = format!(" The {} body.", b.content_type);
                    quote!(#[doc = #text] body: #ty,)
                });
                let headers = r.headers.iter().map(|h| {
                    let f = ident(&h.field);
                    let ty = &h.ty;
                    let ty = if h.required {
                        quote!(#ty)
                    } else {
                        quote!(Option<#ty>)
                    };
                    let note = format!("The `{}` header.", h.wire);
                    let docs = doc::outer(&doc::paragraphs([
                        Some(h.docs.as_str()),
                        Some(note.as_str()),
                    ]));
                    quote!(#docs #f: #ty,)
                });
                quote! {
                    #docs
                    #v {
                        #status
                        #body
                        #(#headers)*
                    },
                }
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn method(plan: &Plan, op: &OpPlan) -> TokenStream {
    let m = ident(&op.method);
    let output = ident(&op.output);
    let auth = match &op.auth {
        AuthPlan::None => None,
        AuthPlan::One(s) => Some(ident(&plan.schemes[s].ty)),
        AuthPlan::Alternatives { ty, .. } => Some(ident(ty)),
    }
    .map(|t| quote!(auth: #t,));
    let input = op.input.as_ref().map(|i| {
        let i = ident(i);
        quote!(input: #i,)
    });
    let route = format!("`{} {}`", op.op.method.as_str().to_uppercase(), op.op.path);
    let deprecated = op.op.deprecated.then_some("**Deprecated.**");
    let docs = doc::outer(&doc::paragraphs([
        op.op.summary.as_deref(),
        op.op.docs.text(),
        Some(route.as_str()),
        deprecated,
    ]));
    quote! {
        #docs
        fn #m(&self, #auth #input) -> impl Future<Output = #output> + Send;
    }
}
