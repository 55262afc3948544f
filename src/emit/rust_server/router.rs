//! `src/router.rs` of the server crate: the axum router, one handler per
//! operation that reads and validates the request into the operation's input,
//! calls the trait and serialises its output, and the few helpers those
//! handlers use (only the ones this API needs, so nothing is dead code).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::ops::{
    status_expr, AuthPlan, BodyPlan, ErrorBody, ErrorFill, ListStyle, OpPlan, ParamPlan,
    ParamValue, Plan, SchemeKind, StatusKind, VariantShape, Wrap,
};
use super::{idents, mentions, mentions_path};
use crate::emit::rust_types::types::{ident, Scope, Types};
use crate::ir::{Method, ParamLocation};

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

pub fn file(plan: &Plan, types: &Types) -> TokenStream {
    let mut needs = Needs::default();
    let mut handlers = Vec::new();
    let mut impls = Vec::new();
    for op in &plan.ops {
        let (handler, extract) = handler(plan, op, &mut needs);
        handlers.push(handler);
        impls.extend(extract);
        impls.push(into_response(op, &mut needs));
    }
    for (name, s) in &plan.schemes {
        if plan.ops.iter().any(|o| uses_scheme(o, plan, &s.ty)) {
            let message = missing_credential_message(plan, name);
            impls.push(scheme_extract(s, &message, &mut needs));
        }
    }
    let (router, first_methods) = router_fn(plan, &mut needs);
    let rejection = rejection(plan, types, &mut needs);
    let incoming = incoming(&mut needs);
    let helpers = helpers(&needs);
    let body = quote! {
        #router
        #(#handlers)*
        #(#impls)*
        #rejection
        #incoming
        #helpers
    };
    let api_types = api_imports(plan, &body);
    let uses = imports(&body, &first_methods);
    quote! {
        #![doc = " The axum router: extracts and validates each request, calls [`Api`], and"]
        #![doc = " serialises the output it returns."]
        #uses
        #api_types
        #body
    }
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
fn imports(body: &TokenStream, first_methods: &BTreeSet<Method>) -> TokenStream {
    let mut lines = vec![quote!(
        use std::sync::Arc;
    )];
    if mentions(body, "BTreeMap") {
        lines.push(quote!(
            use std::collections::BTreeMap;
        ));
    }
    if mentions(body, "FromStr") {
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
        let called = name == "FromRequestParts" && mentions(body, "from_request_parts");
        if called || mentions(body, name) {
            extract.push(Ident::new(name, Span::call_site()));
        }
    }
    if mentions(body, "Bytes") {
        lines.push(quote!(
            use axum::body::Bytes;
        ));
    }
    if mentions(body, "RawPathParamsRejection") {
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
            mentions_path(body, name)
        } else {
            mentions(body, name)
        };
        if used {
            http.push(Ident::new(name, Span::call_site()));
        }
    }
    if !http.is_empty() {
        lines.push(quote!(use axum::http::{#(#http),*};));
    }
    if mentions(body, "map_response") {
        lines.push(quote!(
            use axum::middleware::map_response;
        ));
    }
    lines.push(quote!(
        use axum::response::{IntoResponse, Response};
    ));
    let routing: Vec<Ident> = first_methods.iter().map(|m| route_fn(*m)).collect();
    if !routing.is_empty() {
        lines.push(quote!(use axum::routing::{#(#routing),*};));
    }
    lines.push(quote!(
        use axum::Router;
    ));
    if mentions(body, "DeserializeOwned") {
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

fn api_imports(plan: &Plan, body: &TokenStream) -> TokenStream {
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
    // One walk over the body, not one per name: Stripe has thousands.
    let mentioned = idents(body);
    let used: Vec<Ident> = names
        .iter()
        .filter(|n| n.as_str() == "Api" || mentioned.contains(n.as_str()))
        .map(|n| ident(n))
        .collect();
    let models = mentions_path(body, "models").then(|| {
        quote!(
            use crate::models;
        )
    });
    quote! {
        use crate::api::{#(#used),*};
        #models
    }
}

fn handler_name(op: &OpPlan) -> Ident {
    format_ident!("handle_{}", op.method.trim_start_matches("r#"))
}

fn route_fn(m: Method) -> Ident {
    Ident::new(m.as_str(), Span::call_site())
}

fn method_router(plan: &Plan, ops: &[usize]) -> TokenStream {
    let mut chain = TokenStream::new();
    for (n, i) in ops.iter().enumerate() {
        let op = &plan.ops[*i];
        let h = handler_name(op);
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

fn handler(plan: &Plan, op: &OpPlan, needs: &mut Needs) -> (TokenStream, Option<TokenStream>) {
    let name = handler_name(op);
    let m = ident(&op.method);
    let output = ident(&op.output);
    let needs_request = !matches!(op.auth, AuthPlan::None) || op.input.is_some();
    let auth = auth_stmt(plan, op, needs);
    let auth_arg = (!matches!(op.auth, AuthPlan::None)).then(|| quote!(auth,));
    let (input_stmt, input_arg, extract) = match &op.input {
        Some(i) => {
            let i = ident(i);
            (
                Some(quote!(let input = #i::extract(&request)?;)),
                Some(quote!(input)),
                Some(input_extract(op, needs)),
            )
        }
        None => (None, None, None),
    };
    let h = if needs_request {
        needs.add("Incoming");
        quote! {
            async fn #name<A: Api>(State(api): State<Arc<A>>, request: Incoming) -> Result<#output, Rejection> {
                #auth
                #input_stmt
                Ok(api.#m(#auth_arg #input_arg).await)
            }
        }
    } else {
        quote! {
            async fn #name<A: Api>(State(api): State<Arc<A>>) -> #output {
                api.#m().await
            }
        }
    };
    (h, extract)
}

fn missing_credential_message(plan: &Plan, scheme: &str) -> String {
    match &plan.schemes[scheme].kind {
        SchemeKind::ApiKey { location, name } => match location {
            ParamLocation::Header => format!("an API key is required in the `{name}` header"),
            ParamLocation::Query => {
                format!("an API key is required in the `{name}` query parameter")
            }
            ParamLocation::Cookie => format!("an API key is required in the `{name}` cookie"),
            ParamLocation::Path => format!("an API key is required in the `{name}` path parameter"),
        },
        SchemeKind::Authorization { scheme } => {
            format!("credentials are required in an `Authorization: {scheme}` header")
        }
        SchemeKind::Transport => "a client certificate is required".into(),
    }
}

fn auth_stmt(plan: &Plan, op: &OpPlan, needs: &mut Needs) -> Option<TokenStream> {
    match &op.auth {
        AuthPlan::None => None,
        AuthPlan::One(s) => {
            needs.add("unauthorized");
            let t = ident(&plan.schemes[s].ty);
            needs.add_owned(format!("require {}", plan.schemes[s].ty));
            Some(quote! {
                let auth = #t::require(&request)?;
            })
        }
        AuthPlan::Alternatives { ty, variants } => {
            let enum_ty = ident(ty);
            let mut branches = Vec::new();
            let mut anonymous = None;
            let mut messages = Vec::new();
            for (v, schemes) in variants {
                let v = ident(v);
                if schemes.is_empty() {
                    anonymous = Some(quote!(#enum_ty::#v));
                    continue;
                }
                let vars: Vec<Ident> = (0..schemes.len())
                    .map(|i| format_ident!("credential{}", i))
                    .collect();
                let tys: Vec<Ident> = schemes.iter().map(|s| ident(&plan.schemes[s].ty)).collect();
                messages.push(
                    schemes
                        .iter()
                        .map(|s| missing_credential_message(plan, s))
                        .collect::<Vec<_>>()
                        .join(" and "),
                );
                let cond = if schemes.len() == 1 {
                    let (var, t) = (&vars[0], &tys[0]);
                    quote!(let Some(#var) = #t::extract(&request))
                } else {
                    quote!(let (#(Some(#vars)),*) = (#(#tys::extract(&request)),*))
                };
                branches.push(quote!(if #cond { #enum_ty::#v(#(#vars),*) }));
            }
            let fallback = match anonymous {
                Some(a) => a,
                None => {
                    needs.add("unauthorized");
                    let msg = format!("one of these is required: {}", messages.join("; or "));
                    quote!(return Err(Rejection::unauthorized(#msg)))
                }
            };
            Some(quote! {
                let auth = #(#branches else)* { #fallback };
            })
        }
    }
}

/// The raw value accessor of a parameter: an `Option<&str>` expression.
fn raw_value(p: &ParamPlan, needs: &mut Needs) -> TokenStream {
    let name = &p.p.name;
    match p.p.location {
        ParamLocation::Path => {
            needs.add("path");
            let key = p.path_key.as_deref().unwrap_or_default();
            quote!(request.path(#key))
        }
        ParamLocation::Query => {
            needs.add("query");
            quote!(request.query(#name))
        }
        ParamLocation::Header => {
            needs.add("header");
            let lower = name.to_ascii_lowercase();
            quote!(request.header(#lower)?)
        }
        ParamLocation::Cookie => {
            needs.add("cookie");
            quote!(request.cookie(#name))
        }
    }
}

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn param_expr(p: &ParamPlan, needs: &mut Needs) -> TokenStream {
    let what = format!("{} `{}`", location_word(p.p.location), p.p.name);
    let parse = |raw: TokenStream, needs: &mut Needs| -> TokenStream {
        match &p.value {
            ParamValue::Text => quote!(#raw.to_owned()),
            ParamValue::Parsed { expected, .. } => {
                needs.add("parse_param");
                quote!(parse_param(#raw, #what, #expected)?)
            }
        }
    };
    if let Some(style) = p.list {
        let values = if style == ListStyle::Repeated && p.p.location == ParamLocation::Query {
            needs.add("query_all");
            let name = &p.p.name;
            quote!(request.query_all(#name))
        } else {
            needs.add("split_list");
            let raw = raw_value(p, needs);
            quote!(#raw.map(split_list).unwrap_or_default())
        };
        let values = if p.p.required {
            needs.add("required_list");
            quote!(required_list(#values, #what)?)
        } else {
            values
        };
        return match &p.value {
            ParamValue::Text => quote!(#values.into_iter().map(str::to_owned).collect()),
            ParamValue::Parsed { expected, .. } => {
                needs.add("parse_param");
                quote! {
                    #values
                        .into_iter()
                        .map(|raw| parse_param(raw, #what, #expected))
                        .collect::<Result<_, _>>()?
                }
            }
        };
    }
    let raw = raw_value(p, needs);
    if p.p.required {
        needs.add("required");
        let one = quote!(required(#raw, #what)?);
        return parse(one, needs);
    }
    match (&p.value, &p.default) {
        (ParamValue::Text, Some(d)) => quote!(#raw.map_or_else(|| #d, str::to_owned)),
        (ParamValue::Text, None) => quote!(#raw.map(str::to_owned)),
        (ParamValue::Parsed { expected, .. }, d) => {
            needs.add("parse_param");
            let opt = quote!(#raw.map(|raw| parse_param(raw, #what, #expected)).transpose()?);
            match d {
                Some(d) => quote!(#opt.unwrap_or(#d)),
                None => opt,
            }
        }
    }
}

fn input_extract(op: &OpPlan, needs: &mut Needs) -> TokenStream {
    let input = ident(op.input.as_deref().unwrap_or_default());
    let mut fields = Vec::new();
    for p in &op.params {
        let f = ident(&p.field);
        let e = param_expr(p, needs);
        fields.push(quote!(#f: #e,));
    }
    if let Some(b) = &op.body {
        let e = match b {
            BodyPlan::Json { required: true, .. } => {
                needs.add("json_body");
                quote!(request.json_body()?)
            }
            BodyPlan::Json {
                required: false, ..
            } => {
                needs.add("optional_json_body");
                quote!(request.optional_json_body()?)
            }
            BodyPlan::Raw { required: true } => {
                needs.add("required_body");
                quote!(request.required_body()?)
            }
            BodyPlan::Raw { required: false } => {
                needs.add("body");
                quote!((!request.body.is_empty()).then(|| request.body.clone()))
            }
        };
        fields.push(quote!(body: #e,));
    }
    quote! {
        impl #input {
            fn extract(request: &Incoming) -> Result<Self, Rejection> {
                Ok(Self {
                    #(#fields)*
                })
            }
        }
    }
}

fn scheme_extract(s: &super::ops::SchemePlan, message: &str, needs: &mut Needs) -> TokenStream {
    let t = ident(&s.ty);
    let require = needs.has(&format!("require {}", s.ty)).then(|| {
        quote! {
            /// The credential, or a 401 that says what is missing.
            fn require(request: &Incoming) -> Result<Self, Rejection> {
                Self::extract(request).ok_or_else(|| Rejection::unauthorized(#message))
            }
        }
    });
    let body = match &s.kind {
        SchemeKind::ApiKey { location, name } => match location {
            ParamLocation::Header | ParamLocation::Path => {
                needs.add("credential_header");
                let lower = name.to_ascii_lowercase();
                quote!(request.credential_header(#lower).map(|value| Self(value.to_owned())))
            }
            ParamLocation::Query => {
                needs.add("query");
                quote! {
                    request
                        .query(#name)
                        .filter(|value| !value.is_empty())
                        .map(|value| Self(value.to_owned()))
                }
            }
            ParamLocation::Cookie => {
                needs.add("cookie");
                quote! {
                    request
                        .cookie(#name)
                        .filter(|value| !value.is_empty())
                        .map(|value| Self(value.to_owned()))
                }
            }
        },
        SchemeKind::Authorization { scheme } => {
            needs.add("authorization");
            quote!(request.authorization(#scheme).map(|value| Self(value.to_owned())))
        }
        SchemeKind::Transport => {
            return quote! {
                impl #t {
                    fn extract(_request: &Incoming) -> Option<Self> {
                        Some(Self)
                    }

                    #require
                }
            }
        }
    };
    quote! {
        impl #t {
            fn extract(request: &Incoming) -> Option<Self> {
                #body
            }

            #require
        }
    }
}

fn into_response(op: &OpPlan, needs: &mut Needs) -> TokenStream {
    let name = ident(&op.output);
    let arms = op.responses.iter().map(|r| {
        let v = ident(&r.variant);
        let status = match r.status {
            StatusKind::Code(c) => status_expr(c),
            _ => quote!(status),
        };
        let respond = |body: Option<TokenStream>, needs: &mut Needs| -> TokenStream {
            match (&r.body, body) {
                (Some(b), Some(expr)) if b.json => {
                    needs.add("json_response");
                    let ct = &b.content_type;
                    quote!(json_response(#status, #ct, &#expr))
                }
                (Some(b), Some(expr)) => {
                    needs.add("bytes_response");
                    let ct = &b.content_type;
                    quote!(bytes_response(#status, #ct, #expr))
                }
                _ => quote!(#status.into_response()),
            }
        };
        match r.shape() {
            VariantShape::Unit => {
                let e = respond(None, needs);
                quote!(Self::#v => #e,)
            }
            VariantShape::Tuple => {
                let e = respond(Some(quote!(body)), needs);
                quote!(Self::#v(body) => #e,)
            }
            VariantShape::Struct => {
                let status_f = r.carries_status().then(|| quote!(status,));
                let body_f = r.body.as_ref().map(|_| quote!(body,));
                let hs: Vec<Ident> = r.headers.iter().map(|h| ident(&h.field)).collect();
                let e = respond(r.body.as_ref().map(|_| quote!(body)), needs);
                if r.headers.is_empty() {
                    return quote!(Self::#v { #status_f #body_f } => #e,);
                }
                needs.add("with_header");
                let sets = r.headers.iter().map(|h| {
                    let f = ident(&h.field);
                    let wire = &h.wire;
                    let value = if h.is_text {
                        quote!(&value)
                    } else {
                        quote!(&value.to_string())
                    };
                    if h.required {
                        let value = if h.is_text {
                            quote!(&#f)
                        } else {
                            quote!(&#f.to_string())
                        };
                        quote!(response = with_header(response, #wire, #value);)
                    } else {
                        quote! {
                            if let Some(value) = #f {
                                response = with_header(response, #wire, #value);
                            }
                        }
                    }
                });
                quote! {
                    Self::#v { #status_f #body_f #(#hs),* } => {
                        let mut response = #e;
                        #(#sets)*
                        response
                    }
                }
            }
        }
    });
    quote! {
        impl IntoResponse for #name {
            fn into_response(self) -> Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn rejection(plan: &Plan, types: &Types, needs: &mut Needs) -> TokenStream {
    if !needs.has("Incoming") && !needs.has("with_header") {
        return quote!();
    }
    needs.add("json_response");
    let unauthorized = needs.has("unauthorized").then(|| {
        quote! {
            fn unauthorized(message: &str) -> Self {
                Self {
                    status: StatusCode::UNAUTHORIZED,
                    message: message.to_owned(),
                }
            }
        }
    });
    let internal = needs.has("with_header").then(|| {
        quote! {
            fn internal(message: String) -> Self {
                Self {
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message,
                }
            }
        }
    });
    let bad_request = (needs.has("Incoming")).then(|| {
        quote! {
            fn bad_request(message: String) -> Self {
                Self {
                    status: StatusCode::BAD_REQUEST,
                    message,
                }
            }
        }
    });
    let (body_ty, body_expr, schema_doc, uses_status) = error_body(plan, types);
    let code_fn = mentions(&body_expr, "error_code").then(error_code_fn);
    let status_param = if uses_status {
        quote!(status)
    } else {
        quote!(_status)
    };
    quote! {
        /// An answer the router gives without calling the API: the request did
        /// not parse (400), lacked a credential (401), or the response could
        /// not be written (500).
        #[derive(Debug)]
        struct Rejection {
            status: StatusCode,
            message: String,
        }

        impl Rejection {
            #bad_request
            #unauthorized
            #internal
        }

        impl IntoResponse for Rejection {
            fn into_response(self) -> Response {
                json_response(self.status, "application/json", &error_body(self.status, self.message))
            }
        }

        #schema_doc
        fn error_body(#status_param: StatusCode, message: String) -> #body_ty {
            #body_expr
        }

        #code_fn
    }
}

/// The function that names a router status in the error schema's code field.
fn error_code_fn() -> TokenStream {
    quote! {
        /// The machine-readable code of a status the router answers with.
        fn error_code(status: StatusCode) -> &'static str {
            match status {
                StatusCode::BAD_REQUEST => "INVALID_ARGUMENT",
                StatusCode::UNAUTHORIZED => "UNAUTHENTICATED",
                StatusCode::PAYLOAD_TOO_LARGE => "PAYLOAD_TOO_LARGE",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "UNSUPPORTED_MEDIA_TYPE",
                _ => "INTERNAL",
            }
        }
    }
}

/// The error body's type, the expression that builds it, its doc comment,
/// and whether the expression reads `status`.
fn error_body(plan: &Plan, types: &Types) -> (TokenStream, TokenStream, TokenStream, bool) {
    match &plan.error {
        ErrorBody::Untyped => (
            quote!(serde_json::Value),
            quote! {
                serde_json::json!({ "code": error_code(status), "message": message })
            },
            quote!(
                /// The body of the router's own error responses (the spec names no error schema).
            ),
            true,
        ),
        ErrorBody::Typed { ty, fields } => {
            let path = types.path(ty, Scope::Outside);
            let wrap = |w: Wrap, e: TokenStream| match w {
                Wrap::Plain => e,
                Wrap::Some => quote!(Some(#e)),
                Wrap::SomeSome => quote!(Some(Some(#e))),
            };
            let mut uses_status = false;
            let inits: Vec<TokenStream> = fields
                .iter()
                .map(|(f, fill, w)| {
                    let fid = ident(f);
                    let value = match fill {
                        ErrorFill::Message => wrap(*w, quote!(message)),
                        ErrorFill::Code => {
                            uses_status = true;
                            wrap(*w, quote!(error_code(status).to_owned()))
                        }
                        ErrorFill::Title => {
                            uses_status = true;
                            wrap(
                                *w,
                                quote!(status.canonical_reason().unwrap_or_default().to_owned()),
                            )
                        }
                        ErrorFill::Status { int64 } => {
                            uses_status = true;
                            let e = if *int64 {
                                quote!(i64::from(status.as_u16()))
                            } else {
                                quote!(i32::from(status.as_u16()))
                            };
                            wrap(*w, e)
                        }
                        ErrorFill::Value(e) => e.clone(),
                    };
                    if names_equal(f, fill, w) {
                        quote!(#fid,)
                    } else {
                        quote!(#fid: #value,)
                    }
                })
                .collect();
            let doc = format!(
                " The body of the router's own error responses: `{}`, the schema of this API's error responses.",
                types.name(ty)
            );
            (
                path.clone(),
                quote!(#path { #(#inits)* }),
                quote!(#[doc = #doc]),
                uses_status,
            )
        }
    }
}

/// `message: message` is written `message` (clippy's `redundant_field_names`).
fn names_equal(field: &str, fill: &ErrorFill, w: &Wrap) -> bool {
    matches!((fill, w), (ErrorFill::Message, Wrap::Plain)) && field == "message"
}

/// The request as the handlers read it.
fn incoming(needs: &mut Needs) -> TokenStream {
    if !needs.has("Incoming") {
        return quote!();
    }
    let path = needs.has("path");
    let query = needs.has("query") || needs.has("query_all");
    let headers = needs.has("header")
        || needs.has("cookie")
        || needs.has("credential_header")
        || needs.has("authorization");
    let body = needs.has("json_body")
        || needs.has("optional_json_body")
        || needs.has("required_body")
        || needs.has("body");
    if needs.has("json_body") || needs.has("optional_json_body") {
        needs.add("parse_json_body");
    }
    let mut fields = Vec::new();
    let mut init = Vec::new();
    let mut names = Vec::new();
    let parts_mut = path.then(|| quote!(mut));
    if path {
        fields.push(quote!(
            /// Path parameters by position key (`p0`, `p1` …), percent-decoded.
            path: Vec<(String, String)>,
        ));
        init.push(quote! {
            let path = match RawPathParams::from_request_parts(&mut parts, state).await {
                Ok(params) => params
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_owned()))
                    .collect(),
                Err(RawPathParamsRejection::MissingPathParams(_)) => Vec::new(),
                Err(rejection) => return Err(Rejection::bad_request(rejection.body_text())),
            };
        });
        names.push(quote!(path));
    }
    if query {
        fields.push(quote!(
            /// Query parameters in order, percent-decoded.
            query: Vec<(String, String)>,
        ));
        init.push(quote! {
            let Query(query) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .map_err(|rejection| Rejection::bad_request(rejection.body_text()))?;
        });
        names.push(quote!(query));
    }
    if headers {
        fields.push(quote!(headers: HeaderMap,));
        init.push(quote!(let headers = parts.headers.clone();));
        names.push(quote!(headers));
    }
    let (split, state_arg) = if body {
        fields.push(quote!(body: Bytes,));
        init.push(quote! {
            let body = Bytes::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|rejection| Rejection {
                    status: rejection.status(),
                    message: rejection.body_text(),
                })?;
        });
        names.push(quote!(body));
        (
            quote!(let (#parts_mut parts, body) = request.into_parts();),
            quote!(state),
        )
    } else if path || query || headers {
        (
            quote!(let (#parts_mut parts, _body) = request.into_parts();),
            if path { quote!(state) } else { quote!(_state) },
        )
    } else {
        (quote!(), quote!(_state))
    };
    let request_arg = if path || query || headers || body {
        quote!(request)
    } else {
        quote!(_request)
    };
    let mut methods = Vec::new();
    if path {
        methods.push(quote! {
            fn path(&self, key: &str) -> Option<&str> {
                self.path
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, value)| value.as_str())
            }
        });
    }
    if needs.has("query") {
        methods.push(quote! {
            fn query(&self, name: &str) -> Option<&str> {
                self.query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, value)| value.as_str())
            }
        });
    }
    if needs.has("query_all") {
        methods.push(quote! {
            fn query_all(&self, name: &str) -> Vec<&str> {
                self.query
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, value)| value.as_str())
                    .collect()
            }
        });
    }
    if needs.has("header") {
        methods.push(quote! {
            fn header(&self, name: &str) -> Result<Option<&str>, Rejection> {
                self.headers
                    .get(name)
                    .map(|value| {
                        value.to_str().map_err(|_| {
                            Rejection::bad_request(format!("header `{name}` is not visible ASCII text"))
                        })
                    })
                    .transpose()
            }
        });
    }
    if needs.has("credential_header") {
        methods.push(quote! {
            /// A non-empty header value; an unreadable one counts as missing.
            fn credential_header(&self, name: &str) -> Option<&str> {
                self.headers
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .filter(|value| !value.is_empty())
            }
        });
    }
    if needs.has("authorization") {
        methods.push(quote! {
            /// The credentials of `Authorization: <scheme> <credentials>`.
            fn authorization(&self, scheme: &str) -> Option<&str> {
                let value = self.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
                let (given, credentials) = value.split_once(' ')?;
                let credentials = credentials.trim();
                (given.eq_ignore_ascii_case(scheme) && !credentials.is_empty()).then_some(credentials)
            }
        });
    }
    if needs.has("cookie") {
        methods.push(quote! {
            fn cookie(&self, name: &str) -> Option<&str> {
                self.headers
                    .get_all(header::COOKIE)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .flat_map(|value| value.split(';'))
                    .find_map(|pair| {
                        let (key, value) = pair.trim().split_once('=')?;
                        (key == name).then_some(value)
                    })
            }
        });
    }
    if needs.has("json_body") {
        methods.push(quote! {
            fn json_body<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
                if self.body.is_empty() {
                    return Err(Rejection::bad_request("a JSON request body is required".to_owned()));
                }
                self.parse_json_body()
            }
        });
    }
    if needs.has("optional_json_body") {
        methods.push(quote! {
            fn optional_json_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
                if self.body.is_empty() {
                    return Ok(None);
                }
                self.parse_json_body().map(Some)
            }
        });
    }
    if needs.has("parse_json_body") {
        methods.push(quote! {
            /// Reads the body as JSON; an error names the field at fault.
            fn parse_json_body<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
                let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
                let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                    let path = error.path().to_string();
                    let error = error.into_inner();
                    if path == "." {
                        Rejection::bad_request(format!("invalid request body: {error}"))
                    } else {
                        Rejection::bad_request(format!("invalid request body at `{path}`: {error}"))
                    }
                })?;
                deserializer
                    .end()
                    .map_err(|error| Rejection::bad_request(format!("invalid request body: {error}")))?;
                Ok(value)
            }
        });
    }
    if needs.has("required_body") {
        methods.push(quote! {
            fn required_body(&self) -> Result<Bytes, Rejection> {
                if self.body.is_empty() {
                    return Err(Rejection::bad_request("a request body is required".to_owned()));
                }
                Ok(self.body.clone())
            }
        });
    }
    quote! {
        /// The parts of a request the handlers read.
        struct Incoming {
            #(#fields)*
        }

        impl<S: Send + Sync> FromRequest<S> for Incoming {
            type Rejection = Rejection;

            async fn from_request(#request_arg: Request, #state_arg: &S) -> Result<Self, Self::Rejection> {
                #split
                #(#init)*
                Ok(Self { #(#names),* })
            }
        }

        impl Incoming {
            #(#methods)*
        }
    }
}

fn helpers(needs: &Needs) -> TokenStream {
    let mut out = Vec::new();
    if needs.has("required") {
        out.push(quote! {
            fn required<'a>(value: Option<&'a str>, what: &str) -> Result<&'a str, Rejection> {
                value.ok_or_else(|| Rejection::bad_request(format!("{what} is required")))
            }
        });
    }
    if needs.has("required_list") {
        out.push(quote! {
            fn required_list<'a>(values: Vec<&'a str>, what: &str) -> Result<Vec<&'a str>, Rejection> {
                if values.is_empty() {
                    return Err(Rejection::bad_request(format!("{what} is required")));
                }
                Ok(values)
            }
        });
    }
    if needs.has("split_list") {
        out.push(quote! {
            /// A comma-separated list (`simple` style, or `form` without explode).
            fn split_list(raw: &str) -> Vec<&str> {
                raw.split(',').collect()
            }
        });
    }
    if needs.has("parse_param") {
        out.push(quote! {
            fn parse_param<T: FromStr>(raw: &str, what: &str, expected: &str) -> Result<T, Rejection> {
                raw.parse().map_err(|_| {
                    Rejection::bad_request(format!("{what} must be {expected}, not `{raw}`"))
                })
            }
        });
    }
    if needs.has("json_response") {
        out.push(quote! {
            fn json_response<T: serde::Serialize>(status: StatusCode, content_type: &'static str, body: &T) -> Response {
                match serde_json::to_vec(body) {
                    Ok(bytes) => (
                        status,
                        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
                        bytes,
                    )
                        .into_response(),
                    Err(error) => (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("the response could not be serialised: {error}"),
                    )
                        .into_response(),
                }
            }
        });
    }
    if needs.has("bytes_response") {
        out.push(quote! {
            fn bytes_response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
                (
                    status,
                    [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
                    body,
                )
                    .into_response()
            }
        });
    }
    if needs.has("with_header") {
        out.push(quote! {
            /// Adds a header the handler supplied; a value HTTP cannot carry is a 500.
            fn with_header(mut response: Response, name: &'static str, value: &str) -> Response {
                match HeaderValue::from_str(value) {
                    Ok(value) => {
                        response.headers_mut().insert(HeaderName::from_static(name), value);
                        response
                    }
                    Err(_) => Rejection::internal(format!(
                        "the handler's `{name}` header is not a valid header value"
                    ))
                    .into_response(),
                }
            }
        });
    }
    if needs.has("mark_deprecated") {
        out.push(quote! {
            /// Marks a response served at a renamed operation's old path.
            async fn mark_deprecated(mut response: Response) -> Response {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static("deprecation"), HeaderValue::from_static("true"));
                response
            }
        });
    }
    quote!(#(#out)*)
}
