//! How the router answers a request it refuses: the `Rejection` type, the
//! error code of a status, and the error body built from the spec's error schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::mentions;
use super::super::ops::{ErrorBody, ErrorFill, Plan, Wrap};
use super::Needs;
use crate::emit::rust_types::types::{ident, Scope, Types};

/// Whether the router refuses anything (`Rejection` is emitted).
fn rejects(needs: &Needs) -> bool {
    needs.has("Incoming") || needs.has("with_header")
}

/// The helpers `Rejection` calls: its answer is a JSON body.
pub(super) fn add_needs(needs: &mut Needs) {
    if rejects(needs) {
        needs.add("json_response");
    }
}

/// `Rejection` and its constructors; `parsers` is the code that reads
/// requests, and `bad_request` is emitted only when it calls it.
pub(super) fn rejection(
    plan: &Plan,
    types: &Types,
    needs: &Needs,
    parsers: &TokenStream,
) -> TokenStream {
    if !rejects(needs) {
        return quote!();
    }
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
    let bad_request = mentions(parsers, "bad_request").then(|| {
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
