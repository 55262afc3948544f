//! `src/router.rs` of the server crate: the axum router, one handler per
//! operation that reads and validates the request into the operation's input,
//! calls the trait and serialises its output, and the few helpers those
//! handlers use (only the ones this API needs, so nothing is dead code).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ops::{AuthPlan, OpPlan, Plan};
use super::Mentioned;
use crate::emit::rust_types::types::{ident, Types};
use crate::emit::rust_types::{print_items, space_items};
use crate::ir::Method;

mod errors;
mod handler;
mod incoming;

/// Helpers the handlers use; each is emitted only when something calls it.
#[derive(Default)]
struct Needs {
    set: BTreeSet<String>,
}

impl Needs {
    fn add(&mut self, h: &str) {
        self.set.insert(h.to_string());
    }

    fn add_owned(&mut self, h: String) {
        self.set.insert(h);
    }

    fn has(&self, h: &str) -> bool {
        self.set.contains(h)
    }
}

/// The file's code, below its header: each operation's handler, input
/// `extract` and `IntoResponse` are written as text ([`handler`]), the rest
/// is printed from token streams.
pub fn file(plan: &Plan, types: &Types) -> Result<String, syn::Error> {
    let mut needs = Needs::default();
    let mut handlers = String::new();
    // The impls in order: each input's `extract` and each output's
    // `IntoResponse`.
    let mut impls = String::new();
    let mut layouts = handler::FieldLayouts::default();
    for op in &plan.ops {
        let (handler, extract) = handler::handler(plan, op, &mut needs, &mut layouts)?;
        handlers.push_str(&handler);
        if let Some(extract) = extract {
            impls.push_str(&extract);
        }
        impls.push_str(&handler::into_response(op, &mut needs)?);
    }
    let mut schemes = Vec::new();
    for (name, s) in &plan.schemes {
        if plan.ops.iter().any(|o| uses_scheme(o, plan, &s.ty)) {
            let message = handler::missing_credential_message(plan, name);
            schemes.push(handler::scheme_extract(s, &message, &mut needs));
        }
    }
    let (router, first_methods) = router_fn(plan, &mut needs);
    let incoming = incoming::incoming(&mut needs);
    errors::add_needs(&mut needs);
    let helpers = incoming::helpers(&needs);
    // A 400 comes from the code that parses requests, never from a handler itself.
    let parsers = quote!(#incoming #helpers);
    let rejection = errors::rejection(plan, types, &needs, &parsers);
    let rest = quote! {
        #(#schemes)*
        #rejection
        #incoming
        #helpers
    };
    let body = [print_items(router)?, handlers, impls, print_items(rest)?].concat();
    // One scan of the body answers every import's question.
    let mentioned = Mentioned::of_text(&body);
    let api_types = api_imports(plan, &mentioned);
    let uses = imports(&mentioned, &first_methods);
    let head = print_items(quote! {
        #![doc = " The axum router: extracts and validates each request, calls [`Api`], and"]
        #![doc = " serialises the output it returns."]
        #uses
        #api_types
    })?;
    Ok(space_items(&[head, body].concat()))
}

fn uses_scheme(op: &OpPlan, plan: &Plan, ty: &str) -> bool {
    match &op.auth {
        AuthPlan::None => false,
        AuthPlan::One(s) => plan.schemes[s].ty == ty,
        AuthPlan::Alternatives { variants, .. } => variants
            .iter()
            .any(|(_, ss)| ss.iter().any(|s| plan.schemes[s].ty == ty)),
    }
}

/// `use` lines for what the body mentions.
fn imports(body: &Mentioned, first_methods: &BTreeSet<Method>) -> TokenStream {
    let mut lines = vec![quote!(
        use std::sync::Arc;
    )];
    if body.has("BTreeMap") {
        lines.push(quote!(
            use std::collections::BTreeMap;
        ));
    }
    if body.has("FromStr") {
        lines.push(quote!(
            use std::str::FromStr;
        ));
    }
    let mut extract: Vec<Ident> = Vec::new();
    for name in [
        "FromRequest",
        "FromRequestParts",
        "Query",
        "RawPathParams",
        "Request",
        "State",
    ] {
        let called = name == "FromRequestParts" && body.has("from_request_parts");
        if called || body.has(name) {
            extract.push(Ident::new(name, Span::call_site()));
        }
    }
    if body.has("Bytes") {
        lines.push(quote!(
            use axum::body::Bytes;
        ));
    }
    if body.has("RawPathParamsRejection") {
        lines.push(quote!(
            use axum::extract::rejection::RawPathParamsRejection;
        ));
    }
    if !extract.is_empty() {
        lines.push(quote!(use axum::extract::{#(#extract),*};));
    }
    let mut http: Vec<Ident> = Vec::new();
    for name in [
        "header",
        "HeaderMap",
        "HeaderName",
        "HeaderValue",
        "StatusCode",
    ] {
        // `header` is also a method name: only `header::X` needs the module.
        let used = if name == "header" {
            body.has_path(name)
        } else {
            body.has(name)
        };
        if used {
            http.push(Ident::new(name, Span::call_site()));
        }
    }
    if !http.is_empty() {
        lines.push(quote!(use axum::http::{#(#http),*};));
    }
    if body.has("map_response") {
        lines.push(quote!(
            use axum::middleware::map_response;
        ));
    }
    // A spec without operations writes no handler that needs them.
    let response: Vec<Ident> = ["IntoResponse", "Response"]
        .into_iter()
        .filter(|name| body.has(name))
        .map(|name| Ident::new(name, Span::call_site()))
        .collect();
    if !response.is_empty() {
        lines.push(quote!(use axum::response::{#(#response),*};));
    }
    let routing: Vec<Ident> = first_methods.iter().map(|m| route_fn(*m)).collect();
    if !routing.is_empty() {
        lines.push(quote!(use axum::routing::{#(#routing),*};));
    }
    lines.push(quote!(
        use axum::Router;
    ));
    if body.has("DeserializeOwned") {
        lines.push(quote!(
            use serde::de::DeserializeOwned;
        ));
    }
    lines.sort_by_key(|l| {
        let text = l.to_string();
        let group = match import_root_of(&text) {
            "std" => 0,
            "crate" => 2,
            _ => 1,
        };
        (group, text.to_lowercase())
    });
    quote!(#(#lines)*)
}

/// `std` or another crate, for an import's token text (`use std :: sync …`).
fn import_root_of(text: &str) -> &'static str {
    let path = text.trim_start_matches("use").trim_start();
    if path.starts_with("std") {
        "std"
    } else if path.starts_with("crate") {
        "crate"
    } else {
        "external"
    }
}

fn api_imports(plan: &Plan, body: &Mentioned) -> TokenStream {
    let mut names: BTreeSet<String> = BTreeSet::from(["Api".to_string()]);
    for op in &plan.ops {
        names.insert(op.output.clone());
        if let Some(i) = &op.input {
            names.insert(i.clone());
        }
        if let AuthPlan::Alternatives { ty, .. } = &op.auth {
            names.insert(ty.clone());
        }
    }
    for s in plan.schemes.values() {
        names.insert(s.ty.clone());
    }
    let used: Vec<Ident> = names
        .iter()
        .filter(|n| n.as_str() == "Api" || body.has(n))
        .map(|n| ident(n))
        .collect();
    let models = body.has_path("models").then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        use crate::api::{#(#used),*};
        #models
    }
}

fn handler_name(op: &OpPlan) -> String {
    format!("handle_{}", op.method.trim_start_matches("r#"))
}

fn route_fn(m: Method) -> Ident {
    Ident::new(m.as_str(), Span::call_site())
}

fn method_router(plan: &Plan, ops: &[usize]) -> TokenStream {
    let mut chain = TokenStream::new();
    for (n, i) in ops.iter().enumerate() {
        let op = &plan.ops[*i];
        let h = ident(&handler_name(op));
        let f = route_fn(op.op.method);
        if n == 0 {
            chain = quote!(#f(#h::<A>));
        } else {
            chain = quote!(#chain.#f(#h::<A>));
        }
    }
    chain
}

/// The `router` and `serve` functions, and the methods whose routing
/// functions (`get`, `post` …) start a chain and so need importing.
fn router_fn(plan: &Plan, needs: &mut Needs) -> (TokenStream, BTreeSet<Method>) {
    // Routes in order of first appearance; methods of one path chained.
    let mut routes: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, op) in plan.ops.iter().enumerate() {
        match routes.iter_mut().find(|(r, _)| *r == op.route) {
            Some((_, v)) => v.push(i),
            None => routes.push((op.route.clone(), vec![i])),
        }
    }
    let mut markers: BTreeSet<Method> = BTreeSet::new();
    let mut first = |plan: &Plan, ops: &[usize]| {
        if let Some(i) = ops.first() {
            markers.insert(plan.ops[*i].op.method);
        }
    };
    for (_, ops) in &routes {
        first(plan, ops);
    }
    for o in &plan.old_paths {
        first(plan, &o.ops);
    }
    let calls = routes.iter().map(|(route, ops)| {
        let mr = method_router(plan, ops);
        quote!(.route(#route, #mr))
    });
    let old = (!plan.old_paths.is_empty()).then(|| {
        needs.add("mark_deprecated");
        let calls = plan.old_paths.iter().map(|o| {
            let mr = method_router(plan, &o.ops);
            let route = &o.route;
            quote!(.route(#route, #mr))
        });
        quote! {
            .merge(
                Router::new()
                    #(#calls)*
                    .layer(map_response(mark_deprecated)),
            )
        }
    });
    let old_doc = if plan.old_paths.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = plan
            .old_paths
            .iter()
            .map(|o| {
                let new = &plan.ops[o.ops[0]].op.path;
                format!("- `{}` (now `{new}`)", o.old)
            })
            .collect();
        format!(
            "\n\nDuring the deprecation window it also serves the old paths of renamed \
             operations, with a `Deprecation: true` header on every response:\n\n{}",
            list.join("\n")
        )
    };
    let docs = crate::emit::rust_types::doc::outer(&format!(
        "The router for `api`: every operation at its path (relative to the server URL; \
         nest it under a base path if the API has one).{old_doc}"
    ));
    let tokens = quote! {
        #docs
        pub fn router<A: Api>(api: A) -> Router {
            Router::new()
                #(#calls)*
                #old
                .with_state(Arc::new(api))
        }

        /// Serves `api` on `listener` until the task is dropped or the listener fails.
        pub async fn serve<A: Api>(listener: tokio::net::TcpListener, api: A) -> std::io::Result<()> {
            axum::serve(listener, router(api)).await
        }
    };
    (tokens, markers)
}
