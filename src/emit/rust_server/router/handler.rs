//! One handler per operation: the credential check, each parameter read and
//! validated into the operation's input, and the output turned into a response.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::ops::{
    status_expr, AuthPlan, BodyPlan, ListStyle, OpPlan, ParamPlan, ParamValue, Plan, SchemeKind,
    StatusKind, VariantShape,
};
use super::{handler_name, Needs};
use crate::emit::rust_types::types::ident;
use crate::ir::ParamLocation;

pub(super) fn handler(
    plan: &Plan,
    op: &OpPlan,
    needs: &mut Needs,
) -> (TokenStream, Option<TokenStream>) {
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

pub(super) fn missing_credential_message(plan: &Plan, scheme: &str) -> String {
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

pub(super) fn scheme_extract(
    s: &super::super::ops::SchemePlan,
    message: &str,
    needs: &mut Needs,
) -> TokenStream {
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

pub(super) fn into_response(op: &OpPlan, needs: &mut Needs) -> TokenStream {
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
